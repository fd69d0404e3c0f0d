"""Hostile input around input and output: what a static corpus folder cannot hold.

Links onto the input, a failing disk, a closed stdin or stdout, a reader that went away, errors
crossing a process pool, and a program that calls the library with the wrong things. Real
processes run under the same memory and CPU limit as tests/test_vijandig.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from samenwerkwijzer import Advies, Adviseur, EngineError, InputError, SamenwerkwijzerError
from samenwerkwijzer import cli as cli_module
from samenwerkwijzer.engine.errors import Problem
from samenwerkwijzer.engine.render import writefile
from samenwerkwijzer.engine.source.streams import PIPE_CLOSED

sys.path.insert(0, str(Path(__file__).parent))
from test_vijandig import CORPUS, check_refusal, limits, run_cli  # noqa: E402

FEITEN = CORPUS / "io-uitvoer-is-invoer" / "feiten.yaml"
MINI = Path(__file__).parent / "data"
VALID = {"naam": "Buurtwarmte Proef", "warmteoplossing": "collectief", "technieken": ["warmtenet"]}
DAY = dt.date(2026, 1, 1)
REFUSED = {"afsluitcode": 2}
ENGLISH = ("Input should", "object has no attribute", "not iterable", "expected str", "NoneType", "Traceback")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FEITEN, tmp_path / "feiten.yaml")
    return tmp_path


# -- the output never overwrites an input, and is written all or nothing ---------------------------

@pytest.mark.parametrize("command", ["advies", "plan"])
@pytest.mark.parametrize("link", ["zelfde", "symlink", "hardlink", "symlink-invoer"])
def test_output_onto_the_input_is_refused(work: Path, command: str, link: str) -> None:
    facts, out = "feiten.yaml", "feiten.yaml"
    if link == "symlink":
        (work / "uit.md").symlink_to("feiten.yaml")
        out = "uit.md"
    elif link == "hardlink":
        os.link(work / "feiten.yaml", work / "uit.md")
        out = "uit.md"
    elif link == "symlink-invoer":
        (work / "link.yaml").symlink_to("feiten.yaml")
        facts = "link.yaml"
    before = (work / "feiten.yaml").read_bytes()
    proc = run_cli([command, facts, "--uitvoer", out], work)
    check_refusal(proc, {**REFUSED, "melding": f"{out}: fout: de uitvoer is hetzelfde bestand als de invoer"}, link)
    assert (work / "feiten.yaml").read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == sorted({"feiten.yaml", out, facts}), "a temporary file was left"


def test_output_through_a_symlink_replaces_the_file_it_points_to(work: Path) -> None:
    (work / "rapporten").mkdir()
    (work / "rapporten" / "advies.md").write_text("oud\n", encoding="utf-8")
    os.chmod(work / "rapporten" / "advies.md", 0o640)
    (work / "laatste.md").symlink_to("rapporten/advies.md")
    proc = run_cli(["advies", "feiten.yaml", "--formaat", "markdown", "--uitvoer", "laatste.md"], work)
    assert proc.returncode == 0, proc.stderr
    assert (work / "laatste.md").is_symlink()
    assert (work / "rapporten" / "advies.md").read_text(encoding="utf-8").startswith("# Advies voor Dorpsteam")
    assert (work / "rapporten" / "advies.md").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in (work / "rapporten").iterdir()) == ["advies.md"]


def test_output_to_a_device_is_written_directly(work: Path) -> None:
    proc = run_cli(["advies", "feiten.yaml", "--uitvoer", os.devnull], work)
    assert proc.returncode == 0 and proc.stderr == b""


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         failing: str) -> None:
    target = tmp_path / "advies.md"
    target.write_text("het vorige advies\n", encoding="utf-8")

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        real = os.fdopen

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = real(fd, mode, *args, **kwargs)

            class Full:
                def __enter__(self) -> Any:
                    return self

                def __exit__(self, *exc: Any) -> None:
                    fh.close()

                def write(self, data: bytes) -> int:
                    fh.write(data[: len(data) // 2])
                    fh.flush()
                    raise OSError(errno.ENOSPC, "No space left on device")

            return Full()

        monkeypatch.setattr(writefile.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(writefile.os, failing, disk_full)
    with pytest.raises(InputError) as info:
        writefile.write_output(str(target), "het nieuwe advies\n" * 1000)
    assert info.value.exit_code == 2
    assert info.value.format().startswith(f"{target}: fout: kan niet schrijven (de schijf is vol)")
    assert target.read_text(encoding="utf-8") == "het vorige advies\n"
    assert [p.name for p in tmp_path.iterdir()] == ["advies.md"]


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        writefile.write_output(str(tmp_path / "nieuw.md"), "tekst\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "nieuw.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "nieuw.md").read_bytes() == b"tekst\n"


# -- every package exception survives pickle, so a process pool hands it back ---------------------

PROBLEMS = [
    Problem("onbekende waarde 'vulkaan'", path="feiten.yaml", line=7, column=18, field="warmteoplossing",
            allowed=["individueel", "collectief"], suggestion="collectief"),
    Problem("kringverwijzing: a -> b -> a", path="regels/x.yaml", line=3, rule="r1", severity="fout"),
    Problem("regel verloopt binnenkort", path="regels/y.yaml", line=1, severity="waarschuwing"),
]
EXAMPLES: dict[type, SamenwerkwijzerError] = {
    SamenwerkwijzerError: SamenwerkwijzerError("iets ging mis"),
    InputError: InputError(list(reversed(PROBLEMS))),
    EngineError: EngineError("de regelmachine faalde: ruleset sw1234 bestaat niet"),
}


def _all_subclasses(cls: type) -> set[type]:
    return {cls} | {s for sub in cls.__subclasses__() for s in _all_subclasses(sub)}


def test_every_exception_class_has_an_example_here() -> None:
    import importlib
    import pkgutil

    import samenwerkwijzer.engine as engine

    for mod in pkgutil.iter_modules(engine.__path__):
        if mod.name not in ("pytest_plugin", "factref"):
            importlib.import_module(f"samenwerkwijzer.engine.{mod.name}")
    found = {c for c in _all_subclasses(SamenwerkwijzerError) if c.__module__.startswith("samenwerkwijzer")}
    assert found <= set(EXAMPLES), f"add an example for {found - set(EXAMPLES)}"


@pytest.mark.parametrize("exc", list(EXAMPLES.values()), ids=lambda e: type(e).__name__)
def test_exception_pickles_to_an_equal_exception(exc: SamenwerkwijzerError) -> None:
    exc.add_note("context")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(exc, protocol=protocol))
        assert type(back) is type(exc)
        assert back == exc and hash(back) == hash(exc)
        assert back.format() == exc.format() and str(back) == str(exc) and back.exit_code == exc.exit_code
        assert back.__notes__ == ["context"]
    if isinstance(exc, InputError):
        assert exc.problems == sorted(PROBLEMS, key=Problem.sort_key)
        assert pickle.loads(pickle.dumps(exc)).problems == exc.problems


def test_exceptions_carry_their_exit_code() -> None:
    assert (InputError([]).exit_code, EngineError("x").exit_code, SamenwerkwijzerError("x").exit_code) == (2, 1, 1)
    assert EngineError("x").format() == "fout in de regelmachine: x"
    assert InputError(PROBLEMS).lines() == [p.format() for p in sorted(PROBLEMS, key=Problem.sort_key)]
    assert InputError(PROBLEMS) != InputError(PROBLEMS[:1]) and EngineError("x") != SamenwerkwijzerError("x")


WORKER = textwrap.dedent('''
    import datetime
    from samenwerkwijzer import Adviseur

    _adviseur = None

    def advise(profile):
        global _adviseur
        if _adviseur is None:
            _adviseur = Adviseur()
        return _adviseur.adviseer(profile, datetime.date(2026, 1, 1))

    def advise_or_error(profile):
        try:
            return advise(profile)
        except Exception as exc:
            return exc
''')
PROFILES = [VALID, {"naam": "Kapot", "warmteoplossing": "vulkaan"}, {**VALID, "naam": "Tweede"},
            {"warmteoplossing": "collectief"}, {**VALID, "naam": "Derde", "afgerond": ["bestaat-niet"]}, {**VALID, "naam": "Vierde"}]
INVALID = {1, 3, 4}
SAFETY_NET = 300  # seconds for a whole test; only so that a regression fails instead of hanging the suite


def remaining(deadline: float) -> float:
    """What is left of the safety net (never a timing assertion: a busy machine only gets closer to it)."""
    return max(1.0, deadline - time.monotonic())


@pytest.fixture
def worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    (tmp_path / "io_pool_worker.py").write_text(WORKER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # spawned children get the parent's sys.path
    import io_pool_worker

    yield io_pool_worker
    sys.modules.pop("io_pool_worker", None)


def check_results(results: list[Any]) -> None:
    for n, result in enumerate(results):
        if n in INVALID:
            assert isinstance(result, InputError), (n, result)
            assert result.problems and all(p.path == "<dict>" for p in result.problems)
        else:
            assert isinstance(result, Advies) and result.naam == PROFILES[n]["naam"], (n, result)


def test_a_spawn_pool_gets_input_errors_back_and_does_not_hang(worker: Any) -> None:
    ctx = multiprocessing.get_context("spawn")
    deadline = time.monotonic() + SAFETY_NET
    with ctx.Pool(2) as pool:
        check_results(pool.map_async(worker.advise_or_error, PROFILES).get(remaining(deadline)))
        pending = [pool.apply_async(worker.advise, (p,)) for p in PROFILES]
        results: list[Any] = []
        for job in pending:
            try:
                results.append(job.get(remaining(deadline)))
            except InputError as exc:
                results.append(exc)
        check_results(results)
        with pytest.raises(InputError):
            pool.map_async(worker.advise, PROFILES).get(remaining(deadline))


def test_a_process_pool_executor_survives_invalid_profiles(worker: Any) -> None:
    deadline = time.monotonic() + SAFETY_NET
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(worker.advise, p) for p in PROFILES]
        results: list[Any] = []
        for future in futures:
            try:
                results.append(future.result(remaining(deadline)))
            except InputError as exc:
                results.append(exc)
        check_results(results)


# -- closed stdin, closed stdout, a reader that went away -----------------------------------------

def run_with(args: list[str], cwd: Path, close: tuple[int, ...] = (), stdout: Any = subprocess.PIPE
             ) -> subprocess.CompletedProcess[bytes]:
    """The CLI with some standard file descriptors closed before Python starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}

    def setup() -> None:
        limits()
        for fd in close:
            os.close(fd)

    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=stdout, stderr=subprocess.PIPE, preexec_fn=setup, timeout=600)


