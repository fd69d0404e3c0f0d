"""Hostile input, second round of bounds (issue 18): what cannot be a static corpus folder.

- a derived fact with tens of thousands of declared values and one rule `in:` all of them: the
  compiler and the loader were quadratic in the values (65 s for 24,000); a real process under the
  CPU limit of tests/test_vijandig.py, with n so large that the old code exceeded it;
- huge integers and bad explicitly tagged scalars in facts files, scenarios and library calls;
- libyaml's English syntax messages, raw control characters, over-long keys;
- one line for one mistake when a rules or knowledge-base file cannot be read.

Big inputs are generated in tmp_path, never committed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_vijandig import check_refusal, run_cli

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.logic.conditions import SHOWN_VALUES
from samenwerkwijzer.engine.source.yamlsource import parse, syntax_message
from samenwerkwijzer.engine.terminal import text_of

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "voorbeelden" / "opstarten-collectief.yaml"


def rules_with_a_wide_in_list(tmp_path: Path, n: int) -> Path:
    rules = tmp_path / "regels"
    shutil.copytree(ROOT / "regels", rules, ignore=shutil.ignore_patterns("scenarios"))
    values = ", ".join(f"w{i}" for i in range(n))
    (rules / "groot.yaml").write_text(
        "afgeleide_feiten:\n  - naam: groot\n    waarden: [" + values + "]\n    omschrijving: o\n    bron: mogelijkheden\n"
        "regels:\n  - id: groot-in\n    titel: t\n    als: {feit: groot, in: [" + values + "]}\n"
        "    dan:\n      - tip: {id: tip-uit-bijsturen}\n    bron: mogelijkheden\n    toelichting: t\n", encoding="utf-8")
    return rules


# -- 1. linear in the values of an in-list ---------------------------------------------------------

def test_an_in_list_of_45000_declared_values_is_compiled_within_the_cpu_limit(tmp_path: Path) -> None:
    """Was 65 s CPU for 24,000 values (every value scanned the whole domain); 45,000 would be ~4 minutes."""
    rules = rules_with_a_wide_in_list(tmp_path, 45_000)
    proc = run_cli(["advies", str(FACTS), "--regels", str(rules)], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", errors="replace")[-2000:]


def test_the_checker_on_a_wide_in_list_is_bounded_and_its_message_short(tmp_path: Path) -> None:
    rules = rules_with_a_wide_in_list(tmp_path, 45_000)
    proc = run_cli(["regels", "controleer", str(rules)], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "kanaal": "stdout", "regels_max": 2,
                         "bevat": [f"… en nog {45_000 - SHOWN_VALUES}"]}, "controleer")
    assert len(proc.stdout) < 5_000


# -- 2. a number of thousands of digits is an input error everywhere --------------------------------

@pytest.mark.parametrize("facts", [
    {"naam": "x", "wijk": {"deelnamebereidheid": 10**5000}},
    {"naam": 10**5000},
    {"naam": "x", "afgerond": [10**5000]},
    {"naam": "x", "fase": 10**5000},
    {"naam": "x", 10**5000: 1},
    {"naam": "x", "gemeente": {"raad_betrokken": 10**5000}},
], ids=["bereik", "tekst", "lijst", "keuze", "sleutel", "ja-nee"])
def test_a_huge_int_in_a_library_call_is_an_input_error(facts: dict[Any, Any]) -> None:
    """Was a bare ValueError from str(): Python refuses to write an int of more than 4300 digits."""
    with pytest.raises(InputError) as caught:
        Adviseur().adviseer(facts)
    assert "een getal van 5001 cijfers" in str(caught.value)
    assert "unprintable" not in str(caught.value)


def test_text_of_counts_digits_without_str() -> None:
    for n in (0, 7, 10, 99, 100, 10**50 - 1, 10**50, -(10**20)):
        assert text_of(n) == str(n)
    assert text_of(10**4300) == "een getal van 4301 cijfers"
    assert text_of(-(10**6000) + 1) == "een getal van 6000 cijfers"


# -- 3. the YAML parser's complaints in Dutch, at file:line:column ---------------------------------

SYNTAX_CASES = {
    "mapping-values": "a: b: c\n",
    "tab-at-start": "a:\n\tb: 1\n",
    "tab-violates-indentation": "a:\n  - b\n\t- c\n",
    "expected-key": "a: [b, ]]\n",
    "alias-without-name": "- &x\n- *\n",
    "another-document": "a: 1\n---\nb: 2\n",
    "unicode-escape": 'a: "\\uZZZZ"\n',
    "unknown-escape": 'a: "\\q"\n',
    "incompatible-version": "%YAML 2.0\n---\na: 1\n",
    "unknown-directive": "%FOO bar\n---\na: 1\n",
    "document-start": "%YAML 1.2\na: 1\n",
    "duplicate-directive": "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "tag-without-end": "a: !<x\n",
    "undefined-tag-handle": "a: !x!y b\n",
    "block-scalar-indicator": "a: |x\n  b\n",
    "cannot-start-token": "a: @b\n",
    "unclosed-quote": "a: \"b\n",
    "unclosed-flow": "a: [b\n",
    "missing-colon": "- a\n b\n- c: d\n  e\n",
}
ENGLISH = re.compile(r"\b(found|expected|allowed|while|scanning|parsing|character|context|could|find|but|"
                     r"unacceptable|position|stream|token|violates|indentation|directive|escape|unicode)\b", re.I)


@pytest.mark.parametrize("text", SYNTAX_CASES.values(), ids=SYNTAX_CASES.keys())
def test_every_syntax_error_is_dutch_with_a_line(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    message = caught.value.format()
    assert re.match(r"f\.yaml:\d+:\d+: fout: ", message), message
    assert not ENGLISH.search(message.split(": fout: ", 1)[1]), message


def test_an_unknown_parser_complaint_falls_back_to_dutch() -> None:
    exc = yaml.MarkedYAMLError(problem="found a brand new kind of trouble")
    assert not ENGLISH.search(syntax_message(exc))


@pytest.mark.parametrize("text,where", [
    ("naam: x\nwarmteoplossing: collectief\x07\n", "2:28"),
    ("naam: x\n# com\x1bment\nb: 1\n", "2:6"),
    ("naam: x\nb: 1\x0c\n", "2:5"),
    ("naam: x\nb: \ufffe\n", "2:4"),
    ("naam: ééé\nb: x\x1b\n", "2:5"),
], ids=["bel", "esc-in-comment", "form-feed", "fffe", "after-accents"])
def test_a_control_character_is_named_with_line_and_column(text: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    message = caught.value.format()
    assert message.startswith(f"f.yaml:{where}: fout: bevat een onzichtbaar stuurteken"), message
    assert not ENGLISH.search(message.split(": fout: ", 1)[1]), message


@pytest.mark.parametrize("text", [
    "naam: x\n" + "k" * 1100 + ": 1\n",
    "naam: x\n'" + "k" * 1100 + "': 1\n",
    "- " + "k" * 1100 + ": 1\n",
    '{"naam": "x", "' + "k" * 1100 + '": 1}\n',
], ids=["plain", "quoted", "in-list", "json"])
def test_a_key_longer_than_1024_characters_is_named_as_too_long(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    assert "sleutel is te lang" in caught.value.format() and "1024" in caught.value.format()


# -- 5. messages that name the real mistake -------------------------------------------------------

def mini(tmp_path: Path, extra: str) -> tuple[Path, Path]:
    rules, kb = tmp_path / "regels", tmp_path / "kb"
    shutil.copytree(ROOT / "tests" / "data" / "regels-mini", rules)
    shutil.copytree(ROOT / "tests" / "data" / "kb-mini", kb)
    (rules / "extra.yaml").write_text("regels:\n" + extra, encoding="utf-8")
    return rules, kb


RULE_TAIL = "    titel: t\n    dan: [{tip: {id: tip-ops-droom}}]\n    bron: inleiding/fases\n    toelichting: t\n"


def test_a_number_test_outside_the_range_says_so(tmp_path: Path) -> None:
    """Was 'kan nooit afgaan: de afgeleide feiten die ze nodig heeft () worden alleen afgeleid …'."""
    rules, kb = mini(tmp_path, "  - id: te-hoog\n    als: {feit: wijk.deelnamebereidheid, groter_dan: 150}\n" + RULE_TAIL)
    proc = run_cli(["regels", "controleer", str(rules), "--kennisbank", str(kb)], tmp_path)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 2, out
    assert "ligt buiten het toegestane bereik 0–100 van 'wijk.deelnamebereidheid'" in out, out
    assert "()" not in out


def test_a_rule_id_with_a_space_is_named_whole(tmp_path: Path) -> None:
    rules, kb = mini(tmp_path, "  - id: Extra D   # opmerking\n    als: {feit: wijk.deelnamebereidheid, groter_dan: 15}\n"
                     + RULE_TAIL)
    proc = run_cli(["regels", "controleer", str(rules), "--kennisbank", str(kb)], tmp_path)
    assert "regel 'Extra D':" in proc.stdout.decode("utf-8"), proc.stdout.decode("utf-8")


@pytest.mark.parametrize("command", [["regels", "controleer", "/dev/zero"],
                                     ["advies", str(FACTS), "--regels", "/dev/zero"]], ids=["controleer", "advies"])
def test_a_rules_path_that_is_not_a_folder_is_called_so(command: list[str], tmp_path: Path) -> None:
    proc = run_cli(command, tmp_path)
    messages = (proc.stdout + proc.stderr).decode("utf-8")
    assert proc.returncode == 2, messages
    assert "is geen map" in messages and "niet gevonden" not in messages, messages


# -- 4. a file that cannot be read is one line, not its consequences -----------------------------

def test_an_unreadable_rules_file_is_reported_alone(tmp_path: Path) -> None:
    """'beleid:' -> 'beleid: [' gave 11 lines (a missing beleid, conflicts it would settle), the real error third."""
    rules = tmp_path / "regels"
    shutil.copytree(ROOT / "regels", rules, ignore=shutil.ignore_patterns("scenarios"))
    text = (rules / "beleid.yaml").read_text(encoding="utf-8")
    (rules / "beleid.yaml").write_text(text.replace("\nbeleid:", "\nbeleid: [", 1), encoding="utf-8")
    proc = run_cli(["regels", "controleer", str(rules)], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "kanaal": "stdout", "regels_max": 2, "fouten": 1,
                         "melding": "regels/beleid.yaml:7:5: fout: YAML-syntaxfout"}, "beleid")


@pytest.mark.parametrize("command", [["regels", "controleer", str(ROOT / "regels"), "--kennisbank", "kb"],
                                     ["kennisbank", "controleer", "kb"]], ids=["regels", "kennisbank"])
def test_an_unreadable_knowledge_base_file_is_reported_alone(command: list[str], tmp_path: Path) -> None:
    """'sporen:' -> 'sporen: [' gave 36 lines (every reference to a spoor), the real error last."""
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kennisbank", kb)
    text = (kb / "sporen.yaml").read_text(encoding="utf-8")
    (kb / "sporen.yaml").write_text(text.replace("\nsporen:", "\nsporen: [", 1), encoding="utf-8")
    proc = run_cli(command, tmp_path)
    messages = (proc.stdout + proc.stderr).decode("utf-8")
    assert proc.returncode == 2, messages
    assert messages.count(": fout: ") == 1 and "kb/sporen.yaml:" in messages, messages


def test_a_huge_int_and_a_bad_tag_in_scenario_facts_are_input_errors(tmp_path: Path) -> None:
    scen = tmp_path / "scen"
    scen.mkdir()
    (scen / "s.yaml").write_text(
        "scenarios:\n  - naam: groot\n    feiten: {naam: x, wijk: {deelnamebereidheid: 0x" + "f" * 3700 + "}}\n"
        "    verwacht: {fase: opstarten}\n  - naam: label\n    feiten: {naam: !!int x}\n    verwacht: {fase: opstarten}\n",
        encoding="utf-8")
    proc = run_cli(["regels", "test", "scen"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "kanaal": "stdout", "regels_max": 3, "fouten": 2,
                         "bevat": ["scen/s.yaml:3:50: fout: getal te groot: een getal van 4456 cijfers",
                                   "scen/s.yaml:6:20: fout: 'x' is geen geheel getal (label !!int)"]}, "scenario")
