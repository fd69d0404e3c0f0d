"""The glossary (kennisbank/begrippen.yaml) and the terms an advice uses (engine/advice/glossary.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.glossary import used_terms
from samenwerkwijzer.engine.model.advice import Reden
from samenwerkwijzer.engine.model.kennisbank import Begrip, Kennisbank

ROOT = Path(__file__).resolve().parent.parent


def glossary(*begrippen: Begrip) -> Kennisbank:
    return Kennisbank(begrippen={b.id: b for b in begrippen})


def test_shipped_glossary_explains_the_abbreviations_the_advice_uses(shipped: Adviseur) -> None:
    terms = {b.term for b in shipped.kb.begrippen.values()}
    assert {"SOK", "DEGO", "PIANOo", "LSA bewoners", "TVW", "ECW", "NPLW", "RES", "Wcw"} <= terms
    for b in shipped.kb.begrippen.values():
        assert b.uitleg.strip().endswith("."), b.id
        assert len(b.uitleg.split()) <= 25, b.id


def test_terms_come_once_in_reading_order_and_only_from_visible_text(shipped: Adviseur) -> None:
    advies = shipped.adviseer(shipped.lees_feiten(ROOT / "voorbeelden" / "opstarten-collectief.yaml"))
    found = [b.term for b in used_terms(advies, shipped.kb)]
    assert len(found) == len(set(found))
    assert found[:2] == ["TVW", "DEGO"]  # the first activity names the Transitievisie Warmte and DEGO
    assert "PIANOo" not in found  # a later phase's tip
    # text behind the advice (rule rationale) is no visible text
    hidden = Reden(regel="r", titel="t", bron="b", toelichting="Lees het onderzoek van PIANOo.", feiten={})
    first = advies.activiteiten[0]
    changed = advies.model_copy(update={"activiteiten": [first.model_copy(update={"waarom": [hidden]}),
                                                         *advies.activiteiten[1:]]})
    assert "PIANOo" not in [b.term for b in used_terms(changed, shipped.kb)]


def test_forms_whole_words_and_case(shipped: Adviseur) -> None:
    advies = shipped.adviseer(shipped.lees_feiten(ROOT / "voorbeelden" / "opstarten-collectief.yaml"))
    first = advies.activiteiten[0]

    def with_text(text: str) -> list[str]:
        return [b.term for b in used_terms(advies.model_copy(update={
            "activiteiten": [first.model_copy(update={"omschrijving": text})], "partners": [], "risicos": [],
            "tips": [], "open_vragen": [], "formalisatie": None, "voortgang": None, "waarschuwingen": []}), kb)]

    kb = glossary(Begrip(id="b-sok", term="SOK", uitleg="Samenwerkingsovereenkomst.", varianten=["samenwerkingsovereenkomst"]),
                  Begrip(id="b-net", term="warmtenet", uitleg="Buizen met warm water.", varianten=["warmtenetten"]))
    assert with_text(first.titel) == []
    assert with_text("Teken de Samenwerkingsovereenkomst.") == ["SOK"]  # a form, in any case
    assert with_text("Een sok in de was.") == []  # an abbreviation only as written
    assert with_text("Twee Warmtenetten, dan de SOK.") == ["warmtenet", "SOK"]
    assert with_text("Een warmtenetbeheerder.") == []  # whole words only


@pytest.mark.parametrize("formaat", ["tekst", "markdown", "html"])
def test_every_human_format_explains_the_terms_the_advice_uses(formaat: str) -> None:
    from samenwerkwijzer.engine.render.formats import render
    adviseur = Adviseur()
    consult = adviseur.raadpleeg(adviseur.lees_feiten(ROOT / "voorbeelden" / "opstarten-collectief.yaml"))
    used = used_terms(consult.advice, consult.kb)
    assert used, "het voorbeeld gebruikt begrippen uit de woordenlijst"
    shown = render(consult, formaat)
    tail = shown[shown.index("Begrippen"):]
    for begrip in used:
        assert begrip.term in tail, begrip.term
    unused = [b for b in consult.kb.begrippen.values() if b not in used]
    for begrip in unused:
        assert f"{begrip.term}:" not in tail and f"<dt>{begrip.term}</dt>" not in tail, begrip.term
