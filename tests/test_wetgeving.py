"""Rules with an uncertain date (datum_onzeker) and laws as dated rules (issue 15 point 4).

A rule whose date is only expected says so: the loader refuses the marker without a date, the advice
shows its text as a 'datum-onzeker' warning when the rule fires and marks a skipped rule's date as not
certain, and the checker does not call a rule waiting for its expected date 'nog niet geldig'. Tips that
belong to no phase (what a law means) load from the knowledge base's top level. The shipped Wcw and
Wgiw rules change the advice on either side of their dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from samenwerkwijzer import Adviseur
from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.authoring.checker import check
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank

DATA = Path(__file__).parent / "data"
KB_MINI = DATA / "kb-mini"
MINI_RULES = (DATA / "regels-mini" / "regels.yaml").read_text(encoding="utf-8")
KENNISMAKEN = "    toelichting: Kennismaken gaat voor alles.\n"
UNSURE = "    datum_onzeker: De wet is aangenomen. De dag waarop ze ingaat, staat nog niet vast.\n"


def _rules(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "regels"
    folder.mkdir(parents=True)
    assert KENNISMAKEN in MINI_RULES
    (folder / "regels.yaml").write_text(MINI_RULES.replace(KENNISMAKEN, KENNISMAKEN + extra), encoding="utf-8")
    return folder


def test_datum_onzeker_without_a_date_is_an_error_naming_the_field(tmp_path: Path):
    report = check(_rules(tmp_path, UNSURE), KB_MINI, dt.date(2026, 1, 1))
    (error,) = report.errors()
    assert error.rule == "kennismaken" and error.field == "datum_onzeker"
    assert "geldig_vanaf of geldig_tot" in error.message
    assert error.line is not None


def test_a_rule_waiting_for_its_expected_date_is_not_reported_as_not_yet_valid(tmp_path: Path):
    plain = check(_rules(tmp_path / "a", "    geldig_vanaf: 2030-01-01\n"), KB_MINI, dt.date(2026, 1, 1))
    assert any(p.rule == "kennismaken" and "nog niet geldig" in p.message for p in plain.warnings())
    unsure = check(_rules(tmp_path / "b", "    geldig_vanaf: 2030-01-01\n" + UNSURE), KB_MINI, dt.date(2026, 1, 1))
    assert not [p for p in unsure.warnings() if p.rule == "kennismaken"]
    assert unsure.exit_code == 0


def test_an_uncertain_date_that_passed_asks_to_check_it(tmp_path: Path):
    report = check(_rules(tmp_path, "    geldig_tot: 2025-12-31\n" + UNSURE), KB_MINI, dt.date(2026, 1, 1))
    (warning,) = [p for p in report.warnings() if p.rule == "kennismaken"]
    assert "is verlopen" in warning.message and "datum_onzeker" in warning.message


def test_the_advice_shows_the_uncertain_date_once_and_marks_skipped_rules(tmp_path: Path):
    adviseur = Adviseur(regels=_rules(tmp_path, "    geldig_vanaf: 2027-01-01\n" + UNSURE), kennisbank=KB_MINI)
    before = adviseur.raadpleeg({"naam": "Buurtwarmte"}, dt.date(2026, 6, 1)).advice
    after = adviseur.raadpleeg({"naam": "Buurtwarmte"}, dt.date(2027, 6, 1)).advice
    assert not [w for w in before.waarschuwingen if w.soort == "datum-onzeker"]
    (skipped,) = [w for w in before.waarschuwingen if w.regels == ["kennismaken"]]
    assert skipped.soort == "regel-niet-geldig"
    assert skipped.tekst == "Vanaf 1 januari 2027 telt ook mee: maak kennis. Op 1 juni 2026 nog niet. Die datum is nog niet zeker."
    (unsure,) = [w for w in after.waarschuwingen if w.soort == "datum-onzeker"]
    assert unsure.regels == ["kennismaken"] and unsure.tekst == UNSURE.split(": ", 1)[1].strip()
    assert unsure.bron == "opstarten/activiteiten"
    assert "tip-ops-droom" in {t.id for t in after.tips} - {t.id for t in before.tips}


def test_tips_outside_a_phase_load_and_are_listed_apart(tmp_path: Path):
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "kb.yaml").write_text((KB_MINI / "kb.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (kb_dir / "wet.yaml").write_text(
        "tips:\n  - {id: tip-wet, titel: Een wet, omschrijving: Wat de wet betekent., bron: opstarten/activiteiten}\n", encoding="utf-8")
    kb = load_kennisbank(kb_dir)
    assert kb.tips["tip-wet"].titel == "Een wet"
    assert [t["id"] for t in kb.to_json()["tips"]] == ["tip-wet"]  # the phases' own tips stay in their phase


# -- the shipped laws ----------------------------------------------------------------------------
COOP = {"naam": "Warmtecoöperatie", "fase": "uitwerken", "warmteoplossing": "collectief", "technieken": ["warmtenet"],
        "initiatief": {"organisatievorm": "cooperatie", "beoogde_rol": "zelf_doen", "democratisch_georganiseerd": True}}
STICHTING = {**COOP, "initiatief": {"organisatievorm": "stichting", "beoogde_rol": "zelf_doen",
                                    "democratisch_georganiseerd": False}}


def _ids(advice) -> set[str]:
    return {t.id for t in advice.tips} | {r.id for r in advice.risicos} | {p.id for p in advice.partners}


@pytest.mark.parametrize(("facts", "only_after", "not_after"), [
    # a co-operative whose members choose the board: the heat-community route, no public majority asked
    (COOP, {"tip-wcw-aanwijzing", "tip-wcw-kleine-systemen", "tip-wcw-warmtegemeenschap", "risico-wcw-geen-aanwijzing"},
     {"tip-wcw-publieke-meerderheid", "publieke_warmtepartner"}),
    # a foundation without members: a public partner with a majority
    (STICHTING, {"tip-wcw-publieke-meerderheid", "publieke_warmtepartner", "tip-wcw-aanwijzing"}, set()),
], ids=["cooperatie", "stichting"])
def test_wcw_advice_differs_before_and_after_its_expected_date(shipped: Adviseur, facts, only_after, not_after):
    before = shipped.raadpleeg(facts, dt.date(2026, 12, 31)).advice
    after = shipped.raadpleeg(facts, dt.date(2027, 1, 1)).advice
    assert "tip-wcw-op-komst" in _ids(before) and "tip-wcw-op-komst" not in _ids(after)
    assert only_after <= _ids(after) and not only_after & _ids(before)
    assert not not_after & _ids(after)
    for advice in (before, after):
        (unsure,) = [w for w in advice.waarschuwingen if w.soort == "datum-onzeker" and "Wcw" in w.tekst]
        assert "nog niet" in unsure.tekst and "2027" in unsure.tekst


def test_wcw_leaves_a_heat_pump_approach_alone(shipped: Adviseur):
    facts = {"naam": "Warm Wonen", "fase": "uitwerken", "warmteoplossing": "individueel", "technieken": ["warmtepomp"],
             "initiatief": {"organisatievorm": "vereniging", "beoogde_rol": "zelf_doen"}}
    for day in (dt.date(2026, 6, 1), dt.date(2027, 6, 1)):
        assert not {i for i in _ids(shipped.raadpleeg(facts, day).advice) if "wcw" in i}


def test_wgiw_instruments_start_on_their_date(shipped: Adviseur):
    facts = {"naam": "Energiek", "fase": "uitwerken", "warmteoplossing": "gemengd"}
    before = shipped.raadpleeg(facts, dt.date(2025, 12, 31)).advice
    after = shipped.raadpleeg(facts, dt.date(2026, 1, 1)).advice
    wgiw = {"tip-wgiw-warmteprogramma", "tip-wgiw-aanwijzen", "risico-wgiw-planning-botst"}
    assert wgiw <= _ids(after) and not wgiw & _ids(before)
    assert any(w.soort == "datum-onzeker" and "Wgiw" in w.tekst for w in after.waarschuwingen)
    assert {"wgiw-warmteprogramma", "wgiw-wijk-aanwijzen"} <= {r for w in before.waarschuwingen
                                                               if w.soort == "regel-niet-geldig" for r in w.regels}


# -- the Wgiw planning risk follows gemeente.plan_in_warmteprogramma ----------------------------------
PLAN = "gemeente.plan_in_warmteprogramma"
RISK = "risico-wgiw-planning-botst"
AFTER_WGIW = dt.date(2026, 6, 1)


def _with_plan(fase: str, value: object) -> dict:
    facts: dict = {"naam": "Buurtwarmte De Linde", "fase": fase, "warmteoplossing": "collectief"}
    if value is not None:
        facts["gemeente"] = {"plan_in_warmteprogramma": value}
    return facts


@pytest.mark.parametrize("fase", ["opstarten", "uitwerken"])
@pytest.mark.parametrize(("value", "rule"), [
    (True, None), ("ja", None), ("Ja", None),
    (False, "wgiw-plan-niet-in-warmteprogramma"), ("nee", "wgiw-plan-niet-in-warmteprogramma"),
    (None, "wgiw-warmteprogramma-onbekend"), ("onbekend", "wgiw-warmteprogramma-onbekend"),
])
def test_wgiw_planning_risk_only_when_the_plan_is_not_known_to_be_in_the_programme(shipped: Adviseur, fase, value, rule):
    advice = shipped.raadpleeg(_with_plan(fase, value), AFTER_WGIW).advice
    assert advice.fase.waarde == fase
    assert "tip-wgiw-warmteprogramma" in {t.id for t in advice.tips}, "the tip informs every initiative in these phases"
    risks = [r for r in advice.risicos if r.id == RISK]
    if rule is None:
        assert not risks, "an adviser who answered 'ja' must not see the risk"
        return
    (risk,) = risks
    assert [reden.regel for reden in risk.waarom] == [rule]
    asking = "Vraag de gemeente of het plan van het initiatief al in het warmteprogramma staat."
    # only an unchecked plan is told to check it first; a plan known to be outside gets the knowledge base's measures
    assert (risk.maatregelen[0] == asking) is (rule == "wgiw-warmteprogramma-onbekend")
    assert asking not in risk.maatregelen[1:]


@pytest.mark.parametrize("fase", ["ontwikkelen", "uitvoeren", "beheren"])
@pytest.mark.parametrize("value", [False, None])
def test_wgiw_planning_risk_stays_out_of_the_later_phases(shipped: Adviseur, fase, value):
    advice = shipped.raadpleeg(_with_plan(fase, value), AFTER_WGIW).advice
    assert advice.fase.waarde == fase
    assert RISK not in {r.id for r in advice.risicos}


@pytest.mark.parametrize("value", [False, None])
def test_wgiw_planning_risk_waits_for_the_law(shipped: Adviseur, value):
    advice = shipped.raadpleeg(_with_plan("uitwerken", value), dt.date(2025, 12, 31)).advice
    assert RISK not in {r.id for r in advice.risicos}


def test_open_question_says_that_ja_removes_the_risk(shipped: Adviseur):
    unknown = shipped.raadpleeg(_with_plan("opstarten", None), AFTER_WGIW).advice
    (question,) = [q for q in unknown.open_vragen if q.feit == PLAN]
    assert question.vraag == "Staat het plan van het initiatief in het warmteprogramma van de gemeente?"
    answers = {a.waarde: a.verandert for a in question.antwoorden}
    assert any("Risico valt weg" in change and "planning" in change for change in answers[True]), answers
    assert not any("Risico valt weg" in change for change in answers[False]), answers
    for value in (True, False):
        known = shipped.raadpleeg(_with_plan("opstarten", value), AFTER_WGIW).advice
        assert PLAN not in {q.feit for q in known.open_vragen}


def test_facts_file_takes_the_fact_and_refuses_a_wrong_value(tmp_path: Path):
    good = tmp_path / "goed.yaml"
    good.write_text("naam: De Linde\nfase: uitwerken\ngemeente:\n  plan_in_warmteprogramma: ja\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(good), "--formaat", "json", "--peildatum", "2026-06-01"])
    assert result.exit_code == 0, result.output
    advice = json.loads(result.output)
    assert advice["fase"]["waarde"] == "uitwerken"
    assert "tip-wgiw-warmteprogramma" in {t["id"] for t in advice["tips"]}
    assert RISK not in {r["id"] for r in advice["risicos"]}

    schema = json.loads((Path(__file__).parents[1] / "schemas" / "feiten.schema.json").read_text(encoding="utf-8"))
    for word in (True, False, "ja", "NEE", "onbekend"):  # the editor's schema agrees with the model
        jsonschema.validate({"naam": "x", "gemeente": {"plan_in_warmteprogramma": word}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"naam": "x", "gemeente": {"plan_in_warmteprogramma": "yes"}}, schema)

    for text, field, guess in [("  plan_in_warmteprogramma: yes\n", "gemeente.plan_in_warmteprogramma", "ja"),
                               ("  plan_in_warmteprogramma: 1\n", "gemeente.plan_in_warmteprogramma", None),
                               ("  warmteprogramma: ja\n", "gemeente.warmteprogramma", "plan_in_warmteprogramma")]:
        bad = tmp_path / "fout.yaml"
        bad.write_text("naam: De Linde\ngemeente:\n" + text, encoding="utf-8")
        result = CliRunner().invoke(main, ["advies", str(bad)])
        assert result.exit_code == 2, result.output
        message = result.output.strip()
        assert len(message.splitlines()) == 1 and "Traceback" not in message, message
        assert message.startswith(f"{bad}:3:3: fout: veld '{field}'"), message
        if guess:
            assert message.endswith(f"bedoelde u '{guess}'?"), message
