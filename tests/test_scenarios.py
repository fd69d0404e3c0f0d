"""Every shipped scenario (regels/scenarios/*.yaml) holds for the shipped rule base."""

from __future__ import annotations

import pytest

from samenwerkwijzer.engine.authoring.scenarios import SHIPPED, load_scenarios, run_scenario, scenario_files

CASES = [(path, s, doc, i) for path in scenario_files([SHIPPED]) for s, doc, i in load_scenarios(path)]


@pytest.mark.parametrize("path,scenario,doc,index", CASES, ids=[f"{p.stem}:{s.naam}" for p, s, _, _ in CASES])
def test_shipped_scenario(shipped, path, scenario, doc, index):
    outcome = run_scenario(shipped, scenario, doc, index)
    assert outcome.ok, outcome.format()


def test_a_wrong_expectation_fails_with_a_readable_diff(shipped, tmp_path):
    bad = tmp_path / "fout.yaml"
    bad.write_text(
        "scenarios:\n"
        "  - naam: Verkeerde verwachting\n"
        "    feiten: {naam: Leeg}\n"
        "    verwacht:\n"
        "      fase: beheren\n"
        "      activiteiten: [beh-nazorg]\n",
        encoding="utf-8",
    )
    ((scenario, doc, index),) = load_scenarios(bad)
    outcome = run_scenario(shipped, scenario, doc, index)
    text = outcome.format()
    assert not outcome.ok
    assert f"{bad}:2: scenario 'Verkeerde verwachting': MISLUKT" in text
    assert "fase: verwacht beheren, kreeg opstarten (regel: fase-opstarten-afleiden)" in text
    assert "activiteit 'beh-nazorg' ontbreekt" in text
