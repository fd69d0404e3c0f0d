"""The intake: library functions, the `vragen` and `nieuw` commands, and the terminal intake end to end
through a pseudo-terminal (pexpect): answering as an example's facts say reproduces that example's
advice exactly, and stopping halfway and going on from the written file asks nothing twice."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.intake import (
    IntakeVraag,
    answered,
    apply_answer,
    facts_yaml,
    next_questions,
    parse_answer,
    template_yaml,
)
from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.model.questiontexts import answer_label, load_texts, question_texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
DAY = "2026-06-01"
CLI = [sys.executable, "-m", "samenwerkwijzer.cli"]


def example(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def lookup(facts: dict[str, Any], name: str) -> Any:
    node: Any = facts
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# -- question texts --------------------------------------------------------------------------------
def test_every_input_fact_has_a_question_and_every_value_words() -> None:
    texts = question_texts()
    assert set(texts) == set(input_catalogue())
    for name, spec in input_catalogue().items():
        assert texts[name].vraag.endswith("?") and texts[name].uitleg, name
        if spec.values and spec.ids is None:
            assert set(texts[name].labels) == set(spec.values), name


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("wijk.steun"), "'wijk.steun' heeft geen vraag"),
    (lambda d: d.update({"wijk.oud": {"vraag": "Oud?", "uitleg": "x"}}), "'wijk.oud' is geen feit"),
    (lambda d: d["wijk.steun"]["antwoorden"].pop("breed"), "geen antwoord in woorden voor 'breed'"),
    (lambda d: d["wijk.steun"]["antwoorden"].update({"iedereen": "x"}), "'iedereen' is geen waarde"),
])
def test_a_missing_or_stale_question_text_fails(tmp_path: Path, edit: Any, message: str) -> None:
    data = yaml.safe_load((ROOT / "engine" / "model" / "vragen.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "vragen.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_texts(path)


# -- library ------------------------------------------------------------------------------------------
def test_answers_are_remembered_also_dont_know(shipped: Adviseur) -> None:
    facts = apply_answer({"naam": "x"}, "gemeente.capaciteit", None)
    facts = apply_answer(facts, "technieken", ["warmtenet"])
    values, unknown = answered(facts)
    assert values == {"naam": "x", "technieken": ["warmtenet"]} and unknown == {"gemeente.capaciteit"}
    asked = [q.vraag.feit for q in next_questions(shipped, facts, dt.date(2026, 6, 1))]
    assert "gemeente.capaciteit" not in asked and "technieken" not in asked and "naam" not in asked


def test_facts_yaml_is_a_facts_file_advies_accepts(shipped: Adviseur, tmp_path: Path) -> None:
    facts = apply_answer({"naam": "Buurt: \"warm\""}, "gemeente.capaciteit", None)
    facts = apply_answer(facts, "wijk.deelnamebereidheid", 45)
    facts = apply_answer(facts, "initiatief.ambities", ["duurzame_warmte"])
    path = tmp_path / "feiten.yaml"
    text = facts_yaml(facts, str(path))
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# Heeft de gemeente genoeg mensen en tijd voor deze samenwerking?" in text
    assert "capaciteit:  # weet ik niet" in text
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text) == {"naam": 'Buurt: "warm"', "initiatief": {"ambities": ["duurzame_warmte"]},
                                    "gemeente": {"capaciteit": None}, "wijk": {"deelnamebereidheid": 45}}
    initiatief = shipped.lees_feiten(str(path))
    assert initiatief.gemeente.capaciteit is None and initiatief.wijk.deelnamebereidheid == 45


def test_typed_answers() -> None:
    q = IntakeVraag(next(iter([])) if False else _question("gemeente.capaciteit"), "keuze", "verandert")
    assert parse_answer(q, "2").waarde == "beperkt"
    assert parse_answer(q, " w ").soort == "weet_niet"
    assert parse_answer(q, "stop").soort == "stop"
    assert parse_answer(q, "9").soort == "fout"
    lst = IntakeVraag(_question("technieken"), "lijst", "verandert")
    assert parse_answer(lst, "3 1").waarde == ["warmtepomp", "warmtenet"]
    assert parse_answer(lst, "0").waarde == []
    num = IntakeVraag(_question("wijk.deelnamebereidheid"), "getal", "samen")
    assert parse_answer(num, "45").waarde == 45 and parse_answer(num, "101").soort == "fout"
    name = IntakeVraag(_question("naam"), "tekst", "gegevens")
    assert parse_answer(name, "w").soort == "fout"


@pytest.mark.parametrize("typed", ["\u00b2", "1 \u00b9", "\u2460"], ids=["superscript", "lijst", "omcirkeld"])
def test_a_digit_int_cannot_read_is_a_typing_mistake_not_a_crash(typed: str) -> None:
    """'²' (or ①) counts as a digit for str.isdigit but int() refuses it: the intake ended with 'interne fout'."""
    q = IntakeVraag(_question("gemeente.capaciteit"), "keuze", "verandert")
    lst = IntakeVraag(_question("technieken"), "lijst", "verandert")
    assert parse_answer(q, typed).soort == "fout" and parse_answer(lst, typed).soort == "fout"


def _question(name: str) -> Any:
    from samenwerkwijzer.engine.advice.intake import plain_question  # noqa: PLC2701 - test of a helper

    return plain_question(_SHIPPED, name)


_SHIPPED = Adviseur()


# -- commands -------------------------------------------------------------------------------------------
def test_vragen_json_follows_the_contract() -> None:
    out = subprocess.run([*CLI, "vragen", str(ROOT / "voorbeelden" / "uitwerken-individueel.yaml"), "--formaat", "json",
                          "--peildatum", DAY], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data and all(set(q) == {"feit", "vraag", "uitleg", "antwoorden"} for q in data)
    for q in data:
        for a in q["antwoorden"]:
            assert set(a) == {"waarde", "label", "verandert"}
        spec = input_catalogue()[q["feit"]]
        if spec.kind == "bool":
            assert [a["waarde"] for a in q["antwoorden"]] == [True, False]
    text = subprocess.run([*CLI, "vragen", str(ROOT / "voorbeelden" / "uitwerken-individueel.yaml"), "--peildatum", DAY],
                          capture_output=True, text=True, check=True).stdout
    assert data[0]["vraag"] in text


def test_nieuw_writes_a_template_advies_accepts(tmp_path: Path) -> None:
    path = tmp_path / "nieuw.yaml"
    subprocess.run([*CLI, "nieuw", str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    for name, q in question_texts().items():
        assert q.vraag in text, name
    assert "#   cooperatie: een coöperatie" in text
    proc = subprocess.run([*CLI, "advies", str(path), "--formaat", "json", "--peildatum", DAY], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["naam"] == "Nieuw initiatief"
    assert template_yaml(_SHIPPED, str(path)) == text  # same input, same output


def test_intake_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("naam: x\n", encoding="utf-8")
    proc = subprocess.run([*CLI, "intake", "--uit", str(path), "--naar", str(path)], capture_output=True, text=True,
                          input="s\n")
    assert proc.returncode == 2 and "invoer" in proc.stderr
    assert path.read_text(encoding="utf-8") == "naam: x\n"


# -- the terminal intake, end to end ----------------------------------------------------------------------
CHOICE = re.compile(r"^\s+(\d+)  (.+?)(?:  -> .*)?\r?$", re.MULTILINE)


def answer_for(name: str, facts: dict[str, Any], screen: str) -> tuple[str, bool]:
    """What to type for fact `name` so the answer is what `facts` says; and whether it was 'weet ik niet'."""
    value = lookup(facts, name)
    if value == [] or (value is None and name == "afgerond"):  # nothing done is an empty list, not unknown
        return "0", False
    if value is None:
        return "w", True
    spec = input_catalogue()[name]
    if spec.kind in ("text", "int"):
        return str(value), False
    numbers = {label: n for n, label in CHOICE.findall(screen)}
    if spec.kind == "list":
        picked = [numbers[answer_label(name, [v], _SHIPPED.kb)] for v in value]
        return " ".join(picked), False
    return numbers[answer_label(name, value, _SHIPPED.kb)], False


def run_intake(naar: Path, facts: dict[str, Any], *, uit: Path | None = None, stop_after: int | None = None
               ) -> tuple[list[str], int]:
    """Run the intake in a pseudo-terminal; answer as `facts` say. (facts asked, 'weet ik niet' answers)."""
    args = ["-m", "samenwerkwijzer.cli", "intake", "--naar", str(naar), "--peildatum", DAY]
    if uit is not None:
        args += ["--uit", str(uit)]
    child = pexpect.spawn(sys.executable, args, encoding="utf-8", timeout=120, dimensions=(50, 250))
    asked: list[str] = []
    dont_know = 0
    try:
        while True:
            found = child.expect([r"\(in het bestand: ([\w.]+)\)", r"Klaar:", pexpect.EOF])
            if found != 0:
                break
            name = child.match.group(1)
            child.expect("Uw antwoord: ")
            if stop_after is not None and len(asked) == stop_after:
                child.sendline("s")
                child.expect(pexpect.EOF)
                break
            asked.append(name)
            typed, unknown = answer_for(name, facts, child.before)
            dont_know += unknown
            child.sendline(typed)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    return asked, dont_know


def without_open_questions(facts: Any) -> str:
    """The advice JSON minus `open_vragen`: what an open question would change can depend on facts
    that do not matter for the advice itself, and those the intake rightly does not ask."""
    advies = _SHIPPED.adviseer(facts, dt.date.fromisoformat(DAY))
    return advies.model_copy(update={"open_vragen": []}).model_dump_json(indent=1)


def same_advice(a: Path, b: Path) -> None:
    assert without_open_questions(_SHIPPED.lees_feiten(str(a))) == without_open_questions(_SHIPPED.lees_feiten(str(b)))


def test_a_short_intake_writes_each_answer(tmp_path: Path) -> None:
    written = tmp_path / "kort.yaml"
    child = pexpect.spawn(sys.executable, ["-m", "samenwerkwijzer.cli", "intake", "--naar", str(written), "--peildatum", DAY],
                          encoding="utf-8", timeout=120, dimensions=(50, 250))
    try:
        for typed in ("Buurtwarmte", "w", "2"):
            child.expect("Uw antwoord: ")
            child.sendline(typed)
        child.expect("Wat er verandert:")
        child.expect("Fase wordt Uitwerken")
        child.expect("Uw antwoord: ")
        child.sendline("s")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    text = written.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"naam": "Buurtwarmte", "fase": "uitwerken", "gemeente": {"naam": None}}
    assert "  naam:  # weet ik niet" in text and "# In welke fase zit de samenwerking?" in text


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_answering_as_an_example_reproduces_its_advice(tmp_path: Path, path: Path) -> None:
    written = tmp_path / "intake.yaml"
    asked, _ = run_intake(written, example(path))
    assert len(asked) == len(set(asked))
    same_advice(written, path)


@pytest.mark.slow
def test_stopping_and_going_on_asks_nothing_twice(tmp_path: Path) -> None:
    path = ROOT / "voorbeelden" / "uitwerken-individueel.yaml"
    facts = example(path)
    first, second = tmp_path / "deel1.yaml", tmp_path / "deel2.yaml"
    asked1, unknown1 = run_intake(first, facts, stop_after=12)
    assert len(asked1) == 12
    asked2, _ = run_intake(second, facts, uit=first)
    assert not set(asked1) & set(asked2)
    assert unknown1 or any(lookup(facts, n) is None for n in asked1)  # a 'weet ik niet' was carried over
    same_advice(second, path)


@pytest.mark.parametrize("command", ["vragen", "intake", "nieuw"])
def test_help_is_dutch(command: str) -> None:
    from click.testing import CliRunner

    from samenwerkwijzer.cli import main

    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and result.output.startswith("Gebruik: ")
    assert "Options:" not in result.output and "Toon deze hulp en stop." in result.output


def intake_by_library(facts: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Answer the intake's questions in order, as `facts` say, through the library functions."""
    from samenwerkwijzer.engine.advice.intake import step

    day = dt.date.fromisoformat(DAY)
    written: dict[str, Any] = {}
    asked: list[str] = []
    while True:
        questions = step(_SHIPPED, written, day).vragen
        if not questions:
            return written, asked
        name = questions[0].vraag.feit
        asked.append(name)
        value = lookup(facts, name)
        written = apply_answer(written, name, [] if value is None and name == "afgerond" else value)


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted((ROOT / "regels" / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_intake_reproduces_every_scenario_profile(path: Path) -> None:
    for scenario in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]:
        written, asked = intake_by_library(scenario["feiten"])
        assert len(asked) == len(set(asked))
        assert without_open_questions(written) == without_open_questions(scenario["feiten"]), scenario["naam"]


def test_nieuw_never_writes_over_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "mijn.yaml"
    path.write_text("naam: Mijn initiatief\n", encoding="utf-8")
    proc = subprocess.run([*CLI, "nieuw", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "bestaat al" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_text(encoding="utf-8") == "naam: Mijn initiatief\n"
