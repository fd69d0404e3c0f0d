"""The published contract (/openapi.json): FastAPI's own description plus the shapes it cannot see.

The facts and the advice are described by the project's published JSON Schemas (schemas/*.json),
the same files an editor uses; every error answer is a problem details object (RFC 9457).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from .problems import MEDIA, SCHEMA
from .shapes import Inloggen, NieuwDossier, NieuweVersie, NieuwToken, Vraag

SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas"
REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


PROBLEM = {"description": "Probleemdetails (RFC 9457).", "content": {MEDIA: {"schema": ref("Probleem")}}}
ERRORS: dict[int | str, dict[str, Any]] = {"4XX": PROBLEM, "503": PROBLEM}


def JSON_BODY(name: str) -> dict[str, Any]:  # noqa: N802 - reads as a constant at the routes
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref(name)}}}}


def json_answer(description: str, name: str | None) -> dict[str, Any]:
    schema: dict[str, Any] = ref(name) if name else {}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def contract(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    components["Probleem"] = SCHEMA
    for name in ("feiten", "advies"):
        _published(components, name.capitalize(), json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))
    for model in (Inloggen, NieuwToken, NieuwDossier, NieuweVersie, Vraag):
        _model(components, model)
    components["TweeFeiten"] = {"type": "object", "required": ["a", "b"], "additionalProperties": False,
                                 "description": "De feiten van twee adviezen om te vergelijken.",
                                 "properties": {"a": ref("Feiten"), "b": ref("Feiten")}}
    components["Vragen"] = {"type": "array", "items": ref("Vraag"), "description": "De vragen, belangrijkste eerst."}
    components["NieuwDossier"]["properties"]["feiten"] = ref("Feiten")
    components["NieuweVersie"]["properties"]["feiten"] = {"anyOf": [ref("Feiten"), {"type": "null"}],
                                                          "description": "De nieuwe feiten; zonder dit veld blijven de "
                                                                         "feiten van de basis."}
    spec["components"]["securitySchemes"] = {
        "token": {"type": "http", "scheme": "bearer", "description": "Een persoonlijk API-token (POST /api/tokens)."},
        "sessie": {"type": "apiKey", "in": "cookie", "name": "sw_sessie",
                   "description": "Het sessiecookie na inloggen (POST /api/sessie); stuur bij wijzigingen ook X-CSRF-Token."},
    }
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            operation.get("responses", {}).pop("422", None)  # FastAPI's own validation shape is never answered
            for answer in operation.get("responses", {}).values():
                if answer.get("description") == "Successful Response":
                    answer["description"] = "Gelukt."
            if path.startswith(("/api/dossiers", "/api/tokens")) or (path == "/api/sessie" and method != "post"):
                operation["security"] = [{"token": []}, {"sessie": []}]
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = spec
    return spec


def _published(components: dict[str, Any], name: str, schema: dict[str, Any]) -> None:
    """A published JSON Schema as component `name`, its $defs as `name_X`."""
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)

    def move(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (REF + f"{name}_{v.split('/')[-1]}" if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/")
                        else move(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [move(v) for v in node]
        return node

    components[name] = move(schema)
    for key, value in defs.items():
        components[f"{name}_{key}"] = move(value)


def _model(components: dict[str, Any], model: type[BaseModel]) -> None:
    schema = model.model_json_schema(ref_template=REF + "{model}")
    for key, value in schema.pop("$defs", {}).items():
        components.setdefault(key, value)
    components[model.__name__] = schema
