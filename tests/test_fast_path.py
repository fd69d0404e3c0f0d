"""The fast path gives what the old full path gave, byte for byte.

- open questions: the engine's `Relevance` (every answer at once as bit masks, engine/advice/worlds.py;
  each rule's conclusions as prepared tuples) against `relevance_reference.Relevance`, the code as it
  was before, on every example, every scenario profile, each with one fact removed, and on generated
  profiles; both on the all-at-once path and on the from-scratch chaining for cyclic derivations;
- the advice JSON: pydantic's writer against `json.dumps(model_dump(mode="json"), indent=2,
  ensure_ascii=False)`, which the contract was printed with before, on the same profiles and
  on names full of characters JSON must escape;
- the facts that may matter together with other answers (`open_facts`, the intake's second list): the
  same as the old code, also with some facts answered 'weet ik niet';
- a consultation taken from the memo of open questions equals a fresh one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import relevance_reference
import yaml
from hypothesis import HealthCheck, given, settings
from strategies import profiles
from test_relevance import given as given_facts
from test_relevance import scenario_profiles, without

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.relevance import Relevance
from samenwerkwijzer.engine.model.advice import Advies
from samenwerkwijzer.engine.render.advicejson import advice_json

ROOT = Path(__file__).resolve().parent.parent
DAYS = (dt.date(2026, 6, 1), dt.date(2020, 1, 1), dt.date(2031, 12, 31))
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
SCENARIO_FILES = sorted((ROOT / "regels" / "scenarios").glob("*.yaml"))
SHIPPED = Adviseur()
PROFILES = profiles(sorted(SHIPPED.kb.partners), sorted(SHIPPED.kb.activiteiten))


def old_json(advies: Advies) -> str:
    """The advice JSON as `render.text.advice_json` wrote it before (Python's json module)."""
    return json.dumps(advies.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def assert_same(adviseur: Adviseur, reference: Any, facts: dict[str, Any], day: dt.date) -> None:
    initiatief = adviseur.to_initiatief(facts)
    flat, _keys, result = adviseur.infer(initiatief, day)

    def plan_of(name: str, value: object) -> tuple[str, ...]:
        return adviseur.plan_ids(initiatief, name, value, day)

    fast = adviseur.relevance.questions(flat, result, day, plan_of=plan_of)
    full = reference.questions(flat, result, day, plan_of=plan_of)
    assert fast == full, facts
    unknown = [name for name in adviseur.relevance.askable if name not in flat]
    for settled in (frozenset(), frozenset(unknown[::3])):  # and some answered 'weet ik niet'
        assert adviseur.relevance.open_facts(flat, result, day, settled) == reference.open_facts(flat, result, day, settled)
    advies = adviseur.adviseer(facts, day)
    assert advies.open_vragen == full
    assert advice_json(advies) == old_json(advies)


@pytest.fixture(scope="module")
def reference() -> Any:
    return relevance_reference.Relevance(SHIPPED)


def test_the_oracle_is_the_old_code_and_not_the_new() -> None:
    assert relevance_reference.Relevance is not Relevance
    assert not hasattr(relevance_reference.Relevance, "_first_terms")


def test_empty_profile_on_several_days(reference: Any) -> None:
    for day in DAYS:
        assert_same(SHIPPED, reference, {"naam": "Leeg"}, day)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_and_each_with_one_fact_removed(reference: Any, path: Path) -> None:
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert_same(SHIPPED, reference, facts, DAYS[0])
    for name in given_facts(facts):
        assert_same(SHIPPED, reference, without(facts, name), DAYS[0])


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_each_scenario_profile_and_each_with_one_fact_removed(reference: Any, path: Path) -> None:
    for facts in scenario_profiles(path):
        assert_same(SHIPPED, reference, facts, DAYS[0])
        for name in given_facts(facts):
            assert_same(SHIPPED, reference, without(facts, name), DAYS[0])


@given(PROFILES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_generated_profiles(reference: Any, facts: dict[str, Any]) -> None:
    for day in DAYS[:2]:
        assert_same(SHIPPED, reference, facts, day)


def test_the_from_scratch_path_for_cyclic_derivations_agrees_with_the_old_one() -> None:
    fresh, old = Adviseur(), relevance_reference.Relevance(SHIPPED)
    fresh.relevance.cyclic = old.cyclic = True
    fresh.relevance.worlds = None  # the answer-by-answer chaining that a cyclic base gets
    for path in EXAMPLES[:4]:
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert_same(fresh, old, facts, DAYS[0])
    assert_same(fresh, old, {"naam": "Leeg"}, DAYS[0])


def test_the_mini_base_with_dated_rules(mini: Adviseur) -> None:
    old = relevance_reference.Relevance(mini)
    for day in DAYS:
        assert_same(mini, old, {"naam": "Mini"}, day)


@pytest.mark.parametrize("naam", ["".join(chr(c) for c in range(1, 0x30)), "\x7f\x80\x9f\u00a0\u2028\u2029\ufeff",
                                  "😀 é ß « »", 'a\\b"c/</script>', "\t\r\n"])
def test_json_writer_escapes_as_before(naam: str) -> None:
    advies = SHIPPED.adviseer({"naam": naam, "gemeente": {"naam": naam}}, DAYS[0])
    assert advice_json(advies) == old_json(advies)


def test_a_consultation_from_the_memo_equals_a_fresh_one() -> None:
    keeping, fresh = Adviseur(), Adviseur()
    fresh.memo.size = 0  # keeps nothing: every consultation computes its questions
    facts = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    first = advice_json(keeping.adviseer(facts, DAYS[0]))
    hits = keeping.memo.hits
    again = advice_json(keeping.adviseer(facts, DAYS[0]))
    assert keeping.memo.hits == hits + 1 and len(fresh.memo) == 0
    assert first == again == advice_json(fresh.adviseer(facts, DAYS[0]))
    # another day or one more fact is another key
    for other, day in ((facts, DAYS[1]), ({**facts, "naam": "Een ander initiatief"}, DAYS[0])):
        hits = keeping.memo.hits
        assert advice_json(keeping.adviseer(other, day)) == advice_json(fresh.adviseer(other, day))
        assert keeping.memo.hits == hits


def test_the_memo_keeps_at_most_its_size() -> None:
    adviseur = Adviseur()
    adviseur.memo.size = 3
    for n in range(6):
        adviseur.adviseer({"naam": f"Initiatief {n}"}, DAYS[0])
    assert len(adviseur.memo) == 3
    hits = adviseur.memo.hits
    adviseur.adviseer({"naam": "Initiatief 0"}, DAYS[0])  # the oldest went first
    assert adviseur.memo.hits == hits
    adviseur.adviseer({"naam": "Initiatief 5"}, DAYS[0])
    assert adviseur.memo.hits == hits + 1


def test_a_memo_set_to_keep_nothing_answers_nothing_it_kept_before() -> None:
    adviseur = Adviseur()
    adviseur.adviseer({"naam": "Eerder"}, DAYS[0])
    adviseur.memo.size = 0
    hits = adviseur.memo.hits
    adviseur.adviseer({"naam": "Eerder"}, DAYS[0])
    assert adviseur.memo.hits == hits


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_overview_reads_the_same_advice_without_open_questions(path: Path) -> None:
    from samenwerkwijzer.engine.advice.overview import overview_row

    facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    initiatief = SHIPPED.to_initiatief(facts)
    whole = SHIPPED.raadpleeg(initiatief, DAYS[0]).advice
    short = SHIPPED.raadpleeg(initiatief, DAYS[0], open_vragen=False).advice
    assert whole.open_vragen and not short.open_vragen
    assert short == whole.model_copy(update={"open_vragen": []})
    assert overview_row(path.name, initiatief, short) == overview_row(path.name, initiatief, whole)


def test_open_vragen_takes_only_a_bool() -> None:
    from samenwerkwijzer.engine.errors import InputError

    with pytest.raises(InputError, match="open_vragen"):
        SHIPPED.raadpleeg({"naam": "x"}, DAYS[0], open_vragen="nee")  # type: ignore[arg-type]
