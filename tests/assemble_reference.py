# Frozen copy of engine/advice/assemble.py before the fast build (commit 264c9e7), kept unchanged as a test
# oracle: tests/test_fast_build.py holds the engine's build equal to this one. Not used by the engine.
"""Turn what fired into an advice: conclusions merged by the declared conflict policy, each with why.

Conflict policy (also in every advice under regelbasis.beleid):
- an activity concluded by several rules gets the highest priority (moet > zou > kan); its owner
  comes from the highest-priority rule that names one (ties: alphabetical, with a warning);
- an activity of a later phase than the current one is at most 'zou' for now;
- formalisation: the first concluded form in beleid.formalisatie_volgorde wins; the heaviest
  weight among the winning rules wins (zwaar > licht); the other forms become alternatives;
- a risk gets the highest severity any rule gives it, or the knowledge base's default;
- every contributing rule is listed in `waarom`, losers of a conflict under `verworpen`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plan_reference import Plan, make_plan, rule_ordering
from progress_reference import progress

from samenwerkwijzer.engine.advice.consistency import done_out_of_order
from samenwerkwijzer.engine.advice.context import RuleContext
from samenwerkwijzer.engine.advice.draftwords import dutch_date
from samenwerkwijzer.engine.logic.conditions import Literal as Lit
from samenwerkwijzer.engine.logic.inference import Inference
from samenwerkwijzer.engine.model.advice import (
    ActiviteitAdvies,
    Advies,
    AfgeleidFeitAdvies,
    FaseAdvies,
    FormalisatieAdvies,
    OpenVraag,
    PartnerAdvies,
    Reden,
    Regelbasis,
    RisicoAdvies,
    TipAdvies,
    Verworpen,
    Waarschuwing,
)
from samenwerkwijzer.engine.model.facts import Initiatief
from samenwerkwijzer.engine.model.kennisbank import Kennisbank
from samenwerkwijzer.engine.model.rules import (
    ActiviteitConclusie,
    FormalisatieConclusie,
    PartnerConclusie,
    Regel,
    RisicoConclusie,
    TipConclusie,
    VolgordeConclusie,
    WaarschuwingConclusie,
)
from samenwerkwijzer.engine.model.vocabulary import ERNST_RANK, PHASE_RANK, PRIORITY_RANK, ZWAARTE_RANK

__all__ = ["build"]

POLICY = [
    "prioriteit: de hoogste wint (moet > zou > kan)",
    "activiteiten uit een latere fase zijn nu hoogstens 'zou'",
    "formalisatie: de eerste geconcludeerde vorm in beleid.formalisatie_volgorde wint; zwaar wint van licht",
    "risico: de hoogste ernst wint, anders de standaard uit de kennisbank",
]


def reason(base: RuleContext, result: Inference, flat: Mapping[str, object], ri: int, ti: int) -> Reden:
    """Why rule `ri` fired through term `ti`: the rule and the facts its term read."""
    cr = base.compiled.rules[ri]
    rule = cr.rule
    feiten: dict[str, object] = {}
    for lit in cr.terms[ti]:
        feiten[lit.fact] = fact_value(lit, result, flat)
    return Reden(regel=rule.id, titel=rule.titel, bron=rule.bron, toelichting=rule.toelichting,
                 feiten=dict(sorted(feiten.items())))


def fact_value(lit: Lit, result: Inference, flat: Mapping[str, object]) -> object:
    if lit.kind == "unknown":
        return "onbekend"
    name = lit.fact
    if name in flat:
        value = flat[name]
        return list(value) if isinstance(value, tuple) else value
    if name in result.derived:
        values = [v for v, _ in result.derived[name]]
        return values[0] if len(values) == 1 else values
    return result.keys.get(lit.key)


def build(ctx: RuleContext, initiatief: Initiatief, flat: dict[str, Any], result: Inference, day: dt.date,
          open_questions: list[OpenVraag]) -> tuple[Advies, Plan]:
    """The advice and its plan, one way: conclusions are merged, the plan is made of the activities,
    then the advice is assembled around that plan (nothing is filled in afterwards)."""
    kb: Kennisbank = ctx.kb
    rules = ctx.compiled.rules
    reasons: dict[tuple[int, int], Reden] = {}

    def why(ri: int, ti: int) -> Reden:
        if (ri, ti) not in reasons:
            reasons[(ri, ti)] = reason(ctx, result, flat, ri, ti)
        return reasons[(ri, ti)]

    by_kind = _by_kind(ctx, result)

    fase, fase_advies = _phase(flat, result, why)
    phase_rank = PHASE_RANK
    waarschuwingen: list[Waarschuwing] = []
    for name, values in sorted(result.derived.items()):
        distinct = sorted({repr(v) for v, _ in values})
        if len(distinct) > 1 and ctx.facts[name].kind != "list":
            ids = sorted({rules[ri].rule.id for _, ri in values})
            waarschuwingen.append(Waarschuwing(
                soort="tegenstrijdig-afgeleid", regels=ids, feiten={name: [v for v, _ in values]},
                tekst=f"tegenstrijdig afgeleid feit '{name}': {', '.join(distinct)} (regels: {', '.join(ids)})"))

    done = set(initiatief.afgerond)
    acts: dict[str, dict[str, Any]] = {}
    for body, ri, ti in by_kind.activiteit:
        a = acts.setdefault(body.id, {"prio": 0, "eigenaar": None, "eig_rank": 0, "waarom": [], "owners": {}})
        rank = PRIORITY_RANK[body.prioriteit]
        a["prio"] = max(a["prio"], rank)
        if body.eigenaar:
            a["owners"].setdefault(rank, {}).setdefault(body.eigenaar, []).append(rules[ri].rule.id)
            if rank > a["eig_rank"] or (rank == a["eig_rank"] and body.eigenaar < (a["eigenaar"] or "~")):
                a["eigenaar"], a["eig_rank"] = body.eigenaar, rank
        a["waarom"].append(why(ri, ti))
    for act_id, a in sorted(acts.items()):
        top = a["owners"].get(a["eig_rank"], {})
        if len(top) > 1:
            shown = "; ".join(f"{o} ({', '.join(sorted(set(ids)))})" for o, ids in sorted(top.items()))
            waarschuwingen.append(Waarschuwing(
                soort="eigenaar-botst", regels=sorted({i for ids in top.values() for i in ids}),
                tekst=f"activiteit '{act_id}': regels met dezelfde prioriteit noemen een andere eigenaar: "
                      f"{shown}; gekozen: {a['eigenaar']}"))
    activiteiten = []
    rank_to_prio = {v: k for k, v in PRIORITY_RANK.items()}
    for act_id in sorted(acts):
        a, item = acts[act_id], kb.activiteiten[act_id]
        prio = a["prio"]
        if fase is not None and item.fase in phase_rank and phase_rank[item.fase] > phase_rank.get(fase, 0):
            prio = min(prio, PRIORITY_RANK["zou"])
        activiteiten.append(ActiviteitAdvies(
            id=act_id, titel=item.titel, omschrijving=item.omschrijving, rol=item.rol, klaar_als=item.klaar_als,
            doorlooptijd=item.doorlooptijd, fase=item.fase or "", spoor=item.spoor, prioriteit=rank_to_prio[prio],  # type: ignore[arg-type]
            eigenaar=a["eigenaar"] or item.eigenaar, na=list(item.na), bron=item.bron, afgerond=act_id in done,
            waarom=_unique(a["waarom"]),
        ))

    partners: dict[str, dict[str, Any]] = {}
    for pbody, ri, ti in by_kind.partner:
        p = partners.setdefault(pbody.id, {"rollen": [], "waarom": []})
        if pbody.rol not in p["rollen"]:
            p["rollen"].append(pbody.rol)
        p["waarom"].append(why(ri, ti))
    partner_out = [PartnerAdvies(id=pid, naam=kb.partners[pid].naam, rollen=p["rollen"], waarom=_unique(p["waarom"]))
                   for pid, p in sorted(partners.items())]

    formalisatie = _formalisation(by_kind.formalisatie, ctx, why)

    risks: dict[str, dict[str, Any]] = {}
    for rbody, ri, ti in by_kind.risico:
        r = risks.setdefault(rbody.id, {"ernst": 0, "extra": [], "waarom": []})
        if rbody.ernst:
            r["ernst"] = max(r["ernst"], ERNST_RANK[rbody.ernst])
        if rbody.maatregel and rbody.maatregel not in r["extra"]:
            r["extra"].append(rbody.maatregel)
        r["waarom"].append(why(ri, ti))
    rank_to_ernst = {v: k for k, v in ERNST_RANK.items()}
    risico_out = []
    for rid, r in sorted(risks.items()):
        risk = kb.risicos[rid]
        ernst = rank_to_ernst[r["ernst"]] if r["ernst"] else risk.ernst
        risico_out.append(RisicoAdvies(id=rid, titel=risk.titel, ernst=ernst, maatregelen=r["extra"] + list(risk.maatregelen),  # type: ignore[arg-type]
                                       waarom=_unique(r["waarom"])))
    risico_out.sort(key=lambda r: (-ERNST_RANK[r.ernst], r.id))

    tips: dict[str, list[Reden]] = defaultdict(list)
    for tbody, ri, ti in by_kind.tip:
        tips[tbody.id].append(why(ri, ti))
    tip_out = [TipAdvies(id=tid, titel=kb.tips[tid].titel, omschrijving=kb.tips[tid].omschrijving, waarom=_unique(w))
               for tid, w in sorted(tips.items())]

    derived_out = []
    for name, values in sorted(result.derived.items()):
        grouped: dict[str, tuple[Any, list[str]]] = {}
        for v, ri in values:
            grouped.setdefault(repr(v), (v, []))[1].append(rules[ri].rule.id)
        for _, (v, ids) in sorted(grouped.items()):
            derived_out.append(AfgeleidFeitAdvies(feit=name, waarde=v, regels=sorted(set(ids))))

    for wbody, ri, ti in by_kind.waarschuwing:
        waarschuwingen.append(_warning(wbody, why(ri, ti)))
    waarschuwingen.extend(done_out_of_order(kb, fase, initiatief.afgerond))

    for ri in sorted(set(result.skipped)):
        skipped = rules[ri].rule
        waarschuwingen.append(Waarschuwing(soort="regel-niet-geldig", regels=[skipped.id], bron=skipped.bron,
                                           tekst=_not_valid(skipped, day)))
    waarschuwingen.extend(_uncertain_dates(rules[ri].rule for ri in sorted({ri for ri, _ in result.fired})))

    plan = make_plan(activiteiten, rule_ordering(((b, ri) for b, ri, _ in by_kind.volgorde), ctx), kb)
    advies = Advies(
        naam=initiatief.naam, gemeente=initiatief.gemeente.naam, fase=fase_advies, activiteiten=activiteiten, partners=partner_out,
        formalisatie=formalisatie, risicos=risico_out, tips=tip_out, plan=plan.phases, generaties=plan.generations,
        voortgang=progress(kb, fase, activiteiten, done), open_vragen=open_questions,
        afgeleide_feiten=derived_out, waarschuwingen=sorted(waarschuwingen, key=lambda w: (w.tekst, w.soort)),
        regelbasis=Regelbasis(versie=ctx.version, hash=ctx.digest, regels=len(rules), peildatum=day, beleid=POLICY,
                              engine=ctx.engine),
    )
    return advies, plan


@dataclass
class _ByKind:
    """The conclusions of the rules that fired, per kind, each with (rule index, term index)."""

    activiteit: list[tuple[ActiviteitConclusie, int, int]] = field(default_factory=list)
    partner: list[tuple[PartnerConclusie, int, int]] = field(default_factory=list)
    formalisatie: list[tuple[FormalisatieConclusie, int, int]] = field(default_factory=list)
    risico: list[tuple[RisicoConclusie, int, int]] = field(default_factory=list)
    tip: list[tuple[TipConclusie, int, int]] = field(default_factory=list)
    volgorde: list[tuple[VolgordeConclusie, int, int]] = field(default_factory=list)
    waarschuwing: list[tuple[WaarschuwingConclusie, int, int]] = field(default_factory=list)


def _by_kind(ctx: RuleContext, result: Inference) -> _ByKind:
    rules = ctx.compiled.rules
    out = _ByKind()
    fired_rules: dict[int, int] = {}
    for ri, ti in result.fired:
        fired_rules.setdefault(ri, ti)
    for ri, ti in sorted(fired_rules.items(), key=lambda x: rules[x[0]].rule.id):
        for c in rules[ri].rule.dan:
            if c.activiteit is not None:
                out.activiteit.append((c.activiteit, ri, ti))
            elif c.partner is not None:
                out.partner.append((c.partner, ri, ti))
            elif c.formalisatie is not None:
                out.formalisatie.append((c.formalisatie, ri, ti))
            elif c.risico is not None:
                out.risico.append((c.risico, ri, ti))
            elif c.tip is not None:
                out.tip.append((c.tip, ri, ti))
            elif c.volgorde is not None:
                out.volgorde.append((c.volgorde, ri, ti))
            elif c.waarschuwing is not None:
                out.waarschuwing.append((c.waarschuwing, ri, ti))
    return out


def _warning(body: WaarschuwingConclusie, why: Reden) -> Waarschuwing:
    """A rule's warning, with the known facts its condition read (the facts that clash) and its source."""
    known = {name: value for name, value in why.feiten.items() if value is not None and value != "onbekend"}
    return Waarschuwing(soort=body.soort, tekst=" ".join(body.tekst.split()), feiten=known, regels=[why.regel],
                        bron=why.bron)


