# Frozen copy of engine/advice/plan.py before the fast build (commit 264c9e7), kept unchanged as a test
# oracle: tests/test_fast_build.py holds the engine's build equal to this one. Not used by the engine.
"""The step plan: the recommended activities as a networkx dependency graph, in order.

Nodes are the recommended activities that are not done. An edge u -> v means "u before v":

- **na** (knowledge base): v lists u under `na` and u is a node. A `na` on a done activity is
  met (done activities leave the plan and so unblock what waits for them). A `na` on an activity
  that is neither recommended nor done is no edge either: the rules did not ask for it, so
  nothing waits for it, and we do not chain through it to what it depends on.
- **regel**: a rule that fired concluded `volgorde: {eerst: u, dan: v}` and both are nodes.
- **fase**: every open activity of an earlier phase comes before every open activity of a later
  one. Edges run from the last steps of a phase to the first steps of the next phase present,
  which makes this hold through the graph without an edge for every pair.

Every edge keeps where it came from as data (`Origin`: the kind, file and line of the `na`, of the
rule's `volgorde`, or of the later phase's `volgorde` in the knowledge base, and the rule), so a
cycle is reported with its causes and placed at the rule, without reading any text back.
The order is a lexicographic topological sort keyed by (phase, -priority, id): valid, grouped by
phase (the phase edges see to that) and deterministic. The generations (steps whose
predecessors all sit in earlier generations) are the steps that can run in parallel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, NamedTuple, Protocol

import networkx as nx

from samenwerkwijzer.engine.advice.context import RuleContext
from samenwerkwijzer.engine.errors import InputError, Problem, short_path
from samenwerkwijzer.engine.model.advice import PlanFase, PlanStap
from samenwerkwijzer.engine.model.kennisbank import Kennisbank
from samenwerkwijzer.engine.model.rules import VolgordeConclusie
from samenwerkwijzer.engine.model.vocabulary import FASEN, PHASE_RANK, PRIORITY_RANK


@dataclass(frozen=True)
class Place:
    """Where something is written: a file (as shown to the user) and a line; no path when unknown."""

    path: str | None = None
    line: int | None = None

    def text(self, unknown: str) -> str:
        return unknown if self.path is None else f"{self.path}:{self.line}"


class Ordering(NamedTuple):
    """A rule's `volgorde`: `first` before `then`, the rule that says so and where it says so."""

    first: str
    then: str
    rule: str | None
    place: Place


EdgeKind = Literal["na", "regel", "fase"]


@dataclass(frozen=True)
class Origin:
    """Why an edge is in the plan, kept on the edge as data: its kind, where it is written and the
    rule (for a rule's `volgorde`). first/then are the activities, for a phase edge the phases."""

    kind: EdgeKind
    first: str
    then: str
    place: Place
    rule: str | None = None

    def text(self) -> str:
        """The origin as the Dutch words of a cycle report."""
        if self.kind == "na":
            return f"{self.place.text('kennisbank')} ('{self.then}' na '{self.first}')"
        if self.kind == "regel":
            who = f"regel '{self.rule}'" if self.rule else "volgorde"
            return f"{self.place.text('regels')} ({who}: '{self.first}' voor '{self.then}')"
        return f"{self.place.text('kennisbank')} (fase {self.first} gaat voor fase {self.then})"


class Activity(Protocol):
    """What the plan reads of a recommended activity (engine/advice.py ActiviteitAdvies)."""

    @property
    def id(self) -> str: ...
    @property
    def titel(self) -> str: ...
    @property
    def fase(self) -> str: ...
    @property
    def spoor(self) -> str: ...
    @property
    def prioriteit(self) -> str: ...
    @property
    def eigenaar(self) -> str: ...
    @property
    def na(self) -> Sequence[str]: ...
    @property
    def afgerond(self) -> bool: ...


@dataclass(frozen=True)
class Plan:
    """The plan of one consultation: its graph (frozen), the steps grouped by phase, the generations."""

    graph: nx.DiGraph
    phases: list[PlanFase]
    generations: list[list[str]]


def plan_graph(activities: Iterable[Activity], ordering: Iterable[Ordering] = (), kb: Kennisbank | None = None) -> nx.DiGraph:
    """The dependency graph of the open activities (objects with id, fase, prioriteit, na, afgerond).

    `kb`, when given, is used only to say where each `na` edge and phase edge comes from.
    """
    nodes = {a.id: a for a in activities if not a.afgerond}
    graph = nx.DiGraph()
    for a in sorted(nodes.values(), key=lambda a: a.id):
        graph.add_node(a.id, titel=a.titel, fase=a.fase, spoor=a.spoor, prioriteit=a.prioriteit,
                       eigenaar=a.eigenaar)
    for a in sorted(nodes.values(), key=lambda a: a.id):
        for n, dep in enumerate(a.na):
            if dep in nodes:
                _add(graph, dep, a.id, Origin("na", dep, a.id, _where(kb, a.id, ("na", n))))
    for first, then, rule_id, place in ordering:
        if first in nodes and then in nodes:
            _add(graph, first, then, Origin("regel", first, then, place, rule_id))
    by_phase: dict[int, list[str]] = {}
    for a in nodes.values():
        by_phase.setdefault(PHASE_RANK[a.fase], []).append(a.id)
    for earlier, later in pairwise(sorted(by_phase)):
        def same(n: str, m: str) -> bool:
            return bool(graph.nodes[n]["fase"] == graph.nodes[m]["fase"])

        sinks = sorted(n for n in by_phase[earlier] if not any(same(n, s) for s in graph.successors(n)))
        sources = sorted(n for n in by_phase[later] if not any(same(n, p) for p in graph.predecessors(n)))
        phase = FASEN[later]
        why = Origin("fase", FASEN[earlier], phase, _where(kb, phase, ("volgorde",)))
        for s in sinks:
            for t in sources:
                if not graph.has_edge(s, t):
                    graph.add_edge(s, t, soort="fase", regels=[], herkomst=[why])
    return graph


