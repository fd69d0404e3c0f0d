"""An explanation (engine/explain.py) as Dutch text for the terminal, at most 100 columns wide."""

from __future__ import annotations

import textwrap

from ..advice.explain import FeitUitleg, RegelNiet, RegelUitleg, Uitleg
from ..terminal import scrub
from .plain import show

WIDTH = 100
MAX_CASES = 3
ORIGIN = {"invoer": "invoer", "afgeleid": "afgeleid", "onbekend": "niet opgegeven"}


def _wrap(lines: list[str], text: str, indent: int, hang: int = 2) -> None:
    lines.extend(textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                               break_on_hyphens=False, break_long_words=False) or [" " * indent])


def explanation_text(u: Uitleg) -> str:
    """The explanation for a terminal; every string scrubbed first, so no value starts a line (engine/terminal.py)."""
    u = scrub(u)
    lines: list[str] = []
    _wrap(lines, f"Uitleg voor '{u.id}' ({u.soort}): {u.titel}", 0)
    _wrap(lines, f"Geconcludeerd: {'ja' if u.geconcludeerd else 'nee'}; {u.status}", 0)
    for note in u.opmerkingen:
        _wrap(lines, f"Let op: {note}", 0)
    if u.hoe:
        lines += ["", "Hoe het advies hiertoe kwam"]
        seen: set[str] = set()
        for r in u.hoe:
            _rule(lines, r, 2, seen)
    if u.waarom_niet:
        lines += ["", "Waarom niet" if not u.geconcludeerd else "Andere regels die dit hadden kunnen concluderen"]
        for rn in u.waarom_niet:
            _not(lines, rn, 2)
    if not u.hoe and not u.waarom_niet and not u.opmerkingen:
        lines += ["", "Geen regel leidt hiertoe."]
    return "\n".join(lines) + "\n"


def _rule(lines: list[str], r: RegelUitleg, indent: int, seen: set[str]) -> None:
    _wrap(lines, f"• regel '{r.regel}': {r.titel}", indent, 4)
    if r.regel in seen:
        _wrap(lines, "(zie hierboven)", indent + 4)
        return
    seen.add(r.regel)
    case = f", geval {r.geval} van {r.gevallen}" if r.gevallen > 1 else ""
    _wrap(lines, f"{r.plaats}{case}; bron: {r.bron}", indent + 4)
    _wrap(lines, r.toelichting.strip(), indent + 4)
    if not r.feiten:
        _wrap(lines, "- geldt altijd (geen voorwaarde)", indent + 4)
    for f in r.feiten:
        _fact(lines, f, indent + 4, seen)


def _fact(lines: list[str], f: FeitUitleg, indent: int, seen: set[str]) -> None:
    if f.herkomst == "onbekend":
        _wrap(lines, f"- {f.toets} (niet opgegeven)", indent, 4)
        return
    _wrap(lines, f"- {f.toets} ({ORIGIN[f.herkomst]}: {show(f.waarde)})", indent, 4)
    for r in f.afgeleid_door:
        _rule(lines, r, indent + 4, seen)


def _not(lines: list[str], r: RegelNiet, indent: int) -> None:
    _wrap(lines, f"• regel '{r.regel}': {r.titel} ({r.plaats})", indent, 4)
    if r.reden == "peildatum":
        _wrap(lines, "De voorwaarde klopt, maar de regel is niet geldig op de peildatum.", indent + 4)
        return
    for g in r.gevallen[:MAX_CASES]:
        head = f"geval {g.geval}" if len(r.gevallen) > 1 else "voorwaarde"
        if g.voldaan:
            _wrap(lines, f"{head}: wel voldaan: {'; '.join(g.voldaan)}", indent + 4, 4)
        else:
            _wrap(lines, f"{head}:", indent + 4)
        for t in g.mislukt:
            if t.ontbreekt:
                _wrap(lines, f"- ontbreekt: {t.toets} ('{t.feit}' is onbekend)", indent + 6, 4)
            elif t.toets.endswith(" is onbekend"):
                _wrap(lines, f"- niet voldaan: {t.toets} ('{t.feit}' is opgegeven: {show(t.waarde)})", indent + 6, 4)
            else:
                _wrap(lines, f"- niet voldaan: {t.toets} (waarde: {show(t.waarde)})", indent + 6, 4)
            for deeper in t.niet_afgeleid:
                _not(lines, deeper, indent + 10)
    if len(r.gevallen) > MAX_CASES:
        more = len(r.gevallen) - MAX_CASES
        _wrap(lines, f"… en nog {more} {'geval' if more == 1 else 'gevallen'} (alle gevallen: --formaat json)", indent + 4)
