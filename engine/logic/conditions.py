"""Conditions as data: normalise a rule's `als` into a disjunction of conjunctions of literals.

Negation is pushed down to the leaves using the finite value domains of the facts, so every
literal is a positive test on one fact key. That is what lets the Rete network (durable_rules)
evaluate it without its order-dependent `none`, and what the plain-Python evaluator, the
explanation (why / why not) and the open questions read as well.

Keys: a scalar fact is its dotted name; a list fact L gives one key per member, 'L:m' (true when
the list holds m), plus 'L#leeg'. An input fact that was not given is marked by the key '?name'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import product
from typing import Any

from ..errors import InputError, Problem
from ..model.facts import FactSpec
from ..model.rules import Regel, Voorwaarde, fact_phase_condition
from ..model.vocabulary import OPERATORS

SHOWN_VALUES = 12  # values of an in-list shown in a message; the rest is counted

MAX_TERMS = 64


@dataclass(frozen=True, order=True)
class Literal:
    """A positive test on one key: a value set, a numeric range, 'known' or 'unknown'."""

    kind: str  # val | range | known | unknown
    key: str
    values: tuple[Any, ...] = ()
    lo: int | None = None
    hi: int | None = None

    @cached_property
    def fact(self) -> str:
        """The fact (dotted name) this literal reads."""
        return self.key.split(":", 1)[0].split("#", 1)[0].lstrip("?")

    def holds(self, keys: Mapping[str, Any]) -> bool:
        """Whether the literal holds for `keys` (key -> its one value; '?key' marks an unknown input)."""
        if self.kind == "unknown":
            return ("?" + self.key) in keys
        value = keys.get(self.key, _MISSING)
        return value is not _MISSING and holds_for(self, (value,))

    def describe(self) -> str:
        """Dutch, short: what this literal asks."""
        if self.kind == "unknown":
            return f"{self.key} is onbekend"
        if self.kind == "known":
            return f"{self.fact} is bekend"
        if ":" in self.key:
            lst, member = self.key.split(":", 1)
            return f"{lst} bevat {'' if self.values == (True,) else 'niet '}{member}"
        if self.key.endswith("#leeg"):
            return f"{self.fact} is {'' if self.values == (True,) else 'niet '}leeg"
        if self.kind == "val":
            shown = [_show(v) for v in self.values[:SHOWN_VALUES]]
            if len(self.values) > SHOWN_VALUES:  # a message line stays readable for an in-list of thousands
                shown.append(f"… en nog {len(self.values) - SHOWN_VALUES}")
            return f"{self.key} = {shown[0]}" if len(shown) == 1 else f"{self.key} ∈ {{{', '.join(shown)}}}"
        lo = "" if self.lo is None else f"{self.lo} ≤ "
        hi = "" if self.hi is None else f" ≤ {self.hi}"
        return f"{lo}{self.key}{hi}"


_MISSING = object()


def holds_for(lit: Literal, values: Iterable[Any]) -> bool:
    """The semantics of a (known, val or range) literal: it holds when one of the values of its
    key passes. The one evaluator: Literal.holds, the floor (engine/floor.py) and the witness
    search (engine/witness.py) all come here; the durable path is held equal to it by the tests."""
    if lit.kind == "known":
        return any(True for _ in values)
    if lit.kind == "val":
        return any(same(v, w) for v in values for w in lit.values)
    if lit.kind == "range":
        return any(isinstance(v, int) and not isinstance(v, bool) and (lit.lo is None or v >= lit.lo)
                   and (lit.hi is None or v <= lit.hi) for v in values)
    raise ValueError(f"'{lit.kind}' is about presence, not values: use Literal.holds")


def same(a: Any, b: Any) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _show(v: Any) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


Term = tuple[Literal, ...]


def normalise(rule: Regel, facts: Mapping[str, FactSpec]) -> list[Term]:
    """DNF of the rule's condition (with its phases), each term merged and sorted."""
    cond = rule.als
    phase = fact_phase_condition(rule)
    if phase is not None:
        cond = Voorwaarde(alle=[phase, cond])
    terms = dnf(cond, facts, positive=True, rule=rule)
    out: list[Term] = []
    seen: set[Term] = set()
    for term in terms:
        merged = merge(term, facts)
        if merged is not None and merged not in seen:
            seen.add(merged)
            out.append(merged)
    if len(out) > MAX_TERMS:
        raise InputError([Problem(
            f"de voorwaarde valt uiteen in {len(out)} gevallen (maximaal {MAX_TERMS}); splits de regel", rule=rule.id,
        )])
    return out


def dnf(cond: Voorwaarde, facts: Mapping[str, FactSpec], positive: bool, rule: Regel) -> list[list[Any]]:
    if cond.alle is not None or cond.een_van is not None:
        conj = (cond.alle is not None) == positive
        parts = [dnf(c, facts, positive, rule) for c in (cond.alle if cond.alle is not None else cond.een_van) or []]
        if conj:
            result: list[list[Any]] = [[]]
            for part in parts:
                result = [a + b for a, b in product(result, part)]
                if len(result) > MAX_TERMS * 4:
                    raise InputError([Problem("voorwaarde is te groot om te vertalen; splits de regel", rule=rule.id)])
            return result
        return [t for part in parts for t in part]
    if cond.niet is not None:
        return dnf(cond.niet, facts, not positive, rule)
    return [[lit] for lit in _leaf(cond, facts, positive)]


