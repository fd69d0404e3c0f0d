"""A folder of facts files: `advies MAP --uitvoer MAP` and `overzicht MAP`.

One advice file per input, the same as for one file; a broken file is reported (file:line) and the
rest goes on, exit 2 at the end; no input is ever overwritten; the same output with one process or
a pool; a progress bar only on a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
DAY = "2026-01-01"
BROKEN = "naam: Kapot\nfase: bestaatniet\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two examples (.yaml and .yml), one broken facts file and a file that is no facts file."""
    here = tmp_path / "initiatieven"
    here.mkdir()
    shutil.copy(EXAMPLES[0], here / "a.yaml")
    shutil.copy(EXAMPLES[1], here / "b.yml")
    (here / "c-kapot.yaml").write_text(BROKEN, encoding="utf-8")
    (here / "leesmij.txt").write_text("geen feiten", encoding="utf-8")
    return here


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def single(path: Path, formaat: str) -> str:
    code, out, err = invoke("advies", str(path), "--formaat", formaat, "--peildatum", DAY)
    assert code == 0, err
    return out


@pytest.mark.parametrize("processen", ["1", "2"])
def test_advies_map_writes_one_advice_per_file_and_reports_the_broken_one(folder: Path, tmp_path: Path, processen: str) -> None:
    out = tmp_path / "uit"
    code, stdout, stderr = invoke("advies", str(folder), "--uitvoer", str(out), "--formaat", "json", "--peildatum", DAY,
                                  "--processen", processen)
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert (out / "a.json").read_text(encoding="utf-8") == single(folder / "a.yaml", "json")
    assert (out / "b.json").read_text(encoding="utf-8") == single(folder / "b.yml", "json")
    lines = stderr.splitlines()
    assert lines[0] == f"2 adviezen geschreven in {out}"
    assert lines[1:] == [f"{folder / 'c-kapot.yaml'}:2:1: fout: veld 'fase': onbekende waarde 'bestaatniet' "
                         "(toegestaan: opstarten, uitwerken, ontwikkelen, uitvoeren, beheren)"]
    assert stdout == ""


@pytest.mark.parametrize(("formaat", "suffix"), [("tekst", ".txt"), ("markdown", ".md"), ("html", ".html")])
def test_advies_map_in_every_format(folder: Path, tmp_path: Path, formaat: str, suffix: str) -> None:
    (folder / "c-kapot.yaml").unlink()
    out = tmp_path / "uit"
    code, _, stderr = invoke("advies", str(folder), "--uitvoer", str(out), "--formaat", formaat, "--peildatum", DAY)
    assert code == 0, stderr
    assert (out / f"a{suffix}").read_text(encoding="utf-8") == single(folder / "a.yaml", formaat)


def test_advies_map_never_overwrites_an_input(folder: Path) -> None:
    (folder / "c-kapot.yaml").unlink()
    (folder / "d.json").write_text(json.dumps({"naam": "Invoer in JSON"}), encoding="utf-8")  # its advice would be d.json
    before = (folder / "d.json").read_bytes()
    code, _, stderr = invoke("advies", str(folder), "--uitvoer", str(folder), "--formaat", "json", "--peildatum", DAY)
    assert code == 2
    assert (folder / "d.json").read_bytes() == before
    assert (folder / "a.json").is_file() and (folder / "b.json").is_file()
    [refusal] = [line for line in stderr.splitlines() if "invoer" in line]
    assert refusal.startswith(f"{folder / 'd.json'}: fout:") and "niet geschreven" in refusal


@pytest.mark.parametrize("processen", ["1", "2"])
def test_two_files_with_one_stem_each_keep_their_own_advice(tmp_path: Path, processen: str) -> None:
    """a.yaml and a.json would both write a.json: each gets its whole name instead, none is lost.
    Names that differ only in case clash too (one file on Windows and macOS)."""
    here = tmp_path / "in"
    here.mkdir()
    shutil.copy(EXAMPLES[0], here / "a.yaml")
    (here / "a.json").write_text(json.dumps({"naam": "Zelfde stam"}), encoding="utf-8")
    shutil.copy(EXAMPLES[1], here / "B.yaml")
    shutil.copy(EXAMPLES[2], here / "b.yml")
    shutil.copy(EXAMPLES[3], here / "c.yaml")
    out = tmp_path / "uit"
    code, _, stderr = invoke("advies", str(here), "--uitvoer", str(out), "--formaat", "json", "--peildatum", DAY,
                             "--processen", processen)
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["B.yaml.json", "a.json.json", "a.yaml.json", "b.yml.json", "c.json"]
    for source in here.iterdir():
        name = source.name + ".json" if source.stem != "c" else "c.json"
        assert (out / name).read_text(encoding="utf-8") == single(source, "json"), source.name
    assert stderr.splitlines() == [f"5 adviezen geschreven in {out}"]


def test_a_name_that_still_clashes_is_refused_not_written_over(tmp_path: Path) -> None:
    """a.yaml and a.json become a.yaml.json and a.json.json; a third file a.yaml.json would also write
    a.yaml.json: it is reported and the first keeps its advice."""
    here = tmp_path / "in"
    here.mkdir()
    shutil.copy(EXAMPLES[0], here / "a.yaml")
    (here / "a.json").write_text(json.dumps({"naam": "Tweede"}), encoding="utf-8")
    (here / "a.yaml.json").write_text(json.dumps({"naam": "Derde"}), encoding="utf-8")
    out = tmp_path / "uit"
    code, _, stderr = invoke("advies", str(here), "--uitvoer", str(out), "--formaat", "json", "--peildatum", DAY)
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.json.json", "a.yaml.json"]
    assert (out / "a.yaml.json").read_text(encoding="utf-8") == single(here / "a.yaml", "json")
    assert stderr.splitlines() == [
        f"2 adviezen geschreven in {out}",
        f"{here / 'a.yaml.json'}: fout: het advies zou hetzelfde bestand worden als dat voor 'a.yaml' (a.yaml.json); "
        "het is niet geschreven; geef een van beide bestanden een andere naam"]


