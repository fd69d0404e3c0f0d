"""The durable reasoner asserts a wave of facts in one `assert_facts` call and retracts a consultation's
facts in one `retract_facts` call (logic/infer.py). Durable reports one code for a whole batch, so what
makes this safe is checked here: every fact text the reasoner may send to a ruleset meets a pattern
of that ruleset (else durable would not store it, and a batch would hide that); on generated rule
bases and profiles the firings are those of the straightforward loop (logic/rounds.py); nothing stays
in a session afterwards.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from engines import needs_durable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_floor_index import DAY, bases, profiles

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.logic.compile import CompiledBase, compile_base
from samenwerkwijzer.engine.logic.conditions import keys_for
from samenwerkwijzer.engine.logic.rounds import RoundsReasoner
from samenwerkwijzer.engine.model.rules import RuleBase

pytestmark = needs_durable


def _patterns(test: dict[str, Any]) -> tuple[str, Any]:
    if "$ex" in test:
        return next(iter(test["$ex"])), None
    return next(iter(test["$and"][1].items()))


def _unmet(compiled: CompiledBase) -> list[str]:
    """Fact texts that meet no pattern of the ruleset they would be sent to."""
    out = []
    for cset in compiled.sets:
        patterns = {_patterns(m) for name, body in json.loads(cset.text).items()
                    for member in body["all"] for m in member.values()}
        for table in cset.facts.values():
            for text in table.values():
                fact = json.loads(text)
                if not any(prop in fact and (value is None or fact[prop] == value) for prop, value in patterns):
                    out.append(text)
    return out


def test_every_fact_the_reasoner_may_send_meets_a_pattern_of_its_ruleset() -> None:
    compiled = Adviseur(engine="durable").compiled
    assert sum(len(table) for cset in compiled.sets for table in cset.facts.values()) > 100
    assert _unmet(compiled) == []


def test_the_check_finds_a_fact_no_pattern_meets() -> None:
    compiled = Adviseur(engine="durable").compiled
    cset = compiled.sets[0]
    key = next(k for k, table in cset.facts.items() if table and not k.startswith("$"))
    norm = next(iter(cset.facts[key]))
    saved = cset.facts[key][norm]
    try:
        cset.facts[key][norm] = '{"sid":"1","id":"nergens","zz_geen_regel":1}'
        assert _unmet(compiled) == ['{"sid":"1","id":"nergens","zz_geen_regel":1}']
    finally:
        cset.facts[key][norm] = saved


def test_a_consultation_asserts_in_a_few_calls_and_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from samenwerkwijzer.engine.logic import infer

    adviseur = Adviseur(engine="durable")
    ours = set(adviseur.reasoner._handles)  # type: ignore[attr-defined]
    calls = {"assert_fact": 0, "assert_facts": 0, "retract_fact": 0, "retract_facts": 0}
    for name in calls:
        real = getattr(infer._dre, name)

        def counted(handle: int, text: str, _real: Any = real, _name: str = name) -> Any:
            # only this reasoner's rulesets: an earlier test's reasoner that the collector frees meanwhile
            # ends its sessions through the same functions (its finaliser asserts the end marker)
            if handle in ours:
                calls[_name] += 1
            return _real(handle, text)

        monkeypatch.setattr(infer._dre, name, counted)
    adviseur.adviseer({"naam": "proef"})
    rulesets = len(adviseur.compiled.sets)
    assert calls["assert_fact"] == rulesets          # the end marker, once per ruleset
    assert 1 <= calls["assert_facts"] <= 10          # one per wave and ruleset, not one per fact
    assert calls["retract_fact"] == 0
    assert calls["retract_facts"] == rulesets
    assert adviseur.reasoner.leftover_facts() == []
    adviseur.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(base=bases(), flats=st.lists(profiles(), min_size=1, max_size=4))
def test_durable_fires_what_the_straightforward_loop_fires(base: RuleBase, flats: list[dict[str, Any]]) -> None:
    from samenwerkwijzer.engine.logic.infer import Reasoner

    try:
        cb = compile_base(base, "batch")
    except InputError:  # a condition too large to normalise: refused for both engines alike
        return
    assert _unmet(cb) == []
    durable, plain = Reasoner(cb), RoundsReasoner(cb)
    try:
        facts = base.facts()
        for flat in flats:
            keys = keys_for(flat, cb.keys, facts)
            assert durable.run(keys, DAY) == plain.run(keys, DAY)
            assert durable.leftover_facts() == []
    finally:
        durable.close()

