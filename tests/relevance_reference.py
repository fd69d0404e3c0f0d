"""The open questions as computed before the fast path (commit 9713db0), kept unchanged as a test
oracle: tests/test_fast_path.py holds the engine's Relevance equal to this one. Not used by the engine.

Relevance: which unknown input facts can still change the advice, and what each answer would change.

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

Evaluating a candidate is exact and incremental. The base consultation gives which terms hold
and which rule derived which value. A candidate changes only the keys of its own fact; the terms
that read those keys are tested again, and where a rule starts or stops firing the values it
derives are added or withdrawn (each value counts the rules that support it), and the terms that
read a derived fact are tested again in turn, until nothing changes. When derived facts do not
feed each other in a cycle (checked when the index is built; true for the shipped base) this ends
in the same fixpoint as a full consultation. With a cycle, values could keep supporting each other
after their cause is gone, so each candidate then starts from no derived fact at all.
tests/test_relevance.py holds the result equal to a real consultation on every candidate of the
examples and the scenario profiles, each also with one fact removed.

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
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from samenwerkwijzer.engine.advice.context import RuleContext
from samenwerkwijzer.engine.logic.conditions import Literal, holds_for, keys_for, literal_key
from samenwerkwijzer.engine.logic.inference import Inference
from samenwerkwijzer.engine.model.advice import Advies, Antwoord, OpenVraag
from samenwerkwijzer.engine.model.facts import FactSpec, input_catalogue
from samenwerkwijzer.engine.model.questiontexts import answer_label, question_text
from samenwerkwijzer.engine.model.vocabulary import ERNST_RANK, PHASE_RANK, PRIORITY_RANK, ZWAARTE_RANK

__all__ = ["Relevance", "Substance", "changes", "substance"]

# how much one change weighs when questions are ordered (more weight: asked earlier)
WEIGHT_PHASE = 12
WEIGHT_FORM = 6
WEIGHT_ACTIVITY = {"moet": 4, "zou": 2, "kan": 1}
WEIGHT_RISK = {"hoog": 4, "midden": 2, "laag": 1}
WEIGHT_PRIORITY = 2
WEIGHT_OWNER = 1
WEIGHT_PARTNER = 1
WEIGHT_TIP = 1
WEIGHT_PLAN = 1

# (fact, value; None: the profile as it is) -> the plan's step ids in order
PlanOf = Callable[[str, Any], tuple[str, ...]]


@dataclass(frozen=True)
class Substance:
    """What a reader acts on in an advice; two advices with the same substance advise the same."""

    fase: str | None
    activiteiten: tuple[tuple[str, str, str], ...]   # (id, prioriteit, eigenaar), by id
    partners: tuple[tuple[str, tuple[str, ...]], ...]  # (id, rollen sorted), by id
    formalisatie: tuple[str, str | None] | None      # (vorm, zwaarte)
    risicos: tuple[tuple[str, tuple[str, tuple[str, ...]]], ...]  # (id, (ernst, maatregelen sorted)), by id
    tips: tuple[str, ...]
    plan: tuple[str, ...] | None = None               # step ids in order; None: not computed
    volgorde: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # rule orderings that fired

    def same_as(self, other: Substance) -> bool:
        return self.without_plan() == other.without_plan() and (
            self.plan is None or other.plan is None or self.plan == other.plan)

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


@dataclass(frozen=True)
class Change:
    """One answer's effect: the phrases (B1 Dutch) and their weight."""

    phrases: tuple[str, ...]
    weight: int


