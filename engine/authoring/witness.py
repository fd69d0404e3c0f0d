"""Example profiles (witnesses) on which given rules all fire, for `regels controleer`.

A rule base reads a finite fact space, but the whole space is far too large to walk. For a set
of goal rules we only look at the rules that matter (the goal rules and, transitively, the rules
that derive a fact they read) and at the input facts those rules read. Two methods:

- **volledig** (exhaustive): every combination of the states of those facts (unknown, each value;
  for numbers the boundary values the rules use; for lists the subsets of the members the rules
  test). Used when the number of combinations is at most `EXHAUSTIVE_LIMIT`; a miss is a proof.
- **gericht** (constraint-directed): pick one case (DNF term) per goal rule, satisfy each derived
  fact it needs by choosing a rule that derives it (and one of that rule's cases), and so on,
  merging the tests on input facts as we go and backtracking on conflicts. The language has
  positive literals only, so this is complete too, within `SEARCH_BUDGET` steps.

All searches of one check share one budget of `TOTAL_BUDGET` evaluations (a combination tried
in the exhaustive method, a step in the directed one): a counted amount of work, not a time, so
the same rules give the same report on any machine. A search that finds the budget spent ends
undecided (`Search.decided` is False) and the checker reports it as not fully examined.

Every candidate is checked by forward chaining in plain Python (`Space.run`), the same semantics
as the durable_rules network: facts are never retracted, a derived fact may hold several values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from math import prod
from typing import Any

from ..logic.conditions import Literal, Term, holds_for, keys_for, literal_key, merge, same
from ..model.facts import FactSpec
from ..model.rules import Regel

EXHAUSTIVE_LIMIT = 3000
SEARCH_BUDGET = 20000
TOTAL_BUDGET = 200_000  # the shipped rules need about 11,000
SEARCH_COST = 10  # evaluations charged for setting up one search
_UNKNOWN = object()


@dataclass
class RuleInfo:
    """A checked rule with its normalised condition and the facts it derives."""

    index: int
    rule: Regel
    terms: list[Term]
    derives: list[tuple[str, Any]] = field(default_factory=list)

    def reads(self) -> set[str]:
        return {lit.fact for term in self.terms for lit in term}


@dataclass
class Search:
    """The outcome of one search: a profile (flat fact -> value) or None, how, and over how much."""

    profile: dict[str, Any] | None
    method: str  # volledig | gericht
    size: int  # combinations in the space (volledig) or steps taken (gericht)
    decided: bool = True  # False when the budget ran out before an answer

    def how(self) -> str:
        if self.method == "volledig":
            return f"alle {self.size} combinaties van de feiten die deze regels lezen doorzocht"
        return "gericht gezocht: voorwaarden samengevoegd en afgeleide feiten teruggevolgd"


class _OutOfBudget(Exception):
    pass


class Space:
    """The rules under analysis, their fact catalogue and the domains of the free-form id lists."""

    def __init__(self, rules: Sequence[RuleInfo], facts: Mapping[str, FactSpec], id_domains: Mapping[str, Sequence[str]],
                 budget: int | None = None):
        self.rules = list(rules)
        self.left = TOTAL_BUDGET if budget is None else budget  # evaluations left for every search together
        self.facts = facts
        self.id_domains = id_domains
        self.derivers: dict[str, list[tuple[RuleInfo, Any]]] = {}
        for info in self.rules:
            for name, value in info.derives:
                self.derivers.setdefault(name, []).append((info, value))

    # -- forward chaining ------------------------------------------------------------------------
    def run(self, flat: Mapping[str, Any], rules: Sequence[RuleInfo] | None = None) -> set[int]:
        """Indices of the rules that fire on the input profile `flat` (with chaining)."""
        rules = self.rules if rules is None else rules
        wanted = {literal_key(lit) for info in rules for term in info.terms for lit in term}
        keys: dict[str, list[Any]] = {k: [v] for k, v in keys_for(flat, wanted, self.facts).items()}
        fired: set[int] = set()
        changed = True
        while changed:
            changed = False
            for info in rules:
                if info.index in fired or not any(all(_holds(lit, keys) for lit in term) for term in info.terms):
                    continue
                fired.add(info.index)
                changed = True
                for name, value in info.derives:
                    have = keys.setdefault(name, [])
                    if not any(same(value, v) for v in have):
                        have.append(value)
        return fired

    def relevant(self, goal: Sequence[RuleInfo]) -> list[RuleInfo]:
        """The goal rules plus every rule that derives a fact they (transitively) read."""
        out = {info.index: info for info in goal}
        todo = list(goal)
        while todo:
            info = todo.pop()
            for name in sorted(info.reads()):
                for other, _ in self.derivers.get(name, []):
                    if other.index not in out:
                        out[other.index] = other
                        todo.append(other)
        return [out[i] for i in sorted(out)]

    # -- the two methods ---------------------------------------------------------------------------
    def find(self, goal: Sequence[RuleInfo]) -> Search:
        """A profile on which every goal rule fires; exhaustive when the space is small."""
        if self.left <= 0:
            return Search(None, "volledig", 0, decided=False)
        self.left -= min(SEARCH_COST, self.left)  # finding the relevant rules and states is work too
        rules = self.relevant(goal)
        states = self._states(rules)
        size = prod(len(s) for _, s in states)
        if size <= EXHAUSTIVE_LIMIT:
            want = {info.index for info in goal}
            for combo in product(*(s for _, s in states)):
                if self.left <= 0:
                    return Search(None, "volledig", size, decided=False)
                self.left -= 1
                flat = {name: v for (name, _), v in zip(states, combo, strict=True) if v is not _UNKNOWN}
                if want <= self.run(flat, rules):
                    return Search(flat, "volledig", size)
            return Search(None, "volledig", size)
        return self.construct(goal)

    def construct(self, goal: Sequence[RuleInfo], budget: int = SEARCH_BUDGET) -> Search:
        want = {info.index for info in goal}
        rules = self.relevant(goal)
        steps = [0]
        todo: list[tuple[Any, frozenset[int]]] = [(info, frozenset({info.index})) for info in goal]
        try:
            for direct in self._solve([], todo, steps, min(budget, self.left)):
                flat = self.profile(direct)
                if flat is not None and want <= self.run(flat, rules):
                    return Search(flat, "gericht", steps[0])
        except _OutOfBudget:
            return Search(None, "gericht", steps[0], decided=False)
        finally:
            self.left -= min(steps[0], self.left)
        return Search(None, "gericht", steps[0])

    def _solve(self, direct: list[Literal], todo: list[tuple[Any, frozenset[int]]], steps: list[int],
               budget: int) -> Iterator[list[Literal]]:
        steps[0] += 1
        if steps[0] > budget:
            raise _OutOfBudget
        if self.profile(direct) is None:
            return
        if not todo:
            yield direct
            return
        (item, used), rest = todo[0], todo[1:]
        if isinstance(item, RuleInfo):
            for term in item.terms:
                yield from self._solve(direct, [(lit, used) for lit in term] + rest, steps, budget)
            return
        lit: Literal = item
        spec = self.facts[lit.fact]
        if not spec.derived:
            yield from self._solve(direct + [lit], rest, steps, budget)
        if lit.kind not in ("val", "known") or lit.key != lit.fact:
            return
        for info, value in self.derivers.get(lit.fact, []):
            if info.index in used or (lit.kind == "val" and not any(same(value, w) for w in lit.values)):
                continue
            yield from self._solve(direct, [(info, used | {info.index})] + rest, steps, budget)

    # -- profiles --------------------------------------------------------------------------------
    def profile(self, lits: Sequence[Literal]) -> dict[str, Any] | None:
        """An input profile meeting every literal (all on input facts), or None if none can."""
        merged = merge(list(lits), self.facts)
        if merged is None:
            return None
        by_fact: dict[str, list[Literal]] = {}
        for lit in merged:
            by_fact.setdefault(lit.fact, []).append(lit)
        flat: dict[str, Any] = {}
        for name, group in by_fact.items():
            if any(lit.kind == "unknown" for lit in group):
                continue
            value = self._value(self.facts[name], group)
            if value is _UNKNOWN:
                return None
            flat[name] = value
        return flat

    def _value(self, spec: FactSpec, lits: list[Literal]) -> Any:
        if spec.kind == "list":
            return self._list_value(spec, lits)
        (lit,) = lits  # merged: one literal per key, and a scalar fact has one key
        if spec.kind == "text":
            return "voorbeeld"
        if spec.kind == "int":
            lo = spec.minimum if spec.minimum is not None else 0
            hi = spec.maximum
            if lit.kind == "val":
                options = [v for v in lit.values if isinstance(v, int)]
            elif lit.kind == "range":
                options = [lit.lo if lit.lo is not None else lo, lit.hi if lit.hi is not None else lo]
            else:
                options = [lo]
            for v in options:
                if v >= lo and (hi is None or v <= hi) and (lit.kind != "range" or (
                        (lit.lo is None or v >= lit.lo) and (lit.hi is None or v <= lit.hi))):
                    return v
            return _UNKNOWN
        domain = spec.domain()
        if lit.kind == "known":
            return domain[0] if domain else _UNKNOWN
        for v in lit.values:
            if any(same(v, d) for d in domain):
                return v
        return _UNKNOWN

    def _list_value(self, spec: FactSpec, lits: list[Literal]) -> Any:
        members_in: set[str] = set()
        members_out: set[str] = set()
        empty: tuple[Any, ...] | None = None
        for lit in lits:
            if lit.key.endswith("#leeg"):
                if lit.kind == "val":
                    empty = lit.values
            elif lit.values == (True,):
                members_in.add(lit.key.split(":", 1)[1])
            elif lit.values == (False,):
                members_out.add(lit.key.split(":", 1)[1])
        if empty == (True,):
            return () if not members_in else _UNKNOWN
        if empty == (False,) and not members_in:
            spare = [m for m in self._members(spec) if m not in members_out]
            return (spare[0],) if spare else _UNKNOWN
        return tuple(sorted(members_in))

    def _members(self, spec: FactSpec) -> list[str]:
        return [str(v) for v in (spec.values or tuple(self.id_domains.get(spec.name, ())))]

    def _states(self, rules: Sequence[RuleInfo]) -> list[tuple[str, list[Any]]]:
        """Per input fact the rules read: the states that make a difference to them."""
        lits: dict[str, list[Literal]] = {}
        for info in rules:
            for term in info.terms:
                for lit in term:
                    if not self.facts[lit.fact].derived:
                        lits.setdefault(lit.fact, []).append(lit)
        out: list[tuple[str, list[Any]]] = []
        for name in sorted(lits):
            spec = self.facts[name]
            states: list[Any] = [_UNKNOWN]
            if spec.kind == "list":
                tested = sorted({lit.key.split(":", 1)[1] for lit in lits[name] if ":" in lit.key})
                spare = [m for m in self._members(spec) if m not in tested]
                states += [()] + ([(spare[0],)] if spare else [])
                states += [tuple(c) for r in range(1, len(tested) + 1) for c in combinations(tested, r)]
            elif spec.kind == "int":
                states += _boundaries(spec, lits[name])
            elif spec.kind == "text":
                states.append("voorbeeld")
            else:
                states += list(spec.domain())
            out.append((name, states))
        return out


def _boundaries(spec: FactSpec, lits: list[Literal]) -> list[int]:
    lo = spec.minimum if spec.minimum is not None else 0
    hi = spec.maximum
    points = {lo}
    for lit in lits:
        points.update(v for v in lit.values if isinstance(v, int) and not isinstance(v, bool))
        for b in (lit.lo, lit.hi):
            if b is not None:
                points.update((b - 1, b, b + 1))
    return sorted(p for p in points if p >= lo and (hi is None or p <= hi))


def _holds(lit: Literal, keys: Mapping[str, list[Any]]) -> bool:
    if lit.kind == "unknown":
        return ("?" + lit.key) in keys
    return holds_for(lit, keys.get(lit.key) or ())


def show_profile(flat: Mapping[str, Any]) -> str:
    """A profile as one Dutch line: 'feit=waarde, …' (facts not named are unknown)."""
    if not flat:
        return "een profiel met alleen een naam (alle andere feiten onbekend)"
    parts = []
    for name in sorted(flat):
        v = flat[name]
        if isinstance(v, tuple | list):
            shown = "[" + ", ".join(map(str, v)) + "]"
        elif isinstance(v, bool):
            shown = str(v).lower()
        else:
            shown = str(v)
        parts.append(f"{name}={shown}")
    return ", ".join(parts)
