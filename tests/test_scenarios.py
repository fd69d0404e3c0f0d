"""Every shipped scenario (regels/scenarios/*.yaml) holds for the shipped rule base."""

from __future__ import annotations

import dataclasses

import pytest

from samenwerkwijzer.engine.authoring.scenarios import SHIPPED, Failure, load_scenarios, run_scenario, scenario_files
from samenwerkwijzer.engine.authoring.scenariotext import outcome_text

CASES = [(path, s, doc, i) for path in scenario_files([SHIPPED]) for s, doc, i in load_scenarios(path)]


@pytest.mark.parametrize("path,scenario,doc,index", CASES, ids=[f"{p.stem}:{s.naam}" for p, s, _, _ in CASES])
def test_shipped_scenario(shipped, path, scenario, doc, index):
    outcome = run_scenario(shipped, scenario, doc, index)
    assert outcome.ok, outcome_text(outcome)


WRONG = (
    "scenarios:\n"
    "  - naam: Verkeerde verwachting\n"
    "    feiten: {naam: Leeg}\n"
    "    verwacht:\n"
    "      fase: beheren\n"
    "      activiteiten: [beh-nazorg]\n"
)


def wrong_scenario(tmp_path):
    """A scenario whose phase and one activity are expected wrongly (the shipped rules say opstarten)."""
    bad = tmp_path / "fout.yaml"
    bad.write_text(WRONG, encoding="utf-8")
    ((scenario, doc, index),) = load_scenarios(bad)
    return bad, scenario, doc, index


def test_a_wrong_expectation_fails_with_a_readable_diff(shipped, tmp_path):
    bad, scenario, doc, index = wrong_scenario(tmp_path)
    outcome = run_scenario(shipped, scenario, doc, index)
    text = outcome_text(outcome)
    assert not outcome.ok
    assert f"{bad}:2: scenario 'Verkeerde verwachting': MISLUKT" in text
    assert "fase: verwacht beheren, kreeg opstarten (aangenomen: fase-opstarten-afleiden)" in text
    assert "activiteit 'beh-nazorg' ontbreekt" in text


def test_the_runner_returns_failures_as_records_not_text(shipped, tmp_path):
    bad, scenario, doc, index = wrong_scenario(tmp_path)
    phase, missing = run_scenario(shipped, scenario, doc, index).failures
    assert isinstance(phase, Failure) and isinstance(missing, Failure)
    assert (phase.scenario, phase.path, phase.line) == ("Verkeerde verwachting", str(bad), 2)
    assert (phase.kind, phase.item, phase.expected, phase.got) == ("fase", "fase", "beheren", "opstarten")
    assert phase.rules == ("fase-opstarten-afleiden",) and phase.how == "aangenomen"
    assert phase.candidates == ("fase-beheren-afleiden",)
    assert (missing.kind, missing.item, missing.key, missing.got) == ("ontbreekt", "activiteit", "beh-nazorg", None)
    assert missing.candidates == ("algemeen-wijk-beheren", "beheren-nazorg")
    with pytest.raises(dataclasses.FrozenInstanceError):
        phase.kind = "afgeleid"  # type: ignore[misc]
