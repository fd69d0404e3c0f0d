"""The advice reads at B1 (issue 11), for the gemeente and as the hand-out: for every bundled example and every shipped scenario
profile, the rendered tekst output without the Verantwoording has a Flesch-Douma of at least 60
and at most 15 words per sentence on average (tests/readability.py measures)."""

from __future__ import annotations

import datetime as dt

import pytest
from readability import as_sentences, measure, profiles, tekst, unwrap

from samenwerkwijzer import Adviseur

PROFILES = list(profiles())
@pytest.mark.parametrize("voor", ["gemeente", "initiatief"])
@pytest.mark.parametrize(("name", "facts", "day"), PROFILES, ids=[name for name, _, _ in PROFILES])
def test_advice_text_reads_at_b1(shipped: Adviseur, name: str, facts: object, day: dt.date, voor: str) -> None:
    figures = measure(tekst(shipped, facts, day, voor))
    assert figures.flesch_douma >= 60, f"{name}: Flesch-Douma {figures.flesch_douma}"
    assert figures.words_per_sentence <= 15, f"{name}: {figures.words_per_sentence} woorden per zin"


def test_wrapped_lines_are_one_sentence_and_items_end_one() -> None:
    long = "- Partner: " + "woord " * 15
    text = f"Tips\n  {long.strip()}\n      {'verder ' * 3}\n  - Tweede tip\n"
    assert as_sentences(unwrap(text)).splitlines() == ["Tips.", long.strip() + " " + "verder " * 2 + "verder.", "- Tweede tip."]
