"""One evaluator of literals: the engine python's index, the straightforward loop, the witness search and
the literal itself agree with it.

(No private names across modules: tests/test_architecture.py.)"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from samenwerkwijzer.engine.authoring import witness
from samenwerkwijzer.engine.logic import rounds
from samenwerkwijzer.engine.logic.conditions import Literal, holds_for
from samenwerkwijzer.engine.logic.floor import AlphaIndex

ROOT = Path(__file__).parents[1]


LITERALS = [Literal("val", "x", (1, "a")), Literal("val", "x", (True,)), Literal("known", "x"),
            Literal("range", "x", lo=2, hi=None), Literal("range", "x", lo=None, hi=5), Literal("range", "x", lo=2, hi=5)]
VALUES = [[], [1], [True], ["a"], [1, True], [3], [6], [0, 7], [False]]


@pytest.mark.parametrize("lit", LITERALS, ids=repr)
def test_floor_witness_and_literal_agree_with_the_one_evaluator(lit: Literal) -> None:
    one: Any = SimpleNamespace(rules=[SimpleNamespace(index=0, terms=[(lit,)])])  # a base of one rule, one literal
    index = AlphaIndex(one)
    for values in VALUES:
        expected = holds_for(lit, values)
        assert witness._holds(lit, {lit.key: values} if values else {}) == expected, values
        if len(values) == 1:
            assert lit.holds({lit.key: values[0]}) == expected, values
        if values:
            assert rounds._holds(lit, {lit.key: values[0]}, {lit.key: values}) == expected, values
        assert any(0 in index.passed(lit.key, v) for v in values) == expected, values


def test_a_presence_literal_is_not_a_value_test() -> None:
    with pytest.raises(ValueError):
        holds_for(Literal("unknown", "x"), [1])
