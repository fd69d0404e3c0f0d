"""The examples in voorbeelden/: every phase, both kinds of solution, valid plans, stable output, explained."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.engine.advice.explain import explain
from samenwerkwijzer.engine.model.facts import FASEN
from samenwerkwijzer.engine.render.formats import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
DAY = dt.date(2026, 1, 1)

# the test_plan helpers, imported by path: tests are not a package
sys.path.insert(0, str(Path(__file__).parent))
from test_plan import assert_valid  # noqa: E402


@pytest.fixture(scope="module")
def adviezen(shipped):
    out = {}
    for path in EXAMPLES:
        initiatief = shipped.lees_feiten(str(path))
        out[path.name] = (initiatief, shipped.raadpleeg(initiatief, DAY))
    return out


def test_examples_cover_every_phase_and_both_kinds_of_solution(adviezen):
    phases = {consult.advice.fase.waarde for _, consult in adviezen.values()}
    assert phases == set(FASEN)
    solutions = {initiatief.warmteoplossing for initiatief, _ in adviezen.values()}
    assert {"individueel", "collectief"} <= solutions
    derived = [name for name, (_, consult) in adviezen.items() if consult.advice.fase.bepaald_door == "regel"]
    assert len(derived) > len(adviezen) / 2, "most examples let the engine derive the phase"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_header(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/feiten.schema.json"
    assert lines[1].startswith("# ") and len(lines[1]) > 20


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_plan_is_a_valid_order(path, adviezen, shipped):
    _, consult = adviezen[path.name]
    assert_valid(consult)
    html = render(consult, "html")
    assert "<svg" in html and "<script" not in html


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], capture_output=True, cwd=ROOT, check=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_json_is_byte_identical_across_runs(path):
    first = cli("advies", str(path), "--formaat", "json", "--peildatum", "2026-01-01")
    second = cli("advies", str(path), "--formaat", "json", "--peildatum", "2026-01-01")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout and first.stdout.startswith(b"{")


def test_html_and_markdown_are_byte_identical_across_runs(tmp_path):
    path = str(ROOT / "voorbeelden" / "ontwikkelen-collectief.yaml")
    for fmt in ("html", "markdown", "tekst"):
        outs = []
        for n in range(2):
            target = tmp_path / f"{fmt}{n}"
            result = cli("advies", path, "--formaat", fmt, "--uitvoer", str(target), "--peildatum", "2026-01-01")
            assert result.returncode == 0 and result.stdout == b"", result.stderr.decode()
            outs.append(target.read_bytes())
        assert outs[0] == outs[1] and outs[0]
    for fmt in ("mermaid", "dot", "json"):
        first, second = cli("plan", path, "--formaat", fmt), cli("plan", path, "--formaat", fmt)
        assert first.returncode == 0 and first.stdout == second.stdout, first.stderr.decode()


def concluded(advies):
    ids = [a.id for a in advies.activiteiten] + [p.id for p in advies.partners] + [r.id for r in advies.risicos]
    ids += [t.id for t in advies.tips] + sorted({d.feit for d in advies.afgeleide_feiten})
    return ids + ([advies.formalisatie.vorm] if advies.formalisatie else [])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_uitleg_answers_for_every_conclusion(path, adviezen, shipped):
    _, consult = adviezen[path.name]
    for item in concluded(consult.advice):
        u = explain(shipped, consult, item)
        assert u.geconcludeerd and u.hoe, item
        for rule in u.hoe:
            assert rule.plaats.rsplit(":", 1)[1].isdigit()


def test_why_not_for_activities_that_were_not_recommended(adviezen, shipped):
    answered = 0
    for initiatief, consult in adviezen.values():
        recommended = {a.id for a in consult.advice.activiteiten} | set(initiatief.afgerond)
        for act in sorted(set(shipped.kb.activiteiten) - recommended):
            u = explain(shipped, consult, act)
            assert not u.geconcludeerd
            assert u.waarom_niet or u.opmerkingen
            if u.waarom_niet:
                answered += 1
                assert all(g.mislukt or r.reden == "peildatum" for r in u.waarom_niet for g in r.gevallen)
    assert answered >= 1
