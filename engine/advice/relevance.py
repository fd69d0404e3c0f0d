"""Relevance: which unknown input facts can still change the advice, and what each answer would change.

For every unknown input fact that some rule reads, each candidate answer is run through the
whole forward chaining and the resulting advice is compared with the advice of the profile as it
is. "The advice" here is what a reader acts on (its `substance`): the phase, the activities with
their priority and owner, the partners with their roles, the agreement and its weight, the risks
with their severity, the tips and the order of the plan. A change only in the reasons (another
rule that gives the same advice) is not a change a question should be asked for.

Candidate answers, per kind of fact:
- yes/no and choice facts: every allowed value; values that no rule can tell apart (every test on
  the fact holds for both or for neither) form one class and are evaluated once;
- numbers: the thresholds the rules test cut the range into intervals; one value per interval;
- lists: the empty list and each single value (a list is given or unknown as a whole, so an
  answer is a whole list; combinations of two or more values are not tried).

Evaluating the candidates is exact. All candidates of a profile are evaluated at once
(engine/advice/worlds.py): each is a "world" with its own bit, and each literal, term and rule
becomes one integer of the worlds where it holds. Rules are taken in strata, each after the
rules that derive what it reads, so when derived facts do not feed each other in a cycle
(checked when the index is built; true for the shipped base) every world ends in the fixpoint a
full consultation reaches. With a cycle, values could keep supporting each other after their
cause is gone, so each candidate is then chained on its own, from no derived fact at all.
tests/test_relevance.py holds the result equal to a real consultation on every candidate of the
examples and the scenario profiles, each also with one fact removed.

What an answer changes is shared between profiles, exactly: it depends on nothing but the phase
before and after and the parts of the advice that the flipped rules conclude, so a `Relevance`
keeps it under that key (and the parts and the phrases likewise), in tables of bounded size
that threads may share (`_keep`). What they keep is tuples of texts and numbers, which the
garbage collector does not follow: a table of model objects (the finished questions were kept
so for a while) made full collections twice as frequent and cost more than it saved. tests/test_relevance_memo.py holds
what is kept equal to what is worked out anew.

"Change" is judged on the substance only: the reasons (`waarom`) and the derived facts may differ
while the advice is the same. Values that no rule can tell apart are evaluated once, so their
answers share one list of changes.

A question that matters only once another is answered waits: it is not relevant now, so it is
not listed; once the other fact is known it can become relevant. `open_facts` names the unknown
facts that still sit in a rule term that can come to hold or stop holding (they may matter together
with other answers); the intake asks those after the relevant ones, so that when nothing is left to
ask, the advice is what the full facts would give (tests/test_intake.py checks it on the examples).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..logic.compile import CompiledBase
from ..logic.conditions import Literal, holds_for, keys_for, literal_key
from ..logic.inference import Inference
from ..model.advice import Advies, Antwoord, OpenVraag
from ..model.facts import FactSpec, input_catalogue
from ..model.kennisbank import Kennisbank
from ..model.questiontexts import answer_label, question_text
from ..model.rules import Regel, RuleBase
from ..model.vocabulary import ERNST_RANK, PHASE_RANK, PRIORITY_RANK, ZWAARTE_RANK
from .construct import maker
from .context import RuleContext
from .kbcache import store
from .worlds import Worlds

__all__ = ["Prepared", "Relevance", "Substance", "changes", "substance"]

_new_Antwoord = maker(Antwoord)
_new_OpenVraag = maker(OpenVraag)

# how much one change weighs when questions are ordered (more weight: asked earlier)
WEIGHT_PHASE = 12
WEIGHT_FORM = 6
WEIGHT_ACTIVITY = {"moet": 4, "zou": 2, "kan": 1}
WEIGHT_RISK = {"hoog": 4, "midden": 2, "laag": 1}
WEIGHT_PRIORITY = 2
WEIGHT_OWNER = 1
WEIGHT_PARTNER = 1
WEIGHT_TIP = 1
WEIGHT_MEASURE = 1  # a risk's severity or its measures change
WEIGHT_PLAN = 1

# (fact, value; None: the profile as it is) -> the plan's step ids in order
PlanOf = Callable[[str, Any], tuple[str, ...]]


Risk = tuple[str, tuple[str, ...]]  # how an advice shows a risk: its severity and its measures (sorted, once each)


@dataclass(frozen=True)
class Substance:
    """What a reader acts on in an advice; two advices with the same substance advise the same."""

    fase: str | None
    activiteiten: tuple[tuple[str, str, str], ...]   # (id, prioriteit, eigenaar), by id
    partners: tuple[tuple[str, tuple[str, ...]], ...]  # (id, rollen sorted), by id
    formalisatie: tuple[str, str | None] | None      # (vorm, zwaarte)
    risicos: tuple[tuple[str, Risk], ...]             # (id, (ernst, maatregelen sorted)), by id
    tips: tuple[str, ...]
    plan: tuple[str, ...] | None = None               # step ids in order; None: not computed

    def without_plan(self) -> tuple[Any, ...]:
        return (self.fase, self.activiteiten, self.partners, self.formalisatie, self.risicos, self.tips)


def substance(advies: Advies) -> Substance:
    """The substance of a built advice (the tests compare this with what relevance computes)."""
    f = advies.formalisatie
    return Substance(
        fase=advies.fase.waarde,
        activiteiten=tuple((a.id, a.prioriteit, a.eigenaar) for a in sorted(advies.activiteiten, key=lambda a: a.id)),
        partners=tuple((p.id, tuple(sorted(p.rollen))) for p in sorted(advies.partners, key=lambda p: p.id)),
        formalisatie=None if f is None else (f.vorm, f.zwaarte),
        risicos=tuple((r.id, (r.ernst, tuple(sorted(set(r.maatregelen))))) for r in sorted(advies.risicos, key=lambda r: r.id)),
        tips=tuple(sorted(t.id for t in advies.tips)),
        plan=tuple(s.id for p in advies.plan for s in p.stappen),
    )


class Change(NamedTuple):
    """One answer's effect: the phrases (B1 Dutch) and their weight."""

    phrases: tuple[str, ...]
    weight: int


# the same as a plain tuple (phrases, weight), as `describe` gives it and the tables keep it: a tuple
# of texts and numbers, which the garbage collector stops following (a subclass it follows always)
Said = tuple[tuple[str, ...], int]


def changes(ctx: RuleContext, before: Substance, after: Substance) -> Change:
    """What differs from `before` to `after`, as short phrases, most important first."""
    plan_moved = before.plan is not None and after.plan is not None and before.plan != after.plan
    return Change(*describe(ctx.kb, (before.fase, before.formalisatie, _shown_of(before)),
                    (after.fase, after.formalisatie, _shown_of(after)), plan_moved))


