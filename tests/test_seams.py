"""Seams between modules: no private names cross a module boundary; one evaluator of literals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from samenwerkwijzer.engine import floor, witness
from samenwerkwijzer.engine.conditions import Literal, holds_for

ROOT = Path(__file__).parents[1]


def test_no_module_imports_a_private_name_from_another() -> None:
    found = []
    for path in sorted([ROOT / "cli.py", *(ROOT / "engine").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 0:  # our own modules
                found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


LITERALS = [Literal("val", "x", (1, "a")), Literal("val", "x", (True,)), Literal("known", "x"),
            Literal("range", "x", lo=2, hi=None), Literal("range", "x", lo=None, hi=5), Literal("range", "x", lo=2, hi=5)]
VALUES = [[], [1], [True], ["a"], [1, True], [3], [6], [0, 7], [False]]


@pytest.mark.parametrize("lit", LITERALS, ids=repr)
def test_floor_witness_and_literal_agree_with_the_one_evaluator(lit: Literal) -> None:
    for values in VALUES:
        expected = holds_for(lit, values)
        assert witness._holds(lit, {lit.key: values} if values else {}) == expected, values
        if len(values) == 1:
            assert lit.holds({lit.key: values[0]}) == expected, values
        if values:
            assert floor._holds(lit, {lit.key: values[0]}, {lit.key: values}) == expected, values


def test_a_presence_literal_is_not_a_value_test() -> None:
    with pytest.raises(ValueError):
        holds_for(Literal("unknown", "x"), [1])
