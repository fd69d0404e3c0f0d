"""The open questions kept for every profile (engine/advice/relevance.py: the changes by key and by
what they are made of, the parts, the questions) give what working everything out anew gives.

One `Relevance` keeps what it works out across many generated profiles, several days and the
examples; for each profile a second one starts from nothing (every table emptied first; the phrases per knowledge base stay). The
questions must be equal, byte for byte in JSON. With tiny tables (emptied again and again) the
answers stay the same and the tables stay within their bounds.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice import relevance
from samenwerkwijzer.engine.advice.relevance import Relevance

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import profiles  # noqa: E402

DAYS = (dt.date(2026, 6, 1), dt.date(2020, 1, 1), dt.date(2031, 12, 31))
TABLES = ("changes_seen", "changes_made", "part_values", "rule_lists")


def cases(a: Adviseur, n: int, seed: int) -> list[tuple[dict[str, Any], dt.date]]:
    docs = profiles(n, a.kb, seed=seed)
    docs += [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "voorbeelden").glob("*.yaml"))]
    rng = random.Random(seed)
    return [(doc, rng.choice(DAYS)) for doc in docs]


def questions_json(a: Adviseur, rel: Relevance, facts: dict[str, Any], day: dt.date) -> list[str]:
    initiatief = a.to_initiatief(facts)
    flat, keys, result = a.infer(initiatief, day)
    found = rel.questions(flat, result, day, plan_of=lambda n, v: a.plan_ids(initiatief, n, v, day), keys=keys)
    return [q.model_dump_json() for q in found]


def empty(rel: Relevance) -> None:
    for name in TABLES:
        getattr(rel, name).clear()


@pytest.fixture(scope="module")
def adviseur() -> Adviseur:
    return Adviseur()


def test_kept_answers_equal_fresh_ones_on_generated_profiles(adviseur: Adviseur) -> None:
    warm, cold = Relevance(adviseur), Relevance(adviseur)
    work = cases(adviseur, 250, seed=21)
    for facts, day in work:  # fill the tables first, then ask again in another order
        questions_json(adviseur, warm, facts, day)
    assert len(warm.changes_seen) and len(warm.changes_made) and len(warm.part_values)
    random.Random(5).shuffle(work)
    asked = 0
    for facts, day in work:
        empty(cold)
        got = questions_json(adviseur, warm, facts, day)
        assert got == questions_json(adviseur, cold, facts, day), facts
        asked += len(got)
    assert asked > len(work), "the profiles have open questions to compare"


def test_tiny_tables_give_the_same_and_stay_small(adviseur: Adviseur, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Relevance(adviseur)
    work = cases(adviseur, 60, seed=8)
    expected = [questions_json(adviseur, fresh, facts, day) for facts, day in work]
    for name in ("KEYS_KEPT", "CHANGES_KEPT", "PARTS_KEPT", "PHRASES_KEPT"):
        monkeypatch.setattr(relevance, name, 3)
    small = Relevance(adviseur)
    for (facts, day), want in zip(work, expected, strict=True):
        assert questions_json(adviseur, small, facts, day) == want
        assert all(len(getattr(small, name)) <= 3 for name in TABLES)


def test_threads_sharing_the_tables_get_the_sequential_answers(adviseur: Adviseur, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight threads on one Relevance with small tables (emptied again and again while others read
    them) give what one thread gives, profile by profile."""
    work = cases(adviseur, 40, seed=13)
    expected = [questions_json(adviseur, Relevance(adviseur), facts, day) for facts, day in work]
    for name in ("KEYS_KEPT", "CHANGES_KEPT", "PARTS_KEPT", "PHRASES_KEPT"):
        monkeypatch.setattr(relevance, name, 16)
    shared = Relevance(adviseur)
    got: dict[int, list[list[str]]] = {}

    def run(n: int) -> None:
        order = list(range(len(work)))
        random.Random(n).shuffle(order)
        found = [[""]] * len(work)
        for i in order:
            facts, day = work[i]
            found[i] = questions_json(adviseur, shared, facts, day)
        got[n] = found

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often
    try:
        threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    assert sorted(got) == list(range(8))
    for found in got.values():
        assert found == expected


def test_worlds_a_term_without_tests_holds_everywhere_and_feeds_what_reads_it() -> None:
    """engine/advice/worlds.py groups terms by their first literal; a term without any stands under
    a mask that holds in every world."""
    from samenwerkwijzer.engine.advice.worlds import Worlds
    from samenwerkwijzer.engine.logic.conditions import Literal

    asked = Literal("val", "a", (True,))
    reads_x = Literal("val", "x", (1,))
    rule_terms = [[()], [(reads_x, asked)], [(asked,), (Literal("val", "b", (True,)),)]]
    derives: list[list[tuple[str, Any]]] = [[("x", 1)], [], []]
    worlds = Worlds(rule_terms, derives, {"a": [(("a", True),), (("a", False),)]})
    run = worlds.run({"?a": True, "b": False}, ["a"], [True, True, True])
    everywhere = (1 << (run.base + 1)) - 1
    assert run.holds[0] == everywhere
    assert run.holds[1] == 0b001  # only the world where a is answered True
    assert run.holds[2] == 0b001
    assert run.moved() == [0b110, 0]  # answering True makes rules 1 and 2 fire; False changes nothing


def test_the_memo_of_whole_profiles_stops_filling_itself_when_nothing_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """engine/advice/memo.py: a window of look-ups without a hit (a batch of new files) and it keeps
    one new value in SAMPLE; once kept values are asked again it keeps every one again. The answers
    are the same either way."""
    from samenwerkwijzer.engine.advice import memo as memo_module

    monkeypatch.setattr(memo_module, "WINDOW", 8)
    monkeypatch.setattr(memo_module, "SAMPLE", 4)
    memo: memo_module.Memo[str] = memo_module.Memo(8)
    made: list[int] = []

    def ask(n: int) -> str:
        def make() -> str:
            made.append(n)
            return f"waarde {n}"
        return memo.get(n, make)

    for n in range(8):  # the first window: every value kept, nothing found
        assert ask(n) == f"waarde {n}"
    assert len(memo) == 8 and memo.hits == 0
    before = list(memo._data)
    for n in range(100, 108):  # the second window: only every fourth miss is kept
        assert ask(n) == f"waarde {n}"
    kept = [k for k in memo._data if k not in before]
    assert 1 <= len(kept) <= 3, kept
    for k in kept:  # asked again: found, and the next window keeps everything again
        assert ask(k) == f"waarde {k}" and made.count(k) == 1
    assert memo.hits == len(kept)
    for n in range(200, 214):  # the window with those hits ends after six of these; the next window keeps all
        assert ask(n) == f"waarde {n}"
    assert all(n in memo._data for n in range(206, 214)), "every new value kept again"
