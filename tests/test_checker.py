"""`regels controleer` and `regels test`: broken rules are refused with file:line and rule, the
shipped base passes, example profiles really trigger both rules, and the advice states its date."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer import Adviseur
from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.authoring import witness
from samenwerkwijzer.engine.authoring.checker import Checker, Report, check
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES
from samenwerkwijzer.engine.model.rules import collect_rules
from samenwerkwijzer.engine.render.advicejson import advice_json
from samenwerkwijzer.engine.render.text import to_text

DATA = Path(__file__).parent / "data"
KB_MINI = DATA / "kb-mini"
BROKEN = sorted((DATA / "regels-kapot").iterdir())
DAY = dt.date(2026, 1, 1)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], capture_output=True, text=True)


def nested(flat: dict) -> dict:
    """A flat profile (dotted name -> value) as a facts mapping."""
    out: dict = {"naam": "Voorbeeld"}
    for name, value in flat.items():
        *parents, leaf = name.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = list(value) if isinstance(value, tuple) else value
    return out


# -- the broken corpus ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_rules_exit_2_naming_file_line_and_rule(path: Path):
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    expected = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        for line, fragment in re.findall(r"^# verwacht: (\d+): (.+)$", text, re.M):
            (rule,) = re.findall(r"^# regel: (\S+)$", text, re.M)
            expected.append((f, line, fragment, rule))
    assert expected, f"{path} zegt niet wat het verwacht"
    proc = cli("regels", "controleer", str(path), "--kennisbank", str(KB_MINI), "--peildatum", "2026-01-01")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    for f, line, fragment, rule in expected:
        rel = str(f.relative_to(Path.cwd())) if f.is_relative_to(Path.cwd()) else str(f)
        pattern = rf"^{re.escape(rel)}:{line}:\d+: fout: regel '{re.escape(rule)}': .*{re.escape(fragment)}"
        assert re.search(pattern, proc.stdout, re.M), proc.stdout
    assert "regels NIET in orde" in proc.stdout


def test_one_run_reports_every_defect(tmp_path: Path):
    for name in ("feit-typo.yaml", "tegenspraak.yaml"):
        shutil.copy(DATA / "regels-kapot" / name, tmp_path / name)
    (tmp_path / "feit-typo.yaml").write_text(
        (tmp_path / "feit-typo.yaml").read_text().replace("beleid:\n  formalisatie_volgorde: [geen_samenwerking, "
                                                          "intentieovereenkomst, subsidieovereenkomst]\n", ""))
    report = check(tmp_path, KB_MINI, DAY)
    messages = [p.message for p in report.errors()]
    assert any("onbekend feit 'gemeente.capacitiet'" in m for m in messages), messages
    assert any("tegenstrijdig met regel 'route-zwaar'" in m for m in messages), messages
    assert report.exit_code == 2


# -- the shipped base -----------------------------------------------------------------------------
def test_shipped_base_has_no_errors_and_only_defended_warnings():
    report = check(day=DAY)
    assert not report.errors(), "\n".join(report.lines())
    for problem in report.warnings():
        assert "wordt door geen enkele regel" in problem.message or "geldig" in problem.message, problem.format()
    proc = cli("regels", "controleer", "--peildatum", "2026-01-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("regels in orde: 0 fouten")


def test_simulation_agrees_with_the_engine_on_every_shipped_rule(shipped: Adviseur):
    """The checker's plain-Python chaining fires exactly what durable_rules fires."""
    kb = load_kennisbank(SHIPPED_KB)
    base, problems = collect_rules(SHIPPED_RULES, kb)
    assert not problems.errors()
    checker = Checker(base, kb, DAY, Report(), set(), True, [])
    ids = {info.index: info.rule.id for info in checker.infos}
    for info in checker.infos:
        search = checker.space.construct([info])
        assert search.profile is not None, info.rule.id
        _, _, result = shipped.infer(shipped.to_initiatief(nested(search.profile)), DAY)
        engine = {shipped.compiled.rules[ri].rule.id for ri, _ in result.fired}
        engine |= {shipped.compiled.rules[ri].rule.id for ri in result.skipped}
        assert {ids[i] for i in checker.space.run(search.profile)} == engine, info.rule.id


# -- contradictions: the example is real, and the method is named ---------------------------------
def _contradiction_base(tmp_path: Path) -> Path:
    shutil.copy(DATA / "regels-kapot" / "tegenspraak.yaml", tmp_path / "regels.yaml")
    return tmp_path


