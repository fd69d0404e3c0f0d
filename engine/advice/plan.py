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

import heapq
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import FrozenInstanceError, dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, TypedDict

from ..errors import InputError, Problem, short_path
from ..logic.compile import CompiledBase
from ..model.advice import PlanFase, PlanStap
from ..model.kennisbank import Kennisbank
from ..model.rules import VolgordeConclusie
from ..model.vocabulary import FASEN, PHASE_RANK, PRIORITY_RANK
from .construct import make, maker
from .context import RuleContext
from .kbcache import store

if TYPE_CHECKING:
    import networkx as nx

# the output models made most often, their constructors looked up once (engine/advice/construct.py)
_new_PlanStap = maker(PlanStap)


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


class Plan:
    """The plan of one consultation: the steps grouped by phase, the generations, and its graph.

    The order and the generations are computed on plain dicts (`Steps`); the networkx graph that
    exports, drawings and comparisons read is made from those on first use, then frozen."""

    __slots__ = ("_graph", "_lock", "_steps", "generations", "phases")

    def __init__(self, steps: Steps, phases: list[PlanFase], generations: list[list[str]]):
        self._steps = steps
        self._graph: nx.DiGraph | None = None
        self._lock = threading.Lock()
        self.phases = phases
        self.generations = generations

    @property
    def graph(self) -> nx.DiGraph:
        """The dependency graph (frozen networkx DiGraph), made once, when first asked for."""
        if self._graph is None:
            with self._lock:
                if self._graph is None:
                    import networkx as nx

                    object.__setattr__(self, "_graph", nx.freeze(to_networkx(self._steps)))
        return self._graph

    def __reduce__(self) -> tuple[type[Plan], tuple[Steps, list[PlanFase], list[list[str]]]]:
        """Pickles and copies as its parts (a lock does not pickle; the graph is made again when asked for)."""
        return (Plan, (self._steps, self.phases, self.generations))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "generations"):  # set once in __init__, then read-only like the frozen dataclass it was
            raise FrozenInstanceError(f"cannot assign to field '{name}'")
        object.__setattr__(self, name, value)


class EdgeData(TypedDict):
    """What an edge of the plan carries: its kind, the rules that ask for it, where it comes from."""

    soort: EdgeKind
    regels: list[str]
    herkomst: list[Origin]


@dataclass
class Steps:
    """The plan graph as plain dicts: nodes with their data, edges in the order they were added."""

    nodes: dict[str, dict[str, str]]
    edges: dict[tuple[str, str], EdgeData]
    succ: dict[str, list[str]]
    pred: dict[str, list[str]]

    def add(self, u: str, v: str, soort: EdgeKind) -> EdgeData:
        data = self.edges.get((u, v))
        if data is None:
            data = self.edges[(u, v)] = {"soort": soort, "regels": [], "herkomst": []}
            self.succ[u].append(v)
            self.pred[v].append(u)
        return data


def plan_graph(activities: Iterable[Activity], ordering: Iterable[Ordering] = (), kb: Kennisbank | None = None) -> nx.DiGraph:
    """The dependency graph of the open activities (objects with id, fase, prioriteit, na, afgerond).

    `kb`, when given, is used only to say where each `na` edge and phase edge comes from.
    """
    return to_networkx(plan_steps(activities, ordering, kb))


def to_networkx(steps: Steps) -> nx.DiGraph:
    """The networkx graph of `steps`: nodes and edges added in the same order, with the same data."""
    import networkx as nx  # only where a reader asks for the graph: the plan itself does without

    graph = nx.DiGraph()
    for node, attrs in steps.nodes.items():
        graph.add_node(node, **attrs)
    for (u, v), data in steps.edges.items():
        graph.add_edge(u, v, soort=data["soort"], regels=data["regels"], herkomst=data["herkomst"])
    return graph


