"""Determinism: the same facts give the same bytes, whatever the run, the order of the facts, the
order and names of the rule files, or the hash seed of the Python process."""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import profiles

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.logic.compile import compile_base
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

DAY = dt.date(2026, 1, 1)
# a snapshot of the shipped base and examples, so that every run here reads the same files
SNAPSHOT = Path(tempfile.mkdtemp(prefix="sw-determinisme-"))
atexit.register(shutil.rmtree, SNAPSHOT, True)
shutil.copytree(ROOT / "voorbeelden", SNAPSHOT / "voorbeelden")
EXAMPLES = sorted((SNAPSHOT / "voorbeelden").glob("*.yaml"))
RULES = SNAPSHOT / "regels"
KB = SNAPSHOT / "kennisbank"
RULES.mkdir()
for _path in SHIPPED_RULES.glob("*.yaml"):
    shutil.copy(_path, RULES / _path.name)
shutil.copytree(SHIPPED_KB, KB)
FIRST = Adviseur(regels=RULES, kennisbank=KB)
SECOND = Adviseur(regels=RULES, kennisbank=KB)
PROFILES = profiles(sorted(FIRST.kb.partners), sorted(FIRST.kb.activiteiten))
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])


def as_json(adviseur: Adviseur, feiten: Any) -> str:
    return adviseur.adviseer(feiten, DAY).model_dump_json()


def shuffled(node: Any, rng: random.Random) -> Any:
    """The same facts with every mapping's keys and every list's items in another order."""
    if isinstance(node, dict):
        keys = list(node)
        rng.shuffle(keys)
        return {k: shuffled(node[k], rng) for k in keys}
    if isinstance(node, list):
        items = [shuffled(v, rng) for v in node]
        rng.shuffle(items)
        return items
    return node


@SETTINGS
@given(feiten=PROFILES, seed=st.integers(0, 2**32 - 1))
def test_same_bytes_across_runs_instances_and_fact_orders(feiten: dict[str, Any], seed: int) -> None:
    first = as_json(FIRST, feiten)
    assert as_json(FIRST, feiten) == first
    assert as_json(SECOND, feiten) == first
    assert as_json(FIRST, shuffled(feiten, random.Random(seed))) == first


def _renamed_copy(tmp: Path, order: str) -> Path:
    """The shipped rule files under other names, so that they load in another order."""
    folder = tmp / f"regels-{order}"
    folder.mkdir()
    files = sorted(RULES.glob("*.yaml"))
    if order == "omgekeerd":
        files = files[::-1]
    else:
        random.Random(order).shuffle(files)
    for n, path in enumerate(files):
        shutil.copy(path, folder / f"{n:02d}-{path.stem[::-1]}.yaml")
    return folder


def _without_hash(text: str) -> dict[str, Any]:
    data = json.loads(text)
    data["regelbasis"].pop("hash")  # the hash covers the file names, which differ on purpose
    return data


def test_rule_file_order_and_names_do_not_change_the_advice(tmp_path: Path) -> None:
    others = [Adviseur(regels=_renamed_copy(tmp_path, order), kennisbank=KB) for order in ("omgekeerd", "schud-1", "schud-2")]
    docs = [FIRST.lees_feiten(str(p)) for p in EXAMPLES] + [d for d in _profiles(40)]
    for doc in docs:
        expected = _without_hash(as_json(FIRST, doc))
        for other in others:
            assert _without_hash(as_json(other, doc)) == expected


def _profiles(n: int) -> list[dict[str, Any]]:
    return generate.profiles(n, FIRST.kb, seed=13)


def test_compilation_is_the_same_every_time() -> None:
    a = compile_base(FIRST.base, "x")
    b = compile_base(FIRST.base, "x")
    assert [s.definition for s in a.sets] == [s.definition for s in b.sets]
    assert [s.facts for s in a.sets] == [s.facts for s in b.sets]


COMPILED_DIGEST = """
import hashlib, json, sys
from samenwerkwijzer import Adviseur
a = Adviseur(regels=sys.argv[1], kennisbank=sys.argv[2])
print(hashlib.sha256(json.dumps([(s.definition, sorted((k, sorted(map(repr, t.items()))) for k, t in s.facts.items()))
                                 for s in a.compiled.sets]).encode()).hexdigest())
"""


@pytest.mark.parametrize("example", EXAMPLES[:2], ids=lambda p: p.name)
def test_same_bytes_under_any_hash_seed(example: Path) -> None:
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(example), "--formaat", "json",
                               "--peildatum", DAY.isoformat(), "--regels", str(RULES), "--kennisbank", str(KB)],
                              capture_output=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_compiled_rulesets_are_the_same_under_any_hash_seed() -> None:
    digests = set()
    for seed in ("0", "7", "31337"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", COMPILED_DIGEST, str(RULES), str(KB)], capture_output=True, text=True,
                              env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        digests.add(proc.stdout.strip())
    assert len(digests) == 1
