"""What each version of a dossier changed, in words, for the history page: 'Hoe heet de gemeente? Zwolle',
'Afgevinkt: Maak kennis met het initiatief'. Without it every row of the history looked the same (who,
when, the same rule base) and an adviser had to compare versions one pair at a time to find an answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...advice.intake import answered
from ...model.facts import input_catalogue
from ...model.kennisbank import Kennisbank
from ...model.questiontexts import DONT_KNOW, answer_label, question_text
from ...terminal import prose

SHOWN = 3  # notes per version; the rest is counted


def notes(kb: Kennisbank, before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """The changes from `before` (None: this is the first version) to `after`, in the order of the intake."""
    values, unknown = answered(after)
    if before is None:
        given = len([n for n in values if n != "naam"]) + len(unknown)
        return ["Begonnen" + (f", met {given} {'antwoord' if given == 1 else 'antwoorden'}" if given else "")]
    old_values, old_unknown = answered(before)
    out: list[str] = []
    for name in input_catalogue():
        old = _state(name, old_values, old_unknown)
        new = _state(name, values, unknown)
        if old == new:
            continue
        if name == "afgerond":
            out.extend(_ticks(kb, old[1] or [], new[1] or []))
        elif new[0] == "leeg":
            out.append(f"{question_text(name).vraag} Antwoord weggehaald.")
        elif new[0] == "weet_niet":
            out.append(f"{question_text(name).vraag} {DONT_KNOW.capitalize()}.")
        else:
            out.append(f"{question_text(name).vraag} {answer_label(name, new[1], kb)}")
    return [prose(note) for note in out] or ["Niets veranderd"]  # a name's direction marks shown, not obeyed


def shown(all_notes: list[str]) -> tuple[list[str], int]:
    """The notes to show and how many more there are."""
    return all_notes[:SHOWN], max(len(all_notes) - SHOWN, 0)


def _state(name: str, values: Mapping[str, Any], unknown: set[str]) -> tuple[str, Any]:
    if name in values:
        return ("waarde", values[name])
    return ("weet_niet", None) if name in unknown else ("leeg", None)


def _ticks(kb: Kennisbank, old: list[str], new: list[str]) -> list[str]:
    added = [answer_label("afgerond", [a], kb) for a in new if a not in old]
    removed = [answer_label("afgerond", [a], kb) for a in old if a not in new]
    return ([f"Afgevinkt: {'; '.join(added)}"] if added else []) + \
           ([f"Vinkje weggehaald: {'; '.join(removed)}"] if removed else [])
