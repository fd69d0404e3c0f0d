"""The intake on a terminal, as text: one question with its numbered answers, and what an answer changed.

Also the list of `samenwerkwijzer vragen` as text. Every piece of user or knowledge-base text goes
through `terminal.line`, so no control character reaches the screen.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..advice.intake import IntakeVraag, choices
from ..model.advice import OpenVraag
from ..model.questiontexts import DONT_KNOW
from ..terminal import line

SHOWN_EFFECTS = 2   # per answer, the first effects shown beside it
SHOWN_CHANGES = 6   # after an answer, the first changes shown


def _effect(verandert: Sequence[str]) -> str:
    if not verandert:
        return ""
    shown = "; ".join(verandert[:SHOWN_EFFECTS])
    more = len(verandert) - SHOWN_EFFECTS
    return f"  -> {shown}" + (f" (en nog {more})" if more > 0 else "")


def question_text(iv: IntakeVraag, number: int, left: int) -> str:
    """One question on the screen: the question, its help text, the choices and the keys for 'weet ik
    niet' and stop. `left`: how many questions are still open after this one, at most."""
    q = iv.vraag
    out = ["", line(f"Vraag {number} (nog hoogstens {left} daarna): {q.vraag}"), line(f"  {q.uitleg}"),
           line(f"  (in het bestand: {q.feit})")]
    if iv.reden == "samen":
        out.append("  Dit antwoord verandert het advies nu nog niet, maar samen met andere antwoorden misschien wel.")
    if iv.soort == "tekst":
        out.append("  Typ het antwoord.")
    elif iv.soort == "getal":
        for a in q.antwoorden:
            out.append(line(f"     {a.label}{_effect(a.verandert)}"))
        out.append("  Typ een getal.")
    else:
        for n, a in enumerate(choices(iv), start=1):
            out.append(line(f"  {n:>2}  {a.label}{_effect(a.verandert)}"))
        if iv.soort == "lijst":
            none = next((a for a in q.antwoorden if a.waarde == []), None)
            out.append(line(f"   0  geen van deze{_effect(none.verandert) if none else ''}"))
            out.append("  Meer dan één? Typ de nummers met een spatie ertussen.")
    if q.feit != "naam":
        out.append(f"   w  {DONT_KNOW}")
    out.append("   s  stoppen (wat u al invulde, is bewaard)")
    return "\n".join(out)


def change_text(summary: str, changes: Sequence[str]) -> str:
    """What the answer did to the advice, short."""
    out = [line(f"  Advies nu: {summary}")]
    if not changes:
        out.append("  Het advies verandert hierdoor niet.")
    else:
        out.append("  Wat er verandert:")
        out += [line(f"  - {c}") for c in changes[:SHOWN_CHANGES]]
        if len(changes) > SHOWN_CHANGES:
            out.append(f"  - en nog {len(changes) - SHOWN_CHANGES} andere veranderingen")
    return "\n".join(out)


def questions_text(questions: Sequence[OpenVraag]) -> str:
    """`samenwerkwijzer vragen` as text: each relevant question with, per answer, what it changes."""
    if not questions:
        return "Geen open vragen: wat nog onbekend is, verandert het advies niet.\n"
    out = [f"{len(questions)} open {'vraag' if len(questions) == 1 else 'vragen'}; de belangrijkste eerst."]
    for n, q in enumerate(questions, start=1):
        out += ["", line(f"{n}. {q.vraag}"), line(f"   {q.uitleg}"), line(f"   (feit: {q.feit})")]
        for a in q.antwoorden:
            if a.verandert:
                more = len(a.verandert) - SHOWN_CHANGES
                shown = "; ".join(a.verandert[:SHOWN_CHANGES]) + (f"; en nog {more} andere veranderingen" if more > 0 else "")
                out.append(line(f"   - {a.label}: {shown}"))
            else:
                out.append(line(f"   - {a.label}: het advies blijft gelijk"))
    return "\n".join(out) + "\n"


def questions_json(questions: Sequence[OpenVraag]) -> str:
    """The relevant questions as the `vragen --formaat json` contract (DESIGN.md): one place for the
    command line and the server's /api/vragen."""
    data = [{"feit": q.feit, "vraag": q.vraag, "uitleg": q.uitleg,
             "antwoorden": [{"waarde": a.waarde, "label": a.label, "verandert": a.verandert} for a in q.antwoorden]}
            for q in questions]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
