"""The library as an outside developer meets it: installed like a wheel, type-checked by their own mypy,
fed bad arguments, with the advice object read without our source (README "### Als bibliotheek")."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import typing
from pathlib import Path
from types import MappingProxyType

import pytest
from click.testing import CliRunner
from engines import HERE, needs_durable
from pydantic import BaseModel

from samenwerkwijzer import Advies, Adviseur, EngineError, InputError
from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.advice.compare import compare
from samenwerkwijzer.engine.advice.draft import draft

ROOT = Path(__file__).resolve().parent.parent

# a small client program as a portal developer writes it; every name and type the README promises
CLIENT = """\
    import datetime as dt

    import samenwerkwijzer
    from samenwerkwijzer import Advies, Adviseur, Consult, EngineError, Initiatief, InputError, SamenwerkwijzerError


    def fase(adviseur: Adviseur) -> str:
        advies: Advies = adviseur.adviseer({"naam": "Buurtwarmte"}, peildatum=dt.date(2026, 6, 1))
        return advies.fase.waarde or "onbekend"


    def motor(adviseur: Adviseur) -> str:
        return adviseur.adviseer(Initiatief(naam="Buurtwarmte")).regelbasis.engine


    def record(adviseur: Adviseur) -> Consult:
        return adviseur.raadpleeg({"naam": "Buurtwarmte"}, open_vragen=False)


    def op_tekstdatum(adviseur: Adviseur) -> Advies:  # the README: peildatum may be text JJJJ-MM-DD
        adviseur.raadpleeg({"naam": "Buurtwarmte"}, "2026-06-01")
        return adviseur.adviseer({"naam": "Buurtwarmte"}, peildatum="2026-06-01")


    def velden(fout: InputError) -> list[tuple[str | None, int | None, str | None, str | None]]:
        return [(p.path, p.line, p.field, p.guess()) for p in fout.problems]


    def code(fout: SamenwerkwijzerError | EngineError) -> int:
        return fout.exit_code


    def versie() -> str:
        return samenwerkwijzer.__version__
