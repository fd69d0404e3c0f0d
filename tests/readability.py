"""Readability of the rendered advice (issue 11): Flesch-Douma and sentence length, measured over
the tekst output a reader gets, without the parts that belong to the Verantwoording.

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
FACT_KEY_ITEM = re.compile(r"^(\s*- )[a-z_]+(?:\.[a-z_]+)*: ")
RULE_COUNT = re.compile(r" \(\d+ regel\(s\)\)")
ITEM_START = re.compile(r"(?:[-*•] |\d+\. )")

textstat.set_lang("nl")


def without_verantwoording(text: str) -> str:
    """The tekst advice without what goes to the Verantwoording part (issue 11): the lines that
    list rule ids ("waarom: …" and their wrapped rest), rejected alternatives named by rule, the
    section "Afgeleide feiten", the rule id behind the phase, the fact key and rule count of an
    open question and the regelbasis line.

    Once the tekst renderer has its own Verantwoording part (shown only with --verantwoording),
    this becomes: render without that option and measure the whole text."""
    out: list[str] = []
    skip_indent: int | None = None  # inside a block being dropped: lines indented deeper belong to it
    in_derived = False
    for raw in text.splitlines():
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if in_derived:
            if stripped and indent == 0:
                in_derived = False
            else:
                continue
        if skip_indent is not None:
            if stripped and indent > skip_indent:
                continue
            skip_indent = None
        if stripped.startswith("Afgeleide feiten"):
            in_derived = True
            continue
        if stripped.startswith(("waarom:", "verworpen:")) or stripped.startswith("Regelbasis "):
            skip_indent = indent
            continue
        raw = re.sub(r" \(afgeleid: [^)]*\)", "", raw)  # the rule that derived the phase
        raw = FACT_KEY_ITEM.sub(r"\1", raw)  # an open question's fact key
        out.append(RULE_COUNT.sub("", raw))
    return "\n".join(out) + "\n"


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
    prose = as_sentences(without_verantwoording(unwrap(text)))
    words = textstat.lexicon_count(prose)
    return Figures(flesch_douma=textstat.flesch_reading_ease(prose),
                   words_per_sentence=textstat.words_per_sentence(prose),
                   long_words_pct=round(100 * textstat.polysyllabcount(prose) / max(words, 1), 1),
                   words=words)


def profiles() -> Iterator[tuple[str, object]]:
    """(name, facts) for every bundled example and every shipped scenario profile."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        yield path.stem, path
    for path in scenario_files([SHIPPED]):
        for scenario, _doc, index in load_scenarios(path):
            yield f"{path.stem}[{index}] {scenario.naam}", scenario.feiten


def tekst(adviseur: Adviseur, facts: object) -> str:
    """The tekst advice for a facts file (Path) or a facts mapping, on a fixed date."""
    feiten = adviseur.lees_feiten(facts) if isinstance(facts, Path) else facts
    return render(adviseur.raadpleeg(feiten, DAY), "tekst")  # type: ignore[arg-type]
