"""Ctrl-C during a batch: it stops within a moment, what was made is written and counted, exit 130.

Before: Ctrl-C in `advies MAP --uitvoer MAP` with a process pool waited until the pool had made every
advice (the workers shrugged off the signal and took the next file), then threw those advices away,
and click said "Aborted!" with exit code 1 — in English, and without a word about what was written.

The tests send SIGINT to the whole process group, as a terminal does, once the first advices are
on disk. The timeouts only stop a hanging test; nothing here measures time.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samenwerkwijzer.engine.render import batch

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "voorbeelden" / "opstarten-collectief.yaml"
DAY = "2026-01-01"
FILES = 2000

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="no process groups here")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("veel")
    for n in range(FILES):
        shutil.copy(EXAMPLE, here / f"f{n:05}.yaml")
    return here


def interrupted(args: list[str], ready: Path | None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in its own process group; SIGINT to the group once `ready` holds a file (when None:
    once the process pool has started)."""
    proc = subprocess.Popen([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            # a test runner may have started us with SIGINT ignored (as `cmd &` does)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not (started(proc.pid) if ready is None else ready.is_dir() and any(ready.iterdir())):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no advice written in two minutes"
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def started(pid: int) -> bool:
    """Whether process `pid` has children (its pool's workers)."""
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:  # pragma: no cover - not Linux
        pytest.skip("no /proc here")


@pytest.mark.parametrize("processen", ["1", "2"])
def test_ctrl_c_writes_what_was_made_counts_it_and_exits_130(many: Path, tmp_path: Path, processen: str) -> None:
    out = tmp_path / "uit"
    done = interrupted(["advies", str(many), "--uitvoer", str(out), "--peildatum", DAY,
                               "--processen", processen, "--formaat", "json"], out)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    found = re.search(r"Onderbroken\. (\d+) advie(?:s|zen) geschreven in (.+); (\d+) bestand(?:en)? niet gedaan\.",
                      done.stderr)
    assert found, done.stderr
    written, left = int(found[1]), int(found[3])
    assert found[2] == str(out)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == written, "the count says what is on disk"
    assert written + left == FILES
    assert left > 0, "the batch stopped: it did not make every advice first"
    assert all(n.endswith(".json") and not n.startswith(".") for n in names), "no temporary files left"
    # every file that is there is a whole advice of its own input
    assert all(p.read_text(encoding="utf-8").rstrip().endswith("}") for p in out.iterdir())


def test_ctrl_c_in_an_overview_makes_no_table(many: Path, tmp_path: Path) -> None:
    table = tmp_path / "overzicht.txt"
    done = interrupted(["overzicht", str(many), "--uitvoer", str(table), "--peildatum", DAY,
                               "--processen", "2"], None)
    if done.returncode == 0:  # pragma: no cover - the whole folder was done before the signal came
        pytest.skip("the overview was finished before Ctrl-C")
    assert done.returncode == 130, done.stderr
    assert "Onderbroken." in done.stderr and "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert not table.exists()


def test_a_worker_told_to_stop_skips_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files a worker holds when the batch stops are not made: nobody would read them."""

    class Stopped:
        def is_set(self) -> bool:
            return True

    def never(*_args: object) -> batch.Outcome:
        raise AssertionError("a file made after the stop")

    monkeypatch.setattr(batch, "_worker", (object(), object()))
    monkeypatch.setattr(batch, "_stop", Stopped())
    assert batch._in_worker(never, "x.yaml") is None


def test_ctrl_c_in_any_command_says_so_in_dutch_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not click's English "Aborted!" with exit code 1."""
    from click.testing import CliRunner

    import samenwerkwijzer.cli as cli

    def pressed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_adviseur", pressed)
    result = CliRunner().invoke(cli.main, ["advies", str(EXAMPLE)])
    assert result.exit_code == 130
    assert result.stderr == "Onderbroken.\n"
