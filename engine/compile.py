"""Compile a checked rule base into durable_rules rulesets (once per process).

Each rule becomes one durable rule per term of its normalised condition. Facts are encoded as
{k: key, v: value}; every pattern tests the discriminating `k` first, so no node of the Rete
network fans out past durable's limits. Large bases are split over several rulesets.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .conditions import Literal, Term, literal_key, normalise
from .rules import Regel, RuleBase

START_KEY = "$start"
END_KEY = "$klaar"
END_ACTION = "$klaar"
MAX_RULES_PER_SET = 2000
MAX_SHARED_CONDITION = 200


@dataclass
class CompiledRule:
    index: int
    rule: Regel
    terms: list[Term]

    def keys(self) -> set[str]:
        return {literal_key(lit) for term in self.terms for lit in term} | ({START_KEY} if any(not t for t in self.terms) else set())


@dataclass
class CompiledSet:
    name: str
    definition: dict[str, Any]
    keys: frozenset[str]


@dataclass
class CompiledBase:
    rules: list[CompiledRule]
    sets: list[CompiledSet]
    actions: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: tuple[str, ...] = ()


def pattern(lit: Literal) -> dict[str, Any]:
    if lit.kind == "unknown":
        return {"k": "?" + lit.key}
    if lit.kind == "known":
        return {"k": lit.key}
    tests: list[dict[str, Any]] = [{"k": lit.key}]
    if lit.kind == "val":
        if len(lit.values) == 1:
            tests.append({"v": lit.values[0]})
        else:
            tests.append({"$or": [{"v": v} for v in lit.values]})
    else:
        if lit.lo is not None:
            tests.append({"$gte": {"v": lit.lo}})
        if lit.hi is not None:
            tests.append({"$lte": {"v": lit.hi}})
    return {"$and": tests}


def compile_base(base: RuleBase, prefix: str) -> CompiledBase:
    facts = base.facts()
    compiled = [CompiledRule(i, rule, normalise(rule, facts)) for i, rule in enumerate(base.rules)]
    out = CompiledBase(rules=compiled, sets=[])
    chunks: list[list[tuple[str, dict[str, Any], set[str]]]] = [[]]
    shared: list[dict[str, int]] = [{}]
    for cr in compiled:
        for t, term in enumerate(cr.terms):
            name = f"r{cr.index}t{t}"
            out.actions[name] = (cr.index, t)
            lits = term or (Literal("known", START_KEY),)
            body = {"all": [{f"m{n}": pattern(lit)} for n, lit in enumerate(lits)], "run": name}
            keys = {literal_key(lit) for lit in lits}
            signature = [repr(pattern(lit)) for lit in lits]
            if len(chunks[-1]) >= MAX_RULES_PER_SET or any(shared[-1].get(s, 0) >= MAX_SHARED_CONDITION for s in signature):
                chunks.append([])
                shared.append({})
            chunks[-1].append((name, body, keys))
            for s in signature:
                shared[-1][s] = shared[-1].get(s, 0) + 1
    all_keys: set[str] = set()
    for n, chunk in enumerate(chunks):
        definition: dict[str, Any] = {name: body for name, body, _ in chunk}
        definition[END_ACTION] = {"all": [{"m0": {"k": END_KEY}}], "run": END_ACTION}
        keys = set().union(*(k for _, _, k in chunk)) if chunk else set()
        all_keys |= keys
        out.sets.append(CompiledSet(f"{prefix}_{n}", copy.deepcopy(definition), frozenset(keys)))
    out.keys = tuple(sorted(all_keys - {START_KEY}))
    return out
