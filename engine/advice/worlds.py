"""Every candidate answer at once: one bit per answer, the rules evaluated once per profile.

The open questions ask, for each unknown fact and each of its candidate answers, which rules
would fire. Instead of chaining each answer on its own, every answer is a "world", numbered by a
bit, and one extra bit is the profile as it is. A literal's truth in all worlds is one integer:

- a literal on an unknown fact that has worlds holds in exactly those of its answers that pass it
  (prepared once per rule base, shifted to the fact's bits) and, for 'unknown', in every other world;
- a literal on any other input key holds in all worlds or in none (only the asked fact changes);
- a literal on a derived fact holds where a rule deriving a passing value fires (plus the input
  value, for a fact that is both given and derived, such as fase).

A term is the AND of its literals, a rule the OR of its terms. Rules are taken in strata: a rule
comes after every rule deriving a fact it reads, so a derived literal is computed once the rules
that give its fact are done. Without cycles between derived facts (checked by `Relevance`; the
others use its step-by-step chaining) this is the fixpoint a full consultation reaches, in each
world. A rule not valid on the day has its terms tested but derives nothing, as in the engine.
Within a stratum the terms are grouped by their first literal (a derived one where the term has
one): when that literal holds in no world, the whole group is passed over at once.

tests/test_fast_path.py holds the result equal to the old step-by-step code on every example,
scenario and generated profile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..logic.conditions import Literal, holds_for
from ..model.vocabulary import PHASE_RANK

__all__ = ["Worlds", "WorldRun"]

_UNKNOWN, _INPUT, _DERIVED = range(3)


@dataclass(frozen=True)
class _Lit:
    """One distinct literal, ready for the masks: how to read it and, per answer of its fact, whether it passes."""

    code: int            # _UNKNOWN, _INPUT (an input key) or _DERIVED (a derived fact, maybe given too)
    fact: str
    literal: Literal
    width: int           # the number of answer classes of its fact (0: the fact is never asked)
    pattern: int         # bit j: the literal holds once its fact gets answer class j
    values: tuple[int, ...] = ()  # _DERIVED: the derived values (indexes) that pass it


@dataclass(frozen=True)
class WorldRun:
    """The rules of one profile in every world: bit `base` is the profile as it is, bit
    `offsets[fact] + j` the profile with `fact` given answer class j."""

    base: int
    offsets: Mapping[str, int]
    holds: Sequence[int]        # rule index -> the worlds where one of its terms holds
    derived: Sequence[int]      # derived value index -> the worlds where a valid rule derives it
    held: Sequence[int] = ()    # the rules that hold in some world (the others hold nowhere)

    def moved(self) -> list[int]:
        """Per world: the rules whose firing differs from the profile as it is, as a bit mask
        (bit ri: rule ri; a rule not valid on the day counts by whether a term holds)."""
        base = self.base
        out = [0] * base
        worlds = (1 << base) - 1
        holds = self.holds
        for ri in self.held:
            mask = holds[ri]
            diff = (~mask if mask >> base & 1 else mask) & worlds
            if diff:
                bit = 1 << ri
                while diff:
                    low = diff & -diff
                    out[low.bit_length() - 1] |= bit
                    diff ^= low
        return out


class Worlds:
    """Prepared once per rule base (acyclic derivations): literals, strata and derived values."""

    def __init__(self, rule_terms: Sequence[Sequence[tuple[Literal, ...]]], derives: Sequence[Sequence[tuple[str, Any]]],
                 classes: Mapping[str, Sequence[tuple[tuple[str, Any], ...]]]):
        """`rule_terms[ri]`: the terms of rule ri; `derives[ri]`: its (fact, value) conclusions;
        `classes[fact]`: for each answer class of an askable fact, the keys it asserts."""
        derived_facts = {fact for pairs in derives for fact, _ in pairs}
        # every derived (fact, value), numbered; a bool and an int of the same value stay apart
        self.value_index: dict[tuple[str, bool, Any], int] = {}
        self.values: list[tuple[str, Any]] = []
        for pairs in derives:
            for fact, value in pairs:
                vk = (fact, isinstance(value, bool), value)
                if vk not in self.value_index:
                    self.value_index[vk] = len(self.values)
                    self.values.append((fact, value))
        self.derives = [tuple(self.value_index[(f, isinstance(v, bool), v)] for f, v in pairs) for pairs in derives]
        self.classes = classes
        # the distinct literals; a derived literal has an input part (a fact both given and derived)
        self.lits: list[_Lit] = []
        lit_ids: dict[tuple[int, Literal], int] = {}

        def lit_id(code: int, lit: Literal) -> int:
            found = lit_ids.get((code, lit))
            if found is None:
                found = lit_ids[(code, lit)] = len(self.lits)
                self.lits.append(self._prepare(code, lit, derived_facts))
            return found

        # strata: a derived fact after every rule that derives it, a rule after every fact it reads
        readers = [{lit.fact for term in terms for lit in term if lit.kind != "unknown" and lit.fact in derived_facts}
                   for terms in rule_terms]
        makers: dict[str, list[int]] = defaultdict(list)
        for ri, pairs in enumerate(derives):
            for fact, _ in pairs:
                makers[fact].append(ri)
        rule_rank: dict[int, int] = {}
        fact_rank: dict[str, int] = {}

        def rank_of_rule(ri: int) -> int:
            if ri not in rule_rank:
                rule_rank[ri] = max((rank_of_fact(f) for f in readers[ri]), default=0)
            return rule_rank[ri]

        def rank_of_fact(fact: str) -> int:
            if fact not in fact_rank:
                fact_rank[fact] = 1 + max((rank_of_rule(ri) for ri in makers[fact]), default=0)
            return fact_rank[fact]

        for ri in range(len(rule_terms)):
            rank_of_rule(ri)
        top = max(rule_rank.values(), default=0)
        # per stratum: its derived literals, then its terms grouped by their first literal (a derived one
        # when the term has one: it rules out most worlds, and a whole group at once when it holds nowhere)
        self.strata: list[tuple[tuple[int, ...], tuple[tuple[int, tuple[tuple[int, tuple[int, ...]], ...]], ...]]] = []
        derived_lits_of: dict[int, list[int]] = defaultdict(list)
        compiled_rules: dict[int, list[tuple[int, tuple[tuple[int, ...], ...]]]] = defaultdict(list)
        for ri, terms in enumerate(rule_terms):
            shaped = []
            for term in terms:
                first, rest = [], []
                for lit in term:
                    if lit.kind != "unknown" and lit.fact in derived_facts:
                        if lit.key != lit.fact:
                            raise ValueError(f"derived key {lit.key} is not its fact")
                        i = lit_id(_DERIVED, lit)
                        derived_lits_of[rank_of_fact(lit.fact)].append(i)
                        first.append(i)  # the phase and other derived facts rule out most worlds at once
                    else:
                        rest.append(lit_id(_UNKNOWN if lit.kind == "unknown" else _INPUT, lit))
                shaped.append(tuple(first + rest))
            compiled_rules[rule_rank[ri]].append((ri, tuple(shaped)))
        always = len(self.lits)  # the index of a mask that holds in every world (see `run`)
        for rank in range(top + 1):
            groups: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
            for ri, shaped_terms in compiled_rules.get(rank, []):
                for ids in shaped_terms:  # a term without literals holds everywhere: its first is `always`
                    groups[ids[0] if ids else always].append((ri, ids[1:]))
            self.strata.append((tuple(dict.fromkeys(derived_lits_of.get(rank, []))),
                                tuple((first, tuple(members)) for first, members in groups.items())))
        self.input_lits = tuple(i for i, lit in enumerate(self.lits) if lit.code != _DERIVED)
        self.truth: list[dict[tuple[bool, Any], bool]] = [{} for _ in self.lits]  # per literal: value -> holds
        # the derived phase values by rank (ties: in the order of `values`, as min() keeps the first)
        phase_values = [(j, v) for j, (f, v) in enumerate(self.values) if f == "fase"]
        self.phase_order = tuple(sorted(phase_values, key=lambda jv: (PHASE_RANK.get(jv[1], 99), jv[0])))
        self.rule_count = len(rule_terms)

    def _prepare(self, code: int, lit: Literal, derived_facts: set[str]) -> _Lit:
        fact = lit.fact
        answers = [dict(keys) for keys in self.classes.get(fact, ())]
        pattern = 0
        if code != _UNKNOWN:
            for j, keys in enumerate(answers):
                if lit.key in keys and holds_for(lit, (keys[lit.key],)):
                    pattern |= 1 << j
        values: tuple[int, ...] = ()
        if code == _DERIVED:
            values = tuple(j for j, (f, v) in enumerate(self.values) if f == fact and holds_for(lit, (v,)))
        return _Lit(code=code, fact=fact, literal=lit, width=len(answers), pattern=pattern, values=values)

    def run(self, inputs: Mapping[str, Any], asked: Sequence[str], valid: Sequence[bool]) -> WorldRun:
        """All worlds for one profile: `inputs` its keys (as keys_for gives them), `asked` the facts
        whose answers are worlds (unknown now, each with classes), `valid[ri]` whether rule ri is valid on the day."""
        offsets: dict[str, int] = {}
        base = 0
        for fact in asked:
            offsets[fact] = base
            base += len(self.classes[fact])
        full = (1 << (base + 1)) - 1
        lits = self.lits
        masks = [0] * (len(lits) + 1)
        masks[-1] = full  # `always`
        truth = self.truth
        for i in self.input_lits:
            lit = lits[i]
            off = offsets.get(lit.fact)
            if off is not None:  # an asked fact: the answers that pass, or for 'unknown' every other world
                masks[i] = full & ~(((1 << lit.width) - 1) << off) if lit.code == _UNKNOWN else lit.pattern << off
                continue
            key = lit.literal.key
            if lit.code == _UNKNOWN:
                if "?" + key in inputs:
                    masks[i] = full
                continue
            value = inputs.get(key, _MISSING)  # a known fact: the literal holds in all worlds or none
            if value is _MISSING:
                continue
            known = truth[i]
            vk = (value.__class__ is bool, value)
            passes = known.get(vk)
            if passes is None:
                passes = holds_for(lit.literal, (value,))
                if len(known) < 256:  # the values a fact takes are few; numbers are kept up to this many
                    known[vk] = passes
            if passes:
                masks[i] = full
        derived = [0] * len(self.values)
        holds = [0] * self.rule_count
        held_all: list[list[int]] = []
        derives = self.derives
        for derived_lits, groups in self.strata:
            for i in derived_lits:
                lit = lits[i]
                # the input side, for a fact both given and derived (fase); most derived facts have none
                m = self._input_mask(lit, inputs, offsets, full) if lit.fact in offsets or lit.literal.key in inputs else 0
                for j in lit.values:
                    m |= derived[j]
                masks[i] = m
            held: list[int] = []  # the rules of this stratum with a term that holds somewhere
            held_all.append(held)
            for first, members in groups:
                start = masks[first]
                if not start:
                    continue
                for ri, rest in members:
                    m = start
                    for i in rest:
                        m &= masks[i]
                        if not m:
                            break
                    if m:
                        if not holds[ri]:
                            held.append(ri)
                        holds[ri] |= m
            for ri in held:
                if valid[ri]:
                    hold = holds[ri]
                    for j in derives[ri]:
                        derived[j] |= hold
        return WorldRun(base=base, offsets=offsets, holds=holds, derived=derived,
                        held=[ri for held in held_all for ri in held])

    @staticmethod
    def _input_mask(lit: _Lit, inputs: Mapping[str, Any], offsets: Mapping[str, int], full: int) -> int:
        """The worlds where the input side of `lit` holds."""
        off = offsets.get(lit.fact)
        if off is not None:
            if lit.code == _UNKNOWN:
                return full & ~(((1 << lit.width) - 1) << off)
            return lit.pattern << off
        literal = lit.literal
        if lit.code == _UNKNOWN:
            return full if "?" + literal.key in inputs else 0
        value = inputs.get(literal.key, _MISSING)
        return full if value is not _MISSING and holds_for(literal, (value,)) else 0

    def phase(self, run: WorldRun, world: int) -> Any:
        """The phase an advice shows in `world` when no phase is given: of the values rules derive
        for fase there, the first by PHASE_RANK (unknown names last), as `Relevance._phase` picks it."""
        derived = run.derived
        for j, value in self.phase_order:
            if derived[j] >> world & 1:
                return value
        return None


_MISSING = object()
