"""Hostile input, one reproduction per finding: a real process under a memory and CPU limit.

Each case is a folder under tests/data/vijandig/ with a `geval.yaml`:

    bevinding: what went wrong before (one line)
    opdracht: [advies, feiten.yaml, --uitvoer, feiten.yaml]   # paths are relative to the case's copy
    invoer: "…"            # optional: standard input (absent: stdin is closed)
    afsluitcode: 2
    kanaal: stdout         # optional: where the messages go (default stderr; `regels controleer` and
                           # `regels test` print their report, errors included, on stdout)
    melding: "feiten.yaml:3: fout:"   # optional: the first message line starts with this
    bevat: ["…"]           # optional: fragments the messages must contain
    fouten: 1              # optional: exactly this many lines with ": fout: " among the messages
    regels_max: 1          # optional: at most this many message lines (default 1)
    ongewijzigd: [feiten.yaml]        # optional: files that must keep their bytes

The case runs in a copy of its folder, as `python -m samenwerkwijzer.cli …`, with its address
space and CPU time limited by setrlimit: exceeding either kills the process, and the test fails.
A limit, not a timer: the machine may be busy, the work must still be bounded.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).parent / "data" / "vijandig"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "geval.yaml").is_file()) if CORPUS.is_dir() else []
MEMORY = 1_500 * 1024 * 1024  # bytes of address space: a consultation needs about 300 MB
CPU_SECONDS = 60
ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_cli(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command line in a child process with bounded memory and CPU; stdin closed unless given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=cwd, env=env, capture_output=True,
                          input=None if stdin is None else stdin.encode("utf-8"),
                          stdin=subprocess.DEVNULL if stdin is None else None, preexec_fn=limits, timeout=600)


def check_refusal(proc: subprocess.CompletedProcess[bytes], case: dict[str, Any], where: str) -> None:
    err = proc.stderr.decode("utf-8", errors="replace")
    out = proc.stdout.decode("utf-8", errors="replace")
    assert proc.returncode >= 0, f"{where}: killed by signal {-proc.returncode} (memory or CPU limit?)\n{err[-2000:]}"
    assert "Traceback" not in err, f"{where}: traceback\n{err[-3000:]}"
    assert proc.returncode == case["afsluitcode"], f"{where}: exit {proc.returncode}\n{err[-2000:]}\n{out[-500:]}"
    assert not ESCAPE.search(out), f"{where}: control character in stdout"
    assert not ESCAPE.search(err), f"{where}: control character in stderr"
    messages = out if case.get("kanaal") == "stdout" else err
    lines = messages.splitlines()
    assert len(lines) <= case.get("regels_max", 1), f"{where}: {len(lines)} message lines\n{messages[:3000]}"
    if "melding" in case:
        assert lines, f"{where}: no message"
        assert lines[0].startswith(case["melding"]), f"{where}: {lines[0]!r}"
    for fragment in case.get("bevat", []):
        assert fragment in messages, f"{where}: {fragment!r} not in\n{messages[:3000]}"
    if "fouten" in case:
        assert sum(": fout: " in line for line in lines) == case["fouten"], f"{where}: {messages[:3000]}"
    if proc.returncode == 2:
        assert any(re.search(r"[a-zà-ÿ]{3,}", line) for line in lines), f"{where}: no message at all"


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_hostile_case(folder: Path, tmp_path: Path) -> None:
    case = yaml.safe_load((folder / "geval.yaml").read_text(encoding="utf-8"))
    work = tmp_path / folder.name
    shutil.copytree(folder, work, symlinks=True)
    (work / "geval.yaml").unlink()
    before = {name: (work / name).read_bytes() for name in case.get("ongewijzigd", [])}
    proc = run_cli([str(a) for a in case["opdracht"]], work, case.get("invoer"))
    check_refusal(proc, case, folder.name)
    for name, data in before.items():
        assert (work / name).read_bytes() == data, f"{folder.name}: {name} was changed"
