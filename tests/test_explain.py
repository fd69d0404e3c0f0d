"""uitleg: how for every kind of conclusion, down to input facts; why not with failed tests and missing facts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.engine.advice.explain import explain
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.render.explaintext import WIDTH, explanation_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)
FACTS = {"naam": "Proef", "warmteoplossing": "collectief", "technieken": ["warmtenet"],
         "initiatief": {"beoogde_rol": "gelijkwaardig"},
         "gemeente": {"aanspreekpunt_met_mandaat": False, "capaciteit": "beperkt"}}


def leaves(rule):
    """Every fact at the bottom of a how-chain."""
    for f in rule.feiten:
        if f.afgeleid_door:
            for r in f.afgeleid_door:
                yield from leaves(r)
        else:
            yield f


def concluded_ids(advies):
    ids = [a.id for a in advies.activiteiten] + [p.id for p in advies.partners] + [r.id for r in advies.risicos]
    ids += [t.id for t in advies.tips] + [d.feit for d in advies.afgeleide_feiten]
    if advies.formalisatie is not None:
        ids.append(advies.formalisatie.vorm)
    return ids


def test_how_for_every_conclusion_reaches_input_facts(mini):
    initiatief = mini.to_initiatief(FACTS)
    advies = mini.adviseer(initiatief, DAY)
    ids = concluded_ids(advies)
    assert {"ops-kennismaken", "netbeheerder", "risico-capaciteit", "tip-ops-droom", "intentieovereenkomst", "fase",
            "route"} <= set(ids)
    for item in ids:
        u = explain(mini, mini.raadpleeg(initiatief, DAY), item)
        assert u.geconcludeerd and u.hoe, item
        for rule in u.hoe:
            for leaf in leaves(rule):
                assert leaf.herkomst in ("invoer", "onbekend"), (item, leaf)
        text = explanation_text(u)
        assert all(len(line) <= WIDTH for line in text.splitlines())


def test_how_shows_the_derived_chain(mini):
    u = explain(mini, mini.raadpleeg(mini.to_initiatief(FACTS), DAY), "intentieovereenkomst")
    assert u.status.startswith("gekozen vorm")
    (rule,) = u.hoe
    route = next(f for f in rule.feiten if f.feit == "route")
    assert route.herkomst == "afgeleid" and route.waarde == "zwaar_voortraject"
    (below,) = route.afgeleid_door
    assert below.regel == "route-zwaar" and below.feiten[0].feit == "warmteoplossing"
    assert below.feiten[0].herkomst == "invoer"
    path, line = below.plaats.rsplit(":", 1)
    assert path.endswith("regels.yaml") and int(line) > 0


def test_why_not_names_failed_tests_with_values(mini):
    u = explain(mini, mini.raadpleeg(mini.to_initiatief(FACTS), DAY), "subsidieovereenkomst")
    assert not u.geconcludeerd and not u.hoe
    (rule,) = u.waarom_niet
    assert rule.regel == "intentie-licht" and rule.reden == "voorwaarde"
    failed = rule.gevallen[0].mislukt
    assert [(t.feit, t.waarde, t.ontbreekt) for t in failed] == [("initiatief.beoogde_rol", "gelijkwaardig", False)]
    assert "fase = opstarten" in rule.gevallen[0].voldaan


def test_why_not_names_missing_facts(mini):
    facts = {"naam": "Leeg"}
    u = explain(mini, mini.raadpleeg(mini.to_initiatief(facts), DAY), "subsidieovereenkomst")
    (rule,) = u.waarom_niet
    missing = [t for g in rule.gevallen for t in g.mislukt if t.ontbreekt]
    assert "initiatief.beoogde_rol" in {t.feit for t in missing}
    text = explanation_text(u)
    assert "ontbreekt: initiatief.beoogde_rol = meedenken" in text


def test_why_not_goes_one_level_into_derived_facts(mini):
    facts = {"naam": "Individueel", "warmteoplossing": "individueel"}
    u = explain(mini, mini.raadpleeg(mini.to_initiatief(facts), DAY), "netbeheerder")
    route = next(t for r in u.waarom_niet if r.regel == "intentie-zwaar" for g in r.gevallen for t in g.mislukt
                 if t.feit == "route")
    assert route.ontbreekt and [r.regel for r in route.niet_afgeleid] == ["route-zwaar"]


def test_a_rule_outside_its_validity_says_so(mini):
    facts = {"naam": "Net", "technieken": ["warmtenet"], "partners_betrokken": []}
    u = explain(mini, mini.raadpleeg(mini.to_initiatief(facts), DAY), "netbeheerder-warmtenet")
    assert u.soort == "regel" and not u.geconcludeerd
    assert u.waarom_niet[0].reden == "peildatum"
    assert "niet geldig op de peildatum" in explanation_text(u)


def test_input_fact_and_rule_ids(mini):
    initiatief = mini.to_initiatief(FACTS)
    u = explain(mini, mini.raadpleeg(initiatief, DAY), "gemeente.capaciteit")
    assert u.geconcludeerd and u.status == "opgegeven: beperkt"
    u = explain(mini, mini.raadpleeg(initiatief, DAY), "capaciteit")
    assert u.soort == "regel" and u.geconcludeerd and u.hoe[0].regel == "capaciteit"


def test_unknown_id_is_an_input_error_with_a_guess(mini):
    with pytest.raises(InputError) as info:
        explain(mini, mini.raadpleeg(mini.to_initiatief(FACTS), DAY), "ops-kenismaken")
    assert info.value.problems[0].suggestion == "ops-kennismaken"


def run(*args):
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)


MINI = ["--regels", str(DATA / "regels-mini"), "--kennisbank", str(DATA / "kb-mini"), "--peildatum", "2026-01-01"]


def test_cli_uitleg_text_json_and_exit_codes():
    example = str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")
    out = run("uitleg", example, "ops-kennismaken", *MINI)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Uitleg voor 'ops-kennismaken'") and "Hoe het advies hiertoe kwam" in out.stdout
    assert all(len(line) <= WIDTH for line in out.stdout.splitlines())
    out = run("uitleg", example, "subsidieovereenkomst", *MINI, "--formaat", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["geconcludeerd"] is False and data["waarom_niet"][0]["regel"] == "intentie-licht"
    out = run("uitleg", example, "ops-kenismaken", *MINI)
    assert out.returncode == 2 and "bedoelde u 'ops-kennismaken'" in out.stderr and "Traceback" not in out.stderr
