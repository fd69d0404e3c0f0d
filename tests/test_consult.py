"""The consultation record: built once per consultation, read by explain, exports and renderers, never mutated."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import networkx as nx
import pydantic
import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.advice import plan
from samenwerkwijzer.engine.advice.api import Adviseur
from samenwerkwijzer.engine.logic.engines import default_engine
from samenwerkwijzer.engine.logic.floor import FloorReasoner

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLE = str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")
DAY = "2026-06-01"


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the reasoner runs (of the default engine), the plans built and the networkx plan graphs
    made from them (on first use only) while a test runs."""
    seen = {"reasoner": 0, "plan": 0, "graph": 0}
    used: type = FloorReasoner
    if default_engine() == "durable":
        from samenwerkwijzer.engine.logic.infer import Reasoner

        used = Reasoner
    run, steps, graph = used.run, plan.plan_steps, plan.to_networkx

    def counted_run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["reasoner"] += 1
        return run(self, *args, **kwargs)

    def counted_steps(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["plan"] += 1
        return steps(*args, **kwargs)

    def counted_graph(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["graph"] += 1
        return graph(*args, **kwargs)

    monkeypatch.setattr(used, "run", counted_run)
    monkeypatch.setattr(plan, "plan_steps", counted_steps)
    monkeypatch.setattr(plan, "to_networkx", counted_graph)
    return seen


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("formaat", ["tekst", "markdown", "json", "html"])
def test_advies_reasons_once_and_builds_the_plan_graph_once(counts: dict[str, int], formaat: str) -> None:
    invoke("advies", EXAMPLE, "--formaat", formaat, "--peildatum", DAY)
    assert counts["reasoner"] == 1 and counts["plan"] == 1 and counts["graph"] <= 1


@pytest.mark.parametrize("formaat", ["mermaid", "dot", "json"])
def test_plan_export_builds_the_plan_graph_once(counts: dict[str, int], formaat: str) -> None:
    invoke("plan", EXAMPLE, "--formaat", formaat, "--peildatum", DAY)
    assert counts == {"reasoner": 1, "plan": 1, "graph": 1}


@pytest.mark.parametrize("formaat", ["tekst", "json"])
def test_uitleg_runs_the_reasoner_once(counts: dict[str, int], formaat: str) -> None:
    invoke("uitleg", EXAMPLE, "fase", "--formaat", formaat, "--peildatum", DAY)
    assert counts["reasoner"] == 1 and counts["plan"] == 1 and counts["graph"] <= 1


def test_the_record_cannot_be_changed() -> None:
    adviseur = Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")
    try:
        consult = adviseur.raadpleeg({"naam": "x", "warmteoplossing": "collectief"}, dt.date(2026, 6, 1))
    finally:
        adviseur.close()
    with pytest.raises(dataclasses.FrozenInstanceError):
        consult.advice = consult.advice  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        consult.advice.plan = []  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        consult.advice.activiteiten[0].prioriteit = "kan"  # type: ignore[misc]
    with pytest.raises(nx.NetworkXError):
        consult.plan.graph.add_edge("a", "b")
    with pytest.raises(TypeError):
        consult.facts["naam"] = "y"  # type: ignore[index]
    assert consult.advice.plan == consult.plan.phases and consult.advice.generaties == consult.plan.generations


def test_adviseer_is_the_advice_of_the_record() -> None:
    adviseur = Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")
    try:
        facts = {"naam": "x", "warmteoplossing": "collectief"}
        day = dt.date(2026, 6, 1)
        assert adviseur.adviseer(facts, day).model_dump_json() == adviseur.raadpleeg(facts, day).advice.model_dump_json()
    finally:
        adviseur.close()
