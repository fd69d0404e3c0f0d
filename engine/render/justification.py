"""The "Verantwoording": what the advice rests on, for the reader who wants to check it.

Everything the reading part (engine/render/reading.py) keeps out: rule ids with their title,
rationale, source and the facts they read; which rules led to each step, partner, risk, tip and
the agreement; forms that lost under the policy; derived facts; the facts behind the open
questions; the rule base (version, hash, engine, policy). Plain text entries; each format
escapes and lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..advice.consult import Consult
from ..model.advice import Reden
from .phasetext import phase_how
from .plain import facts_text, show
from .reading import Voor, visible


@dataclass(frozen=True)
class Part:
    titel: str
    regels: tuple[str, ...]


def _ids(reasons: list[Reden]) -> str:
    return ", ".join(r.regel for r in reasons) or "geen regel"


def parts(consult: Consult, voor: Voor = "gemeente") -> tuple[Part, ...]:
    advies, titles = consult.advice, consult.titles
    out: list[Part] = []
    fase = advies.fase
    out.append(Part("Fase", (f"{titles.phase(fase.waarde)}: {phase_how(fase)}"
                             + (f" (regels: {_ids(fase.waarom)})" if fase.waarom else ""),)))
    led: list[str] = []
    for a in advies.activiteiten:
        if visible(a.id, voor, titles):
            led.append(f"stap '{a.titel}' ({a.id}, {a.prioriteit}, bron {a.bron}): {_ids(a.waarom)}")
    for p in advies.partners:
        if visible(p.id, voor, titles):
            led.append(f"partner '{p.naam}' ({p.id}): {_ids(p.waarom)}")
    if advies.formalisatie is not None:
        f = advies.formalisatie
        led.append(f"afspraak '{f.titel}' ({f.vorm}): {_ids(f.waarom)}")
        led.extend(f"verworpen vorm {v.vorm}: regel {v.regel}" for v in f.verworpen)
    for risk in advies.risicos:
        if visible(risk.id, voor, titles):
            led.append(f"risico '{risk.titel}' ({risk.id}, ernst {risk.ernst}): {_ids(risk.waarom)}")
    for t in advies.tips:
        if visible(t.id, voor, titles):
            led.append(f"tip '{t.titel}' ({t.id}): {_ids(t.waarom)}")
    out.append(Part("Welke regels tot elk onderdeel leidden", tuple(led)))
    seen: dict[str, Reden] = {}
    groups: list[list[Reden]] = [fase.waarom] + [a.waarom for a in advies.activiteiten] + [p.waarom for p in advies.partners]
    groups += [risk.waarom for risk in advies.risicos] + [t.waarom for t in advies.tips]
    if advies.formalisatie is not None:
        groups.append(advies.formalisatie.waarom)
    for reasons in groups:
        for r in reasons:
            seen.setdefault(r.regel, r)
    out.append(Part("Regels", tuple(f"{rid}: {seen[rid].titel}. {' '.join(seen[rid].toelichting.split())} "
                                    f"(bron: {seen[rid].bron}; feiten: {facts_text(seen[rid])})" for rid in sorted(seen))))
    if advies.afgeleide_feiten:
        out.append(Part("Afgeleide feiten", tuple(f"{d.feit} = {show(d.waarde)} (regels: {', '.join(d.regels)})"
                                                  for d in advies.afgeleide_feiten)))
    questions = [q for q in advies.open_vragen if visible(q.feit, voor, titles)]
    if questions:
        out.append(Part("Open vragen: feiten en regels", tuple(
            f"{q.feit} (mogelijk: {show(q.waarden)}; raakt regels: {', '.join(q.regels)})" for q in questions)))
    rb = advies.regelbasis
    out.append(Part("Regelbasis", (f"versie {rb.versie}, {rb.regels} regels, hash {rb.hash}, peildatum "
                                   f"{rb.peildatum.isoformat()}, regelmachine {rb.engine}",
                                   f"beleid bij botsende conclusies: {'; '.join(rb.beleid)}")))
    return tuple(out)
