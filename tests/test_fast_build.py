"""The fast build gives the advice the build before it gave, byte for byte.

`assemble.build` (output models made without validating again, the plan ordered on plain dicts,
per-rule data worked out once) against `assemble_reference.build`, the frozen copy of the code
before (commit 264c9e7, with plan_reference and progress_reference), on the same inference: every
example, every scenario profile, generated profiles, three days, and both engines. Compared: the
JSON of the advice, the advice as a value (pydantic equality), the fields set on every model, and
the plan graph (nodes, edges and their data, in order). The validated reference also proves that
the models made without validation hold valid data: the reference's constructors checked them.
The plan alone is compared on random graphs, cycles included (the same error). `facts.flatten` and
`conditions.keys_for` are held to copies of their old code on generated profiles.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import assemble_reference
import plan_reference
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from strategies import profiles
from test_plan import act
from test_relevance import scenario_profiles

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.assemble import build
from samenwerkwijzer.engine.advice.plan import Ordering, Place, make_plan
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.logic.conditions import keys_for
from samenwerkwijzer.engine.logic.engines import durable_available
from samenwerkwijzer.engine.model.facts import flatten
from samenwerkwijzer.engine.render.advicejson import advice_json

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import profiles as batch_profiles  # noqa: E402

DAYS = (dt.date(2026, 6, 1), dt.date(2020, 1, 1), dt.date(2031, 12, 31))
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
SCENARIO_FILES = sorted((ROOT / "regels" / "scenarios").glob("*.yaml"))
ENGINES = ["python"] + (["durable"] if durable_available() else [])
ADVISEURS = {engine: Adviseur(engine=engine) for engine in ENGINES}
SHIPPED = ADVISEURS["python"]
PROFILES = profiles(sorted(SHIPPED.kb.partners), sorted(SHIPPED.kb.activiteiten))


def fields_set(model: object) -> object:
    """Every model's `model_fields_set`, nested, in a form that compares."""
    if isinstance(model, BaseModel):
        return (type(model).__name__, sorted(model.model_fields_set),
                {name: fields_set(getattr(model, name)) for name in type(model).model_fields})
    if isinstance(model, list):
        return [fields_set(m) for m in model]
    return None


def edges(graph: Any) -> list[Any]:
    """The edges in order with their data; an origin as its fields (the reference has its own Origin class)."""
    return [(u, v, d["soort"], d["regels"], [(type(o).__name__, o.kind, o.first, o.then, (o.place.path, o.place.line), o.rule)
                                           for o in d["herkomst"]]) for u, v, d in graph.edges(data=True)]


def assert_same(adviseur: Adviseur, facts: Any, day: dt.date) -> None:
    initiatief = adviseur.to_initiatief(facts)
    flat, _keys, result = adviseur.infer(initiatief, day)
    new, plan = build(adviseur, initiatief, flat, result, day, [])
    old, old_plan = assemble_reference.build(adviseur, initiatief, flat, result, day, [])
    assert advice_json(new) == advice_json(old), initiatief.naam
    assert new == old
    assert repr(new) == repr(old)
    assert fields_set(new) == fields_set(old)
    assert plan.phases == old_plan.phases and plan.generations == old_plan.generations
    graph, old_graph = plan.graph, old_plan.graph
    assert list(graph.nodes(data=True)) == list(old_graph.nodes(data=True))
    assert edges(graph) == edges(old_graph)
    assert [list(graph.predecessors(n)) for n in graph] == [list(old_graph.predecessors(n)) for n in old_graph]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples(engine: str, path: Path) -> None:
    adviseur = ADVISEURS[engine]
    for day in DAYS:
        assert_same(adviseur, adviseur.lees_feiten(path), day)


