"""Two engines, one advice: durable_rules and the plain-Python engine give the same Advies byte for
byte (only `regelbasis.engine` names the one that made it), on every example and scenario profile.

Where durable is missing (Python 3.13+) the python engine is the default and asking for durable is
a clear refusal. A child process in which durable_rules cannot be imported shows that on any Python.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from engines import HERE, needs_durable

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.authoring.scenarios import DEFAULT_DAY, SHIPPED, load_scenarios, scenario_files
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.logic.engines import default_engine, durable_available

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
SCENARIOS = [(path.name, s) for path in scenario_files([SHIPPED]) for s, _, _ in load_scenarios(path)]


@pytest.fixture(scope="module")
def both() -> dict[str, Adviseur]:
    return {engine: Adviseur(engine=engine) for engine in HERE}


def without_engine(advies_json: str) -> str:
    doc = json.loads(advies_json)
    doc["regelbasis"].pop("engine")
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


def assert_same_advice(both: dict[str, Adviseur], feiten: object, day: dt.date) -> None:
    out = {engine: a.adviseer(feiten, day).model_dump_json() for engine, a in both.items()}  # type: ignore[arg-type]
    for engine, text in out.items():
        assert json.loads(text)["regelbasis"]["engine"] == engine
    assert out["durable"].replace('"engine":"durable"', '"engine":"python"') == out["python"]
    assert without_engine(out["durable"]) == without_engine(out["python"])


@needs_durable
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_both_engines_give_the_same_advice_for_every_example(both: dict[str, Adviseur], path: Path) -> None:
    assert_same_advice(both, both["python"].lees_feiten(path), DAY)


@needs_durable
@pytest.mark.parametrize(("name", "scenario"), SCENARIOS, ids=[f"{f}:{s.naam}" for f, s in SCENARIOS])
def test_both_engines_give_the_same_advice_for_every_scenario(both: dict[str, Adviseur], name: str, scenario: object) -> None:
    assert_same_advice(both, scenario.feiten, scenario.peildatum or DEFAULT_DAY)  # type: ignore[attr-defined]


@needs_durable
def test_both_engines_agree_on_the_mini_base() -> None:
    pair = {e: Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini", engine=e) for e in HERE}
    for feiten in ({"naam": "a"}, {"naam": "b", "warmteoplossing": "collectief"}, {"naam": "c", "warmteoplossing": "individueel"}):
        assert_same_advice(pair, feiten, DAY)


@pytest.mark.parametrize("engine", HERE)
def test_every_advice_names_its_engine(both: dict[str, Adviseur], engine: str) -> None:
    advies = both[engine].adviseer({"naam": "x"}, DAY)
    assert advies.regelbasis.engine == engine
    assert both[engine].engine == engine


def test_the_default_engine_is_durable_where_it_imports() -> None:
    assert default_engine() == ("durable" if durable_available() else "python")
    assert Adviseur().engine == default_engine()


def test_an_unknown_engine_is_an_input_error_with_a_guess() -> None:
    with pytest.raises(InputError) as err:
        Adviseur(engine="pyton")
    assert "onbekende regelmachine 'pyton'" in err.value.format()
    assert "bedoelde u 'python'" in err.value.format()


def run_without_durable(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process where durable_rules cannot be imported (as on Python 3.13)."""
    code = ("import sys; sys.modules['durable_rules_engine'] = None; sys.modules['durable'] = None\n"
            "from samenwerkwijzer.cli import main\nmain(args=sys.argv[1:], prog_name='samenwerkwijzer')")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_without_durable_the_python_engine_advises() -> None:
    proc = run_without_durable("advies", "voorbeelden/opstarten-collectief.yaml", "--formaat", "json", "--peildatum", "2026-01-01")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["regelbasis"]["engine"] == "python"
    tekst = run_without_durable("advies", "voorbeelden/opstarten-collectief.yaml", "--peildatum", "2026-01-01")
    assert tekst.stdout.rstrip().endswith("regelmachine python."), tekst.stdout[-300:]


def test_without_durable_asking_for_it_is_exit_2_with_one_dutch_line() -> None:
    proc = run_without_durable("advies", "voorbeelden/opstarten-collectief.yaml", "--engine", "durable")
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "--engine" in lines[0] and "'durable' is hier niet geïnstalleerd" in lines[0] and "python" in lines[0]


@pytest.mark.parametrize("engine", HERE)
def test_the_cli_takes_the_engine_on_every_advising_command(engine: str) -> None:
    from click.testing import CliRunner

    from samenwerkwijzer.cli import main

    example = str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")
    runner = CliRunner()
    advies = runner.invoke(main, ["advies", example, "--formaat", "json", "--peildatum", "2026-01-01", "--engine", engine])
    assert advies.exit_code == 0, advies.output
    assert json.loads(advies.stdout)["regelbasis"]["engine"] == engine
    other = str(ROOT / "voorbeelden" / "uitwerken-individueel.yaml")
    for args in (["plan", example, "--formaat", "json"], ["uitleg", example, "fase"], ["regels", "test"],
                 ["overzicht", str(ROOT / "voorbeelden")], ["vragen", example, "--formaat", "json"],
                 ["vergelijk", example, other], ["overeenkomst", example]):
        result = runner.invoke(main, [*args, "--engine", engine])
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(main, ["intake", "--naar", os.devnull, "--engine", engine], input="s\n")
    assert result.exit_code == 0, result.output


def test_every_command_that_reads_rules_lets_the_user_choose_the_engine() -> None:
    """A command with --regels reasons with those rules: it takes --engine too."""
    import click

    from samenwerkwijzer.cli import main

    def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
        out = []
        for name, cmd in group.commands.items():
            out.append((prefix + name, cmd))
            if isinstance(cmd, click.Group):
                out += commands(cmd, prefix + name + " ")
        return out

    reading = {name: {p.name for p in cmd.params} for name, cmd in commands(main) if any(p.name == "regels" for p in cmd.params)}
    assert {"advies", "vragen", "intake", "vergelijk", "overeenkomst"} <= reading.keys()
    assert [name for name, params in reading.items() if "engine" not in params and name != "regels controleer"] == []