def _not_valid(rule: Regel, day: dt.date) -> str:
    """Why a rule that would fire does not count on `day`, in words for the reader (the id is in `regels`)."""
    titel = rule.titel.rstrip(".")
    titel = titel if titel[1:2].isupper() else titel[:1].lower() + titel[1:]  # keep an abbreviation (SOK) as it is
    unsure = " Die datum is nog niet zeker." if rule.datum_onzeker else ""
    if rule.geldig_vanaf is not None and day < rule.geldig_vanaf:
        return f"Vanaf {dutch_date(rule.geldig_vanaf)} telt ook mee: {titel}. Op {dutch_date(day)} nog niet.{unsure}"
    assert rule.geldig_tot is not None
    return f"Tot en met {dutch_date(rule.geldig_tot)} telde ook mee: {titel}. Op {dutch_date(day)} niet meer.{unsure}"


def _uncertain_dates(fired: Iterable[Regel]) -> list[Waarschuwing]:
    """One warning per uncertain date the advice rests on (say, a law's expected start), naming its rules."""
    by_text: dict[str, list[Regel]] = defaultdict(list)
    for rule in fired:
        if rule.datum_onzeker is not None:
            by_text[" ".join(rule.datum_onzeker.split())].append(rule)
    return [Waarschuwing(soort="datum-onzeker", tekst=text, regels=sorted(r.id for r in group),
                         bron=min(r.bron for r in group))
            for text, group in sorted(by_text.items())]