def _add(graph: nx.DiGraph, u: str, v: str, origin: Origin) -> None:
    if graph.has_edge(u, v):
        data = graph.edges[u, v]
    else:
        graph.add_edge(u, v, soort=origin.kind, regels=[], herkomst=[])
        data = graph.edges[u, v]
    if origin.rule and origin.rule not in data["regels"]:
        data["regels"].append(origin.rule)
    if origin not in data["herkomst"]:
        data["herkomst"].append(origin)


def _where(kb: Kennisbank | None, item_id: str, sub: tuple[str | int, ...]) -> Place:
    if kb is None or item_id not in kb.where:
        return Place()
    key = (item_id, sub)
    if key not in kb.places:  # the same few edges come back every consultation
        loc = kb.where[item_id]
        line, _ = loc.doc.where(loc.path + sub)
        kb.places[key] = (short_path(loc.doc.source), line)
    return Place(*kb.places[key])


def ordered(graph: nx.DiGraph) -> list[str]:
    """A valid topological order, ties by phase, then priority (moet first), then id."""
    def key(node: str) -> tuple[int, int, str]:
        data = graph.nodes[node]
        return (PHASE_RANK[data["fase"]], -PRIORITY_RANK[data["prioriteit"]], node)

    try:
        return list(nx.lexicographical_topological_sort(graph, key=key))
    except nx.NetworkXUnfeasible:
        raise cycle_error(graph) from None


def generations(graph: nx.DiGraph) -> list[list[str]]:
    """Groups of steps that can run side by side, each sorted by priority then id."""
    try:
        gens = list(nx.topological_generations(graph))
    except nx.NetworkXUnfeasible:
        raise cycle_error(graph) from None
    return [sorted(g, key=lambda n: (-PRIORITY_RANK[graph.nodes[n]["prioriteit"]], n)) for g in gens]


def cycle_error(graph: nx.DiGraph) -> InputError:
    """The error for a cyclic plan: the path, and for each edge the file:line that made it.

    A cycle comes from authoring (a rule's `volgorde` against `na` or the phase order), so it is
    an InputError placed at the first rule on the cycle that the author can change."""
    looped = [n for c in nx.strongly_connected_components(graph) if len(c) > 1 for n in c]
    start = min(looped + list(nx.nodes_with_selfloops(graph)))  # a self-loop is a cycle of one
    cycle = nx.find_cycle(graph, source=start)
    path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
    causes = "; ".join(f"{u} -> {v}: {', '.join(o.text() for o in graph.edges[u, v]['herkomst'])}" for u, v in cycle)
    where, line, rule_id = None, None, None
    for origin in (o for u, v in cycle for o in graph.edges[u, v]["herkomst"]):
        if origin.rule and origin.place.path is not None and origin.place.line is not None:  # a rule the author can change
            where, line, rule_id = origin.place.path, origin.place.line, origin.rule
            break
    return InputError([Problem(f"kringverwijzing in het stappenplan: {path}. Veroorzaakt door: {causes}",
                               path=where or "regels", line=line, rule=rule_id, field="dan.volgorde" if rule_id else None)])


def rule_ordering(ordering: Iterable[tuple[VolgordeConclusie, int]], ctx: RuleContext) -> list[Ordering]:
    """(eerst, dan, rule id, file and line) for the `volgorde` conclusions of the rules that fired."""
    out: list[Ordering] = []
    for body, ri in ordering:
        rule = ctx.compiled.rules[ri].rule
        n = next(i for i, c in enumerate(rule.dan) if c.volgorde == body)
        loc = ctx.base.where.get(rule.id)
        place = Place()
        if loc is not None:
            line, _ = loc.doc.where(loc.path + ("dan", n, "volgorde"))
            place = Place(short_path(loc.doc.source), line)
        out.append(Ordering(body.eerst, body.dan, rule.id, place))
    return sorted(set(out), key=lambda o: (o.first, o.then, o.rule or "", o.place.text("regels")))


def make_plan(activities: Sequence[Activity], ordering: Iterable[Ordering], kb: Kennisbank | None) -> Plan:
    """The plan of the recommended activities: its graph (built once, then frozen), steps and generations."""
    graph = plan_graph(activities, ordering, kb)
    gens = generations(graph)
    gen_of = {n: i + 1 for i, g in enumerate(gens) for n in g}
    out: list[PlanFase] = []
    for node in ordered(graph):
        data = graph.nodes[node]
        if not out or out[-1].fase != data["fase"]:
            out.append(PlanFase(fase=data["fase"], stappen=[]))
        out[-1].stappen.append(PlanStap(
            id=node, titel=data["titel"], prioriteit=data["prioriteit"], eigenaar=data["eigenaar"], spoor=data["spoor"],
            na=sorted(p for p in graph.predecessors(node) if graph.edges[p, node]["soort"] != "fase"),
            generatie=gen_of[node],
        ))
    return Plan(graph=nx.freeze(graph), phases=out, generations=gens)
