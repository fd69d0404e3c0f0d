"""Isolation and memory: threads and processes give the sequential answers; nothing stays behind.

The engine keeps one durable session per ruleset and empties it after every consultation, so
these tests look at what a long-running service would notice: answers that depend on what ran
before or alongside, facts left in the engine, memory that grows, a reload that keeps the old base.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import datetime as dt
import gc
import multiprocessing
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("durable_rules_engine", reason="durable-rules is hier niet geïnstalleerd (Python 3.13+): "
                    "deze tests gaan over de sessies van durable")

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.errors import EngineError
from samenwerkwijzer.engine.logic import infer
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402

DAY = dt.date(2026, 1, 1)
ADVISEUR = Adviseur()
DOCS = generate.profiles(160, ADVISEUR.kb, seed=21)
INITIATIEVEN = [ADVISEUR.to_initiatief(d) for d in DOCS]


def rss_mb() -> float:
    """Resident memory after handing freed heap back to the system (glibc keeps it otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def _in_threads(work: Any, n: int = 8) -> list[Any]:
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    return results


def _advise_all(adviseur: Adviseur, start: int, rounds: int = 1) -> list[str]:
    """Every profile, starting at `start` and wrapping around, in the original order of results."""
    out = [""] * len(INITIATIEVEN)
    for _ in range(rounds):
        for j in range(len(INITIATIEVEN)):
            i = (start + j) % len(INITIATIEVEN)
            out[i] = adviseur.adviseer(INITIATIEVEN[i], DAY).model_dump_json()
    return out


def test_eight_threads_give_the_sequential_answers() -> None:
    expected = _advise_all(ADVISEUR, 0)
    for got in _in_threads(lambda i: _advise_all(ADVISEUR, i * 37)):
        assert got == expected


def test_eight_threads_get_the_sequential_inferences() -> None:
    keys = [ADVISEUR.infer(i, DAY)[1] for i in INITIATIEVEN]
    expected = [ADVISEUR.reasoner.run(k, DAY) for k in keys]

    def work(t: int) -> list[Any]:
        return [ADVISEUR.reasoner.run(keys[(t * 37 + j) % len(keys)], DAY) for j in range(len(keys))]

    for t, got in enumerate(_in_threads(work)):
        for j, result in enumerate(got):
            want = expected[(t * 37 + j) % len(keys)]
            assert (result.fired, result.derived, result.skipped, result.keys) == (want.fired, want.derived, want.skipped, want.keys)


@pytest.mark.slow
def test_eight_threads_times_a_thousand_consultations() -> None:
    keys = [ADVISEUR.infer(i, DAY)[1] for i in INITIATIEVEN]
    expected = [sorted(ADVISEUR.reasoner.run(k, DAY).fired) for k in keys]

    def work(t: int) -> bool:
        for j in range(1000):
            i = (t * 53 + j) % len(keys)
            if sorted(ADVISEUR.reasoner.run(keys[i], DAY).fired) != expected[i]:
                return False
        return True

    assert all(_in_threads(work))
    assert ADVISEUR.reasoner.leftover_facts() == []


def _pool_init() -> None:
    global _POOL_ADVISEUR
    _POOL_ADVISEUR = Adviseur()


def _pool_work(indices: list[int]) -> list[tuple[int, str]]:
    return [(i, _POOL_ADVISEUR.adviseer(INITIATIEVEN[i], DAY).model_dump_json()) for i in indices]


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks this test module's state")
def test_a_process_pool_gives_the_sequential_answers() -> None:
    expected = _advise_all(ADVISEUR, 0)
    chunks = [list(range(i, len(INITIATIEVEN), 4)) for i in range(4)]
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=_pool_init) as pool:
        got = dict(pair for chunk in pool.map(_pool_work, chunks) for pair in chunk)
    assert [got[i] for i in range(len(INITIATIEVEN))] == expected


def test_nothing_stays_in_the_engine_between_consultations() -> None:
    for initiatief in INITIATIEVEN[:20]:
        ADVISEUR.adviseer(initiatief, DAY)
        assert ADVISEUR.reasoner.leftover_facts() == []