"""


def _fake_install(tmp_path: Path) -> Path:
    """A virtual environment whose site-packages holds the package the way a wheel installs it (a plain
    folder named samenwerkwijzer, not the editable import hook mypy cannot follow), its dependencies
    reached through a .pth file; returns its interpreter."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "samenwerkwijzer").symlink_to(ROOT, target_is_directory=True)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def test_a_client_program_type_checks_against_the_installed_package(tmp_path: Path):
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    assert mypy, "mypy hoort bij de testextra's ([test])"
    python = _fake_install(tmp_path)
    work = tmp_path / "client"
    work.mkdir()
    (work / "client.py").write_text(textwrap.dedent(CLIENT), encoding="utf-8")
    (work / "mypy.ini").write_text("[mypy]\nstrict = True\n", encoding="utf-8")  # no ignore_missing_imports
    proc = subprocess.run([mypy, "--config-file", "mypy.ini", "--cache-dir", str(tmp_path / "cache"),
                           "--python-executable", str(python), "client.py"],
                          cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_the_package_ships_its_py_typed_marker():
    assert (ROOT / "py.typed").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "py.typed" in data["samenwerkwijzer"]


def _models_under(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every model its fields hold, each once, in a fixed order."""
    found: list[type[BaseModel]] = []
    todo = [model]
    while todo:
        m = todo.pop(0)
        if m in found:
            continue
        found.append(m)
        for f in m.model_fields.values():
            stack: list[object] = [f.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    return found


def test_every_field_of_the_advice_says_what_it_holds():
    # a developer reads help(Advies), the JSON Schema or an editor's hover text, not our source
    bare = [f"{m.__name__}.{name}" for m in _models_under(Advies) for name, f in m.model_fields.items()
            if not f.description]
    assert bare == []


@pytest.mark.parametrize("wrong", [1, True, b"python", ["python"]])
def test_an_engine_that_is_not_text_is_named_by_its_kind_not_as_a_name(wrong: object):
    # engine=1 said "onbekende regelmachine 'int'", as if the program had asked for an engine called int
    with pytest.raises(InputError) as caught:
        Adviseur(engine=wrong)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert problem.field == "engine"
    assert list(problem.allowed) == ["durable", "python"]
    assert f"kreeg een {type(wrong).__name__}" in problem.message
    assert f"'{type(wrong).__name__}'" not in problem.message


def _readme_library_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Als bibliotheek", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_library_example_runs_and_prints_what_the_cli_prints(tmp_path: Path):
    block = _readme_library_blocks()[0]
    ran = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]
    facts = ast.literal_eval(re.search(r"adviseer\((\{.*?\})\)", block).group(1))  # type: ignore[union-attr]
    (tmp_path / "feiten.json").write_text(json.dumps(facts), encoding="utf-8")
    day = json.loads(ran.stdout)["regelbasis"]["peildatum"]  # the same day, even across midnight
    cli = CliRunner().invoke(main, ["advies", str(tmp_path / "feiten.json"), "--formaat", "json", "--peildatum", day])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout == ran.stdout


@pytest.mark.parametrize("engine", HERE)
def test_a_closed_adviseur_refuses_on_every_engine(engine: str):
    # the python engine went on advising after close(), durable refused: a program tried on Python 3.13
    # would break on 3.11
    adviseur = Adviseur(engine=engine)
    adviseur.close()
    with pytest.raises(EngineError, match="gesloten"):
        adviseur.adviseer({"naam": "Buurtwarmte"})


@pytest.mark.parametrize("block", _readme_library_blocks())
def test_every_python_block_of_the_readme_library_section_runs(block: str, tmp_path: Path):
    ran = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]


def test_a_wrong_field_and_an_unknown_id_are_both_reported_in_one_run():
    # the id check ran only after the rest validated: a program fixed one error, then met the next
    with pytest.raises(InputError) as caught:
        _shipped().adviseer({"naam": "x", "warmteoplosing": "collectief", "afgerond": ["ops-kennismakn"]})
    assert [(p.field, p.guess()) for p in caught.value.problems] == [
        ("warmteoplosing", "warmteoplossing"), ("afgerond[0]", "ops-kennismaken")]


def test_a_file_with_a_wrong_field_and_an_unknown_id_names_both_lines(tmp_path: Path):
    path = tmp_path / "feiten.yaml"
    path.write_text("naam: x\nwarmteoplosing: collectief\nafgerond: [ops-kennismakn]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _shipped().lees_feiten(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "warmteoplosing"), (3, "afgerond[0]")]


@functools.cache
def _shipped() -> Adviseur:
    return Adviseur()


def test_nested_facts_may_be_any_mapping_as_the_top_level_may():
    # the top level took any Mapping, a part did not: "verwacht een mapping …, kreeg mappingproxy(…)"
    plain = {"naam": "x", "afspraken": {"intentieovereenkomst": True}}
    proxied = MappingProxyType({"naam": "x", "afspraken": MappingProxyType({"intentieovereenkomst": True})})
    day = dt.date(2026, 6, 1)
    shipped = _shipped()
    assert shipped.adviseer(proxied, day).model_dump_json() == shipped.adviseer(plain, day).model_dump_json()


# A web app forks (a worker, a job) while another thread consults: without care the child inherits the
# engine's lock held, and its first consultation waits for ever. Here a thread holds that lock (as a
# consultation does) until fork has begun, then lets go a moment later; the child must then advise.
FORK_WHILE_CONSULTING = """
import datetime as dt, os, signal, sys, threading, time
from samenwerkwijzer import Adviseur

adviseur = Adviseur(engine="durable")
day = dt.date(2026, 6, 1)
expected = adviseur.adviseer({"naam": "x"}, peildatum=day).model_dump_json()
holding, forking = threading.Event(), threading.Event()

def consult():
    with adviseur.reasoner._lock:   # what a consultation in this thread holds
        holding.set()
        forking.wait()
        time.sleep(0.2)              # still busy while the fork goes on

os.register_at_fork(before=forking.set)   # registered last, so it runs before the package's own hooks
worker = threading.Thread(target=consult)
worker.start()
holding.wait()
pid = os.fork()
if pid == 0:
    signal.alarm(60)                 # a child that waits for ever is stopped and counts as hung
    ok = adviseur.adviseer({"naam": "x"}, peildatum=day).model_dump_json() == expected
    os._exit(0 if ok else 3)
worker.join()
_, status = os.waitpid(pid, 0)
print("hung" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}")
"""


@needs_durable
def test_a_child_forked_while_a_thread_consults_can_advise():
    ran = subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning", "-c", FORK_WHILE_CONSULTING],
                         capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "exit 0"


@pytest.mark.parametrize("wrong", [None, {"naam": "x"}, "feiten.yaml"])
def test_compare_and_draft_refuse_what_is_not_a_consult_at_the_door(wrong: object):
    # the README offers compare(consult_a, consult_b) and draft(consult, soort) as library calls; a dict or
    # an Advies gave "AttributeError: 'dict' object has no attribute 'facts'"
    consult = _shipped().raadpleeg({"naam": "x"}, "2026-06-01")
    calls = [("a", lambda: compare(wrong, consult)), ("b", lambda: compare(consult, wrong)),  # type: ignore[arg-type]
             ("consult", lambda: draft(wrong))]  # type: ignore[arg-type]
    for field, call in calls:
        with pytest.raises(InputError) as caught:
            call()
        (problem,) = caught.value.problems
        assert problem.field == field and "Consult" in problem.message and "raadpleeg" in problem.message
    with pytest.raises(InputError, match="Consult"):
        draft(consult.advice)  # type: ignore[arg-type]
