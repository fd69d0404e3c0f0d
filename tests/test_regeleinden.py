"""NEL, LS and PS (U+0085, U+2028, U+2029) in a facts file are ordinary characters, as in YAML 1.2,
JSON and every editor: kept in names and texts, and no line number moves.

Before, PyYAML read them as line breaks (YAML 1.1): between quotes the character became a space (a
name lost what the user typed), in a value without quotes the file broke with a wrong message
("dubbele punt ontbreekt" on a line the editor does not show), and every later line number was one
too high. The server's facts download (`versions.facts_file`) wrote them as line breaks too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.server.tables import Versie as VersieRow
from samenwerkwijzer.engine.server.versions import facts_file
from samenwerkwijzer.engine.source.yamlsource import parse

ROOT = Path(__file__).resolve().parents[1]
BREAKS = ["\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("ch", BREAKS, ids=["NEL", "LS", "PS"])
@pytest.mark.parametrize("written", ['naam: "a{}b"\n', "naam: 'a{}b'\n", "naam: a{}b\n", '{{"naam": "a{}b"}}'],
                         ids=["dubbel", "enkel", "kaal", "json"])
def test_kept_in_every_kind_of_value(ch: str, written: str) -> None:
    assert parse(written.format(ch), "f.yaml").data == {"naam": f"a{ch}b"}


@pytest.mark.parametrize("ch", BREAKS, ids=["NEL", "LS", "PS"])
def test_kept_in_a_key_with_its_line(ch: str) -> None:
    doc = parse(f"a{ch}b: 1\nc: 2\n", "f.yaml")
    assert doc.data == {f"a{ch}b": 1, "c": 2}
    assert doc.positions[(f"a{ch}b",)] == (1, 1) and doc.positions[("c",)] == (2, 1)


@pytest.mark.parametrize("ch", BREAKS, ids=["NEL", "LS", "PS"])
def test_no_line_number_moves(ch: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(f'naam: "a{ch}b"\nnaam: x\n', "f.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (2, "naam")
    assert "eerder op regel 1" in problem.message


def test_a_message_shows_the_character_not_its_stand_in() -> None:
    with pytest.raises(InputError) as caught:
        parse("a\x85b: 1\na\x85b: 2\n", "f.yaml")
    [problem] = caught.value.problems
    assert "a\x85b" in problem.message and problem.field == "a\x85b"
    assert not any("\ue000" <= c <= "\uf8ff" for c in problem.message)


def test_a_text_with_private_use_characters_keeps_them_too() -> None:
    text = 'naam: "\ue000\x85\ue001"\n'
    assert parse(text, "f.yaml").data == {"naam": "\ue000\x85\ue001"}


@pytest.mark.parametrize("ch", BREAKS, ids=["NEL", "LS", "PS"])
def test_the_servers_facts_download_reads_back_the_same(ch: str) -> None:
    facts = {"naam": f"Wijk{ch}Noord", "gemeente": {"naam": f"{ch}X{ch}"}, "wijk": {"koppelkansen": ["nieuwbouw"]}}
    text = facts_file(VersieRow(feiten=json.dumps(facts)))
    assert parse(text, "feiten.yaml").data == facts


def test_the_advice_keeps_the_name(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('naam: "Wijk\x85Noord"\nwarmteoplossing: collectief\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(path), "--formaat", "json",
                           "--peildatum", "2026-01-01"], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["naam"] == "Wijk\x85Noord"


@pytest.mark.parametrize("text", ["naam: a\nsteun = kop\x85lopers\n", "naam:x\x85y\nfoo: 1\n",
                                  "wijk:\n  naam: a\x85b\n    straat: x\n"], ids=["dubbele punt", "spatie", "inspringen"])
def test_a_best_guess_shows_the_character_not_its_stand_in(text: str) -> None:
    """The guess (Problem.tip) quotes the line, and it kept the private-use stand-in: 'schrijf steun: kop\ue000lopers'."""
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    [problem] = caught.value.problems
    assert problem.tip and "\x85" in problem.tip
    assert not any("\ue000" <= c <= "\uf8ff" for c in problem.tip)


def test_a_text_with_every_private_use_character_still_keeps_nel() -> None:
    """All 6,400 private-use characters of the BMP leave no stand-in there: the text was read as YAML 1.1,
    the NEL in the name became a space (lost), and in a plain value it moved the line numbers after it."""
    every = "".join(chr(c) for c in range(0xE000, 0xF900))
    doc = parse(f'naam: "Wijk\x85Noord"\nnotitie: "{every}"\n', "f.yaml")
    assert doc.data == {"naam": "Wijk\x85Noord", "notitie": every}
    with pytest.raises(InputError) as caught:
        parse(f'naam: a\x85b\nnotitie: "{every}"\nnaam: x\n', "f.yaml")
    [problem] = caught.value.problems
    assert problem.line == 3 and problem.field == "naam"


@pytest.mark.parametrize(("text", "line", "column", "code"), [('{"naam": "x"}\x85', 1, 14, "U+0085"),
                                                              ("naam: a\n\u2028\nb: 1\n", 2, 1, "U+2028")],
                         ids=["json erna", "eigen regel"])
def test_a_syntax_error_at_the_invisible_character_names_it(text: str, line: int, column: int, code: str) -> None:
    """A NEL after a JSON file's closing brace, or an LS alone on a line, shows nothing in most editors; the
    message alone ('hier verwacht ik ---', 'dubbele punt ontbreekt') sent the user looking for something else."""
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert problem.tip and code in problem.tip and "onzichtbaar" in problem.tip
