"""JSON Schemas generated from the models; the copies in schemas/ are kept equal by a test."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


# each kind's model, imported only when its schema is asked for (`schema feiten` loads no rule engine)
MODELS = {"feiten": ("..model.facts", "Initiatief"), "regels": ("..model.rules", "Regelbestand"),
          "kennisbank": ("..model.kennisbank", "KennisbankFile"), "advies": ("..model.advice", "Advies"),
          "test": (".scenarios", "Scenariobestand"), "vergelijking": ("..model.compare", "Vergelijking")}
OUTPUTS = ("advies", "vergelijking")  # schemas of what samenwerkwijzer writes, not of what it reads


def model(kind: str) -> type[BaseModel]:
    module, name = MODELS[kind]
    found: type[BaseModel] = getattr(import_module(module, __package__), name)
    return found


def models() -> dict[str, type[BaseModel]]:
    return {kind: model(kind) for kind in MODELS}


def schema_text(kind: str) -> str:
    model_ = model(kind)
    mode: Literal["validation", "serialization"] = "serialization" if kind in OUTPUTS else "validation"
    schema = model_.model_json_schema(by_alias=True, mode=mode)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _name_bounds(schema)
    if kind == "regels":
        _offer_fact_names(schema)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _name_bounds(node: Any) -> None:
    """Give bounds their JSON Schema names. pydantic leaves them as ge/le on a number with a
    before-validator inside `| None` (Geheel | None), where a validator would ignore them."""
    if isinstance(node, list):
        for item in node:
            _name_bounds(item)
    elif isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for raw, name in BOUNDS.items():
                if raw in node:
                    node[name] = node.pop(raw)
        for value in node.values():
            _name_bounds(value)


def _offer_fact_names(schema: dict[str, Any]) -> None:
    """Let an editor complete fact names in conditions and derivations (input facts and the
    derived facts the shipped rules declare); any other name stays valid for the schema, the
    checker judges it."""
    from .factref import fact_names

    names = fact_names()
    defs = schema["$defs"]
    for model, prop, group in (("Voorwaarde", "feit", "alle"), ("Voorwaarde", "bekend", "alle"),
                               ("Voorwaarde", "onbekend", "invoer"), ("AfleidenConclusie", "feit", "afleidbaar")):
        target = defs[model]["properties"][prop]
        options = names[group]
        target["examples"] = options
        if "anyOf" in target:
            target["anyOf"] = [{"enum": options, "type": "string"}] + target["anyOf"]
        else:
            target["anyOf"] = [{"enum": options, "type": "string"}, {"type": target.pop("type")}]


def write_all(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for kind in models():
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    for written in write_all():
        print(f"geschreven: {written}")
