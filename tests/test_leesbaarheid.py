"""The advice reads at B1 (issue 11): for every bundled example and every shipped scenario
profile, the rendered tekst output without the Verantwoording has a Flesch-Douma of at least 60
and at most 15 words per sentence on average (tests/readability.py measures)."""

from __future__ import annotations

import pytest
from readability import as_sentences, measure, profiles, tekst, unwrap, without_verantwoording

from samenwerkwijzer import Adviseur
from samenwerkwijzer.cli import advies_cmd

PROFILES = list(profiles())
# Until the tekst renderer has its own Verantwoording part (advies --verantwoording, issue 11), it
# still prints activity ids, tracks and groups on every step, which costs 5-10 points; the knowledge
# and rule texts alone are not enough then. The mark goes away by itself once the option exists.
RENDERER_RESTRUCTURED = any(p.name == "verantwoording" for p in advies_cmd.params)


@pytest.mark.xfail(not RENDERER_RESTRUCTURED, reason="de tekstweergave toont nog ids (issue 11)", strict=False)
@pytest.mark.parametrize(("name", "facts"), PROFILES, ids=[name for name, _ in PROFILES])
def test_advice_text_reads_at_b1(shipped: Adviseur, name: str, facts: object) -> None:
    figures = measure(tekst(shipped, facts))
    assert figures.flesch_douma >= 60, f"{name}: Flesch-Douma {figures.flesch_douma}"
    assert figures.words_per_sentence <= 15, f"{name}: {figures.words_per_sentence} woorden per zin"


def test_verantwoording_parts_are_left_out() -> None:
    text = ("Advies voor X\n=====\nFase: Opstarten (afgeleid: fase-opstarten-afleiden)\n"
            "    1. [moet] Maak kennis\n         waarom: regel-a, regel-b,\n           regel-c\n"
            "Afgeleide feiten\n  route = zwaar\n\nOpen vragen\n  - wijk.steun: Hoe breed is de steun? (3 regel(s))\n"
            "Regelbasis 0.1.0, 275 regels, hash abc\n")
    kept = without_verantwoording(text)
    for machine in ("fase-opstarten-afleiden", "regel-a", "regel-c", "route", "wijk.steun", "regel(s)", "hash"):
        assert machine not in kept
    assert "Maak kennis" in kept and "Hoe breed is de steun?" in kept


def test_wrapped_lines_are_one_sentence_and_items_end_one() -> None:
    long = "- Partner: " + "woord " * 15
    text = f"Tips\n  {long.strip()}\n      {'verder ' * 3}\n  - Tweede tip\n"
    assert as_sentences(unwrap(text)).splitlines() == ["Tips.", long.strip() + " " + "verder " * 2 + "verder.", "- Tweede tip."]