Shown = dict[tuple[int, str], Any]  # what an advice shows per part: activity -> (prioriteit, eigenaar), ...


def _shown_of(s: Substance) -> Shown:
    shown: Shown = {(_ACT, a): (p, o) for a, p, o in s.activiteiten}
    shown.update(((_PARTNER, p), roles) for p, roles in s.partners)
    shown.update(((_RISK, r), ernst) for r, ernst in s.risicos)
    shown.update(((_TIP, t), True) for t in s.tips)
    return shown


def describe(kb: Any, before: tuple[str | None, tuple[str, str | None] | None, Shown],
             after: tuple[str | None, tuple[str, str | None] | None, Shown], plan_moved: bool = False) -> Said:
    """The phrases for what differs between two advices, each given as (fase, formalisatie, the
    shown parts), most important first. Parts equal on both sides may be left out of both."""
    (old_fase, old_form, old), (new_fase, new_form, new) = before, after
    out: list[tuple[int, str]] = []
    if old_fase != new_fase:
        title = kb.fasen[new_fase].titel if new_fase in kb.fasen else (new_fase or "onbekend")
        out.append((WEIGHT_PHASE, f"Fase wordt {title}"))
    if old_form != new_form:
        if new_form is None:
            out.append((WEIGHT_FORM, "Geen afspraak meer om naar toe te werken"))
        elif old_form is not None and old_form[0] == new_form[0]:
            out.append((WEIGHT_FORM // 2, f"Afspraak wordt {new_form[1] or 'zonder zwaarte'}: "
                                          f"{kb.vormen[new_form[0]].titel}"))
        else:
            out.append((WEIGHT_FORM, f"Afspraak wordt: {kb.vormen[new_form[0]].titel}"))
    known = store(kb).setdefault("relevance-phrases", {})
    groups: tuple[list[_Phrases], ...] = ([], [], [], [])  # activities, risks, partners, tips: the order of the text
    for key in old.keys() | new.keys():
        was, now = old.get(key), new.get(key)
        if was != now:
            found = known.get((key, was, now))
            if found is None:
                found = _phrases(kb, key, was, now)
                _keep(known, (key, was, now), found, PHRASES_KEPT)
            groups[_GROUP[key[0]]].append(found)
    for group in groups:
        group.sort()  # by the first item only: it differs between the parts of one kind
        for _, phrases in group:
            out.extend(phrases)
    if not out and plan_moved:
        out.append((WEIGHT_PLAN, "De volgorde van het stappenplan verandert"))
    out.sort(key=lambda x: -x[0])  # stable: within one weight the order above
    return tuple(p for _, p in out), sum(w for w, _ in out)


NO_CHANGE: Said = ((), 0)

# one part's phrases: (where it goes among the parts of its kind, the phrases with their weight)
_Phrases = tuple[tuple[Any, ...], tuple[tuple[int, str], ...]]


def _phrases(kb: Any, key: tuple[int, str], was: Any, now: Any) -> _Phrases:
    """What `describe` says of one part of an advice that shows `was` before and `now` after
    (None: not there): activities and risks go heaviest first, then by id; partners and tips by id."""
    kind, item = key
    out: list[tuple[int, str]] = []
    if kind == _ACT:
        title = kb.activiteiten[item].titel
        if was is None:
            out.append((WEIGHT_ACTIVITY[now[0]], f"Nieuwe activiteit ({now[0]}): {title}"))
        elif now is None:
            out.append((WEIGHT_ACTIVITY[was[0]], f"Activiteit valt weg: {title}"))
        else:
            (p0, o0), (p1, o1) = was, now
            if p0 != p1:
                out.append((WEIGHT_PRIORITY, f"Activiteit wordt '{p1}' in plaats van '{p0}': {title}"))
            if o0 != o1:
                out.append((WEIGHT_OWNER, f"Eigenaar wordt {o1}: {title}"))
        return (-PRIORITY_RANK[(now or was)[0]], item), tuple(out)
    if kind == _RISK:  # (ernst, maatregelen)
        title = kb.risicos[item].titel
        if was is None:
            out.append((WEIGHT_RISK[now[0]], f"Nieuw risico ({now[0]}): {title}"))
        elif now is None:
            out.append((WEIGHT_RISK[was[0]], f"Risico valt weg: {title}"))
        else:
            if was[0] != now[0]:
                out.append((WEIGHT_MEASURE, f"Risico wordt {now[0]}: {title}"))
            if was[1] != now[1]:
                added, dropped = set(now[1]) - set(was[1]), set(was[1]) - set(now[1])
                verb = "Andere maatregel" if added and dropped else "Extra maatregel" if added else "Maatregel valt weg"
                out.append((WEIGHT_MEASURE, f"{verb} bij risico: {title}"))
        return (-ERNST_RANK[(now or was)[0]], item), tuple(out)
    if kind == _PARTNER:
        name = kb.partners[item].naam
        if was is None:
            out.append((WEIGHT_PARTNER, f"Nieuwe partner: {name}"))
        elif now is None:
            out.append((WEIGHT_PARTNER, f"Partner valt weg: {name}"))
        else:
            out.append((WEIGHT_PARTNER, f"Andere rol voor partner: {name}"))
        return (item,), tuple(out)
    verb = "Nieuwe tip" if now else "Tip valt weg"
    return (item,), ((WEIGHT_TIP, f"{verb}: {kb.tips[item].titel}"),)


@dataclass(frozen=True)
class Outcome:
    """One candidate answer's effect on the inference: the rules whose firing flipped (rule ->
    whether it fires now; a rule not valid on the day counts as firing when a term holds) and the
    derived facts with their values, None when they are the profile's own."""

    moved: dict[int, bool]
    derived: dict[str, list[Any]] | None


@dataclass(frozen=True)
class AnswerClass:
    """Answers the rules cannot tell apart: evaluated once. `keys` is what the first one asserts."""

    values: tuple[Any, ...]
    keys: tuple[tuple[str, Any], ...]


@dataclass
class _State:
    """A profile's evaluated state: input keys, which terms hold, which rules support which derived value."""

    inputs: dict[str, Any]
    holds: set[tuple[int, int]]
    support: dict[str, dict[tuple[bool, Any], set[int]]]   # derived fact -> value key -> rules deriving it
    sample: dict[str, dict[tuple[bool, Any], Any]]          # derived fact -> value key -> the value itself
    present: dict[str, tuple[Any, ...]]                     # derived fact -> its values now (input value first)


