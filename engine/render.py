"""Render an advice: json (the contract), tekst (terminal). Output is deterministic."""

from __future__ import annotations

import json
from typing import Any

from .advice import Advies


def to_json(advies: Advies) -> str:
    data = advies.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_text(advies: Advies) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"Advies voor {advies.naam}")
    add("=" * len(lines[-1]))
    fase = advies.fase
    how = {"invoer": "opgegeven", "regel": "afgeleid", "onbekend": "niet te bepalen"}[fase.bepaald_door]
    add(f"Fase: {fase.waarde or 'onbekend'} ({how}{': ' + ', '.join(r.regel for r in fase.waarom) if fase.waarom else ''})")
    add("")
    if advies.plan:
        add("Stappenplan")
        n = 0
        for group in advies.plan:
            add(f"  {group.fase}")
            for step in group.stappen:
                n += 1
                after = f"  (na: {', '.join(step.na)})" if step.na else ""
                add(f"  {n:>3}. [{step.prioriteit}] {step.titel} — {step.eigenaar}{after}")
        add("")
    if advies.formalisatie:
        f = advies.formalisatie
        add(f"Formalisatie: {f.titel}" + (f" ({f.zwaarte})" if f.zwaarte else ""))
        if f.alternatieven:
            add(f"  alternatieven: {', '.join(f.alternatieven)}")
        add(f"  waarom: {_why(f.waarom)}")
        add("")
    _section(lines, "Partners", [(p.naam, "; ".join(p.rollen), p.waarom) for p in advies.partners])
    _section(lines, "Risico's", [(f"{r.titel} [{r.ernst}]", r.maatregelen[0] if r.maatregelen else "", r.waarom) for r in advies.risicos])
    _section(lines, "Tips", [(t.titel, "", t.waarom) for t in advies.tips])
    if advies.open_vragen:
        add("Open vragen (wat het advies kan veranderen)")
        for q in advies.open_vragen:
            add(f"  - {q.feit}: {q.omschrijving} ({len(q.regels)} regel(s))")
        add("")
    for w in advies.waarschuwingen:
        add(f"Let op: {w}")
    rb = advies.regelbasis
    add(f"Regelbasis {rb.versie}, {rb.regels} regels, hash {rb.hash}, peildatum {rb.peildatum.isoformat()}")
    return "\n".join(lines) + "\n"


def _why(reasons: list[Any]) -> str:
    return ", ".join(r.regel for r in reasons)


def _section(lines: list[str], title: str, rows: list[tuple[str, str, list[Any]]]) -> None:
    if not rows:
        return
    lines.append(title)
    for head, detail, why in rows:
        lines.append(f"  - {head}" + (f": {detail}" if detail else ""))
        lines.append(f"      waarom: {_why(why)}")
    lines.append("")


RENDERERS = {"json": to_json, "tekst": to_text}