def test_reading_a_closed_stdin_is_a_clear_refusal(work: Path) -> None:
    proc = run_with(["advies", "-"], work, close=(0,))
    check_refusal(proc, {**REFUSED, "melding": "<stdin>: fout: de standaardinvoer is gesloten"}, "advies -")


@pytest.mark.parametrize("args", [["advies", "feiten.yaml"], ["plan", "feiten.yaml", "--uitvoer", "plan.mmd"],
                                  ["kennisbank", "controleer"], ["schema", "feiten"], ["--help"]])
def test_any_command_works_with_stdin_closed(work: Path, args: list[str]) -> None:
    proc = run_with(args, work, close=(0,))
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert (work / "feiten.yaml").read_bytes() == FEITEN.read_bytes()
    if "--uitvoer" in args:
        assert (work / "plan.mmd").read_text(encoding="utf-8").startswith("flowchart")


def test_a_password_from_a_closed_stdin_or_in_bytes_that_are_no_utf8_is_refused_with_exit_2(work: Path) -> None:
    """`gebruiker wachtwoord --wachtwoord-stdin <&-` ended in 'interne fout (UnsupportedOperation: readline)';
    bytes that are no UTF-8 (on standard input or in SAMENWERKWIJZER_WACHTWOORD) in 'interne fout
    (UnicodeEncodeError …)' from the hash, exit 1 both. Now the field and exit 2, and the old password stays."""
    from samenwerkwijzer.engine.server import accounts
    from samenwerkwijzer.engine.server.database import Database

    url = f"sqlite:///{work / 'sw.db'}"
    args = ["gebruiker", "wachtwoord", "--naam", "anna", "--database", url]
    made = CliRunner().invoke(cli_module.main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "anna",
                                                "--rol", "beheerder", "--wachtwoord-stdin", "--database", url],
                              input="het oude wachtwoord\n")
    assert made.exit_code == 0, made.output
    proc = run_with([*args, "--wachtwoord-stdin"], work, close=(0,))
    assert proc.returncode == 2 and b"de standaardinvoer is gesloten" in proc.stderr, proc.stderr
    bad = b"\xff\xfe een lang wachtwoord"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    for extra, given, environ in (["--wachtwoord-stdin"], bad + b"\n", env), ([], b"", {
            **env, "SAMENWERKWIJZER_WACHTWOORD": os.fsdecode(bad)}):
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args, *extra], cwd=work, env=environ,
                              input=given, capture_output=True, preexec_fn=limits, timeout=600)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.decode() == ("<invoer>: fout: veld 'wachtwoord': het wachtwoord bevat tekens die geen UTF-8 "
                                        "zijn; typ het opnieuw, of sla het bestand op als UTF-8\n")
    db = Database(url)
    with db.read() as session:
        assert accounts.password_matches(accounts.user_named(session, "anna"), "het oude wachtwoord")
    db.dispose()


