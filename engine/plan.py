"""The step plan: recommended activities ordered on a networkx dependency graph.

Edges come from the knowledge base's `na`, from phase order (an activity of a later phase waits
for the open activities of earlier phases) and from rules that add order (`volgorde`). Activities
already done (`afgerond`) leave the plan and unblock what waits for them. Ties are broken by
priority, then id, so the order is deterministic.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import networkx as nx

from .errors import EngineError
from .facts import FASEN
from .rules import PRIORITY_RANK


def plan_graph(advies: Any, ordering: list[tuple[Any, int, int]]) -> nx.DiGraph:
    open_acts = {a.id: a for a in advies.activiteiten if not a.afgerond}
    graph = nx.DiGraph()
    for a in open_acts.values():
        graph.add_node(a.id, fase=a.fase, prioriteit=a.prioriteit, spoor=a.spoor)
    for a in open_acts.values():
        for dep in a.na:
            if dep in open_acts:
                graph.add_edge(dep, a.id, soort="na")
    for body, _ri, _ti in ordering:
        if body.eerst in open_acts and body.dan in open_acts:
            graph.add_edge(body.eerst, body.dan, soort="regel")
    rank = {f: n for n, f in enumerate(FASEN)}
    by_phase: dict[int, list[str]] = {}
    for a in open_acts.values():
        by_phase.setdefault(rank[a.fase], []).append(a.id)
    phases = sorted(by_phase)
    for earlier, later in pairwise(phases):
        # the last steps of the earlier phase come before the first steps of the later one
        sinks = [n for n in by_phase[earlier] if not any(graph.nodes[s]["fase"] == graph.nodes[n]["fase"] for s in graph.successors(n))]
        sources = [n for n in by_phase[later] if not any(graph.nodes[p]["fase"] == graph.nodes[n]["fase"] for p in graph.predecessors(n))]
        for s in sinks:
            for t in sources:
                if not graph.has_edge(s, t):
                    graph.add_edge(s, t, soort="fase")
    return graph


def ordered(graph: nx.DiGraph) -> list[str]:
    def key(node: str) -> tuple[int, int, str]:
        data = graph.nodes[node]
        return (FASEN.index(data["fase"]), -PRIORITY_RANK[data["prioriteit"]], node)

    try:
        return list(nx.lexicographical_topological_sort(graph, key=key))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(graph)
        path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
        raise EngineError(f"kringverwijzing in het stappenplan: {path}") from None


def make_plan(advies: Any, ordering: list[tuple[Any, int, int]]) -> list[Any]:
    from .advice import PlanFase, PlanStap

    graph = plan_graph(advies, ordering)
    acts = {a.id: a for a in advies.activiteiten}
    out: list[PlanFase] = []
    for node in ordered(graph):
        a = acts[node]
        if not out or out[-1].fase != a.fase:
            out.append(PlanFase(fase=a.fase, stappen=[]))
        out[-1].stappen.append(PlanStap(
            id=a.id, titel=a.titel, prioriteit=a.prioriteit, eigenaar=a.eigenaar, spoor=a.spoor,
            na=sorted(p for p in graph.predecessors(node) if graph.edges[p, node]["soort"] != "fase"),
        ))
    return out
