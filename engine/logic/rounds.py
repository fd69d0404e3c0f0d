"""The straightforward evaluator: the reference the indexed engine 'python' (`floor`) is held equal to.

A semi-naive fixpoint loop over `CompiledRule.terms`: every term is tested once with
`Literal.holds`; after that only the terms that read a key derived in the previous round are
tested again, until no new fact comes. Short enough to check by eye, and slow on large bases
(it tests every term of every rule in the first round): the tests compare `FloorReasoner` and
the durable reasoner with it on generated bases and profiles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .compile import START_KEY, CompiledBase
from .conditions import Literal, holds_for, literal_key, same
from .inference import Inference, settle


class RoundsReasoner:
    """Drop-in for `Reasoner` (same `run`, `leftover_facts` and `close`); keeps no state between runs."""

    def __init__(self, compiled: CompiledBase):
        self.compiled = compiled
        self._readers: dict[str, list[tuple[int, int]]] = {}
        self._all: list[tuple[int, int]] = []
        self._terms: dict[tuple[int, int], tuple[Literal, ...]] = {}
        for cr in compiled.rules:
            for ti, term in enumerate(cr.terms):
                self._all.append((cr.index, ti))
                self._terms[(cr.index, ti)] = term
                for key in {literal_key(lit) for lit in term} or {START_KEY}:
                    self._readers.setdefault(key, []).append((cr.index, ti))
        self._derives = [
            [(c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None]
            for cr in compiled.rules
        ]

    def run(self, keys: dict[str, Any], day: dt.date) -> Inference:
        result = Inference()
        flat = result.keys                   # key -> its (first) value
        values: dict[str, list[Any]] = {}   # keys with more than one value (derived facts may have several)
        for key, value in sorted(keys.items()):
            flat[key] = value
        fired: set[tuple[int, int]] = set()
        rules, terms = self.compiled.rules, self._terms
        todo = self._all
        while todo:
            new: list[tuple[str, Any]] = []
            for ri, ti in todo:
                if (ri, ti) in fired:
                    continue
                if values:
                    if not all(_holds(lit, flat, values) for lit in terms[ri, ti]):
                        continue
                elif not all(lit.holds(flat) for lit in terms[ri, ti]):
                    continue
                fired.add((ri, ti))
                rule = rules[ri].rule
                if not rule.valid_on(day):
                    result.skipped.append(ri)
                    continue
                new.extend(result.record(ri, ti, self._derives[ri]))
            touched: set[str] = set()
            for fact, value in new:
                if fact not in flat:
                    flat[fact] = value
                elif not any(same(value, v) for v in values.get(fact, (flat[fact],))):
                    values.setdefault(fact, [flat[fact]]).append(value)
                else:
                    continue
                touched.add(fact)
            todo = sorted({t for k in touched for t in self._readers.get(k, ())})
        return settle(result, keys)

    def leftover_facts(self) -> list[Any]:
        """Nothing is kept between consultations (the same question as `Reasoner.leftover_facts`)."""
        return []

    def close(self) -> None:
        return None


def _holds(lit: Literal, flat: dict[str, Any], values: dict[str, list[Any]]) -> bool:
    if lit.kind == "unknown":  # about the input: was the fact given? (a derived value does not change that)
        return lit.holds(flat)
    several = values.get(lit.key)
    if several is None:
        return lit.holds(flat)
    return holds_for(lit, several)
