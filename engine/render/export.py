"""The plan graph for other tools: Mermaid (paste into a wiki or memo), Graphviz DOT and JSON.

Each export is deterministic: nodes in plan order, edges sorted. Phase edges are kept in DOT
and JSON (kind `fase`); Mermaid shows phase order as links between the phase subgraphs.
"""

from __future__ import annotations

import json
import re
from typing import TypedDict

import networkx as nx

from ..advice.consult import Consult
from ..advice.plan import Origin
from ..terminal import prose
from .plain import steps as numbered_steps


class Edge(TypedDict):
    """What the plan graph keeps on an edge (engine/plan.py)."""

    soort: str
    regels: list[str]
    herkomst: list[Origin]


def _edges(graph: nx.DiGraph, order: dict[str, int]) -> list[tuple[str, str, Edge]]:
    return sorted(((u, v, d) for u, v, d in graph.edges(data=True)), key=lambda e: (order[e[0]], order[e[1]]))


def to_mermaid(consult: Consult) -> str:
    """`flowchart LR`, a subgraph per phase, quoted labels, dotted arrows for rule order."""
    advies, graph = consult.advice, consult.plan.graph
    steps = numbered_steps(advies)
    order = {s.id: n for n, s, _ in steps}
    ids: dict[str, str] = {}
    for _, step, _ in steps:
        base = "s_" + re.sub(r"[^A-Za-z0-9_]", "_", step.id)
        name, k = base, 2
        while name in ids.values():
            name, k = f"{base}_{k}", k + 1
        ids[step.id] = name
    lines = ["flowchart LR"]
    for group in advies.plan:
        lines.append(f'  subgraph fase_{group.fase}["{_mm(consult.titles.phase(group.fase))}"]')
        lines.append("    direction TB")
        for step in group.stappen:
            label = f"{order[step.id]}. {step.titel} ({step.prioriteit}, {step.eigenaar})"
            lines.append(f'    {ids[step.id]}["{_mm(label)}"]:::{step.prioriteit}')
        lines.append("  end")
    for u, v, data in _edges(graph, order):
        if data["soort"] == "fase":
            continue
        arrow = "-->" if data["soort"] == "na" else "-.->"
        lines.append(f"  {ids[u]} {arrow} {ids[v]}")
    for earlier, later in zip(advies.plan, advies.plan[1:], strict=False):
        lines.append(f"  fase_{earlier.fase} ==> fase_{later.fase}")
    lines.append("  classDef moet stroke-width:3px")
    lines.append("  classDef zou stroke-width:1.5px")
    lines.append("  classDef kan stroke-dasharray:4 3")
    return "\n".join(lines) + "\n"


def _mm(text: str) -> str:
    """A Mermaid label: one line, control characters shown, `#` (Mermaid's entity start) and markup as entities."""
    return (prose(text).replace("#", "#35;").replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;"))


def to_dot(consult: Consult) -> str:
    """A Graphviz digraph: a cluster per phase, node attributes fase/spoor/prioriteit/eigenaar."""
    advies, graph = consult.advice, consult.plan.graph
    steps = numbered_steps(advies)
    order = {s.id: n for n, s, _ in steps}
    lines = ["digraph stappenplan {", "  rankdir=LR;", '  node [shape=box, style="rounded"];']
    for group in advies.plan:
        lines.append(f"  subgraph {_q('cluster_' + group.fase)} {{")
        lines.append(f"    label={_q(consult.titles.phase(group.fase))};")
        for step in group.stappen:
            attrs = {"label": f"{order[step.id]}. {step.titel}", "fase": group.fase, "spoor": step.spoor,
                     "prioriteit": step.prioriteit, "eigenaar": step.eigenaar, "generatie": str(step.generatie)}
            lines.append(f"    {_q(step.id)} [{_attrs(attrs)}];")
        lines.append("  }")
    for u, v, data in _edges(graph, order):
        attrs = {"soort": data["soort"]}
        if data["regels"]:
            attrs["regels"] = ",".join(data["regels"])
        if data["soort"] != "na":
            attrs["style"] = "dashed"
        lines.append(f"  {_q(u)} -> {_q(v)} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A DOT string: one line, control characters shown, backslash and quote escaped."""
    return '"' + prose(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())


def to_graph_json(consult: Consult) -> str:
    """{knopen, verbindingen, generaties}: the plan graph as plain JSON."""
    advies, graph = consult.advice, consult.plan.graph
    steps = numbered_steps(advies)
    order = {s.id: n for n, s, _ in steps}
    data = {
        "naam": advies.naam,
        "fase": advies.fase.waarde,
        "knopen": [{"id": s.id, "stap": n, "titel": s.titel, "fase": fase, "spoor": s.spoor, "prioriteit": s.prioriteit,
                    "eigenaar": s.eigenaar, "generatie": s.generatie} for n, s, fase in steps],
        "verbindingen": [{"van": u, "naar": v, "soort": d["soort"], "regels": list(d["regels"])}
                         for u, v, d in _edges(graph, order)],
        "generaties": advies.generaties,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
