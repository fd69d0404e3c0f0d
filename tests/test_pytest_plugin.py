"""The pytest plugin runs scenario files as tests, with readable failures, and only when asked."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from samenwerkwijzer.engine.authoring.pytest_plugin import ScenarioItem

pytest_plugins = ["pytester"]

DATA = Path(__file__).parent / "data"
GOED = """\
scenarios:
  - naam: Niets getekend
    feiten: {naam: Leeg}
    verwacht: {fase: opstarten, activiteiten: [ops-kennismaken]}
"""
FOUT = """\
# een bewust verkeerde verwachting
scenarios:
  - naam: Klopt wel
    feiten: {naam: Leeg}
    verwacht: {fase: opstarten}
  - naam: Verkeerde fase
    feiten: {naam: Leeg, afspraken: {intentieovereenkomst: false}}
    verwacht:
      fase: uitwerken
      risicos: [risico-capaciteit]
"""


def _project(pytester: pytest.Pytester, *, enable: bool = True) -> None:
    lines = ["[pytest]"]
    if enable:
        lines.append("samenwerkwijzer_scenarios = true")
    lines += [f"samenwerkwijzer_regels = {DATA / 'regels-mini'}", f"samenwerkwijzer_kennisbank = {DATA / 'kb-mini'}"]
    pytester.makeini("\n".join(lines) + "\n")
    folder = pytester.mkdir("scenarios")
    (folder / "goed.yaml").write_text(GOED, encoding="utf-8")
    (folder / "fout.yaml").write_text(FOUT, encoding="utf-8")
    (folder / "iets-anders.yaml").write_text("naam: geen scenariobestand\n", encoding="utf-8")


def test_registered_through_the_pytest11_entry_point():
    values = {ep.value for ep in entry_points(group="pytest11")}
    assert "samenwerkwijzer.engine.authoring.pytest_plugin" in values


def test_this_repository_does_not_run_the_shipped_scenarios_twice(request: pytest.FixtureRequest):
    assert request.config.pluginmanager.has_plugin("samenwerkwijzer")
    assert not request.config.getini("samenwerkwijzer_scenarios")
    assert not request.config.getoption("sw_scenarios")
    assert not any(isinstance(item, ScenarioItem) for item in request.session.items)


def test_passing_and_failing_scenarios_with_a_readable_diff(pytester: pytest.Pytester):
    _project(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    failure = [
        "scenarios/fout.yaml:6: scenario 'Verkeerde fase': MISLUKT",
        "    fase: verwacht uitwerken, kreeg opstarten (regel: fase-opstarten) [regels met deze conclusie: fase-uitwerken]",
        "    risico 'risico-capaciteit' ontbreekt [kan komen van: capaciteit; geen daarvan ging af]",
    ]
    assert "\n".join(failure) in out, out
    assert "Traceback" not in out and "def runtest" not in out


def test_nothing_is_collected_unless_asked(pytester: pytest.Pytester):
    _project(pytester, enable=False)
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result = pytester.runpytest("-p", "no:cacheprovider", "--sw-scenarios", "scenarios/goed.yaml")
    result.assert_outcomes(passed=1)


def test_a_broken_scenario_file_is_a_collection_error_naming_file_and_line(pytester: pytest.Pytester):
    _project(pytester)
    (pytester.path / "scenarios" / "kapot.yaml").write_text(
        "scenarios:\n  - naam: Tikfout\n    feiten: {naam: x}\n    verwachtt: {}\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider", "scenarios/kapot.yaml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*kapot.yaml:4:5: fout: veld 'scenarios[[]0[]].verwachtt': onbekend veld*"])
    assert "Traceback" not in result.stdout.str()