def test_contradiction_example_triggers_both_rules_in_the_engine(tmp_path: Path):
    folder = _contradiction_base(tmp_path)
    report = check(folder, KB_MINI, DAY)
    profile = report.examples[("route-zwaar", "route-geleidelijk")]
    adviseur = Adviseur(regels=folder, kennisbank=KB_MINI)
    try:
        advies = adviseur.adviseer(nested(profile), DAY)
    finally:
        adviseur.close()
    routes = {d.waarde: d.regels for d in advies.afgeleide_feiten if d.feit == "route"}
    assert routes == {"zwaar_voortraject": ["route-zwaar"], "geleidelijk": ["route-geleidelijk"]}
    assert any("tegenstrijdig afgeleid feit 'route'" in w.tekst for w in advies.waarschuwingen)


def test_large_spaces_are_searched_directed_and_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = _contradiction_base(tmp_path)
    small = check(folder, KB_MINI, DAY)
    (error,) = [p for p in small.errors() if "tegenstrijdig" in p.message]
    assert "alle 16 combinaties van de feiten die deze regels lezen doorzocht" in error.message
    monkeypatch.setattr(witness, "EXHAUSTIVE_LIMIT", 1)
    large = check(folder, KB_MINI, DAY)
    (error,) = [p for p in large.errors() if "tegenstrijdig" in p.message]
    assert "gericht gezocht" in error.message
    assert "voorbeeldprofiel: technieken=[warmtepomp], warmteoplossing=collectief" in error.message
    assert "0 volledig doorzocht" in large.summary()


def test_rules_that_exclude_each_other_are_no_contradiction(tmp_path: Path):
    text = (DATA / "regels-kapot" / "tegenspraak.yaml").read_text()
    text = text.replace("als: {feit: technieken, bevat: warmtepomp}", "als: {feit: warmteoplossing, is: individueel}")
    (tmp_path / "regels.yaml").write_text(text)
    report = check(tmp_path, KB_MINI, DAY)
    assert not report.errors(), report.lines()


def test_a_rule_whose_derived_facts_exclude_its_own_condition_is_unreachable(tmp_path: Path):
    text = (DATA / "regels-kapot" / "tegenspraak.yaml").read_text()
    text = text.replace("als: {feit: route, is: geleidelijk}",
                        "als: {alle: [{feit: route, is: zwaar_voortraject}, {feit: warmteoplossing, is: individueel}]}")
    text = text.replace("als: {feit: technieken, bevat: warmtepomp}", "als: {feit: warmteoplossing, is: individueel}")
    (tmp_path / "regels.yaml").write_text(text)
    (error,) = check(tmp_path, KB_MINI, DAY).errors()
    assert error.rule == "subsidie-bij-geleidelijk"
    assert "worden alleen afgeleid in situaties die haar eigen voorwaarde uitsluit" in error.message


# -- validity dates and the peildatum --------------------------------------------------------------
def test_expired_and_future_rules_are_warnings_relative_to_the_peildatum(tmp_path: Path):
    text = (DATA / "regels-mini" / "regels.yaml").read_text()
    text = text.replace("    toelichting: Kennismaken gaat voor alles.\n",
                        "    toelichting: Kennismaken gaat voor alles.\n    geldig_vanaf: 2030-01-01\n")
    (tmp_path / "regels.yaml").write_text(text)
    report = check(tmp_path, KB_MINI, DAY)
    assert report.exit_code == 0
    dated = sorted((p.rule, p.message.split(":")[0]) for p in report.warnings() if p.rule)
    assert dated == [("kennismaken", "is nog niet geldig"), ("netbeheerder-warmtenet", "is verlopen")]
    early = check(tmp_path, KB_MINI, dt.date(2019, 6, 1))
    assert [p.rule for p in early.warnings() if p.rule] == ["kennismaken"]


def test_the_advice_states_its_peildatum(mini: Adviseur):
    consult = mini.raadpleeg({"naam": "Buurtwarmte"}, dt.date(2025, 3, 14))
    assert consult.advice.regelbasis.peildatum == dt.date(2025, 3, 14)
    assert "peildatum 2025-03-14" in to_text(consult)
    assert '"peildatum": "2025-03-14"' in advice_json(consult.advice)
    result = CliRunner().invoke(main, ["advies", str(Path(__file__).parents[1] / "voorbeelden" / "opstarten-collectief.yaml"),
                                       "--peildatum", "2024-02-29"])
    assert result.exit_code == 0, result.output
    assert "peildatum 2024-02-29" in result.output