def plan_steps(activities: Iterable[Activity], ordering: Iterable[Ordering] = (), kb: Kennisbank | None = None) -> Steps:
    """The graph of `plan_graph` as plain dicts (what the order and the generations are computed on)."""
    nodes = {a.id: a for a in activities if not a.afgerond}
    ids = sorted(nodes)
    steps = Steps({}, {}, {n: [] for n in ids}, {n: [] for n in ids})
    for n in ids:
        a = nodes[n]
        steps.nodes[n] = {"titel": a.titel, "fase": a.fase, "spoor": a.spoor, "prioriteit": a.prioriteit,
                          "eigenaar": a.eigenaar}
    for n in ids:
        a = nodes[n]
        for i, dep in enumerate(a.na):
            if dep in nodes:
                _add(steps, dep, a.id, _origin(kb, "na", dep, a.id, a.id, ("na", i)))
    for first, then, rule_id, place in ordering:
        if first in nodes and then in nodes:
            _add(steps, first, then, Origin("regel", first, then, place, rule_id))
    by_phase: dict[int, list[str]] = {}
    for a in nodes.values():
        by_phase.setdefault(PHASE_RANK[a.fase], []).append(a.id)
    data = steps.nodes
    for earlier, later in pairwise(sorted(by_phase)):
        sinks = sorted(n for n in by_phase[earlier] if not any(data[n]["fase"] == data[s]["fase"] for s in steps.succ[n]))
        sources = sorted(n for n in by_phase[later] if not any(data[n]["fase"] == data[p]["fase"] for p in steps.pred[n]))
        phase = FASEN[later]
        why = _origin(kb, "fase", FASEN[earlier], phase, phase, ("volgorde",))
        for s in sinks:
            for t in sources:
                if (s, t) not in steps.edges:
                    steps.add(s, t, "fase")["herkomst"].append(why)
    return steps


def _add(steps: Steps, u: str, v: str, origin: Origin) -> None:
    data = steps.add(u, v, origin.kind)
    if origin.rule and origin.rule not in data["regels"]:
        data["regels"].append(origin.rule)
    if origin not in data["herkomst"]:
        data["herkomst"].append(origin)


def _origin(kb: Kennisbank | None, kind: EdgeKind, first: str, then: str, item_id: str,
            sub: tuple[str | int, ...]) -> Origin:
    """The origin of a `na` or phase edge, written in the knowledge base at `item_id` + `sub`;
    made once per knowledge base (the same edges come back every consultation)."""
    if kb is None:
        return Origin(kind, first, then, Place())
    origins: dict[tuple[str, str, str, str, tuple[str | int, ...]], Origin] = store(kb).setdefault("origins", {})
    key = (kind, first, then, item_id, sub)
    found = origins.get(key)
    if found is None:
        found = origins[key] = Origin(kind, first, then, _where(kb, item_id, sub))
    return found


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
    import networkx as nx

    def key(node: str) -> tuple[int, int, str]:
        data = graph.nodes[node]
        return (PHASE_RANK[data["fase"]], -PRIORITY_RANK[data["prioriteit"]], node)

    try:
        return list(nx.lexicographical_topological_sort(graph, key=key))
    except nx.NetworkXUnfeasible:
        raise cycle_error(graph) from None


def generations(graph: nx.DiGraph) -> list[list[str]]:
    """Groups of steps that can run side by side, each sorted by priority then id."""
    import networkx as nx

    try:
        gens = list(nx.topological_generations(graph))
    except nx.NetworkXUnfeasible:
        raise cycle_error(graph) from None
    return [sorted(g, key=lambda n: (-PRIORITY_RANK[graph.nodes[n]["prioriteit"]], n)) for g in gens]


