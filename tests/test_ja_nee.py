"""Facts files take ja/nee in any case, and 'onbekend' for a yes/no fact that is not known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from samenwerkwijzer.engine.model.facts import Initiatief

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "feiten.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("word,value", [("ja", True), ("Ja", True), ("JA", True), ("nee", False), ("Nee", False),
                                        ("NEE", False), ("onbekend", None), ("Onbekend", None)])
def test_words_become_the_value_in_model_and_schema(word: str, value: bool | None) -> None:
    data: dict[str, Any] = {"naam": "x", "gemeente": {"wethouder_betrokken": word}}
    jsonschema.validate(data, SCHEMA)
    assert Initiatief.model_validate(data).gemeente.wethouder_betrokken is value


def test_onbekend_is_the_same_as_leaving_the_fact_out() -> None:
    said = Initiatief.model_validate({"naam": "x", "wijk": {"spanningen": "onbekend"}})
    assert said == Initiatief.model_validate({"naam": "x"})


@pytest.mark.parametrize("word", ["jawel", "misschien", "yes", "1", ""])
def test_other_words_are_refused_by_model_and_schema(word: str) -> None:
    data: dict[str, Any] = {"naam": "x", "gemeente": {"wethouder_betrokken": word}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(ValueError):
        Initiatief.model_validate(data)
