"""The knowledge base as readable Dutch text for the terminal."""

from __future__ import annotations

from ..model.kennisbank import Kennisbank
from ..terminal import scrub


def kb_text(kb: Kennisbank) -> str:
    """The knowledge base for a terminal; every string scrubbed first, so no value starts a line (engine/terminal.py)."""
    kb = scrub(kb)
    out: list[str] = []
    add = out.append
    add("Kennisbank: stappenplan samenwerking gemeente en bewonersinitiatief")
    add("")
    add("Ontwikkelsporen")
    for s in sorted(kb.sporen.values(), key=lambda s: s.nummer):
        add(f"  {s.nummer}. {s.titel} ({s.id})")
    add("")
    for fase_id in kb.phase_order():
        f = kb.fasen[fase_id]
        add(f"Fase {f.volgorde}: {f.titel}")
        add(f"  {f.omschrijving.strip()}")
        add("  Doelen")
        for d in f.doelen:
            add(f"    - {d.titel} ({d.id})")
        add("  Activiteiten")
        for a in f.activiteiten:
            na = f" — na: {', '.join(a.na)}" if a.na else ""
            add(f"    - {a.titel} ({a.id}; spoor {a.spoor}; {a.eigenaar}){na}")
            for label, value in (("wie", a.rol), ("klaar als", a.klaar_als), ("duurt", a.doorlooptijd)):
                if value:
                    add(f"        {label}: {value.strip()}")
        add("  Met wie")
        for m in f.met_wie:
            add(f"    - {kb.partners[m.partner].naam}: {m.rol.strip()}")
        if f.tips:
            add("  Tips")
            for t in f.tips:
                add(f"    - {t.titel}")
        add(f"  Resultaat: {f.resultaat.titel}")
        add("")
    add("Partners")
    for p in sorted(kb.partners.values(), key=lambda p: p.id):
        add(f"  - {p.naam} ({p.id})")
    add("")
    add("Formalisatievormen")
    for v in sorted(kb.vormen.values(), key=lambda v: v.id):
        add(f"  - {v.titel} ({v.id}; fase {v.fase})")
    add("")
    add("Risico's")
    for r in sorted(kb.risicos.values(), key=lambda r: r.id):
        add(f"  - [{r.ernst}] {r.titel} ({r.id})")
    general = sorted(tip_id for tip_id, where in kb.where.items() if tip_id in kb.tips and where.path[0] == "tips")
    if general:  # tips that belong to no phase, such as what a law means
        add("")
        add("Tips buiten de fases")
        for tip_id in general:
            add(f"  - {kb.tips[tip_id].titel} ({tip_id})")
    add("")
    add("Participatieniveaus")
    for niveau in sorted(kb.participatieniveaus.values(), key=lambda n: n.volgorde):
        add(f"  {niveau.volgorde}. {niveau.titel}: {niveau.omschrijving.strip()}")
    if kb.begrippen:
        add("")
        add("Begrippen")
        for b in sorted(kb.begrippen.values(), key=lambda b: b.term.casefold()):
            add(f"  - {b.term}: {b.uitleg.strip()}")
    return "\n".join(out) + "\n"