def changes(ctx: RuleContext, before: Substance, after: Substance) -> Change:
    """What differs from `before` to `after`, as short phrases, most important first."""
    kb = ctx.kb
    out: list[tuple[int, str]] = []
    if before.fase != after.fase:
        title = kb.fasen[after.fase].titel if after.fase in kb.fasen else (after.fase or "onbekend")
        out.append((WEIGHT_PHASE, f"Fase wordt {title}"))
    if before.formalisatie != after.formalisatie:
        if after.formalisatie is None:
            out.append((WEIGHT_FORM, "Geen afspraak meer om naar toe te werken"))
        elif before.formalisatie is not None and before.formalisatie[0] == after.formalisatie[0]:
            out.append((WEIGHT_FORM // 2, f"Afspraak wordt {after.formalisatie[1] or 'zonder zwaarte'}: "
                                          f"{kb.vormen[after.formalisatie[0]].titel}"))
        else:
            out.append((WEIGHT_FORM, f"Afspraak wordt: {kb.vormen[after.formalisatie[0]].titel}"))
    old_acts = {a: (p, o) for a, p, o in before.activiteiten}
    new_acts = {a: (p, o) for a, p, o in after.activiteiten}
    for act in sorted(set(old_acts) | set(new_acts), key=lambda a: (-PRIORITY_RANK[(new_acts.get(a) or old_acts[a])[0]], a)):
        title = kb.activiteiten[act].titel
        if act not in old_acts:
            out.append((WEIGHT_ACTIVITY[new_acts[act][0]], f"Nieuwe activiteit ({new_acts[act][0]}): {title}"))
        elif act not in new_acts:
            out.append((WEIGHT_ACTIVITY[old_acts[act][0]], f"Activiteit valt weg: {title}"))
        else:
            (p0, o0), (p1, o1) = old_acts[act], new_acts[act]
            if p0 != p1:
                out.append((WEIGHT_PRIORITY, f"Activiteit wordt '{p1}' in plaats van '{p0}': {title}"))
            if o0 != o1:
                out.append((WEIGHT_OWNER, f"Eigenaar wordt {o1}: {title}"))
    old_risks, new_risks = dict(before.risicos), dict(after.risicos)
    for risk in sorted(set(old_risks) | set(new_risks), key=lambda r: (-ERNST_RANK[(new_risks.get(r) or old_risks[r])[0]], r)):
        title = kb.risicos[risk].titel
        if risk not in old_risks:
            out.append((WEIGHT_RISK[new_risks[risk][0]], f"Nieuw risico ({new_risks[risk][0]}): {title}"))
        elif risk not in new_risks:
            out.append((WEIGHT_RISK[old_risks[risk][0]], f"Risico valt weg: {title}"))
        else:
            (e0, m0), (e1, m1) = old_risks[risk], new_risks[risk]
            if e0 != e1:
                out.append((1, f"Risico wordt {e1}: {title}"))
            if m0 != m1:
                added, dropped = set(m1) - set(m0), set(m0) - set(m1)
                verb = "Andere maatregel" if added and dropped else "Extra maatregel" if added else "Maatregel valt weg"
                out.append((1, f"{verb} bij risico: {title}"))
    old_partners, new_partners = dict(before.partners), dict(after.partners)
    for partner in sorted(set(old_partners) | set(new_partners)):
        name = kb.partners[partner].naam
        if partner not in old_partners:
            out.append((WEIGHT_PARTNER, f"Nieuwe partner: {name}"))
        elif partner not in new_partners:
            out.append((WEIGHT_PARTNER, f"Partner valt weg: {name}"))
        elif old_partners[partner] != new_partners[partner]:
            out.append((WEIGHT_PARTNER, f"Andere rol voor partner: {name}"))
    for tip in sorted(set(before.tips) ^ set(after.tips)):
        verb = "Nieuwe tip" if tip in after.tips else "Tip valt weg"
        out.append((WEIGHT_TIP, f"{verb}: {kb.tips[tip].titel}"))
    if not out and before.plan is not None and after.plan is not None and before.plan != after.plan:
        out.append((WEIGHT_PLAN, "De volgorde van het stappenplan verandert"))
    out.sort(key=lambda x: -x[0])  # stable: within one weight the order above
    return Change(phrases=tuple(p for _, p in out), weight=sum(w for w, _ in out))


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