def test_a_fault_inside_durable_becomes_an_engine_error_and_the_next_consultation_is_clean(monkeypatch: Any) -> None:
    adviseur = Adviseur()
    expected = [adviseur.adviseer(i, DAY).model_dump_json() for i in INITIATIEVEN[:5]]
    real = {name: getattr(infer._dre, name) for name in ("assert_fact", "assert_facts")}
    calls = {"n": 0}
    ours = set(adviseur.reasoner._handles)  # another reasoner freed meanwhile ends its sessions through these too

    def flaky(name: str) -> Any:
        def call(handle: int, text: str) -> Any:
            if handle not in ours:
                return real[name](handle, text)
            calls["n"] += 1
            if calls["n"] == 3:  # the reasoner asserts a consultation's facts in a few calls, one per wave
                raise infer._dre.error("Could not assert fact, error code: 303")
            return real[name](handle, text)
        return call

    for name in real:
        monkeypatch.setattr(infer._dre, name, flaky(name))
    with pytest.raises(EngineError, match="303"):
        adviseur.adviseer(INITIATIEVEN[0], DAY)
    for name, function in real.items():
        monkeypatch.setattr(infer._dre, name, function)
    assert [adviseur.adviseer(i, DAY).model_dump_json() for i in INITIATIEVEN[:5]] == expected
    assert adviseur.reasoner.leftover_facts() == []
    adviseur.close()
    with pytest.raises(EngineError, match="gesloten"):
        adviseur.adviseer(INITIATIEVEN[0], DAY)


@pytest.mark.slow
def test_memory_stays_flat_over_many_consultations() -> None:
    keys = [ADVISEUR.infer(i, DAY)[1] for i in INITIATIEVEN]
    for k in keys * 10:  # warm every path and let the allocator settle
        ADVISEUR.reasoner.run(k, DAY)
    for i in INITIATIEVEN:
        ADVISEUR.adviseer(i, DAY)
    gc.collect()
    start = rss_mb()
    for n in range(20_000):
        ADVISEUR.reasoner.run(keys[n % len(keys)], DAY)
    for n in range(5_000):
        ADVISEUR.adviseer(INITIATIEVEN[n % len(INITIATIEVEN)], DAY)
    gc.collect()
    grown = rss_mb() - start
    print(f"RSS-groei over 20.000 redeneringen en 5.000 adviezen: {grown:+.1f} MB")
    assert grown < 5


@pytest.mark.slow
def test_reloading_a_changed_rule_base_frees_the_old_one(tmp_path: Path) -> None:
    folder = tmp_path / "regels"
    shutil.copytree(SHIPPED_RULES, folder, ignore=shutil.ignore_patterns("scenarios", "tests"))
    tip, bron = sorted(ADVISEUR.kb.tips)[0], sorted(ADVISEUR.kb.bronnen)[0]

    def load(n: int) -> Adviseur:
        (folder / "zz-extra.yaml").write_text(
            f"regels:\n  - id: extra-{n}\n    titel: Extra {n}\n    als: {{feit: warmteoplossing, is: collectief}}\n"
            f"    dan:\n      - tip: {{id: {tip}}}\n    bron: {bron}\n    toelichting: Voor de meting.\n", encoding="utf-8")
        adv = Adviseur(regels=folder)
        adv.adviseer(INITIATIEVEN[n % len(INITIATIEVEN)], DAY)
        return adv

    for n in range(4):  # Python's own caches settle in the first loads
        load(n).close()
    start = rss_mb()
    for n in range(4, 16):
        load(n).close()
    for n in range(16, 28):  # dropped without close(): the finaliser frees it
        adv = load(n)
        handles = adv.reasoner._handles
        del adv
        gc.collect()
        assert handles == []
    freed = rss_mb() - start
    start = rss_mb()
    for n in range(28, 31):  # for comparison: what keeping each base costs
        adv = load(n)
        adv.reasoner._finalizer.detach()
        del adv
    kept = (rss_mb() - start) / 3
    print(f"een vastgehouden regelbasis: {kept:.1f} MB; 24 herladingen met vrijgeven: {freed:+.1f} MB")
    assert kept > 2
    assert freed < kept