# -- regels test ----------------------------------------------------------------------------------
def test_regels_test_runs_the_shipped_scenarios():
    proc = cli("regels", "test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(r"\d+ geslaagd, 0 mislukt", proc.stdout.splitlines()[-1])


def test_regels_test_shows_a_readable_diff_for_a_wrong_expectation(tmp_path: Path):
    bad = tmp_path / "fout.yaml"
    bad.write_text(
        "scenarios:\n"
        "  - naam: Goed\n"
        "    feiten: {naam: Leeg}\n"
        "    verwacht: {fase: opstarten}\n"
        "  - naam: Verkeerde verwachting\n"
        "    feiten: {naam: Leeg}\n"
        "    verwacht:\n"
        "      fase: uitwerken\n"
        "      risicos: [risico-capaciteit]\n"
        "      partners: [wethouder]\n",
        encoding="utf-8",
    )
    proc = cli("regels", "test", str(bad), "--regels", str(DATA / "regels-mini"), "--kennisbank", str(KB_MINI))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert f"{bad}:5: scenario 'Verkeerde verwachting': MISLUKT" in out
    assert "fase: verwacht uitwerken, kreeg opstarten (aangenomen: fase-opstarten) [regels met deze conclusie: fase-uitwerken]" in out
    assert "risico 'risico-capaciteit' ontbreekt [kan komen van: capaciteit; geen daarvan ging af]" in out
    assert "partner 'wethouder' ontbreekt [geen enkele regel concludeert dit]" in out
    assert "'Goed'" not in out
    assert out.splitlines()[-1] == "1 geslaagd, 1 mislukt"


def test_regels_test_exits_2_for_a_broken_scenario_file(tmp_path: Path):
    broken = tmp_path / "kapot.yaml"
    broken.write_text("scenarios:\n  - naam: Zonder verwachting\n    feiten: {naam: x}\n    verwachting: {}\n", encoding="utf-8")
    proc = cli("regels", "test", str(broken), "--regels", str(DATA / "regels-mini"), "--kennisbank", str(KB_MINI))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{broken}:4:" in proc.stdout and "onbekend veld" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "0 geslaagd, 0 mislukt, 1 bestand met fouten"


def test_regels_test_exits_2_for_unknown_ids_in_the_expectations(tmp_path: Path):
    broken = tmp_path / "tikfout.yaml"
    broken.write_text(
        "scenarios:\n"
        "  - naam: Goed\n"
        "    feiten: {naam: Leeg}\n"
        "    verwacht: {fase: opstarten}\n"
        "  - naam: Tikfouten\n"
        "    feiten: {naam: Leeg}\n"
        "    verwacht:\n"
        "      activiteiten: [bestaat-niet]\n"
        "      partners: [wethouders]\n"
        "      formalisatie: {vorm: intentieovereenkomts}\n",
        encoding="utf-8",
    )
    proc = cli("regels", "test", str(broken), "--regels", str(DATA / "regels-mini"), "--kennisbank", str(KB_MINI))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and "MISLUKT" not in proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0] == (f"{broken}:8:22: fout: veld 'scenarios[1].verwacht.activiteiten[0]': onbekende activiteit "
                        "'bestaat-niet' (toegestaan: ops-aanspreekpunt, ops-ambitie, ops-kennismaken, uit-plan)")
    assert lines[1] == (f"{broken}:9:18: fout: veld 'scenarios[1].verwacht.partners[0]': onbekende partner 'wethouders' "
                        "(toegestaan: netbeheerder, wethouder); bedoelde u 'wethouder'?")
    assert lines[2].startswith(f"{broken}:10:22: fout: veld 'scenarios[1].verwacht.formalisatie.vorm': onbekende vorm")
    assert lines[2].endswith("bedoelde u 'intentieovereenkomst'?")
    assert lines[-1] == "1 geslaagd, 0 mislukt, 1 bestand met fouten"


def test_regels_test_defaults_to_the_scenarios_beside_the_rules(tmp_path: Path):
    shutil.copy(DATA / "regels-mini" / "regels.yaml", tmp_path / "regels.yaml")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mini.yaml").write_text(
        "scenarios:\n  - naam: Mini\n    feiten: {naam: Leeg}\n    verwacht: {fase: opstarten, tips: [tip-ops-droom]}\n",
        encoding="utf-8")
    proc = cli("regels", "test", "--regels", str(tmp_path), "--kennisbank", str(KB_MINI))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "1 geslaagd, 0 mislukt"
