"""Consistency warnings: facts that contradict each other or the given phase are reported, with the
facts involved, and never silently resolved; the phase says whether it was given, derived or assumed."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.model.advice import FaseAdvies
from samenwerkwijzer.engine.model.rules import Conclusie
from samenwerkwijzer.engine.model.vocabulary import DATUM_SOORTEN
from samenwerkwijzer.engine.render.formats import render
from samenwerkwijzer.engine.render.phasetext import phase_how

DAY = dt.date(2026, 6, 1)
AFSPRAKEN = ("intentieovereenkomst", "samenwerkingsovereenkomst", "uitvoeringsplan_vastgesteld", "wijk_aardgasvrij")

# (name, facts that should warn, facts that should not, the rule or soort that warns, facts it names)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, dict[str, Any]]] = [
    ("intentie-bij-opstarten",
     {"fase": "opstarten", "afspraken": {"intentieovereenkomst": True}},
     {"fase": "uitwerken", "afspraken": {"intentieovereenkomst": True}},
     "consistentie-intentie-al-getekend", {"fase": "opstarten", "afspraken.intentieovereenkomst": True}),
    ("sok-bij-opstarten",
     {"fase": "opstarten", "afspraken": {"samenwerkingsovereenkomst": True}},
     {"fase": "ontwikkelen", "afspraken": {"samenwerkingsovereenkomst": True}},
     "consistentie-sok-al-getekend", {"fase": "opstarten", "afspraken.samenwerkingsovereenkomst": True}),
    ("uitvoeringsplan-bij-ontwikkelen",
     {"fase": "ontwikkelen", "afspraken": {"uitvoeringsplan_vastgesteld": True}},
     {"fase": "ontwikkelen", "afspraken": {"uitvoeringsplan_vastgesteld": False}},
     "consistentie-uitvoeringsplan-al-vastgesteld", {"fase": "ontwikkelen", "afspraken.uitvoeringsplan_vastgesteld": True}),
    ("aardgasvrij-bij-uitvoeren",
     {"fase": "uitvoeren", "afspraken": {"wijk_aardgasvrij": True, "uitvoeringsplan_vastgesteld": True}},
     {"fase": "beheren", "afspraken": {"wijk_aardgasvrij": True, "uitvoeringsplan_vastgesteld": True}},
     "consistentie-wijk-al-aardgasvrij", {"fase": "uitvoeren", "afspraken.wijk_aardgasvrij": True}),
    ("uitvoeren-zonder-uitvoeringsplan",
     {"fase": "uitvoeren", "afspraken": {"uitvoeringsplan_vastgesteld": False}},
     {"fase": "uitvoeren"},  # unknown is not a contradiction
     "consistentie-uitvoeren-zonder-uitvoeringsplan", {"fase": "uitvoeren", "afspraken.uitvoeringsplan_vastgesteld": False}),
    ("beheren-niet-aardgasvrij",
     {"fase": "beheren", "afspraken": {"wijk_aardgasvrij": False}},
     {"fase": "beheren", "afspraken": {"wijk_aardgasvrij": True, "uitvoeringsplan_vastgesteld": True}},
     "consistentie-beheren-niet-aardgasvrij", {"fase": "beheren", "afspraken.wijk_aardgasvrij": False}),
    ("aardgasvrij-zonder-uitvoeringsplan",
     {"afspraken": {"wijk_aardgasvrij": True, "uitvoeringsplan_vastgesteld": False}},
     {"afspraken": {"wijk_aardgasvrij": True}},
     "consistentie-aardgasvrij-zonder-uitvoeringsplan",
     {"afspraken.uitvoeringsplan_vastgesteld": False, "afspraken.wijk_aardgasvrij": True}),
    ("vereniging-niet-democratisch",
     {"initiatief": {"organisatievorm": "cooperatie", "democratisch_georganiseerd": False}},
     {"initiatief": {"organisatievorm": "stichting", "democratisch_georganiseerd": False}},
     "consistentie-vereniging-niet-democratisch",
     {"initiatief.democratisch_georganiseerd": False, "initiatief.organisatievorm": "cooperatie"}),
    ("professioneel-zonder-rechtsvorm",
     {"initiatief": {"organisatievorm": "geen", "volwassenheid": "professioneel"}},
     {"initiatief": {"organisatievorm": "stichting", "volwassenheid": "professioneel"}},
     "consistentie-professioneel-zonder-rechtsvorm",
     {"initiatief.organisatievorm": "geen", "initiatief.volwassenheid": "professioneel"}),
    ("intentie-zonder-gedeelde-ambitie",
     {"afspraken": {"intentieovereenkomst": True}, "samenwerking": {"gedeelde_ambitie": "nee"}},
     {"afspraken": {"intentieovereenkomst": False}, "samenwerking": {"gedeelde_ambitie": "nee"}},
     "consistentie-intentie-zonder-gedeelde-ambitie",
     {"afspraken.intentieovereenkomst": True, "samenwerking.gedeelde_ambitie": "nee"}),
    ("uitgangspunten-gewijzigd-niet-vastgelegd",
     {"gemeente": {"uitgangspunten_gewijzigd": True, "uitgangspunten_vastgelegd": False}},
     {"gemeente": {"uitgangspunten_gewijzigd": True, "uitgangspunten_vastgelegd": True}},
     "consistentie-uitgangspunten-gewijzigd-niet-vastgelegd",
     {"gemeente.uitgangspunten_gewijzigd": True, "gemeente.uitgangspunten_vastgelegd": False}),
    ("afgerond-voor-voorganger",
     {"fase": "uitwerken", "afgerond": ["uit-sok"]},
     {"fase": "uitwerken", "afgerond": ["uit-sok", "uit-plannen-concreet", "uit-organisatievorm", "uit-projectorganisatie"]},
     "volgorde-afgerond", {"afgerond": ["uit-sok"]}),
]


def _warnings(shipped: Adviseur, facts: dict[str, Any]) -> list[Any]:
    return shipped.adviseer({"naam": "Toets", **facts}, DAY).waarschuwingen


def _matches(w: Any, key: str) -> bool:
    return key in w.regels or (not w.regels and w.soort == key)


@pytest.mark.parametrize("name,bad,good,key,feiten", CASES, ids=[c[0] for c in CASES])
def test_each_kind_warns_with_the_facts_involved(shipped: Adviseur, name: str, bad: dict[str, Any],
                                                  good: dict[str, Any], key: str, feiten: dict[str, Any]):
    found = [w for w in _warnings(shipped, bad) if _matches(w, key)]
    assert len(found) == 1, [w.tekst for w in _warnings(shipped, bad)]
    w = found[0]
    assert w.feiten == feiten
    assert w.bron and w.tekst and "\n" not in w.tekst
    assert not [w for w in _warnings(shipped, good) if _matches(w, key)], name


@pytest.mark.parametrize("name,bad,good,key,feiten", [c for c in CASES if "fase" in c[1]], ids=lambda v: str(v)[:40])
def test_the_advice_still_follows_the_given_phase_and_says_so(shipped: Adviseur, name: str, bad: dict[str, Any],
                                                               good: dict[str, Any], key: str, feiten: dict[str, Any]):
    advies = shipped.adviseer({"naam": "Toets", **bad}, DAY)
    assert (advies.fase.waarde, advies.fase.bepaald_door) == (bad["fase"], "invoer")
    warned = [w for w in advies.waarschuwingen if _matches(w, key)]
    if warned[0].regels:  # the rule-made ones say in words that the given phase is followed
        assert "opgegeven fase" in warned[0].tekst


def test_the_issue_example_a_signed_sok_with_fase_opstarten(shipped: Adviseur):
    consult = shipped.raadpleeg({"naam": "Toets", "fase": "opstarten", "afspraken": {"samenwerkingsovereenkomst": True}}, DAY)
    assert "consistentie-sok-al-getekend" in {r for w in consult.advice.waarschuwingen for r in w.regels}
    text = render(consult, "tekst")
    assert "Let op: De opgegeven fase ligt vóór Ontwikkelen." in text
    assert "De samenwerking is in de fase Opstarten. Zo staat het in de feiten." in text


def test_a_derived_phase_never_clashes_with_the_agreements(shipped: Adviseur):
    """The phase rules read the same agreements, so only a given phase can be out of step with them."""
    for values in itertools.product((True, False, None), repeat=len(AFSPRAKEN)):
        afspraken = {k: v for k, v in zip(AFSPRAKEN, values, strict=True) if v is not None}
        soorten = {w.soort for w in _warnings(shipped, {"afspraken": afspraken})}
        assert not soorten & {"fase-botst", "fase-overgeslagen"}, afspraken


def test_done_work_of_an_earlier_phase_is_not_asked_about(shipped: Adviseur):
    # uit-sok waits for uit-plannen-concreet (uitwerken); in ontwikkelen that phase is behind us
    assert not [w for w in _warnings(shipped, {"fase": "ontwikkelen", "afgerond": ["uit-sok"]}) if w.soort == "volgorde-afgerond"]


def test_the_bundled_examples_are_consistent(shipped: Adviseur):
    for path in sorted((Path(__file__).resolve().parent.parent / "voorbeelden").glob("*.yaml")):
        advies = shipped.adviseer(shipped.lees_feiten(path), DAY)
        about_facts = [w for w in advies.waarschuwingen if w.soort not in DATUM_SOORTEN]  # not about when a law starts
        assert not about_facts, (path.name, [w.tekst for w in about_facts])


# -- the rule language ------------------------------------------------------------------------

def test_a_warning_is_a_conclusion_kind_with_a_known_soort():
    c = Conclusie.model_validate({"waarschuwing": {"soort": "tegenstrijdig", "tekst": "Dit klopt niet."}})
    assert c.kind() == "waarschuwing"
    with pytest.raises(ValidationError):
        Conclusie.model_validate({"waarschuwing": {"soort": "raar", "tekst": "x"}})
    with pytest.raises(ValidationError):
        Conclusie.model_validate({"waarschuwing": {"soort": "tegenstrijdig", "tekst": ""}})


def test_a_rule_base_of_ones_own_can_warn(tmp_path: Path):
    rules = tmp_path / "regels"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "beleid:\n  formalisatie_volgorde: [intentieovereenkomst]\n"
        "regels:\n"
        "  - id: let-op-raad\n    titel: Raad betrokken zonder wethouder\n"
        "    als:\n      alle:\n        - {feit: gemeente.raad_betrokken, is: true}\n"
        "        - {feit: gemeente.wethouder_betrokken, is: false}\n"
        "    dan:\n      - waarschuwing: {soort: tegenstrijdig, tekst: De raad is betrokken maar de wethouder niet.}\n"
        "    bron: inleiding\n    toelichting: Een toets.\n", encoding="utf-8")
    own = Adviseur(regels=rules)
    try:
        advies = own.adviseer({"naam": "x", "gemeente": {"raad_betrokken": True, "wethouder_betrokken": False}}, DAY)
        (w,) = advies.waarschuwingen
        assert (w.soort, w.regels, w.bron) == ("tegenstrijdig", ["let-op-raad"], "inleiding")
        assert w.feiten == {"gemeente.raad_betrokken": True, "gemeente.wethouder_betrokken": False}
        assert not own.adviseer({"naam": "x", "gemeente": {"raad_betrokken": True}}, DAY).waarschuwingen
    finally:
        own.close()


# -- how the phase was settled ------------------------------------------------------------------

@pytest.mark.parametrize("facts,how,missing", [
    ({"fase": "uitwerken"}, "invoer", []),
    ({"afspraken": {"intentieovereenkomst": False}}, "regel", []),
    ({"afspraken": {"intentieovereenkomst": True}}, "regel", []),
    ({}, "aangenomen", ["afspraken." + a for a in AFSPRAKEN]),
    ({"warmteoplossing": "collectief", "gemeente": {"capaciteit": "beperkt"}}, "aangenomen", ["afspraken." + a for a in AFSPRAKEN]),
], ids=["gegeven", "afgeleid-uit-nee", "afgeleid-uit-ja", "leeg", "geen-afspraken"])
def test_the_phase_says_whether_given_derived_or_assumed(shipped: Adviseur, facts: dict[str, Any], how: str,
                                                         missing: list[str]):
    fase = shipped.adviseer({"naam": "Toets", **facts}, DAY).fase
    assert (fase.bepaald_door, fase.ontbrekend) == (how, missing)
    assert bool(fase.waarom) == (how != "invoer")


def test_an_assumed_phase_says_why_in_words(shipped: Adviseur):
    consult = shipped.raadpleeg({"naam": "Alleen een naam"}, DAY)
    assert phase_how(consult.advice.fase) == "aangenomen, want er is nog niets bekend over de afspraken"
    said = "De samenwerking is in de fase Opstarten. Dat is aangenomen, want er is nog niets bekend over de afspraken."
    for formaat in ("tekst", "markdown", "html"):
        assert said in " ".join(render(consult, formaat).split()), formaat


def test_phase_wording_for_every_way():
    assert phase_how(FaseAdvies(waarde="opstarten", bepaald_door="invoer")) == "opgegeven in de invoer"
    assert phase_how(FaseAdvies(waarde="opstarten", bepaald_door="regel")) == "afgeleid"
    assert phase_how(FaseAdvies(waarde=None, bepaald_door="onbekend")) == "niet te bepalen"
    assert phase_how(FaseAdvies(waarde="opstarten", bepaald_door="aangenomen")).startswith("aangenomen, want")
    both = FaseAdvies(waarde="opstarten", bepaald_door="aangenomen", ontbrekend=["afspraken.x", "wijk.steun", "fase2"])
    assert phase_how(both) == "aangenomen, want er is nog niets bekend over de afspraken, de wijk en fase2"


# -- scenario tests can expect warnings ----------------------------------------------------------

def test_a_scenario_can_expect_a_warning_by_rule_or_soort(shipped: Adviseur, tmp_path: Path):
    from samenwerkwijzer.engine.authoring.scenarios import run_files
    from samenwerkwijzer.engine.errors import InputError

    path = tmp_path / "s.yaml"
    path.write_text(
        "scenarios:\n"
        "  - naam: goed\n"
        "    feiten: {naam: x, fase: opstarten, afspraken: {samenwerkingsovereenkomst: true}}\n"
        "    verwacht: {waarschuwingen: [consistentie-sok-al-getekend, fase-botst], geen_waarschuwingen: [tegenstrijdig]}\n"
        "  - naam: fout\n"
        "    feiten: {naam: x}\n"
        "    verwacht: {waarschuwingen: [fase-botst], geen_waarschuwingen: [fase-overgeslagen]}\n", encoding="utf-8")
    good, bad = run_files(shipped, [path])
    assert good.ok
    (failure,) = bad.failures
    assert (failure.kind, failure.item, failure.key) == ("ontbreekt", "waarschuwing", "fase-botst")
    assert failure.candidates and "consistentie-sok-al-getekend" in failure.candidates
    path.write_text("scenarios:\n  - naam: typo\n    feiten: {naam: x}\n    verwacht: {waarschuwingen: [fase-bost]}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as exc:
        run_files(shipped, [path])
    assert "bedoelde u 'fase-botst'" in exc.value.problems[0].format()


def test_done_out_of_order_speaks_to_a_checklist_and_names_ids_only_for_a_facts_file(shipped: Adviseur):
    # the web page shows this under a checklist: "staat bij afgerond" and ids in the sentence were facts-file talk
    found = [w for w in _warnings(shipped, {"fase": "opstarten", "afgerond": ["ops-kennismaken"]})
             if w.soort == "volgorde-afgerond"]
    assert len(found) == 1
    text = found[0].tekst
    sentence, _, facts_file = text.partition(" (in een feitenbestand: ")
    assert "ops-" not in sentence and "afgerond" not in sentence and "Vink hem dan ook af" in sentence
    assert facts_file == "zet ops-aanspreekpunt bij afgerond)."
