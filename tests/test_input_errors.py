"""Bad facts files are normal: each is refused with exit 2, file:line, field and no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main

CORPUS = Path(__file__).parent / "data" / "feiten-kapot"
NO_COMMENT = {  # files that cannot carry a comment: what they must say instead
    "leeg.yaml": ("1", "het bestand is leeg"),
    "binair.yaml": ("1", "geen UTF-8-tekst"),
    "verkeerd-type.json": ("1", "veld 'wijk.deelnamebereidheid': verwacht een geheel getal, kreeg 'veel'"),
}
FILES = sorted(CORPUS.iterdir())


def expectation(path: Path) -> tuple[str, str]:
    if path.name in NO_COMMENT:
        return NO_COMMENT[path.name]
    found = re.findall(r"^# verwacht: (\d+): (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert len(found) == 1, f"{path} says what it expects"
    return found[0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bad_facts_file_exit_2_with_file_line_and_field(path: Path):
    line, fragment = expectation(path)
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{path}:{line}:"), message
    assert fragment in message, message
    guess = re.findall(r"^# gok: (.+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
    if guess:
        assert message.endswith(f"bedoelde u '{guess[0]}'?"), message


def test_missing_file():
    result = CliRunner().invoke(main, ["advies", "bestaat/niet.yaml"])
    assert result.exit_code == 2
    assert result.output.strip() == "bestaat/niet.yaml: fout: bestand niet gevonden"


def test_oversized_file(tmp_path: Path):
    big = tmp_path / "groot.yaml"
    big.write_text("naam: x\n" + "# opvulling\n" * 300_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(big)])
    assert result.exit_code == 2
    assert "groter dan 2 MB" in result.output


def test_stdin_is_read_with_dash():
    result = CliRunner().invoke(main, ["advies", "-", "--formaat", "json"], input="naam: Via stdin\n")
    assert result.exit_code == 0, result.output
    assert '"naam": "Via stdin"' in result.output


def test_stdin_error_names_stdin():
    result = CliRunner().invoke(main, ["advies", "-"], input="naam: x\nwarmteoplossing: ja\n")
    assert result.exit_code == 2
    assert result.output.startswith("<stdin>:2:")


def test_real_process_shows_no_traceback_and_exit_2():
    path = CORPUS / "alias.yaml"
    proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{path}:4:")
    assert proc.stdout == ""
