"""Properties over random valid profiles: no crash, every conclusion explained, order independence."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from strategies import profiles

from samenwerkwijzer import Adviseur, Initiatief
from samenwerkwijzer.engine.render.advicejson import advice_json as to_json

SHIPPED = Adviseur()
PROFILES = profiles(sorted(SHIPPED.kb.partners), sorted(SHIPPED.kb.activiteiten))
DAY = dt.date(2026, 1, 1)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(PROFILES)
def test_any_valid_profile_gets_an_explained_advice(feiten):
    initiatief = Initiatief.model_validate(feiten)
    advies = SHIPPED.adviseer(initiatief, DAY)
    assert advies.fase.bepaald_door in {"invoer", "regel", "aangenomen", "onbekend"}
    if advies.fase.bepaald_door in ("regel", "aangenomen"):
        assert advies.fase.waarom
    assert bool(advies.fase.ontbrekend) <= (advies.fase.bepaald_door == "aangenomen")
    for group in (advies.activiteiten, advies.partners, advies.risicos, advies.tips):
        for item in group:
            assert item.waarom, item.id
            for reden in item.waarom:
                assert reden.regel and reden.toelichting.strip()
    if advies.formalisatie is not None:
        assert advies.formalisatie.waarom
    for derived in advies.afgeleide_feiten:
        assert derived.regels


@SETTINGS
@given(PROFILES)
def test_advice_does_not_depend_on_the_order_of_facts(feiten):
    def reverse(node):
        if isinstance(node, dict):
            return {k: reverse(node[k]) for k in reversed(list(node))}
        if isinstance(node, list):
            return list(reversed(node))
        return node

    a = to_json(SHIPPED.adviseer(feiten, DAY))
    b = to_json(SHIPPED.adviseer(reverse(feiten), DAY))
    assert a == b


@SETTINGS
@given(PROFILES)
def test_same_facts_same_bytes(feiten):
    first = to_json(SHIPPED.adviseer(feiten, DAY))
    assert first == to_json(SHIPPED.adviseer(json.loads(json.dumps(feiten)), DAY))
