"""Open questions: unknown input facts that would change the advice if they were known.

A fact counts when, for some rule, knowing it could flip the rule: a rule that did not fire
has a case whose only failing tests are on that one unknown fact, or a rule that fired needed
that fact to be unknown. Weight: the rules affected, each counted with the rules that read
what it derives (its influence), so a fact that decides the phase comes first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ..logic.compile import CompiledRule
from ..model.advice import OpenVraag
from ..model.facts import FactSpec


def influence(rules: list[CompiledRule]) -> list[int]:
    """1 + the number of rules reachable through the facts a rule derives."""
    readers: dict[str, set[int]] = defaultdict(set)
    for cr in rules:
        for term in cr.terms:
            for lit in term:
                readers[lit.fact].add(cr.index)
    derives = [{c.afleiden.feit for c in cr.rule.dan if c.afleiden is not None} for cr in rules]
    out = []
    for cr in rules:
        seen: set[int] = set()
        stack = [cr.index]
        while stack:
            r = stack.pop()
            for fact in derives[r]:
                for nxt in readers[fact]:
                    if nxt not in seen and nxt != cr.index:
                        seen.add(nxt)
                        stack.append(nxt)
        out.append(1 + len(seen))
    return out


class QuestionIndex:
    """Per rule, its cases with the facts they read, prepared once per rule base."""

    def __init__(self, rules: list[CompiledRule], facts: Mapping[str, FactSpec], weights: list[int]):
        self.rules = rules
        self.facts = facts
        self.weights = weights
        self.cases = [
            [(tuple((lit.fact, lit) for lit in term),
              frozenset(lit.fact for lit in term if lit.fact in facts and not facts[lit.fact].derived))
             for term in cr.terms]
            for cr in rules
        ]
        self.unknown_tests = [[lit for term in cr.terms for lit in term if lit.kind == "unknown"] for cr in rules]

    def ask(self, keys: Mapping[str, object], fired: set[int], settled: set[str]) -> list[OpenVraag]:
        affected: dict[str, set[int]] = defaultdict(set)
        for ri, cases in enumerate(self.cases):
            if ri in fired:
                for lit in self.unknown_tests[ri]:
                    if lit.fact not in settled and lit.holds(keys):
                        affected[lit.fact].add(ri)
                continue
            for lits, inputs in cases:
                if inputs <= settled:
                    continue  # every input it reads is known: no single unknown fact can flip it
                failing: str | None = None
                for fact, lit in lits:
                    if not lit.holds(keys):
                        if failing is None:
                            failing = fact
                        elif fact != failing:
                            failing = None
                            break
                else:
                    if failing is not None and failing not in settled and failing in inputs:
                        affected[failing].add(ri)
        out = []
        for fact, idx in affected.items():
            spec = self.facts[fact]
            values = list(spec.domain()) if spec.kind != "int" else [f"{spec.minimum}..{spec.maximum}"]
            out.append(OpenVraag(
                feit=fact, omschrijving=spec.description, waarden=values,
                regels=sorted(self.rules[i].rule.id for i in idx), gewicht=sum(self.weights[i] for i in idx),
            ))
        out.sort(key=lambda q: (-q.gewicht, q.feit))
        return out

