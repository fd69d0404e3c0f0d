"""Warmte per huis (individueel) and voor de hele buurt (collectief) get different advice in every phase.

For each phase two profiles that differ only in `warmteoplossing` must differ in the activities and
in what goes into the agreement, in the way the guide says (section in each case's `waarom`).
A gemengde aanpak has a part of each, so it gets both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from samenwerkwijzer import Adviseur

DAY = "2026-01-01"


@dataclass(frozen=True)
class Case:
    fase: str
    afspraken: dict[str, bool]
    per_huis: str  # activity only for individueel
    gedeeld: str  # activity only for collectief
    inhoud_per_huis: str  # a fragment of an agreement point only for individueel
    inhoud_gedeeld: str  # a fragment of an agreement point only for collectief
    waarom: str  # the guide's distinction


CASES = [
    Case("opstarten", {"intentieovereenkomst": False},
         "ops-deel-van-wijk", "ops-keuzes-gedeelde-voorziening",
         "met welk deel van de wijk", "grote keuzes over het gedeelde net",
         "Mogelijkheden 2: per huis stap voor stap en met een deel van de wijk beginnen; "
         "een gedeeld net vraagt vooraf veel formele keuzes"),
    Case("uitwerken", {"intentieovereenkomst": True, "samenwerkingsovereenkomst": False},
         "uit-voorbeeldwoningen", "uit-rekensom-warmtenet",
         "per straat of blok", "eigenaar wordt van het net",
         "Uitwerken, doelen: de rekensom is een globale businesscase van een warmtenet, of kosten en "
         "opbrengsten van een warmtepomp in voorbeeldwoningen; de SOK regelt wie (mede-)eigenaar wordt"),
    Case("ontwikkelen", {"intentieovereenkomst": True, "samenwerkingsovereenkomst": True, "uitvoeringsplan_vastgesteld": False},
         "ont-inkoopronde", "ont-aanbestedingsstrategie",
         "de rondes of blokken", "technisch ontwerp van net en bron",
         "Ontwikkelen, resultaat: per huis kan de uitvoering in blokken (inkoopacties) met bijsturen; "
         "een collectief plan moet in één keer goed en is gedetailleerder; aanbesteden van warmte is ingewikkeld"),
    Case("uitvoeren", {"intentieovereenkomst": True, "samenwerkingsovereenkomst": True, "uitvoeringsplan_vastgesteld": True,
                       "wijk_aardgasvrij": False},
         "uvr-rondes-bijsturen", "uvr-beheer-net-regelen",
         "onderhoud, afstellen en garantie", "wie het net beheert",
         "Uitvoeren, doelen: afspraken over rollen in de beheerfase; bij een net gaat dat om het net zelf, "
         "per huis om nazorg; de blokken van een plan per huis worden tussentijds verfijnd"),
    Case("beheren", {"intentieovereenkomst": True, "samenwerkingsovereenkomst": True, "uitvoeringsplan_vastgesteld": True,
                     "wijk_aardgasvrij": True},
         "beh-aanpak-elders", "beh-net-laten-groeien",
         "vragen over installaties", "beheert, onderhoudt en later uitbreidt",
         "Beheren, activiteiten: een warmtenet kan groeien, of dezelfde aanpak voor collectieve inkoop "
         "kan elders; het net blijft na de oplevering bestaan"),
]


@pytest.fixture(scope="module")
def adviseur() -> Adviseur:
    return Adviseur(engine="python")


def advise(adviseur: Adviseur, case: Case, oplossing: str) -> dict[str, Any]:
    facts = {
        "naam": "Warmte Vergelijk", "fase": case.fase, "warmteoplossing": oplossing,
        "initiatief": {"organisatievorm": "cooperatie", "beoogde_rol": "gelijkwaardig"},
        "afspraken": case.afspraken,
    }
    return json.loads(adviseur.adviseer(facts, peildatum=DAY).model_dump_json())


def activities(advice: dict[str, Any]) -> set[str]:
    return {a["id"] for a in advice["activiteiten"]}


def agreement(advice: dict[str, Any]) -> str:
    return " | ".join(advice["formalisatie"]["inhoud"]) if advice["formalisatie"] else ""


@pytest.mark.parametrize("case", CASES, ids=[c.fase for c in CASES])
def test_per_huis_and_gedeeld_net_differ_in_activities_and_agreement(adviseur, case):
    ind, col = advise(adviseur, case, "individueel"), advise(adviseur, case, "collectief")
    assert ind["formalisatie"]["vorm"] == col["formalisatie"]["vorm"], case.waarom  # the same agreement…
    assert case.per_huis in activities(ind) - activities(col), case.waarom
    assert case.gedeeld in activities(col) - activities(ind), case.waarom
    assert case.inhoud_per_huis in agreement(ind) and case.inhoud_per_huis not in agreement(col), case.waarom
    assert case.inhoud_gedeeld in agreement(col) and case.inhoud_gedeeld not in agreement(ind), case.waarom


@pytest.mark.parametrize("case", CASES, ids=[c.fase for c in CASES])
def test_gemengd_takes_from_both(adviseur, case):
    mixed = advise(adviseur, case, "gemengd")
    assert {case.per_huis, case.gedeeld} <= activities(mixed), case.waarom
    assert case.inhoud_per_huis in agreement(mixed) and case.inhoud_gedeeld in agreement(mixed), case.waarom


def test_the_agreement_keeps_the_forms_own_points_first(adviseur):
    ind = advise(adviseur, CASES[1], "individueel")
    points = ind["formalisatie"]["inhoud"]
    assert points[0] == "de doelen" and points[-1].startswith("hoe de inkoop per straat"), points
    assert len(points) == len(set(points))


def test_intention_declaration_comes_after_the_mandated_contact_and_the_principles(adviseur):
    """OPS-22: the declaration needs the (political) mandate and the municipality's own position first."""
    facts = {"naam": "Volgorde", "fase": "opstarten", "initiatief": {"ambities": ["duurzame_warmte"]},
             "gemeente": {"aanspreekpunt_met_mandaat": False, "uitgangspunten_vastgelegd": False},
             "afspraken": {"intentieovereenkomst": False}, "afgerond": ["ops-gezamenlijke-ambitie"]}
    advice = json.loads(adviseur.adviseer(facts, peildatum=DAY).model_dump_json())
    steps = {s["id"]: s["generatie"] for p in advice["plan"] for s in p["stappen"]}
    assert steps["ops-intentieverklaring"] > steps["ops-aanspreekpunt"]
    assert steps["ops-intentieverklaring"] > steps["ops-uitgangspunten"]


