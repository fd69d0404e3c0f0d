"""What each version changed, in words, for the history page (engine/server/pages/versionnotes.py)."""

from __future__ import annotations

from serverapp import shared_adviseur

from samenwerkwijzer.engine.server.pages.versionnotes import notes, shown


def test_notes_name_each_change_in_words():
    kb = shared_adviseur().kb
    first = {"naam": "x"}
    assert notes(kb, None, first) == ["Begonnen"]
    assert notes(kb, None, {"naam": "x", "wijk": {"steun": "breed"}, "fase": None}) == ["Begonnen, met 2 antwoorden"]
    assert notes(kb, first, first) == ["Niets veranderd"]
    two = {"naam": "x", "gemeente": {"naam": "Zwolle", "capaciteit": None}, "technieken": ["warmtenet"]}
    said = notes(kb, first, two)
    assert "Hoe heet de gemeente? Zwolle" in said and any(s.endswith("Weet ik niet.") for s in said)
    assert any(s.startswith("Welke technieken") and "warmtenet" in s.lower() for s in said)
    back = notes(kb, two, first)
    assert len(back) == 3 and all(s.endswith("Antwoord weggehaald.") for s in back)
    done = notes(kb, first, {"naam": "x", "afgerond": ["ops-kennismaken"]})
    assert done == [f"Afgevinkt: {kb.activiteiten['ops-kennismaken'].titel}"]
    assert notes(kb, {"naam": "x", "afgerond": ["ops-kennismaken"]}, first)[0].startswith("Vinkje weggehaald: ")
    assert shown(["a", "b", "c", "d", "e"]) == (["a", "b", "c"], 2)
    assert shown(["a"]) == (["a"], 0)
