"""Hypothesis strategies for valid facts (for tests and benchmarks; needs the [test] extra)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from samenwerkwijzer.engine.model.facts import input_catalogue


def _value(spec: Any, partners: list[str], activities: list[str]) -> st.SearchStrategy[Any]:
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(list(spec.values))
    if spec.kind == "int":
        return st.integers(spec.minimum or 0, spec.maximum if spec.maximum is not None else 100)
    if spec.kind == "list":
        pool = list(spec.values) or (partners if spec.name == "partners_betrokken" else activities)
        return st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)) if pool else st.just([])
    return st.text(min_size=1, max_size=20)


def profiles(partners: list[str], activities: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Facts dicts that the Initiatief model accepts: every fact optional, 'naam' always there."""
    specs = [s for s in input_catalogue().values() if s.name != "naam"]

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"naam": draw(st.text(min_size=1, max_size=30))}
        for spec in specs:
            if not draw(st.booleans()):
                continue
            node = out
            *parents, leaf = spec.name.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = draw(_value(spec, partners, activities))
        return out

    return build()
