"""`samenwerkwijzer --help` and `samenwerkwijzer schema feiten` start without the rule engine or networkx.

Checked in a child process (a fresh interpreter), from the modules it really imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.engine.logic.engines import durable_available

ROOT = Path(__file__).parents[1]
HEAVY = ("durable", "durable_rules_engine", "networkx")

CHILD = """
import json, sys
from samenwerkwijzer.cli import main
try:
    main(args=sys.argv[1:], prog_name="samenwerkwijzer")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})), file=sys.stderr)
"""


def loaded_heavy(*args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", CHILD.format(heavy=set(heavy)), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    loaded: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("args", [["--help"], ["schema", "feiten"], ["schema", "regels"], ["schema", "advies"],
                                  ["advies", "--help"]],
                         ids=" ".join)
def test_start_without_rule_engine_or_networkx(args: list[str]) -> None:
    assert loaded_heavy(*args) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["advies", "--help"], ["overzicht", "--help"],
                                  ["regels", "--help"]], ids=" ".join)
def test_help_and_version_load_no_models_yaml_or_cache_folder(args: list[str]) -> None:
    """Help texts are plain click: no pydantic (building models costs most of a cold start), no YAML,
    no platformdirs; on the shipped CLI `--help` then takes about as long as importing click."""
    assert loaded_heavy(*args, heavy=(*HEAVY, "pydantic", "pydantic_core", "yaml", "platformdirs")) == []


def test_the_check_can_fail() -> None:
    """The same child does see the rule engine and networkx when a command needs them."""
    loaded = loaded_heavy("plan", "voorbeelden/opstarten-collectief.yaml", "--peildatum", "2026-06-01")
    assert "networkx" in loaded
    assert ("durable_rules_engine" in loaded) == durable_available()
    assert "pydantic" in loaded_heavy("plan", "voorbeelden/opstarten-collectief.yaml", heavy=("pydantic",))  # the python engine needs no durable


def test_package_names_load_on_first_use() -> None:
    code = ("import sys, samenwerkwijzer; assert 'samenwerkwijzer.engine.advice.api' not in sys.modules; "
            "from samenwerkwijzer import Adviseur, Advies, Consult, Initiatief, InputError, __version__; "
            "print(Adviseur.__name__, Consult.__name__, __version__)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["Adviseur", "Consult", "0.1.0"]


ERROR_PATH = ("samenwerkwijzer.engine.source.translate", "difflib")


def loaded_of(names: tuple[str, ...], *args: str) -> list[str]:
    code = CHILD.replace("m.split(\".\")[0] in {heavy!r}", "m in {heavy!r}").format(heavy=set(names))
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False,
                          env={**os.environ, "SAMENWERKWIJZER_CACHE": "uit"})
    found: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return found


def test_a_good_facts_file_loads_no_error_machinery(tmp_path: Path) -> None:
    """Pydantic's errors are put into Dutch by a module that loads only when a file is refused."""
    args = ["--formaat", "json", "--peildatum", "2026-06-01"]
    assert loaded_of(ERROR_PATH, "advies", "voorbeelden/opstarten-collectief.yaml", *args) == []
    bad = tmp_path / "fout.yaml"
    bad.write_text("naam: Buurtwarmte\ninitiatief: {organisatievorm: stichtin}\n", encoding="utf-8")
    assert loaded_of(ERROR_PATH, "advies", str(bad), *args) == sorted(ERROR_PATH)  # the check can fail