def test_writing_to_a_closed_stdout_is_a_clear_refusal_not_silent_loss(work: Path) -> None:
    proc = run_with(["advies", "feiten.yaml"], work, close=(1,))
    check_refusal(proc, {**REFUSED, "melding": "<stdout>: fout: de standaarduitvoer is gesloten"}, "stdout dicht")
    proc = run_with(["advies", "feiten.yaml", "--uitvoer", "advies.txt"], work, close=(1,))
    assert proc.returncode == 0 and proc.stderr == b""
    assert (work / "advies.txt").read_text(encoding="utf-8").startswith("Advies voor Dorpsteam")


@pytest.mark.parametrize("args", [["advies", "feiten.yaml"], ["advies", "feiten.yaml", "--formaat", "json"],
                                  ["plan", "feiten.yaml"], ["kennisbank"], ["schema", "regels"], ["--help"],
                                  ["regels", "test"]])
def test_a_reader_that_went_away_ends_quietly(work: Path, args: list[str]) -> None:
    """`advies X | head -c0`: the pipe has no reader before anything is written; exit 141, no message."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = run_with(args, work, stdout=write)
    finally:
        os.close(write)
    assert proc.returncode == PIPE_CLOSED, proc.stderr
    assert proc.stderr == b""


# -- the library checks its arguments at the door --------------------------------------------------

@pytest.mark.parametrize("call,field", [
    (lambda a: a.adviseer(None), "feiten"),
    (lambda a: a.adviseer(str(FEITEN)), "feiten"),
    (lambda a: a.adviseer(FEITEN), "feiten"),
    (lambda a: a.adviseer(5), "feiten"),
    (lambda a: a.adviseer([("naam", "x")]), "feiten"),
    (lambda a: a.adviseer(VALID, "2026-W01-1"), "peildatum"),
    (lambda a: a.adviseer(VALID, "20260101"), "peildatum"),
    (lambda a: a.adviseer(VALID, "2026-02-30"), "peildatum"),
    (lambda a: a.adviseer(VALID, 20260101), "peildatum"),
    (lambda a: a.adviseer(VALID, dt.time(12)), "peildatum"),
    (lambda a: a.infer(a.to_initiatief(VALID), "morgen"), "peildatum"),
    (lambda a: a.lees_feiten(None), "pad"),
    (lambda a: a.lees_feiten(5), "pad"),
    (lambda a: a.check_facts({"naam": "x"}), "doc"),
    (lambda a: Adviseur(regels=5), "regels"),
    (lambda a: Adviseur(kennisbank=object()), "kennisbank"),
], ids=["None", "pad-tekst", "Path", "getal", "lijst", "weekdatum", "zonder-streepjes", "bestaat-niet", "datum-getal",
        "tijd", "infer-tekst", "lees-None", "lees-getal", "check-dict", "regels-getal", "kennisbank-object"])
def test_library_misuse_is_an_input_error_in_dutch(shipped: Adviseur, call: Any, field: str) -> None:
    with pytest.raises(InputError) as info:
        call(shipped)
    text = info.value.format()
    assert f"veld '{field}'" in text, text
    assert not any(word in text for word in ENGLISH), text
    assert len(info.value.problems) == 1


def test_a_path_gets_a_hint_to_lees_feiten(shipped: Adviseur) -> None:
    with pytest.raises(InputError, match=r"lees_feiten\(pad\)"):
        shipped.adviseer(str(FEITEN))


def test_a_datetime_or_text_peildatum_counts_as_its_date(shipped: Adviseur) -> None:
    want = shipped.adviseer(VALID, DAY).model_dump_json()
    assert shipped.adviseer(VALID, dt.datetime(2026, 1, 1, 23, 59)).model_dump_json() == want
    assert shipped.adviseer(VALID, "2026-01-01").model_dump_json() == want


def test_lees_feiten_takes_a_path_object(shipped: Adviseur) -> None:
    assert shipped.lees_feiten(FEITEN).naam == shipped.lees_feiten(str(FEITEN)).naam


# -- one rule for exit codes, decided in one place -------------------------------------------------

@pytest.mark.parametrize("raised,code,first", [
    (InputError([Problem("kapot", path="f.yaml", line=2)]), 2, "f.yaml:2: fout: kapot"),
    (EngineError("ruleset weg"), 1, "fout in de regelmachine: ruleset weg"),
    (RuntimeError("boe"), 1, "interne fout (RuntimeError: boe)"),
])
def test_guard_takes_the_exit_code_from_the_exception(monkeypatch: pytest.MonkeyPatch, raised: Exception, code: int,
                                                      first: str) -> None:
    monkeypatch.delenv("SAMENWERKWIJZER_DEBUG", raising=False)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise raised

    monkeypatch.setattr(cli_module, "_adviseur", boom)
    result = CliRunner().invoke(cli_module.main, ["advies", str(FEITEN)])
    assert result.exit_code == code
    assert result.output.splitlines()[0].startswith(first)


def test_debug_still_shows_the_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENWERKWIJZER_DEBUG", "1")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boe")

    monkeypatch.setattr(cli_module, "_adviseur", boom)
    result = CliRunner().invoke(cli_module.main, ["advies", str(FEITEN)])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize("command", [["advies", "feiten.yaml"], ["plan", "feiten.yaml"], ["uitleg", "feiten.yaml", "fase"],
                                     ["regels", "controleer"]])
@pytest.mark.parametrize("day", ["2026-W01-1", "20260101", "2026-1-1", "２０２６-01-01", "2026-02-30", "2026-01-01T00:00"])
def test_every_peildatum_takes_only_jjjj_mm_dd(work: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
                                              day: str) -> None:
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli_module.main, [*command, "--peildatum", day])
    assert result.exit_code == 2 and "JJJJ-MM-DD" in result.output, result.output


def test_rules_folder_that_is_missing_or_has_no_rules(work: Path) -> None:
    (work / "tekst").mkdir()
    (work / "tekst" / "regels.yml").write_text("regels: []\n", encoding="utf-8")
    for folder, message in (("bestaat-niet", "map met regels niet gevonden"), ("tekst", "geen regelbestanden (*.yaml)")):
        for args in (["advies", "feiten.yaml", "--regels", folder], ["regels", "controleer", folder],
                     ["regels", "test", "--regels", folder, str(work)]):
            proc = run_cli(args, work)
            check_refusal(proc, {**REFUSED, "melding": f"{folder}: fout: {message}"}, " ".join(args))


def test_a_scenario_with_invalid_facts_is_a_broken_file_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_text(textwrap.dedent("""\
        scenarios:
          - naam: Goed
            feiten: {naam: Goed}
            verwacht: {fase: opstarten}
          - naam: Kapotte feiten
            feiten: {naam: Kapot, warmteoplossing: vulkaan}
            verwacht: {fase: opstarten}
        """), encoding="utf-8")
    result = CliRunner().invoke(cli_module.main, ["regels", "test", str(tmp_path / "kapot.yaml")])
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'kapot.yaml'}:6:" in result.output and "'vulkaan'" in result.output
    assert result.output.splitlines()[-1] == "1 geslaagd, 0 mislukt, 1 bestand met fouten"


# -- standard input as the output target, failing standard streams, empty folder names ------------

@pytest.mark.parametrize("command", ["advies", "plan"])
def test_output_onto_the_file_on_standard_input_is_refused(work: Path, command: str) -> None:
    """`advies - --uitvoer mijn.yaml < mijn.yaml` overwrote the facts with the report."""
    before = (work / "feiten.yaml").read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    with open(work / "feiten.yaml", "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", command, "-", "--uitvoer", "feiten.yaml"],
                              cwd=work, env=env, stdin=stdin, capture_output=True, preexec_fn=limits, timeout=600)
    check_refusal(proc, {**REFUSED, "melding": "feiten.yaml: fout: de uitvoer is hetzelfde bestand als de standaardinvoer"},
                  command)
    assert (work / "feiten.yaml").read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["feiten.yaml"]


def test_standard_input_from_another_file_still_writes(work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    with open(work / "feiten.yaml", "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", "-", "--uitvoer", "advies.txt"],
                              cwd=work, env=env, stdin=stdin, capture_output=True, preexec_fn=limits, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (work / "advies.txt").read_text(encoding="utf-8").startswith("Advies voor Dorpsteam")


FULL_STDOUT = [["--help"], ["--version"], ["advies", "feiten.yaml"], ["kennisbank"], ["kennisbank", "controleer"],
               ["schema", "feiten"], ["plan", "feiten.yaml"], ["uitleg", "feiten.yaml", "fase"], ["regels", "--help"],
               ["advies", "--help"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", FULL_STDOUT, ids=" ".join)
def test_a_full_stdout_is_one_dutch_line_and_exit_2(work: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = run_with(args, work, stdout=full)
    proc.stdout = b""  # it went to /dev/full
    check_refusal(proc, {**REFUSED, "melding": "<stdout>: fout: kan niet naar de standaarduitvoer schrijven"}, " ".join(args))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["advies", "feiten.yaml"], ["--help"], ["advies", "bestaat-niet.yaml"],
                                  ["advies", "--onbekend"]], ids=" ".join)
def test_a_full_stdout_and_stderr_exit_2_silently(work: Path, args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, stdout=full, stderr=full, preexec_fn=limits, timeout=600)
    assert proc.returncode == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["advies", "kapot.yaml"], ["advies", "--onbekend"]], ids=" ".join)
def test_a_full_stderr_with_an_error_to_report_exits_2_silently(work: Path, args: list[str]) -> None:
    (work / "kapot.yaml").write_text("naam: x\nwijk: {deelnamebereidheid: abc}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, capture_output=False, stdout=subprocess.PIPE, stderr=full,
                              preexec_fn=limits, timeout=600)
    assert proc.returncode == 2 and proc.stdout == b""


@pytest.mark.parametrize("args", [["advies", "kapot.yaml"], ["advies", "--onbekend"], ["advies", "feiten.yaml"],
                                  ["regels", "controleer", "bestaat-niet"]], ids=" ".join)
def test_a_reader_that_went_away_on_stderr_ends_quietly(work: Path, args: list[str]) -> None:
    """`advies bad.yaml 2>&1 | head -c0`: the message has nowhere to go; exit 141 like a closed stdout."""
    (work / "kapot.yaml").write_text("naam: x\nwijk: {deelnamebereidheid: abc}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, stdout=write, stderr=write, preexec_fn=limits, timeout=600)
    finally:
        os.close(write)
    assert proc.returncode == PIPE_CLOSED


@pytest.mark.parametrize("args", [["advies", "feiten.yaml", "--regels", ""], ["advies", "feiten.yaml", "--kennisbank", ""],
                                  ["plan", "feiten.yaml", "--regels", ""], ["uitleg", "feiten.yaml", "fase", "--kennisbank", ""],
                                  ["regels", "controleer", ""], ["regels", "controleer", "--kennisbank", ""],
                                  ["regels", "test", "--regels", ""], ["regels", "test", ""],
                                  ["kennisbank", "controleer", ""], ["kennisbank", "--kennisbank", ""]],
                         ids=lambda a: " ".join(x or "''" for x in a))
def test_an_empty_folder_name_is_refused_not_the_shipped_one(work: Path, args: list[str]) -> None:
    proc = run_cli(args, work)
    check_refusal(proc, {**REFUSED, "bevat": ["lege naam"]}, " ".join(args))
    assert b"in orde" not in proc.stdout and b"Advies voor" not in proc.stdout


@pytest.mark.parametrize("kwargs", [{"regels": ""}, {"kennisbank": ""}, {"regels": "a\x00b"}], ids=str)
def test_the_library_refuses_an_empty_or_impossible_folder_name(kwargs: dict[str, str]) -> None:
    with pytest.raises(InputError) as info:
        Adviseur(**kwargs)
    assert len(info.value.problems) == 1 and f"veld '{next(iter(kwargs))}'" in info.value.format()


def test_a_file_name_with_a_null_byte_is_an_input_error(shipped: Adviseur) -> None:
    with pytest.raises(InputError) as info:
        shipped.lees_feiten("a\x00b")
    assert "veld 'pad'" in info.value.format() and "\x00" not in info.value.format()


def test_a_lone_surrogate_in_an_error_can_be_printed(shipped: Adviseur) -> None:
    with pytest.raises(InputError) as info:
        shipped.adviseer({"naam": "\ud800", "warmteoplossing": "vulkaan\ud800"})
    for text in (info.value.format(), str(info.value), *info.value.lines()):
        text.encode("utf-8")
    assert "\\ud800" in info.value.format()
    assert Problem("x\ud800\x1b", path="f\ud800.yaml").format().encode("utf-8")
    assert "\\ud800" in EngineError("kapot \ud800").format()


@pytest.mark.parametrize("given", ["er ging iets mis", Problem("er ging iets mis", path="f.yaml", line=3)], ids=type)
def test_input_error_takes_a_plain_message_or_one_problem(given: str | Problem) -> None:
    exc = InputError(given)
    assert len(exc.problems) == 1 and exc.problems[0].message == "er ging iets mis"
    assert exc.exit_code == 2 and "er ging iets mis" in exc.format()
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(exc, protocol=protocol))
        assert back == exc and back.format() == exc.format()
