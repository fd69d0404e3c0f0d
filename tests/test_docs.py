"""docs/regels-schrijven.md cannot drift: the fact reference is what the generator writes, the worked
example is the shipped rule, the example scenario passes, and every rules snippet is a valid rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.authoring.factref import DOC, render
from samenwerkwijzer.engine.authoring.scenarios import Scenario, run_scenario
from samenwerkwijzer.engine.authoring.scenariotext import outcome_text
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import Regel, collect_rules
from samenwerkwijzer.engine.source.yamlsource import parse

TEXT = DOC.read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- (?P<note>[^>]*) -->\n)?```yaml\n(?P<body>.*?)```", re.S)
BLOCKS = [(m.group("note") or "", m.group("body"), TEXT[: m.start()].count("\n") + 1) for m in BLOCK.finditer(TEXT)]
NO_BELEID = "geen 'beleid' gevonden"


def test_fact_reference_is_what_the_generator_writes():
    assert render(TEXT) == TEXT, "de feitenreferentie is verouderd; werk bij met: python -m samenwerkwijzer.engine.authoring.factref"


def test_the_doc_walks_through_writing_checking_and_testing():
    for needle in ("samenwerkwijzer regels controleer", "samenwerkwijzer regels test", "yaml-language-server",
                   "--sw-scenarios", "formalisatie_volgorde", "geldig_vanaf", "--peildatum", "afgeleide_feiten"):
        assert needle in TEXT, needle


@pytest.fixture(scope="module")
def kb():
    return load_kennisbank(SHIPPED_KB)


@pytest.mark.parametrize("note,body,line", [b for b in BLOCKS if b[0].startswith("voorbeeld:")], ids=lambda v: str(v)[:30])
def test_worked_example_is_the_shipped_rule(note: str, body: str, line: int):
    shipped_file = DOC.parent.parent / note.split(":", 1)[1].strip()
    shipped = {r["id"]: r for r in yaml.safe_load(shipped_file.read_text(encoding="utf-8"))["regels"]}
    for rule in yaml.safe_load(body)["regels"]:
        assert rule["id"] in shipped, f"regel {rule['id']} (docs regel {line}) staat niet in {shipped_file.name}"
        assert Regel.model_validate(rule) == Regel.model_validate(shipped[rule["id"]]), (
            f"het voorbeeld op regel {line} van de schrijfwijzer wijkt af van {shipped_file.name}")


@pytest.mark.parametrize("note,body,line", [b for b in BLOCKS if "regels:" in b[1] or "beleid:" in b[1]],
                         ids=lambda v: str(v)[:30])
def test_every_rules_snippet_passes_the_loader(note: str, body: str, line: int, kb, tmp_path: Path):
    path = tmp_path / f"docs-{line}.yaml"
    path.write_text(body, encoding="utf-8")
    _, problems = collect_rules(tmp_path, kb, files=[path])
    errors = [p.format() for p in problems.errors() if NO_BELEID not in p.message]
    assert not errors, f"docs regel {line}: {errors}"


def test_condition_examples_in_the_reference_are_valid(kb, tmp_path: Path):
    section = TEXT[TEXT.index("### 5.3"):TEXT.index("### 5.4")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    examples = [e for row in rows for e in re.findall(r"`(\{[^`]*\})`", row) if "voorwaarde" not in e]
    assert len(examples) >= 12
    rules = [{"id": f"voorbeeld-{n}", "titel": "Voorbeeld", "als": yaml.safe_load(e), "bron": "opstarten/activiteiten",
              "toelichting": "Voorbeeld uit de schrijfwijzer.", "dan": [{"activiteit": {"id": "ops-kennismaken", "prioriteit": "kan"}}]}
             for n, e in enumerate(examples)]
    path = tmp_path / "voorwaarden.yaml"
    path.write_text(yaml.safe_dump({"regels": rules}, allow_unicode=True), encoding="utf-8")
    _, problems = collect_rules(tmp_path, kb, files=[path])
    assert not [p.format() for p in problems.errors() if NO_BELEID not in p.message]


def test_example_scenarios_pass_against_the_shipped_rules(shipped: Adviseur):
    blocks = [(body, line) for note, body, line in BLOCKS if note.startswith("scenario:")]
    assert blocks
    for body, line in blocks:
        doc = parse(body, f"docs/regels-schrijven.md:{line}")
        for index, raw in enumerate(doc.data["scenarios"]):
            outcome = run_scenario(shipped, Scenario.model_validate(raw), doc, index)
            assert outcome.ok, outcome_text(outcome)