def cycle_error(graph: nx.DiGraph) -> InputError:
    """The error for a cyclic plan: the path, and for each edge the file:line that made it.

    A cycle comes from authoring (a rule's `volgorde` against `na` or the phase order), so it is
    an InputError placed at the first rule on the cycle that the author can change."""
    import networkx as nx

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
    known = _orderings.get(ctx.compiled)
    if known is None:
        known = _orderings[ctx.compiled] = {}
    out: list[Ordering] = []
    for body, ri in ordering:
        found = known.get((ri, body.eerst, body.dan))
        if found is None:
            found = known[(ri, body.eerst, body.dan)] = _rule_ordering(body, ri, ctx)
        out.append(found)
    return sorted(set(out), key=lambda o: (o.first, o.then, o.rule or "", o.place.text("regels")))


# per compiled rule base: (rule index, eerst, dan) -> its Ordering (the file and line never change)
_orderings: weakref.WeakKeyDictionary[CompiledBase, dict[tuple[int, str, str], Ordering]] = weakref.WeakKeyDictionary()


def _rule_ordering(body: VolgordeConclusie, ri: int, ctx: RuleContext) -> Ordering:
    rule = ctx.compiled.rules[ri].rule
    n = next(i for i, c in enumerate(rule.dan) if c.volgorde == body)
    loc = ctx.base.where.get(rule.id)
    place = Place()
    if loc is not None:
        line, _ = loc.doc.where(loc.path + ("dan", n, "volgorde"))
        place = Place(short_path(loc.doc.source), line)
    return Ordering(body.eerst, body.dan, rule.id, place)


def make_plan(activities: Sequence[Activity], ordering: Iterable[Ordering], kb: Kennisbank | None) -> Plan:
    """The plan of the recommended activities: steps in order and generations, from one graph built once."""
    steps = plan_steps(activities, ordering, kb)
    nodes = steps.nodes
    rank = {n: (PHASE_RANK[d["fase"]], -PRIORITY_RANK[d["prioriteit"]], n) for n, d in nodes.items()}
    gens = _generations(steps)
    if gens is None:
        raise cycle_error(to_networkx(steps))
    gens = [sorted(g, key=lambda n: rank[n][1:]) for g in gens]
    gen_of = {n: i + 1 for i, g in enumerate(gens) for n in g}
    out: list[PlanFase] = []
    for node in _lexicographic(steps, rank):
        data = nodes[node]
        if not out or out[-1].fase != data["fase"]:
            out.append(make(PlanFase, fase=data["fase"], stappen=[]))
        out[-1].stappen.append(_new_PlanStap(id=node, titel=data["titel"], prioriteit=data["prioriteit"], eigenaar=data["eigenaar"],
            spoor=data["spoor"], na=sorted(p for p in steps.pred[node] if steps.edges[p, node]["soort"] != "fase"),
            generatie=gen_of[node]))
    return Plan(steps, out, gens)


def _generations(steps: Steps) -> list[list[str]] | None:
    """networkx's topological_generations on the plain graph; None when there is a cycle."""
    indegree = {v: len(ps) for v, ps in steps.pred.items() if ps}
    zero = [v for v, ps in steps.pred.items() if not ps]
    out = []
    while zero:
        out.append(zero)
        following = []
        for node in zero:
            for child in steps.succ[node]:
                indegree[child] -= 1
                if not indegree[child]:
                    following.append(child)
                    del indegree[child]
        zero = following
    return None if indegree else out


def _lexicographic(steps: Steps, rank: dict[str, tuple[int, int, str]]) -> list[str]:
    """networkx's lexicographical_topological_sort keyed by `rank` (unique per node, so no other tie-break);
    called only on a graph without cycles."""
    indegree = {v: len(ps) for v, ps in steps.pred.items() if ps}
    heap = [rank[v] for v, ps in steps.pred.items() if not ps]
    heapq.heapify(heap)
    out = []
    while heap:
        node = heapq.heappop(heap)[2]
        for child in steps.succ[node]:
            indegree[child] -= 1
            if not indegree[child]:
                heapq.heappush(heap, rank[child])
                del indegree[child]
        out.append(node)
    return out
