"""The validator of the facts file and the serializer of the advice come from the rule-base cache
(engine/model/prebuilt.py): a fresh process that reads a sound entry builds neither, and reads,
refuses and writes exactly what a process without a cache does. An entry whose models part is
wrong in any way (framed and checksummed as a good one) is not used for it, and the advice is the same.

Each check runs in a fresh interpreter: whether a model has been built is state of the process.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samenwerkwijzer.engine.advice import basecache
from samenwerkwijzer.engine.model import prebuilt
from samenwerkwijzer.engine.model.advice import Advies
from samenwerkwijzer.engine.model.facts import Initiatief
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")

CHILD = """
import json, sys
from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.model.advice import Advies
from samenwerkwijzer.engine.model.facts import Initiatief
from pydantic_core import SchemaValidator
a = Adviseur()
# pydantic's own build finishes the class; one from the entry leaves it unfinished (prebuilt.py)
state = {m.__name__: "gebouwd" if m.__pydantic_complete__ else "uit de cache"
         if isinstance(m.__dict__["__pydantic_validator__"], SchemaValidator) else "nog niet" for m in (Initiatief, Advies)}
advice = a.adviseer(a.lees_feiten(sys.argv[1]), "2026-01-01").model_dump_json()
plugins = "pydantic.plugin._loader" in sys.modules  # loaded by pydantic's first build of a validator
schemas = [m.model_json_schema() for m in (Initiatief, Advies)]  # after advising: from the schema in use
print(json.dumps({"before": state, "plugins": plugins, "advice": advice, "schemas": schemas}))
"""


def child(cache: str, facts: str = EXAMPLE) -> dict[str, Any]:
    env = {**os.environ, basecache.CACHE_ENV: cache}
    proc = subprocess.run([sys.executable, "-c", CHILD, facts], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def cli(cache: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, basecache.CACHE_ENV: cache}
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def without_cache() -> dict[str, Any]:
    return child(basecache.OFF)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A cache folder with the entry a first run wrote."""
    folder = tmp_path / "cache"
    first = child(str(folder))
    assert first["before"] == {"Initiatief": "gebouwd", "Advies": "gebouwd"}  # a miss: built to be stored
    return folder


def test_without_a_cache_pydantic_builds_both_itself(without_cache: dict[str, Any]) -> None:
    assert without_cache["before"] == {"Initiatief": "nog niet", "Advies": "nog niet"}  # built at first use
    assert without_cache["plugins"]  # the check below can fail: building a validator loads this


def test_a_sound_entry_gives_both_models_and_the_same_advice(filled: Path, without_cache: dict[str, Any]) -> None:
    second = child(str(filled))
    assert second["before"] == {"Initiatief": "uit de cache", "Advies": "uit de cache"}
    assert not second["plugins"]  # pydantic built no validator in this process
    assert second["advice"] == without_cache["advice"]
    assert second["schemas"] == without_cache["schemas"]  # the JSON Schemas too (the server serves them)


def test_the_command_writes_the_same_bytes_with_and_without_the_entry(filled: Path) -> None:
    args = ("advies", EXAMPLE, "--formaat", "json", "--peildatum", "2026-01-01")
    cached, off = cli(str(filled), *args), cli(basecache.OFF, *args)
    assert cached.returncode == off.returncode == 0
    assert cached.stdout == off.stdout


@pytest.mark.parametrize("facts", [
    "naam: Buurtwarmte\nwarmteoplossing: zonnewarmte\n",      # a value outside the choices
    "naam: Buurtwarmte\nwijk:\n  woningen: veel\n",           # text where a number goes
    "naam: Buurtwarmte\nbuurman: ja\n",                        # a field that does not exist
    "initiatief: {}\n",                                          # a required field left out
])
def test_a_refused_facts_file_is_refused_in_the_same_words(filled: Path, tmp_path: Path, facts: str) -> None:
    bad = tmp_path / "feiten.yaml"
    bad.write_text(facts, encoding="utf-8")
    cached, off = cli(str(filled), "advies", str(bad)), cli(basecache.OFF, "advies", str(bad))
    assert cached.returncode == off.returncode == 2
    assert cached.stderr == off.stderr
    assert "feiten.yaml" in cached.stderr


# -- an entry whose models part is wrong, framed and checksummed like a good one -----------------

WRONG_MODELS: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "empty": lambda models: (),
    "not-a-tuple": lambda models: [list(m) for m in models],
    "short-items": lambda models: tuple(m[:2] for m in models),
    "schemas-swapped": lambda models: ((models[0][0], models[1][1], models[1][2]), (models[1][0], models[0][1], models[0][2])),
    "another-class": lambda models: tuple((dict, schema, config) for _cls, schema, config in models),
    "schema-broken": lambda models: tuple((cls, {**schema, "type": "model", "cls": cls, "schema": {"type": "onzin"}}, config)
                                          for cls, schema, config in models),
    "config-not-a-dict": lambda models: tuple((cls, schema, "streng") for cls, schema, _config in models),
}


@pytest.mark.parametrize("name", list(WRONG_MODELS))
def test_a_wrong_models_part_is_not_used(filled: Path, without_cache: dict[str, Any], name: str) -> None:
    key = basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB)
    assert key is not None
    [path] = sorted(filled.glob("regelbasis-*.pickle"))
    loaded = pickle.loads(path.read_bytes().split(b"\n", 3)[3])
    assert [m[0] for m in loaded.models] == [Initiatief, Advies]
    broken = basecache.LoadedBase(**{**loaded.__dict__, "models": WRONG_MODELS[name](loaded.models)})
    payload = pickle.dumps(broken, protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(basecache.MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)  # the frame is sound: this part is what is wrong
    out = child(str(filled))
    assert out["before"] == {"Initiatief": "nog niet", "Advies": "nog niet"}  # nothing installed: built at first use
    assert out["advice"] == without_cache["advice"]


def test_install_leaves_a_model_this_process_built_alone() -> None:
    Initiatief.model_rebuild()
    own = Initiatief.__pydantic_validator__
    assert prebuilt.install(prebuilt.capture((Initiatief,))) == []
    assert Initiatief.__pydantic_validator__ is own


def test_install_refuses_what_is_not_an_entry() -> None:
    entries = prebuilt.capture()
    assert [cls for cls, _schema, _config in entries] == [Initiatief, Advies]
    for wrong in (None, "x", [entries[0]], ((Initiatief,),), ((Initiatief, entries[1][1], entries[1][2]),)):
        assert prebuilt.install(wrong) == []


def test_a_model_with_another_kind_of_validator_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """As with a pydantic plugin installed: the model is not kept, and capturing does not fail."""
    class Wrapped:  # stands in for pydantic's PluggableSchemaValidator
        def __init__(self, inner: object) -> None:
            self.inner = inner

    Initiatief.model_rebuild()
    monkeypatch.setattr(Initiatief, "__pydantic_validator__", Wrapped(Initiatief.__pydantic_validator__))
    assert [cls for cls, _schema, _config in prebuilt.capture()] == [Advies]
