"""Form answers as fact values (engine/server/pages/answers.py) and the checklist's new 'afgerond' list
(advies.ticked), without a browser."""

from __future__ import annotations

import pytest

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.server.pages.advies import ticked
from samenwerkwijzer.engine.server.pages.answers import CONTRADICTS, UNANSWERED, value_of, with_answers


@pytest.mark.parametrize("name, given, value", [
    ("gemeente.wethouder_betrokken", ["true"], True),
    ("gemeente.wethouder_betrokken", ["false"], False),
    ("gemeente.capaciteit", ["beperkt"], "beperkt"),
    ("gemeente.capaciteit", ["?"], None),
    ("gemeente.capaciteit", [""], UNANSWERED),
    ("technieken", ["warmtenet", "isolatie", "warmtenet"], ["warmtenet", "isolatie"]),
    ("technieken", ["[]"], []),
    ("technieken", [], UNANSWERED),
    ("technieken", ["warmtenet", "?"], CONTRADICTS),  # refused with a message, not resolved silently
    ("technieken", ["warmtenet", "[]"], CONTRADICTS),
    ("gemeente.naam", ["Utrecht", "?"], CONTRADICTS),
    ("gemeente.capaciteit", ["beperkt", "ruim"], CONTRADICTS),
    ("wijk.deelnamebereidheid", ["35"], 35),
    ("wijk.deelnamebereidheid", ["3,5"], "3,5"),
    ("wijk.deelnamebereidheid", ["[unclosed"], "[unclosed"),
    ("gemeente.naam", ["  Utrecht "], "Utrecht"),
    ("gemeente.naam", ["Buurt: warm"], "Buurt: warm"),  # text stays text, never YAML
])
def test_value_of(name, given, value):
    assert value_of(name, given) == value


def test_with_answers_checks_as_a_facts_file():
    adviseur = Adviseur()
    facts, faults = with_answers(adviseur, {"naam": "x"}, {"gemeente.capaciteit": "beperk"})
    assert facts == {"naam": "x", "gemeente": {"capaciteit": "beperk"}}
    assert len(faults) == 1 and faults[0].feit == "gemeente.capaciteit"
    assert "Toegestaan: voldoende, beperkt, onvoldoende." in faults[0].tekst and "Bedoelde u 'beperkt'?" in faults[0].tekst
    _, faults = with_answers(adviseur, {"naam": "x"}, {"partners_betrokken": ["netbeheerdr"]})
    assert "Bedoelde u 'netbeheerder'?" in faults[0].tekst and faults[0].feit == "partners_betrokken"
    _, faults = with_answers(adviseur, {"naam": "x"}, {"geen.feit": 1})
    assert faults and "geen vraag" in faults[0].tekst
    facts, faults = with_answers(adviseur, {"naam": "x"}, {"wijk.deelnamebereidheid": None})
    assert not faults and facts == {"naam": "x", "wijk": {"deelnamebereidheid": None}}


def test_ticked_keeps_what_was_not_shown_and_adds_in_page_order():
    assert ticked(["a", "b"], ["b", "c", "d"], ["d", "c"]) == ["a", "d", "c"]  # b unticked, a not on the page
    assert ticked([], ["x"], ["x", "x"]) == ["x"]
    assert ticked(["a"], ["a"], ["a"]) == ["a"]
