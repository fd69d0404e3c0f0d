"""Values of the advice as plain words, shared by the renderers: ja/nee, lists, facts of a reason, numbered steps."""

from __future__ import annotations

from ..model.advice import Advies, PlanStap, Reden


def show(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value) or "(leeg)"
    return "onbekend" if value is None else str(value)


def facts_text(reden: Reden) -> str:
    return "; ".join(f"{k} = {show(v)}" for k, v in reden.feiten.items()) or "geldt altijd"


def steps(advies: Advies) -> list[tuple[int, PlanStap, str]]:
    """(number, step, phase) for every step of the plan, numbered 1, 2, … in plan order."""
    out: list[tuple[int, PlanStap, str]] = []
    for group in advies.plan:
        for step in group.stappen:
            out.append((len(out) + 1, step, group.fase))
    return out