def test_a_dissolving_cooperative_with_a_heat_network_keeps_its_management_agreement(adviseur):
    facts = {"naam": "Stopt", "warmteoplossing": "collectief", "technieken": ["warmtenet"],
             "initiatief": {"organisatievorm": "cooperatie", "toekomst": "opheffen"},
             "afspraken": {"wijk_aardgasvrij": True}}
    form = json.loads(adviseur.adviseer(facts, peildatum=DAY).model_dump_json())["formalisatie"]
    assert form["vorm"] == "beheerafspraken" and "afsluiting" in form["alternatieven"]
    assert not any(v["vorm"] == "beheerafspraken" for v in form["verworpen"])
    assert any("overneemt als het initiatief stopt" in p for p in form["inhoud"])


def test_per_huis_risks_and_partners_differ_too(adviseur):
    """Uitwerken: a shared net's business case hangs on the number of participants (Ontwikkelen, doelen;
    social feasibility in Uitwerken, doelen). Uitvoeren: street and underground departments are there for
    work in the street, not for heat pumps in the homes (Uitvoeren, met wie)."""
    uit = CASES[1]
    assert "risico-deelname-te-laag" in {r["id"] for r in advise(adviseur, uit, "collectief")["risicos"]}
    assert "risico-deelname-te-laag" not in {r["id"] for r in advise(adviseur, uit, "individueel")["risicos"]}
    uvr = CASES[3]
    assert "openbare_ruimte" in {p["id"] for p in advise(adviseur, uvr, "collectief")["partners"]}
    assert "openbare_ruimte" not in {p["id"] for p in advise(adviseur, uvr, "individueel")["partners"]}


def test_the_intention_agreement_says_how_the_next_phase_is_run_and_paid(adviseur):
    """OPS-10: agree now on roles, planning and financing of the next phase (Opstarten, doelen)."""
    points = agreement(advise(adviseur, CASES[0], "individueel"))
    assert "de planning en wie wat betaalt" in points