class Relevance:
    """Prepared once per rule base: the candidate answers per fact and who reads which key."""

    def __init__(self, ctx: RuleContext):
        self.ctx = ctx
        rules = ctx.compiled.rules
        self.facts: Mapping[str, FactSpec] = ctx.facts
        self.inputs = {name: spec for name, spec in input_catalogue().items() if name in ctx.facts}
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
        self.derives = [[(c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None]
                        for cr in rules]
        self.cyclic = _derivations_cycle(self.terms, self.derives)
        self.dated = [cr.rule.geldig_vanaf is not None or cr.rule.geldig_tot is not None for cr in rules]
        read_facts = {lit.fact for term in self.terms.values() for lit in term}
        self.fact_keys: dict[str, tuple[str, ...]] = {}
        for name in self.inputs:
            own = [k for k in ctx.compiled.keys if _fact_of(k) == name and not k.startswith("?")]
            self.fact_keys[name] = tuple(own)
        # the facts a question can be about: input facts with a value domain that a rule reads and
        # that can be unknown (afgerond is a list that defaults to empty; text facts have no domain)
        self.askable = [name for name, spec in self.inputs.items()
                        if name in read_facts and spec.kind != "text" and name != "afgerond"]
        self.classes: dict[str, list[AnswerClass]] = {name: self._classes(name) for name in self.askable}

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
        lits = [lit for k in keys for ri, ti in self.readers.get(k, []) for lit in self.terms[(ri, ti)] if lit.key == k]
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
        return self._holds_checks(self.checks[t], inputs, present)

    @staticmethod
    def _holds_checks(checks: tuple[tuple[Any, ...], ...], inputs: Mapping[str, Any],
                      present: Mapping[str, tuple[Any, ...]]) -> bool:
        for kind, key, qkey, wanted, lit in checks:
            if kind == "unknown":
                if qkey not in inputs:
                    return False
                continue
            values = present.get(key)
            if values is None:
                value = inputs.get(key, _MISSING)
                if value is _MISSING:
                    return False
                values = (value,)
            if wanted is not None:
                if not any((isinstance(v, bool), v) in wanted for v in values):
                    return False
            elif not holds_for(lit, values):
                return False
        return True

    @staticmethod
    def _present(key: str, inputs: Mapping[str, Any], table: Mapping[Any, set[int]], sample: Mapping[Any, Any]) -> tuple[Any, ...]:
        values = [inputs[key]] if key in inputs else []
        values.extend(sample[vk] for vk, rs in table.items() if rs)
        return tuple(values)

    def evaluate(self, state: _State, name: str, answer: AnswerClass, day: dt.date) -> tuple[set[int], set[int], dict[str, list[Any]]]:
        """The rules that fire and the rules skipped (not valid on `day`) once `name` gets `answer`,
        and the derived facts with their values: the same fixpoint as a full consultation."""
        inputs = dict(state.inputs)
        inputs.pop("?" + name, None)
        for k in self.fact_keys[name]:
            inputs.pop(k, None)
        inputs.update(answer.keys)
        support = dict(state.support)   # copied per fact on its first change (see below)
        sample = dict(state.sample)
        own: set[str] = set()
        present = dict(state.present)
        for k in (name, *self.fact_keys[name]):
            if k in present:  # a fact rules also derive (fase): its input value changed
                present[k] = self._present(k, inputs, support[k], sample[k])
        holds = set(state.holds)
        rules = self.ctx.compiled.rules
        todo: list[tuple[int, int]] = []
        queued: set[tuple[int, int]] = set()
        if self.cyclic:
            # derived facts that feed each other could keep supporting one another after their
            # cause is gone: start from no derived fact at all and let every term fire anew
            support, sample, present, holds = {}, {}, {}, set()
            todo, queued = list(self.terms), set(self.terms)

        def enqueue(terms: list[tuple[int, int]]) -> None:
            for t in terms:
                if t not in queued:
                    queued.add(t)
                    todo.append(t)

        def changed(key: str, value: Any) -> None:
            """`key` got or lost `value`: only the terms that can notice it."""
            table = self.val_readers.get(key)
            if table is not None:
                enqueue(table.get((isinstance(value, bool), value), []))
            enqueue(self.other_readers.get(key, []))

        enqueue(self.readers.get("?" + name, []))  # the fact is no longer unknown
        for k, v in answer.keys:  # it was unknown, so it had no value before
            changed(k, v)
        steps = 0
        while todo:
            steps += 1
            if steps > 200_000:  # pragma: no cover - derived facts without cycles settle long before
                raise RuntimeError("relevance: no fixpoint")
            t = todo.pop()
            queued.discard(t)
            now = self._holds(t, inputs, present)
            if now == (t in holds):
                continue
            ri = t[0]
            before = any((ri, ti) in holds for ti in self.rule_terms[ri])
            if now:
                holds.add(t)
            else:
                holds.discard(t)
            after = any((ri, ti) in holds for ti in self.rule_terms[ri])
            if before == after or (self.dated[ri] and not rules[ri].rule.valid_on(day)):
                continue
            for fact, value in self.derives[ri]:
                vk = (isinstance(value, bool), value)
                if fact not in own:
                    own.add(fact)
                    support[fact] = {k: set(rs) for k, rs in support.get(fact, {}).items()}
                    sample[fact] = dict(sample.get(fact, {}))
                table = support[fact]
                backers = table.setdefault(vk, set())
                had = bool(backers)
                if after:
                    backers.add(ri)
                    sample[fact][vk] = value
                else:
                    backers.discard(ri)
                if bool(backers) != had:
                    present[fact] = self._present(fact, inputs, table, sample[fact])
                    changed(fact, value)
        fired_rules = {ri for ri, _ in holds if not (self.dated[ri] and not rules[ri].rule.valid_on(day))}
        skipped = {ri for ri, _ in holds} - fired_rules
        derived = {f: [sample[f][vk] for vk, rs in table.items() if rs] for f, table in support.items()}
        return fired_rules, skipped, {f: v for f, v in derived.items() if v}

    # -- the summary of an advice without building it -----------------------------------------
    def summary(self, flat: Mapping[str, Any], fired_rules: set[int], derived: Mapping[str, list[Any]]) -> Substance:
        """The substance of the advice these rules give, by the conflict policy of engine/advice/assemble.py."""
        kb = self.ctx.kb
        rules = self.ctx.compiled.rules
        if "fase" in flat:
            fase: str | None = flat["fase"]
        else:
            values = derived.get("fase", [])
            fase = min(values, key=lambda v: PHASE_RANK.get(v, 99)) if values else None
        acts: dict[str, list[Any]] = {}
        partners: dict[str, set[str]] = defaultdict(set)
        forms: list[tuple[str, str | None]] = []
        risks: dict[str, int] = {}
        measures: dict[str, set[str]] = defaultdict(set)
        tips: set[str] = set()
        order: set[tuple[str, str]] = set()
        for ri in sorted(fired_rules, key=lambda r: rules[r].rule.id):
            for c in rules[ri].rule.dan:
                if c.activiteit is not None:
                    body = c.activiteit
                    a = acts.setdefault(body.id, [0, None, 0])  # priority rank, owner, owner's rank
                    rank = PRIORITY_RANK[body.prioriteit]
                    a[0] = max(a[0], rank)
                    if body.eigenaar and (rank > a[2] or (rank == a[2] and body.eigenaar < (a[1] or "~"))):
                        a[1], a[2] = body.eigenaar, rank
                elif c.partner is not None:
                    partners[c.partner.id].add(c.partner.rol)
                elif c.formalisatie is not None:
                    forms.append((c.formalisatie.vorm, c.formalisatie.zwaarte))
                elif c.risico is not None:
                    risks[c.risico.id] = max(risks.get(c.risico.id, 0), ERNST_RANK[c.risico.ernst] if c.risico.ernst else 0)
                    if c.risico.maatregel:
                        measures[c.risico.id].add(c.risico.maatregel)
                elif c.tip is not None:
                    tips.add(c.tip.id)
                elif c.volgorde is not None:
                    order.add((c.volgorde.eerst, c.volgorde.dan))
        rank_to_prio = {v: k for k, v in PRIORITY_RANK.items()}
        act_out = []
        for act_id in sorted(acts):
            prio, owner, _ = acts[act_id]
            item = kb.activiteiten[act_id]
            if fase is not None and item.fase in PHASE_RANK and PHASE_RANK[item.fase] > PHASE_RANK.get(fase, 0):
                prio = min(prio, PRIORITY_RANK["zou"])
            act_out.append((act_id, rank_to_prio[prio], owner or item.eigenaar))
        formalisatie: tuple[str, str | None] | None = None
        if forms:
            policy = list(self.ctx.base.beleid.formalisatie_volgorde) if self.ctx.base.beleid else []
            form_rank = {v: n for n, v in enumerate(policy)}
            winner = min({v for v, _ in forms}, key=lambda v: (form_rank.get(v, len(policy)), v))
            weights = [w for v, w in forms if v == winner and w is not None]
            formalisatie = (winner, max(weights, key=ZWAARTE_RANK.__getitem__) if weights else None)
        rank_to_ernst = {v: k for k, v in ERNST_RANK.items()}
        return Substance(
            fase=fase, activiteiten=tuple(act_out),
            partners=tuple((p, tuple(sorted(r))) for p, r in sorted(partners.items())),
            formalisatie=formalisatie,
            risicos=tuple((r, (rank_to_ernst[e] if e else kb.risicos[r].ernst,
                               tuple(sorted(measures[r] | set(kb.risicos[r].maatregelen)))))
                          for r, e in sorted(risks.items())),
            tips=tuple(sorted(tips)), volgorde=frozenset(order),
        )

    # -- the questions ------------------------------------------------------------------------
    def questions(self, flat: Mapping[str, Any], result: Inference, day: dt.date,
                  plan_of: PlanOf | None = None) -> list[OpenVraag]:
        """The relevant questions for a profile, most change first (see the module text).

        `plan_of(name, value)` builds the real plan order of a candidate; it is asked only when
        nothing but a rule's `volgorde` differs (with the shipped base: almost never)."""
        state = self.state(flat, result, day)
        base_rules = {ri for ri, _ in result.fired}
        base_derived = {f: [v for v, _ in pairs] for f, pairs in result.derived.items()}
        base = self.summary(flat, base_rules, base_derived)
        out: list[tuple[tuple[int, int, str], OpenVraag]] = []
        for name in self.askable:
            if name in flat:
                continue
            per_value: dict[Any, Change] = {}
            touched: set[int] = set()
            for answer in self.classes[name]:
                fired, skipped, derived = self.evaluate(state, name, answer, day)
                moved = (fired ^ base_rules) | (skipped ^ set(result.skipped))
                if not moved and name != "fase":  # a given phase is shown as given, whatever fires
                    change = Change((), 0)
                else:
                    trial = {**flat, name: _flat_value(answer.values[0])}
                    after = self.summary(trial, fired, derived)
                    if after.without_plan() == base.without_plan() and after.volgorde != base.volgorde and plan_of:
                        after = _with_plan(after, plan_of(name, answer.values[0]))
                        before = _with_plan(base, plan_of(name, None))
                        change = changes(self.ctx, before, after)
                    else:
                        change = changes(self.ctx, base, after)
                    if change.phrases:
                        touched |= moved
                for value in answer.values:
                    per_value[_hashable(value)] = change
            if not any(c.phrases for c in per_value.values()):
                continue
            out.append(self._question(name, per_value, touched))
        out_sorted = sorted(out, key=lambda x: x[0])
        return [q for _, q in out_sorted]

    def _question(self, name: str, per_value: Mapping[Any, Change], touched: set[int]) -> tuple[tuple[int, int, str], OpenVraag]:
        spec = self.facts[name]
        text = question_text(name)
        rules = self.ctx.compiled.rules
        antwoorden = []
        intervals = dict(self.intervals(name)) if spec.kind == "int" else {}
        for value in self.answers(name):
            change = per_value[_hashable(value)]
            label = (answer_label(name, value, self.ctx.kb, upto=intervals.get(value))
                     if spec.kind == "int" else answer_label(name, value, self.ctx.kb))
            antwoorden.append(Antwoord(waarde=value, label=label, verandert=list(change.phrases)))
        top = max(c.weight for c in per_value.values())
        total = sum(c.weight for c in per_value.values())
        q = OpenVraag(feit=name, omschrijving=spec.description, waarden=[a.waarde for a in antwoorden],
                      regels=sorted({rules[ri].rule.id for ri in touched}), gewicht=top,
                      vraag=text.vraag, uitleg=text.uitleg, antwoorden=antwoorden)
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
        askable = set(self.askable)
        inputs, present = state.inputs, state.present
        unstable: set[str] = set()
        while True:
            count: dict[str, int] = defaultdict(int)
            grown = set(unstable)
            for t, checks in self.checks.items():
                found: set[str] = set()
                moving = False
                alive = True
                for check in checks:
                    kind, key, qkey, _wanted, lit = check
                    fact = lit.fact
                    if kind == "unknown":
                        if qkey not in inputs:
                            alive = False
                            break
                        if t in fired and fact in askable and fact not in settled:
                            found.add(fact)  # it holds because the fact is unknown; an answer ends that
                        continue
                    derived_key = fact not in self.inputs or self.facts[fact].derivable  # a rule can give it a value
                    if derived_key and fact in unstable:
                        moving = True
                        continue
                    if fact in self.inputs and fact not in flat:
                        if fact in settled or fact not in askable:
                            if not derived_key:
                                alive = False  # stays unknown: its value test never holds
                                break
                        else:
                            found.add(fact)
                            continue
                    if not self._holds_checks((check,), inputs, present):
                        alive = False
                        break
                if not alive:
                    continue
                for fact in found:
                    count[fact] += 1
                if found or moving:
                    grown.update(f for f, _ in self.derives[t[0]])
            if grown == unstable:
                return sorted(count, key=lambda f: (-count[f], f))
            unstable = grown


def _with_plan(s: Substance, plan: tuple[str, ...]) -> Substance:
    return Substance(s.fase, s.activiteiten, s.partners, s.formalisatie, s.risicos, s.tips, plan, s.volgorde)


_MISSING = object()


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