def test_advies_map_needs_an_output_folder(folder: Path, tmp_path: Path) -> None:
    code, _, stderr = invoke("advies", str(folder))
    assert code == 2 and "--uitvoer MAP" in stderr
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _, stderr = invoke("advies", str(folder), "--uitvoer", str(a_file))
    assert code == 2 and "geen map" in stderr and a_file.read_text(encoding="utf-8") == "x"


def test_one_file_into_a_folder_is_refused(tmp_path: Path) -> None:
    code, _, stderr = invoke("advies", str(EXAMPLES[0]), "--uitvoer", str(tmp_path))
    assert code == 2 and "is een map" in stderr


def test_a_folder_without_facts_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "leesmij.txt").write_text("x", encoding="utf-8")
    code, _, stderr = invoke("overzicht", str(tmp_path))
    assert code == 2 and "geen feitenbestanden" in stderr


@pytest.mark.parametrize("processen", ["1", "2"])
def test_overzicht_one_row_per_initiative(folder: Path, processen: str) -> None:
    code, out, stderr = invoke("overzicht", str(folder), "--peildatum", DAY, "--processen", processen)
    assert code == 2
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["bestand", "naam", "fase"]
    assert [line.split()[0] for line in lines[2:4]] == ["a.yaml", "b.yml"]
    assert lines[-1] == "2 initiatieven"
    assert stderr.splitlines() == [f"{folder / 'c-kapot.yaml'}:2:1: fout: veld 'fase': onbekende waarde 'bestaatniet' "
                                   "(toegestaan: opstarten, uitwerken, ontwikkelen, uitvoeren, beheren)"]


def test_overzicht_as_csv_and_html(folder: Path) -> None:
    (folder / "c-kapot.yaml").unlink()
    (folder / "e.yaml").write_text("naam: '=HYPERLINK(\"x\") <b>'\nfase: uitwerken\n"
                                   "afspraken: {intentieovereenkomst: true}\n", encoding="utf-8")
    code, out, _ = invoke("overzicht", str(folder), "--formaat", "csv", "--peildatum", DAY)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["bestand", "naam", "fase", "afspraak bereikt", "afspraak beoogd", "voortgang fase", "grootste risico"]
    assert [r[0] for r in rows[1:]] == ["a.yaml", "b.yml", "e.yaml"]
    assert rows[3][1] == "'=HYPERLINK(\"x\") <b>"  # no formula in a spreadsheet
    assert rows[3][2:4] == ["uitwerken", "intentieovereenkomst"]
    code, out, _ = invoke("overzicht", str(folder), "--formaat", "html", "--peildatum", DAY)
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "&lt;b&gt;" in out and "<b>" not in out
    assert out.count("<tr>") == 4


def test_overzicht_to_a_file_never_over_an_input(folder: Path) -> None:
    code, _, stderr = invoke("overzicht", str(folder), "--uitvoer", str(folder / "a.yaml"))
    assert code == 2 and "hetzelfde bestand" in stderr
    assert (folder / "a.yaml").read_text(encoding="utf-8") == EXAMPLES[0].read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_in_the_folder_is_refused_and_the_rest_goes_on(folder: Path) -> None:
    os.mkfifo(folder / "pijp.yaml")
    code, out, stderr = invoke("overzicht", str(folder), "--peildatum", DAY, "--processen", "1")
    assert code == 2
    assert "2 initiatieven" in out
    assert any(line.startswith(f"{folder / 'pijp.yaml'}: fout:") and "pijp" in line for line in stderr.splitlines())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("processen", ["1", "2"])
def test_a_pipe_where_an_advice_goes_is_refused_and_the_batch_does_not_wait_for_a_reader(folder: Path, tmp_path: Path,
                                                                                        processen: str) -> None:
    """A FIFO named like an advice in the output folder: the batch opened it and waited for a reader without
    end, with the group's other advice files still half done (temporary). Now that one advice is refused."""
    out = tmp_path / "uit"
    out.mkdir()
    os.mkfifo(out / "a.md")
    proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(folder), "--uitvoer", str(out),
                           "--formaat", "markdown", "--peildatum", DAY, "--processen", processen],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=60)
    assert proc.returncode == 2
    assert f"{out / 'a.md'}: fout: hier staat geen gewoon bestand maar een pijp (FIFO); het advies voor " in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.md"]
    assert (out / "b.md").read_text(encoding="utf-8") == single(folder / "b.yml", "markdown")


def run_cli_with_stderr(folder: Path, stderr: int | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "overzicht", str(folder), "--peildatum", DAY,
                           "--processen", "1"], stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT,
                          check=False, timeout=300)


def test_a_progress_bar_on_a_terminal_only(folder: Path) -> None:
    (folder / "c-kapot.yaml").unlink()
    plain = run_cli_with_stderr(folder, subprocess.PIPE)
    assert plain.returncode == 0 and plain.stderr == ""
    leader, follower = pty.openpty()
    try:
        on_tty = run_cli_with_stderr(folder, follower)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert on_tty.returncode == 0
    assert on_tty.stdout == plain.stdout
    assert b"overzicht" in seen and b"100%" in seen