def _unique(reasons: list[Reden]) -> list[Reden]:
    seen: dict[str, Reden] = {}
    for r in reasons:
        seen.setdefault(r.regel, r)
    return [seen[k] for k in sorted(seen)]


def _phase(flat: dict[str, Any], result: Inference, why: Callable[[int, int], Reden]) -> tuple[str | None, FaseAdvies]:
    if "fase" in flat:
        return flat["fase"], FaseAdvies(waarde=flat["fase"], bepaald_door="invoer")
    values = result.derived.get("fase", [])
    if not values:
        return None, FaseAdvies(waarde=None, bepaald_door="onbekend")
    order = PHASE_RANK
    value = min((v for v, _ in values), key=lambda v: order.get(v, 99))
    reasons = []
    for v, ri in values:
        if v == value:
            ti = next(t for r, t in result.fired if r == ri)
            reasons.append(why(ri, ti))
    # derived from facts only when the rule read a fact that is known; a rule that fired on unknowns
    # alone (nothing signed because nothing is filled in) assumed the phase
    read = sorted({name for r in reasons for name in r.feiten if name != "fase"})
    if not any(name in flat or name in result.derived for name in read):
        return value, FaseAdvies(waarde=value, bepaald_door="aangenomen", waarom=_unique(reasons), ontbrekend=read)
    return value, FaseAdvies(waarde=value, bepaald_door="regel", waarom=_unique(reasons))


