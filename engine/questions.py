"""Open questions: unknown input facts that would change the advice if they were known.

A fact counts when, for some rule, knowing it could flip the rule: a rule that did not fire
has a case whose only failing tests are on that one unknown fact, or a rule that fired needed
that fact to be unknown. Weight: the rules affected, each counted with the rules that read
what it derives (its influence), so a fact that decides the phase comes first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from .advice import OpenVraag
from .compile import CompiledRule
from .facts import FactSpec


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


def open_questions(rules: list[CompiledRule], weights: list[int], keys: Mapping[str, Any], fired: set[int],
                   flat: Mapping[str, Any], facts: Mapping[str, FactSpec],
                   derived: Iterable[str] = ()) -> list[OpenVraag]:
    """`derived`: facts the rules derived this time; they are settled, so they are no question."""
    settled = set(flat) | set(derived)
    affected: dict[str, set[int]] = defaultdict(set)
    for cr in rules:
        if cr.index in fired:
            for term in cr.terms:
                for lit in term:
                    if lit.kind == "unknown" and lit.holds(keys) and lit.fact not in settled:
                        affected[lit.fact].add(cr.index)
            continue
        for term in cr.terms:
            failing = {lit.fact for lit in term if not lit.holds(keys)}
            if len(failing) != 1:
                continue
            (fact,) = failing
            spec = facts.get(fact)
            if spec is None or spec.derived or fact in settled:
                continue
            affected[fact].add(cr.index)
    out = []
    for fact, idx in affected.items():
        spec = facts[fact]
        values = [v for v in spec.domain()] if spec.kind != "int" else [f"{spec.minimum}..{spec.maximum}"]
        out.append(OpenVraag(
            feit=fact, omschrijving=spec.description, waarden=values,
            regels=sorted(rules[i].rule.id for i in idx), gewicht=sum(weights[i] for i in idx),
        ))
    out.sort(key=lambda q: (-q.gewicht, q.feit))
    return out