def _leaf(cond: Voorwaarde, facts: Mapping[str, FactSpec], positive: bool) -> list[Any]:
    """Alternatives (a disjunction) of single literals for one leaf test."""
    if cond.bekend is not None or cond.onbekend is not None:
        name = cond.bekend if cond.bekend is not None else cond.onbekend
        assert name is not None
        spec = facts[name]
        want_known = (cond.bekend is not None) == positive
        key = f"{name}#leeg" if spec.kind == "list" else name
        if want_known:
            return [Literal("known", key)]
        # 'onbekend' (and 'niet bekend') is about the input: was the fact given?
        return [Literal("unknown", name)] if not spec.derived else []
    assert cond.feit is not None
    spec = facts[cond.feit]
    op, value = cond.operator()
    name = cond.feit
    negates = OPERATORS[op].negates
    if negates is not None:  # normal form: a negative test is the negation of its positive test
        positive = not positive
        op = negates
    unknown = [Literal("unknown", name)] if spec.negates_to_unknown else []
    if spec.kind == "list":
        members: list[str]
        if op == "leeg":
            want = bool(value) == positive
            return [Literal("val", f"{name}#leeg", (want,))] + ([] if positive else unknown)
        members = [value] if op == "bevat" else list(value)
        if positive:
            return [Literal("val", f"{name}:{m}", (True,)) for m in members]
        # none of the members: one conjunction, expressed by the caller as a single term
        none_of: list[Any] = [_AllOf(Literal("val", f"{name}:{m}", (False,)) for m in members)]
        return none_of + unknown
    if op in ("is", "in"):
        wanted = [value] if op == "is" else list(value)
        if positive:
            return [Literal("val", name, tuple(wanted))]
        rest = tuple(v for v in spec.domain() if not any(same(v, w) for w in wanted))
        return ([Literal("val", name, rest)] if rest else []) + unknown
    bounds = OPERATORS[op].bounds
    assert bounds is not None, op
    lo: int | None = None if bounds[0] is None else value + bounds[0]
    hi: int | None = None if bounds[1] is None else value + bounds[1]
    if positive:
        return [Literal("range", name, lo=lo, hi=hi)]
    if lo is not None:
        opposite = [Literal("range", name, lo=None, hi=lo - 1)]
    else:
        assert hi is not None
        opposite = [Literal("range", name, lo=hi + 1, hi=None)]
    return opposite + unknown


class _AllOf(tuple):  # type: ignore[type-arg]
    """A conjunction standing where a literal is expected (negated list membership)."""


def _expand(term: Iterable[Any]) -> list[Literal]:
    out: list[Literal] = []
    for lit in term:
        if isinstance(lit, _AllOf):
            out.extend(lit)
        else:
            out.append(lit)
    return out


def merge(term: list[Any], facts: Mapping[str, FactSpec]) -> Term | None:
    """One literal per key; None when the term can never hold."""
    by_key: dict[str, Literal] = {}
    unknown: set[str] = set()
    for lit in _expand(term):
        if lit.kind == "unknown":
            unknown.add(lit.key)
            continue
        prev = by_key.get(lit.key)
        if prev is None or prev.kind == "known":
            by_key[lit.key] = lit
            continue
        if lit.kind == "known":
            continue
        if prev.kind == "val" and lit.kind == "val":
            both = tuple(v for v in prev.values if any(same(v, w) for w in lit.values))
            if not both:
                return None
            by_key[lit.key] = Literal("val", lit.key, both)
        elif prev.kind == "range" and lit.kind == "range":
            lo = max((x for x in (prev.lo, lit.lo) if x is not None), default=None)
            hi = min((x for x in (prev.hi, lit.hi) if x is not None), default=None)
            if lo is not None and hi is not None and lo > hi:
                return None
            by_key[lit.key] = Literal("range", lit.key, lo=lo, hi=hi)
        else:
            return None
    for name in unknown:
        if any(lit.fact == name for lit in by_key.values()):
            return None
    lits = list(by_key.values()) + [Literal("unknown", n) for n in unknown]
    return tuple(sorted(lits))


def keys_for(flat: Mapping[str, Any], wanted: Iterable[str], facts: Mapping[str, FactSpec]) -> dict[str, Any]:
    """Key -> value for the keys rules read, from a flat profile (name -> value)."""
    out: dict[str, Any] = {}
    parts = _key_parts(wanted) if isinstance(wanted, tuple) else _parse_keys(wanted)
    for key, form, name, member in parts:
        if name not in flat:
            if form == _UNKNOWN:
                out[key] = True
        elif form == _VALUE:
            out[key] = flat[name]
        elif form == _MEMBER:
            out[key] = member in flat[name]
        elif form == _EMPTY:
            out[key] = len(flat[name]) == 0
    return out


_VALUE, _MEMBER, _EMPTY, _UNKNOWN = range(4)


@lru_cache(maxsize=16)
def _key_parts(wanted: tuple[str, ...]) -> tuple[tuple[str, int, str, str], ...]:
    """The keys of a rule base taken apart once: (key, form, fact name, list member)."""
    return _parse_keys(wanted)


def _parse_keys(wanted: Iterable[str]) -> tuple[tuple[str, int, str, str], ...]:
    out = []
    for key in wanted:
        if key.startswith("?"):
            out.append((key, _UNKNOWN, key[1:], ""))
        elif ":" in key:
            name, member = key.split(":", 1)
            out.append((key, _MEMBER, name, member))
        elif key.endswith("#leeg"):
            out.append((key, _EMPTY, key[:-5], ""))
        else:
            out.append((key, _VALUE, key, ""))
    return tuple(out)


def literal_key(lit: Literal) -> str:
    return "?" + lit.key if lit.kind == "unknown" else lit.key
