"""Cycles in the order of activities: kennisbank `na`, the rules' `volgorde` and the phase order.

The plan puts every activity after the ones it needs (`na`), after the `eerst` of every fired
rule's `volgorde`, and after every activity of an earlier phase. A `volgorde` that closes a loop
with those makes a plan impossible whenever the rule fires, so `regels controleer` refuses it
and names the path with the file:line of each step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from ..errors import Problem
from ..model.kennisbank import Kennisbank
from ..model.rules import RuleBase
from ..source.yamlsource import Document


def _line(doc: Document, path: tuple[Any, ...]) -> str:
    return f"{doc.source}:{doc.where(path)[0]}"


def order_problems(base: RuleBase, kb: Kennisbank, rule_ids: Sequence[str]) -> list[Problem]:
    """One error per `volgorde` conclusion that lies on a cycle."""
    graph = nx.DiGraph()
    rank = {f: n for n, f in enumerate(kb.phase_order())}
    for act in kb.activiteiten.values():
        graph.add_node(act.id)
        for n, dep in enumerate(act.na):
            if dep in kb.activiteiten:
                loc = kb.where[act.id]
                graph.add_edge(dep, act.id, why=f"'{act.id}' na '{dep}' in {_line(loc.doc, loc.path + ('na', n))}")
    volgorde: list[tuple[str, str, str, int]] = []
    for rule_id in rule_ids:
        rule = base.rule(rule_id)
        loc = base.where[rule_id]
        for n, concl in enumerate(rule.dan):
            body = concl.volgorde
            if body is None or body.eerst not in kb.activiteiten or body.dan not in kb.activiteiten:
                continue
            volgorde.append((body.eerst, body.dan, rule_id, n))
            why = f"volgorde van regel '{rule_id}' in {_line(loc.doc, loc.path + ('dan', n, 'volgorde'))}"
            if graph.has_edge(body.eerst, body.dan):
                graph.edges[body.eerst, body.dan]["why"] += f"; {why}"
            else:
                graph.add_edge(body.eerst, body.dan, why=why)
    problems: list[Problem] = []
    for eerst, dan, rule_id, n in volgorde:
        loc = base.where[rule_id]
        sub = ("dan", n, "volgorde")
        first, then = kb.activiteiten[eerst], kb.activiteiten[dan]
        if eerst == dan:
            continue  # refused when the rule is loaded (engine/rules.py check_rule)
        if rank.get(first.fase or "", 0) > rank.get(then.fase or "", 0):
            problems.append(loc.problem(
                f"kringverwijzing: '{eerst}' (fase {first.fase}) voor '{dan}' (fase {then.fase}) gaat in tegen de "
                f"fasevolgorde, die '{dan}' al voor '{eerst}' zet; oplossing: draai de volgorde om of laat haar weg",
                sub=sub, field="dan.volgorde", rule=rule_id))
            continue
        try:
            back = nx.shortest_path(graph, dan, eerst)
        except nx.NetworkXNoPath:
            continue
        cycle = [eerst] + back
        steps = "; ".join(f"{u} -> {v}: {graph.edges[u, v]['why']}" for u, v in zip(cycle, cycle[1:], strict=False))
        problems.append(loc.problem(
            f"kringverwijzing: {' -> '.join(cycle)} ({steps}); oplossing: laat deze volgorde weg of pas 'na' in de "
            "kennisbank aan", sub=sub, field="dan.volgorde", rule=rule_id))
    return problems
