"""What a command does for a quick cold start, held in place by behaviour (never by timings).

The loaded engine and rule base are moved out of the cyclic garbage collector's sight while a command
advises (`gc.freeze`), and back when the command ends, so a program that runs several commands in
one process (tests, an embedding tool) keeps a collector that sees all its objects.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.render import formats

ROOT = Path(__file__).parents[1]
EXAMPLE = str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENWERKWIJZER_CACHE", "uit")


def test_the_loaded_base_is_frozen_while_advising_and_released_after(monkeypatch: pytest.MonkeyPatch, no_cache: None) -> None:
    assert gc.get_freeze_count() == 0
    seen: list[int] = []
    render = formats.render

    def spying(*args: object, **kwargs: object) -> str:
        seen.append(gc.get_freeze_count())
        return render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "render", spying)
    result = CliRunner().invoke(main, ["advies", EXAMPLE, "--formaat", "json", "--peildatum", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["fase"]["waarde"] == "opstarten"
    assert seen and seen[0] > 1000  # the knowledge base, rules and compiled base: many thousands of objects
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_callers_own_frozen_objects_stay_frozen(no_cache: None) -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        result = CliRunner().invoke(main, ["advies", EXAMPLE, "--formaat", "json", "--peildatum", "2026-12-02"])
        assert result.exit_code == 0, result.output
        assert gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()


def test_a_refused_file_leaves_nothing_frozen(tmp_path: Path, no_cache: None) -> None:
    bad = tmp_path / "fout.yaml"
    bad.write_text("naam: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(bad), "--formaat", "json"])
    assert result.exit_code == 2
    assert "fout.yaml" in result.output
    assert gc.get_freeze_count() == 0


CHILD = """
import atexit, gc, sys
from samenwerkwijzer.cli import entry, main
atexit.register(lambda: print("drempel", gc.get_threshold()[0], "bevroren", gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["samenwerkwijzer", "advies", {example!r}, "--formaat", "json", "--peildatum", "2026-12-02"]
{call}()
"""


@pytest.mark.parametrize(("call", "frozen_at_exit"), [("entry", True), ("main", False)])
def test_only_the_program_itself_ends_frozen(call: str, frozen_at_exit: bool) -> None:
    """The program ends with its objects frozen: the collection at interpreter shutdown skips them."""
    proc = subprocess.run([sys.executable, "-c", CHILD.format(example=EXAMPLE, call=call)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "SAMENWERKWIJZER_CACHE": "uit"}, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["fase"]["waarde"] == "opstarten"
    count = int(proc.stderr.split("bevroren")[-1])
    assert (count > 1000) is frozen_at_exit
    # the program also collects young objects less often (like the server worker); a caller's settings stay
    threshold = int(proc.stderr.split("drempel")[-1].split()[0])
    # Python's own setting in a fresh interpreter: 700 up to 3.12, 2000 from 3.13
    default = int(subprocess.run([sys.executable, "-c", "import gc; print(gc.get_threshold()[0])"],
                                 capture_output=True, text=True, check=True).stdout)
    assert threshold == (20_000 if frozen_at_exit else default)


def test_the_installed_program_is_the_entry() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts["samenwerkwijzer"] == "samenwerkwijzer.cli:entry"


PARTS = """
from samenwerkwijzer.engine.model.facts import Initiatief
parts = ("initiatief", "gemeente", "wijk", "samenwerking", "afspraken")
sparse = Initiatief.model_validate({"naam": "x"})
built = [p for p in parts if type(getattr(sparse, p)).__pydantic_complete__]
full = Initiatief.model_validate({"naam": "x", **{p: {} for p in parts}})
print(built, sparse == full, sparse.model_fields_set, [getattr(sparse, p).model_fields_set for p in parts])
"""


def test_left_out_parts_are_made_without_building_their_validators() -> None:
    """A facts file without `wijk:` (and so on) gets the same empty part as one with `wijk: {}`, made
    without building that part's own validator at a cold start."""
    proc = subprocess.run([sys.executable, "-c", PARTS], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("] ", 1)[0] == "["  # no part built its own validator
    assert proc.stdout.split("] ", 1)[1].strip() == "True {'naam'} [set(), set(), set(), set(), set()]"


ENDING = """
import atexit, os, sys, threading
from samenwerkwijzer.cli import entry

class Witness:  # freed by Python's own ending, not by the quick one
    def __del__(self, write=os.write):
        write(2, b"afgebroken\\n")

witness = Witness()
atexit.register(lambda: print("atexit", file=sys.stderr))
if {thread!r}:  # a thread that lives until the main thread has ended
    threading.Thread(target=threading.main_thread().join).start()
if {profile!r}:
    sys.setprofile(lambda *a: None)
sys.argv = ["samenwerkwijzer", "advies", {facts!r}, "--formaat", "json", "--peildatum", "2026-12-02"]
entry()
"""


@pytest.mark.parametrize(("thread", "profile", "quick"), [(False, False, True), (True, False, False), (False, True, False)],
                         ids=["alone", "another-thread", "profiler"])
@pytest.mark.parametrize(("facts", "code"), [(EXAMPLE, 0), ("bestaat-niet.yaml", 2)], ids=["advice", "refused"])
def test_the_program_ends_without_teardown_when_nothing_is_left(thread: bool, profile: bool, quick: bool,
                                                                facts: str, code: int) -> None:
    """After the command, atexit runs and both streams are flushed, then the process ends at once with
    the command's exit code; Python's own ending (which frees every object) only when another thread
    runs or a profiler is attached."""
    child = ENDING.format(thread=thread, profile=profile, facts=facts)
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "SAMENWERKWIJZER_CACHE": "uit"}, check=False)
    assert proc.returncode == code, proc.stderr
    assert "atexit" in proc.stderr
    assert ("afgebroken" in proc.stderr) is not quick
    if code == 0:
        assert json.loads(proc.stdout)["fase"]["waarde"] == "opstarten"  # every byte arrived
    else:
        assert "bestaat-niet.yaml" in proc.stderr
