"""The engine 'python': the compiled rule base evaluated in plain Python through an index of its tests.

Every term of a normalised condition is a conjunction of positive literals, at most one per key
(`conditions.merge`), and facts only ever gain values during a consultation. So a term holds as
soon as each of its literals has been passed once, and it can be found by counting instead of
by testing every term again:

- built once per rule base (`AlphaIndex`): for every key, which terms a value of that key
  passes, looked up by value (`val` literals), by number band (`range` literals: the thresholds
  the rules use cut the numbers into bands, and every number in a band passes the same terms),
  or for any value (`known`, and `unknown` on the input's '?name' marker);
- per consultation: every term starts with the number of its literals still open; asserting a
  (key, value) counts down the terms that value passes; a term at zero fires, and the facts its
  rule derives are asserted in turn. A key that gets a second value (a derived fact may hold
  several) counts down only the terms its earlier values did not pass.

The work per consultation is the number of (value, term) matches, not the size of the base. The
result is the same `Inference` as the durable reasoner and the straightforward loop in `rounds`
(the tests hold all three equal). It needs nothing but Python, so it is the engine where
durable_rules does not install or import (Python 3.13 and later).
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from ..errors import EngineError
from .compile import CompiledBase
from .conditions import literal_key, same
from .inference import Inference, settle

_EMPTY: tuple[int, ...] = ()


class AlphaIndex:
    """Key -> the terms each of its values passes; terms numbered in the order of the rule base."""

    def __init__(self, compiled: CompiledBase):
        self.rule_of: list[int] = []               # term number -> rule index (two lists of ints: no tuple per term)
        self.term_in: list[int] = []               # term number -> its index among the rule's terms
        self.need: list[int] = []                  # term number -> literals it has
        self.always: list[int] = []                # terms without literals
        self.any: dict[str, tuple[int, ...]] = {}  # key -> terms passed by any value of it
        self.val: dict[str, dict[tuple[bool, Any], tuple[int, ...]]] = {}
        self._ranges: dict[str, list[tuple[int | None, int | None, int]]] = {}
        self._cuts: dict[str, list[int]] = {}
        self._bands: dict[str, dict[int, tuple[int, ...]]] = {}
        anys: dict[str, list[int]] = {}
        vals: dict[str, dict[tuple[bool, Any], list[int]]] = {}
        for cr in compiled.rules:
            for ti, term in enumerate(cr.terms):
                t = len(self.rule_of)
                self.rule_of.append(cr.index)
                self.term_in.append(ti)
                self.need.append(len(term))
                if not term:
                    self.always.append(t)
                for lit in term:
                    key = literal_key(lit)
                    if lit.kind in ("known", "unknown"):
                        anys.setdefault(key, []).append(t)
                    elif lit.kind == "val":
                        table = vals.setdefault(key, {})
                        for v in lit.values:
                            table.setdefault((isinstance(v, bool), v), []).append(t)
                    else:
                        self._ranges.setdefault(key, []).append((lit.lo, lit.hi, t))
        self.any = {key: tuple(ts) for key, ts in anys.items()}
        self.val = {key: {v: tuple(ts) for v, ts in table.items()} for key, table in vals.items()}
        for key, ranges in self._ranges.items():
            cuts = {lo for lo, _, _ in ranges if lo is not None} | {hi + 1 for _, hi, _ in ranges if hi is not None}
            self._cuts[key] = sorted(cuts)
            self._bands[key] = {}

    def passed(self, key: str, value: Any) -> list[int]:
        """The terms whose literal on `key` this one value passes."""
        out = list(self.any.get(key, _EMPTY))
        table = self.val.get(key)
        if table is not None:
            out.extend(table.get((isinstance(value, bool), value), _EMPTY))
        if key in self._cuts and isinstance(value, int) and not isinstance(value, bool):
            out.extend(self._band(key, value))
        return out

    def _band(self, key: str, value: int) -> tuple[int, ...]:
        """Terms whose range on `key` holds the band of `value` (worked out on first use, then kept)."""
        band = bisect.bisect_right(self._cuts[key], value)
        bands = self._bands[key]
        found = bands.get(band)
        if found is None:
            found = bands[band] = tuple(t for lo, hi, t in self._ranges[key]
                                        if (lo is None or value >= lo) and (hi is None or value <= hi))
        return found


class FloorReasoner:
    """Drop-in for `Reasoner` (same `run`, `leftover_facts` and `close`); keeps no state between runs,
    except the number bands it has worked out (the same for every consultation)."""

    def __init__(self, compiled: CompiledBase):
        self.compiled = compiled
        self.index = AlphaIndex(compiled)
        self._derives = [  # a tuple: most rules derive nothing, and every empty tuple is the same object
            tuple((c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None)
            for cr in compiled.rules
        ]
        self._dated = [cr.rule.geldig_vanaf is not None or cr.rule.geldig_tot is not None for cr in compiled.rules]
        self._closed = False

    def run(self, keys: dict[str, Any], day: dt.date) -> Inference:
        if self._closed:  # as durable's Reasoner: a program behaves the same on either engine
            raise EngineError("deze regelbasis is gesloten")
        result = Inference()
        index, rules, derives, dated = self.index, self.compiled.rules, self._derives, self._dated
        rule_of, term_in, record, skipped = index.rule_of, index.term_in, result.record, result.skipped
        left = index.need.copy()
        values: dict[str, list[Any]] = {}   # key -> every value it holds so far
        queue: list[tuple[str, Any]] = sorted(keys.items(), reverse=True)
        ready: list[int] = list(index.always)
        while queue or ready:
            while ready:  # fire what holds; derived facts join the queue
                t = ready.pop()
                ri, ti = rule_of[t], term_in[t]
                if dated[ri] and not rules[ri].rule.valid_on(day):
                    skipped.append(ri)
                    continue
                queue.extend(record(ri, ti, derives[ri]))
            if not queue:
                break
            key, value = queue.pop()
            held = values.get(key)
            if held is None:
                values[key] = [value]
                terms = index.passed(key, value)
            elif any(same(value, v) for v in held):
                continue
            else:  # a further value of a derived fact: only the terms the earlier values did not pass
                before = {t for v in held for t in index.passed(key, v)}
                held.append(value)
                terms = [t for t in index.passed(key, value) if t not in before]
            for t in terms:
                n = left[t] - 1
                left[t] = n
                if not n:
                    ready.append(t)
        result.keys.update((key, held[0]) for key, held in values.items())
        return settle(result, keys)

    def leftover_facts(self) -> list[Any]:
        """Nothing is kept between consultations (the same question as `Reasoner.leftover_facts`)."""
        return []

    def close(self) -> None:
        """Nothing to free; after this `run` refuses, as `Reasoner.run` does."""
        self._closed = True