def _unique_texts(texts: list[str]) -> list[str]:
    """Texts in their first order, each once (the form's own points first, then those rules add)."""
    return list(dict.fromkeys(t.strip() for t in texts))


def _formalisation(items: list[tuple[FormalisatieConclusie, int, int]], ctx: RuleContext,
                   why: Callable[[int, int], Reden]) -> FormalisatieAdvies | None:
    if not items:
        return None
    kb: Kennisbank = ctx.kb
    order = list(ctx.base.beleid.formalisatie_volgorde) if ctx.base.beleid else []
    rank = {v: n for n, v in enumerate(order)}
    forms = sorted({body.vorm for body, _, _ in items}, key=lambda v: (rank.get(v, len(order)), v))
    winner = forms[0]
    win_items = [(b, ri, ti) for b, ri, ti in items if b.vorm == winner]
    weights: list[str] = []
    for b, _, _ in win_items:
        if b.zwaarte is not None:
            weights.append(b.zwaarte)
    zwaarte = max(weights, key=ZWAARTE_RANK.__getitem__) if weights else None
    alternatives: list[str] = []
    for alt in [a for b, _, _ in win_items for a in b.alternatieven] + list(kb.vormen[winner].alternatieven) + forms[1:]:
        if alt != winner and alt not in alternatives:
            alternatives.append(alt)
    lost = sorted({(b.vorm, ctx.compiled.rules[ri].rule.id) for b, ri, _ in items if b.vorm != winner})
    return FormalisatieAdvies(
        vorm=winner, titel=kb.vormen[winner].titel, zwaarte=zwaarte, alternatieven=alternatives,  # type: ignore[arg-type]
        inhoud=_unique_texts(list(kb.vormen[winner].inhoud) + [p for b, _, _ in win_items for p in b.inhoud]), waarom=_unique([why(ri, ti) for _, ri, ti in win_items]),
        verworpen=[Verworpen(vorm=v, regel=r) for v, r in lost],
    )
