"""Readability of the rendered advice (issue 11): Flesch-Douma and sentence length, measured over
the whole tekst output a reader gets (rule ids, facts and sources are only in the Verantwoording,
which the tekst renderer shows with --verantwoording alone).

Shared by tests/test_leesbaarheid.py (the thresholds) and benchmarks/leesbaarheid.py (the figures).
textstat is a test extra; import this module only where it is installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import textstat

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.authoring.scenarios import SHIPPED, load_scenarios, scenario_files
from samenwerkwijzer.engine.render.formats import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "voorbeelden"
DAY = dt.date(2026, 1, 1)
WRAP_WIDTH = 100  # the tekst renderer wraps at this width (engine/render/text.py WIDTH)
SENTENCE_END = re.compile(r"[.!?:]$")
ITEM_START = re.compile(r"(?:[-*•] |\d+\. )")

textstat.set_lang("nl")


def unwrap(text: str) -> str:
    """The tekst advice with the lines that the renderer wrapped joined again: one line per heading,
    item or paragraph, indented as its first line."""
    lines: list[str] = []
    previous = ""
    item_indent = 0
    for raw in text.splitlines():
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        wrapped = (bool(stripped) and bool(previous) and indent > item_indent and not ITEM_START.match(stripped)
                   and not stripped.split()[0].endswith(":")  # a label ("waarom:") starts a line of its own
                   and len(previous) + 1 + len(stripped.split()[0]) > WRAP_WIDTH)
        if wrapped:
            lines[-1] += " " + stripped
        else:
            lines.append(raw)
            item_indent = indent
        previous = raw if stripped else ""
    return "\n".join(lines) + "\n"


def as_sentences(text: str) -> str:
    """The text as textstat should read it: every heading or list item that does not end in
    punctuation ends a sentence, as it does for a reader (otherwise textstat glues a heading and
    the next item into one long sentence). Rulers and empty lines go."""
    items = [line.strip() for line in text.splitlines() if line.strip() and not set(line.strip()) <= {"=", "-"}]
    return "\n".join(item if SENTENCE_END.search(item) else item + "." for item in items) + "\n"


@dataclass(frozen=True)
class Figures:
    flesch_douma: float
    words_per_sentence: float
    long_words_pct: float  # share of words with three or more syllables
    words: int


def measure(text: str) -> Figures:
    prose = as_sentences(unwrap(text))
    words = textstat.lexicon_count(prose)
    return Figures(flesch_douma=textstat.flesch_reading_ease(prose),
                   words_per_sentence=textstat.words_per_sentence(prose),
                   long_words_pct=round(100 * textstat.polysyllabcount(prose) / max(words, 1), 1),
                   words=words)


def profiles() -> Iterator[tuple[str, object, dt.date]]:
    """(name, facts, day) for every bundled example (on a fixed date) and every shipped scenario profile
    (on its own peildatum, so advice that changes on a date is read on both sides of it)."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        yield path.stem, path, DAY
    for path in scenario_files([SHIPPED]):
        for scenario, _doc, index in load_scenarios(path):
            yield f"{path.stem}[{index}] {scenario.naam}", scenario.feiten, scenario.peildatum or DAY


def tekst(adviseur: Adviseur, facts: object, day: dt.date = DAY, voor: str = "gemeente") -> str:
    """The tekst advice for a facts file (Path) or a facts mapping, on a fixed date unless given, for
    the gemeente or (voor="initiatief") as the hand-out for the initiative."""
    feiten = adviseur.lees_feiten(facts) if isinstance(facts, Path) else facts
    return render(adviseur.raadpleeg(feiten, day), "tekst", voor)  # type: ignore[arg-type]