class Prepared:
    """What a `Relevance` prepares once per rule base, from the rules alone: who reads which key, the
    candidate answers per fact, the parts each rule concludes, the worlds (engine/advice/worlds.py).
    It pickles: the rule-base cache keeps it (engine/advice/basecache.py), so a cold command reads
    these tables instead of working them out (~8 ms). Nothing here changes after it is made, except
    the worlds' own table of literal truths, which only grows by values worked out from the literal
    alone."""

    def __init__(self, compiled: CompiledBase, facts: Mapping[str, FactSpec], kb: Kennisbank, base: RuleBase):
        rules = compiled.rules
        self.facts: Mapping[str, FactSpec] = facts
        self.inputs = {name: spec for name, spec in input_catalogue().items() if name in facts}
        self.readers: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.terms: dict[tuple[int, int], tuple[Literal, ...]] = {}
        self.rule_terms: list[list[int]] = []
        for cr in rules:
            self.rule_terms.append(list(range(len(cr.terms))))
            for ti, term in enumerate(cr.terms):
                self.terms[(cr.index, ti)] = term
                for key in {literal_key(lit) for lit in term}:
                    self.readers[key].append((cr.index, ti))
        # who to test again when a key gets or loses one value: the terms whose value test on the key
        # names that value, and every term with another kind of test on the key (range, known)
        self.val_readers: dict[str, dict[tuple[bool, Any], list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        self.other_readers: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for t, term in self.terms.items():
            for lit in term:
                if lit.kind == "val":
                    for v in lit.values:
                        self.val_readers[lit.key][(isinstance(v, bool), v)].append(t)
                elif lit.kind != "unknown":
                    self.other_readers[lit.key].append(t)
        # each literal ready to test: (kind, key, '?key', the value keys of a val test, the literal)
        self.checks = {t: tuple((lit.kind, lit.key, "?" + lit.key,
                                 frozenset((isinstance(v, bool), v) for v in lit.values) if lit.kind == "val" else None, lit)
                                for lit in term) for t, term in self.terms.items()}
        # the same, shaped for `_passes`: (_UNKNOWN, key, '?key') | (_VALUE, key, value keys) | (_OTHER, key, literal)
        self.tests = {t: tuple((_UNKNOWN, k, q) if kind == "unknown" else (_VALUE, k, w) if kind == "val" else (_OTHER, k, lit)
                               for kind, k, q, w, lit in checks) for t, checks in self.checks.items()}
        self.derives = [[(c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None]
                        for cr in rules]
        self.cyclic = _derivations_cycle(self.terms, self.derives)
        self.dated = [cr.rule.geldig_vanaf is not None or cr.rule.geldig_tot is not None for cr in rules]
        read_facts = {lit.fact for term in self.terms.values() for lit in term}
        keys_of: dict[str, list[str]] = defaultdict(list)
        for k in compiled.keys:
            if not k.startswith("?"):
                keys_of[_fact_of(k)].append(k)
        self.fact_keys: dict[str, tuple[str, ...]] = {name: tuple(keys_of.get(name, ())) for name in self.inputs}
        # the facts a question can be about: input facts with a value domain that a rule reads and
        # that can be unknown (afgerond is a list that defaults to empty; text facts have no domain)
        self.askable = [name for name, spec in self.inputs.items()
                        if name in read_facts and spec.kind != "text" and name != "afgerond"]
        self.classes: dict[str, list[AnswerClass]] = {name: self._classes(name) for name in self.askable}
        # what `summary` reads, prepared once: each rule's conclusions as plain tuples, each
        # activity's phase and owner, the policy's order of agreement forms
        # the parts of an advice (see `_parts`): which rules conclude what about each, and what each rule touches
        concluders: dict[Part, list[tuple[int, Any, Any]]] = defaultdict(list)
        self.touches: list[frozenset[Part]] = []
        for cr in rules:
            parts: set[Part] = set()
            for kind, item, x, y in _gives(cr.rule):
                # a part per activity, partner, risk and tip; one for the agreement, one for the orderings
                part: Part = (kind, "") if kind in (_FORM, _ORDER) else (kind, item)
                concluders[part].append((cr.index, item, x) if kind in (_FORM, _ORDER) else (cr.index, x, y))
                parts.add(part)
            self.touches.append(frozenset(parts))
        self.concluders = dict(concluders)
        # the same as bit masks (bit ri: rule ri), so that what an answer flips is a few integer operations:
        # per part the rules concluding it, per rule the rules concluding any part it touches
        self.part_rules = {part: _mask(ri for ri, _x, _y in found) for part, found in concluders.items()}
        self.touch_rules = [_mask(ri for part in parts for ri, _x, _y in concluders[part]) for parts in self.touches]
        # per rule: the activities it makes 'moet' (the only ones a change of phase alone can show otherwise)
        top = PRIORITY_RANK["moet"]
        self.musts = [frozenset(item for kind, item, x, _y in _gives(cr.rule) if kind == _ACT and x == top) for cr in rules]
        self.must_rules = _mask(ri for ri, acts in enumerate(self.musts) if acts)
        self.concluding = _mask(ri for found in concluders.values() for ri, _x, _y in found)
        self.act_info = {a.id: (a.fase, a.eigenaar) for a in kb.activiteiten.values()}
        self.form_rank = {v: n for n, v in enumerate(base.beleid.formalisatie_volgorde if base.beleid else [])}
        # every answer at once (engine/advice/worlds.py); cyclic derivations chain answer by answer
        self.worlds = None if self.cyclic else Worlds(
            [[self.terms[(cr.index, ti)] for ti in self.rule_terms[cr.index]] for cr in rules], self.derives,
            {name: [c.keys for c in classes] for name, classes in self.classes.items()})
        self.rule_ids = [cr.rule.id for cr in rules]
        # plain dicts from here on (every reader uses .get), so that the tables pickle
        self.readers = dict(self.readers)
        self.val_readers = {key: dict(table) for key, table in self.val_readers.items()}
        self.other_readers = dict(self.other_readers)

    # -- candidate answers -----------------------------------------------------------------------
    def answers(self, name: str) -> list[Any]:
        """Every answer offered for a fact, as the facts file takes it."""
        spec = self.facts[name]
        if spec.kind == "bool":
            return [True, False]
        if spec.kind == "enum":
            return list(spec.values)
        if spec.kind == "list":
            return [[]] + [[v] for v in spec.values]
        if spec.kind == "int":
            return [lo for lo, _ in self.intervals(name)]
        return []

    def intervals(self, name: str) -> list[tuple[int, int]]:
        """For a number: the intervals the rules' thresholds cut its range into."""
        spec = self.facts[name]
        lo_all = spec.minimum if spec.minimum is not None else 0
        hi_all = spec.maximum if spec.maximum is not None else 10**6
        cuts = {lo_all}
        for key in (name,):
            for ri, ti in self.readers.get(key, []):
                for lit in self.terms[(ri, ti)]:
                    if lit.key == key and lit.kind == "range":
                        if lit.lo is not None and lo_all < lit.lo <= hi_all:
                            cuts.add(lit.lo)
                        if lit.hi is not None and lo_all <= lit.hi < hi_all:
                            cuts.add(lit.hi + 1)
        starts = sorted(cuts)
        return [(s, (starts[n + 1] - 1) if n + 1 < len(starts) else hi_all) for n, s in enumerate(starts)]

    def _classes(self, name: str) -> list[AnswerClass]:
        keys = self.fact_keys[name]
        # each distinct literal once (the same test stands in many terms; the grouping is the same)
        lits = list(dict.fromkeys(lit for k in keys for ri, ti in self.readers.get(k, []) for lit in self.terms[(ri, ti)]
                                  if lit.key == k))
        groups: dict[tuple[Any, ...], list[Any]] = {}
        own: dict[tuple[Any, ...], tuple[tuple[str, Any], ...]] = {}
        for value in self.answers(name):
            asserted = keys_for({name: _flat_value(value)}, keys, self.facts)
            signature = tuple(holds_for(lit, (asserted[lit.key],)) if lit.key in asserted and lit.kind != "unknown"
                              else lit.kind == "known" and lit.key in asserted for lit in lits)
            if name == "fase":  # the advice shows a given phase itself: each value is its own answer
                signature += (value,)
            groups.setdefault(signature, []).append(value)
            own.setdefault(signature, tuple(sorted(asserted.items())))
        return [AnswerClass(values=tuple(vals), keys=own[sig]) for sig, vals in groups.items()]


class Relevance(Prepared):
    """The open questions of a profile, on the tables of `Prepared` (made here, or read from the
    rule-base cache) plus what this rule base keeps for every profile it sees."""

    def __init__(self, ctx: RuleContext, prepared: Prepared | None = None):
        """`prepared`: the tables for `ctx`'s rule base, as the rule-base cache gives them with it; made
        from `ctx` when None, or when they are not tables of these rules."""
        rules = ctx.compiled.rules
        if not isinstance(prepared, Prepared) or prepared.rule_ids != [cr.rule.id for cr in rules]:
            super().__init__(ctx.compiled, ctx.facts, ctx.kb, ctx.base)
        else:
            self.__dict__.update(vars(prepared))  # the same objects: the tables are only read
        self.ctx = ctx
        self.facts = ctx.facts
        # the change each answer makes, shared by every profile (see `questions` and `_change`; bounded, see `_keep`)
        self.changes_seen: dict[tuple[Any, ...], Said] = {}
        self.changes_made: dict[tuple[Any, ...], Said] = {}
        self.part_values: dict[tuple[Part, int], Any] = {}  # (part, the rules concluding it that fire) -> its value
        self.rule_lists: dict[int, tuple[str, ...]] = {}  # rules (a mask) -> their ids, sorted, as a question lists them
        self.valid_days: dict[dt.date, tuple[tuple[bool, ...], int]] = {}
        self.asking: dict[str, tuple[str, Any, tuple[tuple[Any, int, str], ...]]] = {}

    # -- one profile -------------------------------------------------------------------------------
    def state(self, flat: Mapping[str, Any], result: Inference, day: dt.date) -> _State:
        inputs = keys_for(flat, self.ctx.compiled.keys, self.facts)
        support: dict[str, dict[tuple[bool, Any], set[int]]] = defaultdict(dict)
        sample: dict[str, dict[tuple[bool, Any], Any]] = defaultdict(dict)
        for fact, pairs in result.derived.items():
            for value, ri in pairs:
                vk = (isinstance(value, bool), value)
                support[fact].setdefault(vk, set()).add(ri)
                sample[fact][vk] = value
        present = {f: self._present(f, inputs, support[f], sample[f]) for f in support}
        holds = set(result.fired)
        for ri in set(result.skipped):  # rules not valid on the day: which of their terms hold
            for ti in self.rule_terms[ri]:
                if self._holds((ri, ti), inputs, present):
                    holds.add((ri, ti))
        return _State(inputs=inputs, holds=holds, support=dict(support), sample=dict(sample), present=present)

    def _holds(self, t: tuple[int, int], inputs: Mapping[str, Any], present: Mapping[str, tuple[Any, ...]]) -> bool:
        """Whether term `t` holds; `present` has every value of the keys rules derived (input value first)."""
        return self._passes(self.tests[t], inputs, present)

    @staticmethod
    def _passes(tests: tuple[tuple[int, str, Any], ...], inputs: Mapping[str, Any],
                present: Mapping[str, tuple[Any, ...]]) -> bool:
        """Whether every prepared test of a term holds (the hot path: no generators)."""
        for code, key, arg in tests:
            if code == _UNKNOWN:
                if arg not in inputs:
                    return False
                continue
            values = present.get(key)
            if values is None:
                v = inputs.get(key, _MISSING)
                if v is _MISSING:
                    return False
                if code == _VALUE:
                    if (v.__class__ is bool, v) not in arg:
                        return False
                elif not holds_for(arg, (v,)):
                    return False
            elif code == _VALUE:
                for v in values:
                    if (v.__class__ is bool, v) in arg:
                        break
                else:
                    return False
            elif not holds_for(arg, values):
                return False
        return True

    @staticmethod
    def _present(key: str, inputs: Mapping[str, Any], table: Mapping[Any, set[int]], sample: Mapping[Any, Any]) -> tuple[Any, ...]:
        values = [inputs[key]] if key in inputs else []
        values.extend(sample[vk] for vk, rs in table.items() if rs)
        return tuple(values)

    def evaluate(self, state: _State, name: str, answer: AnswerClass, day: dt.date) -> Outcome:
        """What changes once `name` gets `answer`: the rules whose firing flips and the derived facts
        afterwards. Chained from no derived fact at all, for a rule base whose derived facts feed
        each other (values could keep supporting each other after their cause is gone); the others
        evaluate every answer at once (engine/advice/worlds.py)."""
        inputs = dict(state.inputs)
        inputs.pop("?" + name, None)
        for k in self.fact_keys[name]:
            inputs.pop(k, None)
        inputs.update(answer.keys)
        support: dict[str, dict[tuple[bool, Any], set[int]]] = {}
        sample: dict[str, dict[tuple[bool, Any], Any]] = {}
        present: dict[str, tuple[Any, ...]] = {}
        holds: set[Term] = set()
        rules = self.ctx.compiled.rules
        tests, passes = self.tests, self._passes
        rule_terms = self.rule_terms
        base_fired = {ri for ri, _ in state.holds}
        flipped = {ri: ri in base_fired for ri in range(len(rule_terms))}  # rule -> whether it fired before
        todo: list[Term] = list(reversed(self.terms))  # popped from the end: in order
        queued: set[Term] = set(self.terms)

        def changed(key: str, value: Any, added: bool) -> None:
            """`key` got (`added`) or lost `value`: only the terms that can notice it and can flip. A
            value more never makes a test fail and a value less never makes one pass, so a term that
            holds can only stop holding when a value goes, and one that does not can only start
            holding when a value comes."""
            table = self.val_readers.get(key)
            for t in (table.get((isinstance(value, bool), value), ()) if table is not None else ()):
                if t not in queued and (t in holds) != added:
                    queued.add(t)
                    todo.append(t)
            for t in self.other_readers.get(key, ()):
                if t not in queued and (t in holds) != added:
                    queued.add(t)
                    todo.append(t)

        steps = 0
        while todo:
            steps += 1
            if steps > 200_000:  # pragma: no cover - a runaway cycle
                raise RuntimeError("relevance: no fixpoint")
            t = todo.pop()
            queued.discard(t)
            now = passes(tests[t], inputs, present)
            if now == (t in holds):
                continue
            ri = t[0]
            before = any((ri, ti) in holds for ti in rule_terms[ri])
            if now:
                holds.add(t)
            else:
                holds.discard(t)
            after = any((ri, ti) in holds for ti in rule_terms[ri])
            if before == after or (self.dated[ri] and not rules[ri].rule.valid_on(day)):
                continue
            for fact, value in self.derives[ri]:
                vk = (isinstance(value, bool), value)
                table = support.setdefault(fact, {})
                backers = table.setdefault(vk, set())
                had = bool(backers)
                if after:
                    backers.add(ri)
                    sample.setdefault(fact, {})[vk] = value
                else:
                    backers.discard(ri)
                if bool(backers) != had:
                    present[fact] = self._present(fact, inputs, table, sample[fact])
                    changed(fact, value, bool(backers))
        moved = {}
        for ri, was in flipped.items():
            now_fires = any((ri, ti) in holds for ti in rule_terms[ri])
            if now_fires != was:
                moved[ri] = now_fires
        derived = {f: [sample[f][vk] for vk, rs in table.items() if rs] for f, table in support.items()}
        return Outcome(moved, {f: v for f, v in derived.items() if v})

    # -- the parts of an advice without building it --------------------------------------------
    def _touched(self, rules: int) -> set[Part]:
        """The parts of an advice (see `_parts`) that the rules in the mask `rules` conclude something about."""
        out: set[Part] = set()
        touches = self.touches
        while rules:
            low = rules & -rules
            out |= touches[low.bit_length() - 1]
            rules ^= low
        return out

    @staticmethod
    def _phase(flat: Mapping[str, Any], derived: Mapping[str, list[Any]]) -> str | None:
        if "fase" in flat:
            given: str | None = flat["fase"]
            return given
        values = derived.get("fase", [])
        return min(values, key=lambda v: PHASE_RANK.get(v, 99)) if values else None

    def _parts(self, fired: int, keys: Iterable[Part]) -> dict[Part, Any]:
        """Each of the parts `keys` of an advice (an activity, partner, risk or tip by id; the
        agreement; the orderings) as the rules in the mask `fired` conclude it (see `_part`); a
        part no such rule concludes is left out."""
        parts: dict[Part, Any] = {}
        part_rules, known = self.part_rules, self.part_values
        for key in keys:
            firing = fired & part_rules[key]
            if firing:
                value = known.get((key, firing))
                parts[key] = self._part(key, firing) if value is None else value
        return parts

    def _part(self, key: Part, firing: int) -> Any:
        """One part as the rules in `firing` (some of its concluders, at least one) conclude it, by the
        conflict policy, kept for every profile. Every part of that policy is a maximum, a minimum or a
        union (highest priority, the owner of the highest priority with ties by name, the first form in
        the policy, the heaviest weight, the highest severity, a risk's measures), so the order of the
        rules does not matter."""
        found = [(x, y) for ri, x, y in self.concluders[key] if firing >> ri & 1]
        kind = key[0]
        value: Any
        if kind == _ACT:
            owned = [(x, y) for x, y in found if y]
            owner = min(owned, key=lambda xy: (-xy[0], xy[1]))[1] if owned else None
            value = (max(x for x, _ in found), owner)
        elif kind == _PARTNER:
            value = tuple(sorted({x for x, _ in found}))
        elif kind == _RISK:  # the highest severity, and the measures the rules add
            value = (max(x for x, _ in found), frozenset(y for _, y in found if y))
        elif kind == _TIP:
            value = True
        elif kind == _FORM:
            form_rank, last = self.form_rank, len(self.form_rank)
            winner = min({v for v, _ in found}, key=lambda v: (form_rank.get(v, last), v))
            weights = [w for v, w in found if v == winner and w is not None]
            value = (winner, max(weights, key=ZWAARTE_RANK.__getitem__) if weights else None)
        else:
            value = frozenset(found)
        _keep(self.part_values, (key, firing), value, PARTS_KEPT)
        return value

    def _shown(self, fase: str | None, parts: Mapping[Part, Any]) -> Shown:
        """What an advice in phase `fase` shows of `parts`: an activity of a later phase is at most
        'zou', and an activity or risk without a value given by its rules has the knowledge base's."""
        kb = self.ctx.kb
        cap = PHASE_RANK.get(fase, 0) if fase is not None else None
        zou = PRIORITY_RANK["zou"]
        shown: Shown = {}
        for key, value in parts.items():
            kind, item = key
            if kind == _ACT:
                prio, owner = value
                item_fase, item_owner = self.act_info[item]
                if cap is not None and item_fase in PHASE_RANK and PHASE_RANK[item_fase] > cap:
                    prio = min(prio, zou)
                shown[key] = (_PRIO_OF[prio], owner or item_owner)
            elif kind == _PARTNER:
                shown[key] = value
            elif kind == _RISK:  # as `substance` shows it: the knowledge base's measures come with the rules'
                rank, measures = value
                risk = kb.risicos[item]
                shown[key] = (_ERNST_OF[rank] if rank else risk.ernst, tuple(sorted(measures.union(risk.maatregelen))))
            elif kind == _TIP:
                shown[key] = True
        return shown

    # -- the questions ------------------------------------------------------------------------
    def questions(self, flat: Mapping[str, Any], result: Inference, day: dt.date,
                  plan_of: PlanOf | None = None, keys: Mapping[str, Any] | None = None) -> list[OpenVraag]:
        """The relevant questions for a profile, most change first (see the module text).

        An answer can change only the parts of the advice that the rules whose firing it flips
        conclude something about, and, when it changes the phase, every activity's priority (a
        later phase's activity is at most 'zou'). Only those parts are compared: the phrases are
        the same as those of the whole advice, where every other part is equal.

        So the change depends on nothing but the phase before and after, the rules concluding those
        parts ("span"), which of them fire before and which flip, and, when the phase changes, which
        activities are 'moet' (the others it cannot show otherwise; a 'moet' activity of a phase
        later than the one shown becomes 'zou'): that is the key under which a change is kept for
        every profile (`changes_seen`), and most answers of most profiles find theirs there. A rule
        not valid on the day is skipped, not fired: it never flips.

        `plan_of(name, value)` builds the real plan order of a candidate; it is asked only when
        nothing but a rule's `volgorde` differs (with the shipped base: almost never; such a
        change depends on the profile and is not kept). `keys`: the profile's rule keys when the
        caller has them already (`keys_for` of `flat`, as `infer` gives)."""
        outcome = self._outcomes(flat, result, day, keys)
        base_rules = _mask(ri for ri, _ in result.fired)
        base_derived = {f: [v for v, _ in pairs] for f, pairs in result.derived.items()}
        base_fase = self._phase(flat, base_derived)
        valid = self._valid_mask(day)
        concluding, touch_rules, seen = self.concluding, self.touch_rules, self.changes_seen
        base: _Base | None = None  # the parts of the profile's own advice, made at the first change not seen before
        musts: tuple[str, ...] | None = None  # the profile's activities that are 'moet', at the first change of phase
        out: list[tuple[tuple[int, int, str], OpenVraag]] = []
        for name in self.askable:
            if name in flat:
                continue
            per_class: list[Said] = []
            touched = 0
            for j, answer in enumerate(self.classes[name]):
                moved, phase_of = outcome(name, j, answer)
                if not moved and name != "fase":  # a given phase is shown as given, whatever fires
                    change = NO_CHANGE
                else:
                    fase = answer.values[0] if name == "fase" else flat["fase"] if "fase" in flat else phase_of()
                    flip = moved & valid & concluding  # the rules that conclude a part and fire or stop firing
                    if not flip and fase == base_fase:
                        change = NO_CHANGE
                    else:
                        span = 0
                        rest = flip
                        while rest:
                            low = rest & -rest
                            span |= touch_rules[low.bit_length() - 1]
                            rest ^= low
                        if fase != base_fase and musts is None:
                            musts = self._musts(base_rules)
                        key = (base_fase, fase, span, base_rules & span, flip, musts if fase != base_fase else None)
                        found = seen.get(key)
                        if found is None:
                            if base is None:
                                base = self._base(base_rules)
                            found, shared = self._change(base, base_fase, flip, fase, name, answer, plan_of)
                            if shared:
                                self._remember(key, found)
                        change = found
                    if change[0]:
                        touched |= moved
                per_class.append(change)
            if not any(c[0] for c in per_class):
                continue
            out.append(self._question(name, per_class, touched))
        out_sorted = sorted(out, key=lambda x: x[0])
        return [q for _, q in out_sorted]

    def _remember(self, key: tuple[Any, ...], change: Said) -> None:
        """Keep a change for every profile (see `_keep`)."""
        _keep(self.changes_seen, key, change, KEYS_KEPT)

    def _musts(self, base_rules: int) -> tuple[str, ...]:
        """The activities the rules in `base_rules` make 'moet'."""
        out: set[str] = set()
        rest = base_rules & self.must_rules
        while rest:
            low = rest & -rest
            out |= self.musts[low.bit_length() - 1]
            rest ^= low
        return tuple(sorted(out))

    def _base(self, base_rules: int) -> _Base:
        parts = self._parts(base_rules, self._touched(base_rules & self.concluding))
        top = PRIORITY_RANK["moet"]
        return _Base(rules=base_rules, parts=parts,
                     musts=tuple(sorted(key[1] for key, value in parts.items() if key[0] == _ACT and value[0] == top)))

    def _change(self, base: _Base, base_fase: str | None, flip: int, fase: str | None, name: str,
                answer: AnswerClass, plan_of: PlanOf | None) -> tuple[Said, bool]:
        """The change one answer makes (`flip`: the rules concluding a part whose firing it flips),
        and whether it is the same for every profile with the same key (see `questions`): not when
        only the orderings differ, then the plan order of this profile decides.

        Many keys give the same parts: a change that keeps the phase is also kept by what it is made
        of, the phase and each part that differs (before and after). A change of phase is made of
        those and the 'moet' activities the new phase alone shows otherwise ('zou' in a phase before
        theirs); it changes most parts, and one such is not seen again (1 in 4,600 over 3,000
        generated profiles), so it is worked out every time."""
        keys = self._touched(flip)
        new_parts = self._parts(base.rules ^ flip, keys)
        base_parts = base.parts
        # (part, before, after; None: not there), by part: a tuple of texts and numbers, as a key
        differ = tuple(sorted([(k, base_parts.get(k), v) for k, v in new_parts.items() if base_parts.get(k) != v]
                              + [(k, base_parts[k], None) for k in keys if k in base_parts and k not in new_parts],
                              key=_first))
        if fase == base_fase:
            if not differ:  # other rules give the same: nothing changes
                return NO_CHANGE, True
            capped: tuple[str, ...] = ()
        else:
            capped = tuple(a for a in base.musts if self._capped(a, base_fase) != self._capped(a, fase))
        if fase != base_fase:  # most parts differ: such a change hardly ever comes back, so it is not kept
            return self._compare(base_fase, fase, differ, capped, base_parts, name, answer, plan_of)
        made_of = (base_fase, differ)
        found = self.changes_made.get(made_of)
        if found is not None:
            return found, True
        found, shared = self._compare(base_fase, fase, differ, capped, base_parts, name, answer, plan_of)
        if shared:
            _keep(self.changes_made, made_of, found, CHANGES_KEPT)
        return found, shared

    def _capped(self, act: str, fase: str | None) -> bool:
        """Whether an activity is at most 'zou' in an advice of phase `fase` (its own phase is later)."""
        if fase is None:
            return False
        item_fase = self.act_info[act][0]
        return item_fase in PHASE_RANK and PHASE_RANK[item_fase] > PHASE_RANK.get(fase, 0)

    def _compare(self, base_fase: str | None, fase: str | None, differ: tuple[tuple[Part, Any, Any], ...],
                 capped: tuple[str, ...], base_parts: Mapping[Part, Any], name: str, answer: AnswerClass,
                 plan_of: PlanOf | None) -> tuple[Said, bool]:
        """The change made of the parts that differ (part, before, after; None: not there) and the
        'moet' activities in `capped` (their value is the same, only a change of phase can show them
        otherwise: from 'moet' to 'zou' or back, whoever owns them, so the change does not depend on
        their owner, which the key leaves out). Every other part is equal on both sides and shows the
        same: `describe` leaves it out. So the change is a function of (phases, `differ`, `capped`)."""
        old_parts = {k: was for k, was, _now in differ if was is not None}
        new_parts = {k: now for k, _was, now in differ if now is not None}
        for act in capped:
            key = (_ACT, act)
            if key not in old_parts and key not in new_parts:
                old_parts[key] = new_parts[key] = base_parts[key]
        form = (_FORM, "")
        before = (base_fase, old_parts.get(form), self._shown(base_fase, old_parts))
        after = (fase, new_parts.get(form), self._shown(fase, new_parts))
        if before == after and old_parts.get((_ORDER, "")) != new_parts.get((_ORDER, "")):
            # only the orderings differ: whether the plan changes needs the plans themselves
            moved = plan_of is not None and plan_of(name, answer.values[0]) != plan_of(name, None)
            return describe(self.ctx.kb, before, after, moved), False
        return describe(self.ctx.kb, before, after), True

    def _asking(self, name: str) -> tuple[str, Any, tuple[tuple[Any, int, str], ...]]:
        """What a question about `name` always shows: its description, its text, and every answer
        with its answer class (index in `classes[name]`) and its label (worked out once per fact)."""
        found = self.asking.get(name)
        if found is None:
            spec = self.facts[name]
            intervals = dict(self.intervals(name)) if spec.kind == "int" else {}
            class_of = {_hashable(v): j for j, answer in enumerate(self.classes[name]) for v in answer.values}
            offered = tuple((value, class_of[_hashable(value)],
                             answer_label(name, value, self.ctx.kb, upto=intervals.get(value)) if spec.kind == "int"
                             else answer_label(name, value, self.ctx.kb)) for value in self.answers(name))
            found = self.asking[name] = (spec.description, question_text(name), offered)
        return found

    def _outcomes(self, flat: Mapping[str, Any], result: Inference, day: dt.date, keys: Mapping[str, Any] | None
                  ) -> Callable[[str, int, AnswerClass], tuple[int, Callable[[], str | None]]]:
        """For one profile: (fact, answer class index, class) -> the rules whose firing flips (a
        mask; a rule not valid on the day counts by whether a term holds) and how to get the phase
        the rules derive then (the profile's own phase given as a fact is not asked here)."""
        if self.worlds is None:
            state = self.state(flat, result, day)
            base_derived = {f: [v for v, _ in pairs] for f, pairs in result.derived.items()}

            def chained(name: str, _j: int, answer: AnswerClass) -> tuple[int, Callable[[], str | None]]:
                found = self.evaluate(state, name, answer, day)
                derived = found.derived
                return _mask(found.moved), lambda: self._phase({}, base_derived if derived is None else derived)
            return chained
        worlds = self.worlds
        inputs = keys_for(flat, self.ctx.compiled.keys, self.facts) if keys is None else keys
        run = worlds.run(inputs, [name for name in self.askable if name not in flat], self._valid(day))
        moved = run.moved()

        def at_once(name: str, j: int, _answer: AnswerClass) -> tuple[int, Callable[[], str | None]]:
            world = run.offsets[name] + j
            return moved[world], lambda: worlds.phase(run, world)
        return at_once

    @functools.cached_property
    def open_checks(self) -> tuple[tuple[Term, tuple[tuple[bool, str, str, bool, bool, bool, tuple[int, str, Any]], ...]], ...]:
        """What `open_facts` reads of each literal, worked out once, on the first intake step (not at
        every start): (tests 'unknown', '?key', fact, an input fact, a rule can give it a value,
        askable, its test as `_passes` takes it)."""
        askable = set(self.askable)
        return tuple(
            (t, tuple((kind == "unknown", qkey, lit.fact, lit.fact in self.inputs,
                       lit.fact not in self.inputs or self.facts[lit.fact].derivable, lit.fact in askable, test)
                      for (kind, _key, qkey, _wanted, lit), test in zip(checks, self.tests[t], strict=True)))
            for t, checks in self.checks.items())

    def _valid(self, day: dt.date) -> tuple[bool, ...]:
        """Per rule: whether it is valid on `day` (kept for the last days asked)."""
        return self._valid_day(day)[0]

    def _valid_mask(self, day: dt.date) -> int:
        """The rules valid on `day`, as a mask."""
        return self._valid_day(day)[1]

    def _valid_day(self, day: dt.date) -> tuple[tuple[bool, ...], int]:
        found = self.valid_days.get(day)
        if found is None:
            rules = self.ctx.compiled.rules
            valid = tuple(not (dated and not rules[ri].rule.valid_on(day)) for ri, dated in enumerate(self.dated))
            found = (valid, _mask(ri for ri, ok in enumerate(valid) if ok))
            if len(self.valid_days) >= 64:
                self.valid_days.clear()
            self.valid_days[day] = found
        return found

    def _question(self, name: str, per_class: list[Said], touched: int) -> tuple[tuple[int, int, str], OpenVraag]:
        """The question about `name`, with its place in the order: most weight first (the heaviest
        answer, then all answers together, each value counted), then by name."""
        description, text, offered = self._asking(name)
        antwoorden = [_new_Antwoord(waarde=list(value) if isinstance(value, list) else value, label=label,
                                    verandert=list(per_class[j][0])) for value, j, label in offered]
        top = max(weight for _, weight in per_class)
        total = sum(weight * len(answer.values) for (_, weight), answer in zip(per_class, self.classes[name], strict=True))
        regels = self.rule_lists.get(touched)
        if regels is None:
            rule_ids, ids, rest = self.rule_ids, set(), touched
            while rest:
                low = rest & -rest
                ids.add(rule_ids[low.bit_length() - 1])
                rest ^= low
            regels = tuple(sorted(ids))
            _keep(self.rule_lists, touched, regels, CHANGES_KEPT)
        q = _new_OpenVraag(feit=name, omschrijving=description, waarden=[a.waarde for a in antwoorden],
                           regels=list(regels), gewicht=top, vraag=text.vraag, uitleg=text.uitleg, antwoorden=antwoorden)
        return (-top, -total, name), q

    # -- facts that may matter together with other answers -----------------------------------------
    def open_facts(self, flat: Mapping[str, Any], result: Inference, day: dt.date,
                   settled: frozenset[str] | set[str] = frozenset()) -> list[str]:
        """Unknown facts that may still matter, alone or together with other answers.

        A term is alive when no test in it fails for good: a known input fact's test holds, a fact
        answered 'weet ik niet' (`settled`) is not tested for a value, and a derived fact's test
        holds now or that fact is unstable. A derived fact is unstable when a rule deriving it has
        an alive term that reads an open fact or an unstable derived fact (found by repeating until
        nothing new comes). Open facts are then those an alive term tests the value of, or those a
        term that holds needs unknown. Once none is left, no answers to the remaining facts change
        which terms hold, so the advice is final. Most often found first."""
        state = self.state(flat, result, day)
        fired = set(result.fired)
        inputs, present = state.inputs, state.present
        # what each term says whatever is unstable, once: a term that fails on an input fact never
        # lives; the tests of derived facts are kept apart, because an unstable one always passes
        fixed: dict[str, int] = defaultdict(int)  # counts from the terms that read no derived fact
        fixed_grown: set[str] = set()
        moving_terms: list[tuple[Term, frozenset[str], tuple[tuple[str, bool, str | None], ...]]] = []
        for t, checks in self.open_checks:
            found: set[str] = set()
            alive = True
            derived: list[tuple[str, bool, str | None]] = []  # (fact, passes when stable, the fact it finds)
            for unknown, qkey, fact, is_input, derived_key, in_askable, test in checks:
                if unknown:
                    if qkey not in inputs:
                        alive = False
                        break
                    if in_askable and fact not in settled and t in fired:
                        found.add(fact)  # it holds because the fact is unknown; an answer ends that
                    continue
                passes, finds = True, None
                if is_input and fact not in flat and in_askable and fact not in settled:
                    finds = fact
                elif is_input and fact not in flat and not derived_key:
                    passes = False  # stays unknown: its value test never holds
                else:  # `_passes` for this one test, written out (this loop runs for every literal)
                    code, key, arg = test
                    values = present.get(key)
                    if values is None:
                        v = inputs.get(key, _MISSING)
                        if v is _MISSING:
                            passes = False
                        elif code == _VALUE:
                            passes = (v.__class__ is bool, v) in arg
                        else:
                            passes = holds_for(arg, (v,))
                    elif code == _VALUE:
                        passes = False
                        for v in values:
                            if (v.__class__ is bool, v) in arg:
                                passes = True
                                break
                    else:
                        passes = holds_for(arg, values)
                if derived_key:
                    derived.append((fact, passes, finds))
                elif not passes:
                    alive = False
                    break
                elif finds is not None:
                    found.add(finds)
            if not alive:
                continue
            if derived:
                moving_terms.append((t, frozenset(found), tuple(derived)))
                continue
            for fact in found:
                fixed[fact] += 1
            if found:
                fixed_grown.update(f for f, _ in self.derives[t[0]])
        unstable: set[str] = set()
        while True:
            count = defaultdict(int, fixed)
            grown = unstable | fixed_grown
            for t, found_here, derived_tests in moving_terms:
                finds_more: list[str] = []
                moving = False
                for fact, passes, finds in derived_tests:
                    if fact in unstable:
                        moving = True
                    elif not passes:
                        break
                    elif finds is not None:
                        finds_more.append(finds)
                else:
                    facts = found_here.union(finds_more) if finds_more else found_here
                    for fact in facts:
                        count[fact] += 1
                    if facts or moving:
                        grown.update(f for f, _ in self.derives[t[0]])
            if grown == unstable:
                return sorted(count, key=lambda f: (-count[f], f))
            unstable = grown


# what a Relevance keeps for every profile, at most (then the older half goes); with these, 6,000
# generated profiles take 11 MB more than keeping nothing (16,384 keys: 17 MB)
KEYS_KEPT = 1 << 13  # changes by key (`Relevance.changes_seen`); misses a profile: 4,096 5.9, 8,192 4.5, 16,384 3.7
CHANGES_KEPT = 1 << 12  # changes by what they are made of (`changes_made`), rule lists
PARTS_KEPT = 1 << 12  # parts kept per rule base for every profile (`Relevance.part_values`)
PHRASES_KEPT = 1 << 12  # phrases kept per knowledge base (`describe`)


def _keep(table: dict[Any, Any], key: Any, value: Any, most: int) -> None:
    """Keep `value` for every profile; at most `most` values: when full, the older half goes (a
    dict keeps the order values came in). Threads may write the same key at once: they write equal
    values (each is worked out from its key alone); `list(table)` copies the keys in one step."""
    if len(table) >= most:
        for old in list(table)[:most // 2]:
            table.pop(old, None)
    table[key] = value


@dataclass(frozen=True)
class _Base:
    """The profile's own advice as parts: the rules that fired (a mask), the parts, the 'moet' activities."""

    rules: int
    parts: dict[Part, Any]
    musts: tuple[str, ...]  # the activities that are 'moet'


# the kinds of conclusion `summary` reads (Relevance.gives)
_ACT, _PARTNER, _FORM, _RISK, _TIP, _ORDER = range(6)
_GROUP = {_ACT: 0, _RISK: 1, _PARTNER: 2, _TIP: 3}  # where `describe` lists a kind of part
Term = tuple[int, int]  # (rule index, term index)
Part = tuple[int, str]  # a part of an advice: (_ACT, activity id), …, (_FORM, ""), (_ORDER, "")
# the kinds of literal test `_passes` knows
_UNKNOWN, _VALUE, _OTHER = range(3)
_PRIO_OF = {v: k for k, v in PRIORITY_RANK.items()}
_ERNST_OF = {v: k for k, v in ERNST_RANK.items()}


def _gives(rule: Regel) -> tuple[tuple[Any, ...], ...]:
    """A rule's conclusions that make up the substance of an advice, as (kind, id, x, y) tuples."""
    out: list[tuple[Any, ...]] = []
    for c in rule.dan:
        if c.activiteit is not None:
            out.append((_ACT, c.activiteit.id, PRIORITY_RANK[c.activiteit.prioriteit], c.activiteit.eigenaar))
        elif c.partner is not None:
            out.append((_PARTNER, c.partner.id, c.partner.rol, None))
        elif c.formalisatie is not None:
            out.append((_FORM, c.formalisatie.vorm, c.formalisatie.zwaarte, None))
        elif c.risico is not None:
            out.append((_RISK, c.risico.id, ERNST_RANK[c.risico.ernst] if c.risico.ernst else 0, c.risico.maatregel))
        elif c.tip is not None:
            out.append((_TIP, c.tip.id, None, None))
        elif c.volgorde is not None:
            out.append((_ORDER, c.volgorde.eerst, c.volgorde.dan, None))
    return tuple(out)


_MISSING = object()


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _mask(rules: Iterable[int]) -> int:
    """A set of rule indexes as a bit mask."""
    out = 0
    for ri in rules:
        out |= 1 << ri
    return out


def _derivations_cycle(terms: Mapping[tuple[int, int], tuple[Literal, ...]], derives: list[list[tuple[str, Any]]]) -> bool:
    """Whether a derived fact can, through rules, help derive itself."""
    derived = {fact for pairs in derives for fact, _ in pairs}
    edges: dict[str, set[str]] = defaultdict(set)
    for (ri, _ti), term in terms.items():
        for lit in term:
            if lit.fact in derived and lit.kind != "unknown":  # 'unknown' reads the input, not a derived value
                edges[lit.fact].update(fact for fact, _ in derives[ri])
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in sorted(edges))


def _fact_of(key: str) -> str:
    return key.split(":", 1)[0].split("#", 1)[0].lstrip("?")


def _flat_value(value: Any) -> Any:
    """A file value as `flatten` gives it (a list becomes a sorted tuple)."""
    return tuple(sorted(set(value))) if isinstance(value, list) else value


def _hashable(value: Any) -> Any:
    return ("list", tuple(value)) if isinstance(value, list) else (isinstance(value, bool), value)