@pytest.mark.parametrize("engine", ENGINES)
def test_scenario_profiles(engine: str) -> None:
    found = [facts for path in SCENARIO_FILES for facts in scenario_profiles(path)]
    assert found
    for facts in found:
        assert_same(ADVISEURS[engine], facts, DAYS[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_batch_profiles(engine: str) -> None:
    """The profiles benchmarks/hotpath.py measures, done and not done activities and all."""
    adviseur = ADVISEURS[engine]
    for n, facts in enumerate(batch_profiles(300, adviseur.kb, seed=7)):
        assert_same(adviseur, facts, DAYS[n % 3])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES)
def test_generated_profiles(facts: dict[str, Any]) -> None:
    for adviseur in ADVISEURS.values():
        assert_same(adviseur, facts, DAYS[0])


FASEN_USED = ("opstarten", "uitwerken", "uitvoeren")
ACTIVITY = st.builds(
    lambda n, fase, prio, na, done: act(f"a{n}", fase=fase, prio=prio, na=[f"a{m}" for m in na], afgerond=done),
    st.integers(0, 9), st.sampled_from(FASEN_USED), st.sampled_from(("moet", "zou", "kan")),
    st.lists(st.integers(0, 9), max_size=3), st.booleans())
ORDERING = st.builds(lambda a, b, r: Ordering(f"a{a}", f"a{b}", f"r{r}", Place("regels/x.yaml", r)),
                     st.integers(0, 9), st.integers(0, 9), st.integers(0, 3))


@settings(max_examples=400, deadline=None)
@given(st.lists(ACTIVITY, max_size=10, unique_by=lambda a: a.id), st.lists(ORDERING, max_size=4))
def test_plan_on_random_graphs(activities: list[Any], ordering: list[Ordering]) -> None:
    """Random graphs, cycles included: the same steps, order, generations and graph, or the same error."""
    try:
        old = plan_reference.make_plan(activities, ordering, None)
    except InputError as exc:
        with pytest.raises(InputError) as caught:
            make_plan(activities, ordering, None)
        assert str(caught.value) == str(exc) and caught.value.problems == exc.problems
        return
    new = make_plan(activities, ordering, None)
    assert new.phases == old.phases and new.generations == old.generations
    assert list(new.graph.nodes(data=True)) == list(old.graph.nodes(data=True))
    assert edges(new.graph) == edges(old.graph)
    assert [list(new.graph.predecessors(n)) for n in new.graph] == [list(old.graph.predecessors(n)) for n in old.graph]


def old_flatten(initiatief: Any) -> dict[str, Any]:
    """facts.flatten as it was before (getattr on every field), kept as the oracle of the new one."""
    out: dict[str, Any] = {}

    def walk(model: BaseModel, prefix: str) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            dotted = f"{prefix}{name}"
            if isinstance(value, BaseModel):
                walk(value, dotted + ".")
            elif value is None or value == "onbekend":
                continue
            elif isinstance(value, list):
                out[dotted] = tuple(sorted(set(value)))
            else:
                out[dotted] = value

    walk(initiatief, "")
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES)
def test_flatten_and_keys_as_before(facts: dict[str, Any]) -> None:
    """The flat facts (in the same order) and the keys the rules read, as the old code gave them."""
    initiatief = SHIPPED.to_initiatief(facts)
    flat = flatten(initiatief)
    assert list(flat.items()) == list(old_flatten(initiatief).items())
    keys = keys_for(flat, SHIPPED.compiled.keys, SHIPPED.facts)
    assert list(keys.items()) == list(old_keys_for(flat, SHIPPED.compiled.keys).items())


def old_keys_for(flat: dict[str, Any], wanted: Any) -> dict[str, Any]:
    """conditions.keys_for as it was before (each key taken apart on every call)."""
    out: dict[str, Any] = {}
    for key in wanted:
        if key.startswith("?"):
            name = key[1:]
            if name not in flat:
                out[key] = True
            continue
        if ":" in key:
            name, member = key.split(":", 1)
            if name in flat:
                out[key] = member in flat[name]
        elif key.endswith("#leeg"):
            name = key[:-5]
            if name in flat:
                out[key] = len(flat[name]) == 0
        elif key in flat:
            out[key] = flat[key]
    return out


def test_the_plan_pickles_and_copies() -> None:
    """The plan pickles and deep-copies as before (it holds a lock, which does not)."""
    import copy
    import pickle

    consult = SHIPPED.raadpleeg(SHIPPED.lees_feiten(EXAMPLES[0]), DAYS[0])
    for plan in (pickle.loads(pickle.dumps(consult.plan)), copy.deepcopy(consult.plan)):
        assert plan.phases == consult.plan.phases and plan.generations == consult.plan.generations
        assert edges(plan.graph) == edges(consult.plan.graph)


EXTRA_RULES = """
  - id: route-geleidelijk-ook
    titel: Collectief kan ook geleidelijk
    als: {feit: warmteoplossing, is: collectief}
    dan:
      - afleiden: {feit: route, waarde: geleidelijk}
    bron: inleiding/fases
    toelichting: Een proef om twee waarden voor hetzelfde feit af te leiden.
  - id: kennismaken-gemeente
    titel: De gemeente maakt kennis
    fasen: [opstarten]
    als: {feit: warmteoplossing, is: collectief}
    dan:
      - activiteit: {id: ops-kennismaken, prioriteit: moet, eigenaar: gemeente}
    bron: opstarten/activiteiten
    toelichting: Een proef met twee eigenaren voor dezelfde activiteit.
  - id: kennismaken-initiatief
    titel: Het initiatief maakt kennis
    fasen: [opstarten]
    als: {feit: warmteoplossing, is: collectief}
    dan:
      - activiteit: {id: ops-kennismaken, prioriteit: moet, eigenaar: initiatief}
    bron: opstarten/activiteiten
    toelichting: Een proef met twee eigenaren voor dezelfde activiteit.
"""


def test_conflicts_give_the_same_warnings(tmp_path: Path) -> None:
    """Two values derived for one fact and two owners for one activity: the same warnings as before
    (the shipped base has neither, so a copy of the mini base gets rules that clash)."""
    data = ROOT / "tests" / "data"
    rules = tmp_path / "regels"
    rules.mkdir()
    (rules / "regels.yaml").write_text((data / "regels-mini" / "regels.yaml").read_text(encoding="utf-8").rstrip("\n")
                                       + "\n" + EXTRA_RULES.strip("\n") + "\n", encoding="utf-8")
    for engine in ENGINES:
        adviseur = Adviseur(regels=rules, kennisbank=data / "kb-mini", engine=engine)
        try:
            facts = {"naam": "x", "warmteoplossing": "collectief"}
            advies = adviseur.adviseer(facts, DAYS[0])
            assert {"tegenstrijdig-afgeleid", "eigenaar-botst"} <= {w.soort for w in advies.waarschuwingen}
            assert_same(adviseur, facts, DAYS[0])
        finally:
            adviseur.close()
