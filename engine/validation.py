"""Validate a parsed document against a pydantic model and translate every error to a Problem.

Each problem names the file, line, field, what is allowed and, for typos, a best guess.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem, ProblemList, best_guess
from .yamlsource import Document, dotted

M = TypeVar("M", bound=BaseModel)


def load_valid(paths: Iterable[Any], model: type[M], problems: list[Problem]) -> list[tuple[Document, M]]:
    """Load and validate each file; the problems of every file go to `problems`, the good ones are returned."""
    from .yamlsource import load

    out: list[tuple[Document, M]] = []
    for path in paths:
        try:
            doc = load(str(path), regular_only=True)
            out.append((doc, validate(doc, model)))
        except InputError as exc:
            problems.extend(exc.problems)
    return out


def validate(doc: Document, model: type[M], *, context: dict[str, Any] | None = None) -> M:
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        raise InputError(translate(exc, doc, model)) from None


def translate(exc: ValidationError, doc: Document, model: type[BaseModel], prefix: tuple[Any, ...] = ()) -> list[Problem]:
    problems = ProblemList()  # the same mistake in many list items is one problem, counted
    seen: set[tuple[Any, ...]] = set()
    base = _at(doc.data, prefix)
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(_clean_loc(err["loc"], base))
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        problems.add(_problem(dict(err), loc, doc, model))
    return _drop_union_noise(problems.problems)


_NOWHERE = object()


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _NOWHERE
    return data


def _clean_loc(loc: tuple[Any, ...], data: Any = _NOWHERE) -> list[Any]:
    # pydantic puts union member and validator names in loc; keep only data keys (a key the data
    # really has is kept even when it looks like such a name, e.g. a user's key '[')
    out: list[Any] = []
    for part in loc:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
            continue
        if isinstance(part, str) and (part.startswith("function-") or "[" in part or part in {"str", "int", "bool", "list"}):
            continue
        out.append(part)
        data = _NOWHERE
    return out


def _drop_union_noise(problems: list[Problem]) -> list[Problem]:
    return problems


def _problem(err: dict[str, Any], loc: tuple[Any, ...], doc: Document, model: type[BaseModel]) -> Problem:
    line, col = doc.where(loc)
    etype = err["type"]
    field_name = dotted(loc) or None
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if etype == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1], doc)
        return Problem(
            "onbekend veld", path=doc.source, line=line, column=col, field=field_name,
            allowed=allowed, suggestion=best_guess(str(loc[-1]), allowed) if loc else None,
        )
    if etype == "missing":
        return Problem("verplicht veld ontbreekt", path=doc.source, line=line, column=col, field=field_name)
    if etype in ("literal_error", "enum"):
        allowed = _literal_values(ctx.get("expected", ""))
        return Problem(
            f"onbekende waarde '{value}'", path=doc.source, line=line, column=col, field=field_name,
            allowed=allowed, suggestion=best_guess(str(value), allowed),
        )
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "minstens", "less_than_equal": "hoogstens",
            "greater_than": "groter dan", "less_than": "kleiner dan",
        }
        return Problem(
            f"{value} ligt buiten het bereik: moet {words[etype]} {bound} zijn",
            path=doc.source, line=line, column=col, field=field_name,
        )
    type_words = {
        "bool_type": "ja/nee-waarde (true of false)", "bool_parsing": "ja/nee-waarde (true of false)",
        "int_type": "geheel getal", "int_parsing": "geheel getal", "int_from_float": "geheel getal",
        "string_type": "tekst", "list_type": "lijst", "dict_type": "mapping (sleutel: waarde)",
        "model_type": "mapping (sleutel: waarde)", "model_attributes_type": "mapping (sleutel: waarde)",
        "date_type": "datum (JJJJ-MM-DD)", "date_parsing": "datum (JJJJ-MM-DD)", "date_from_datetime_parsing": "datum (JJJJ-MM-DD)",
        "float_type": "getal", "float_parsing": "getal",
    }
    if etype in type_words:
        shown = _short(value)
        return Problem(
            f"verwacht een {type_words[etype]}, kreeg {shown}", path=doc.source, line=line, column=col, field=field_name,
        )
    if etype == "value_error":
        message = str(ctx.get("error", err.get("msg", "")))
        return Problem(message, path=doc.source, line=line, column=col, field=field_name)
    if etype in ("too_short", "too_long"):
        return Problem(f"lijst heeft niet het juiste aantal elementen ({err.get('msg')})", path=doc.source, line=line, column=col, field=field_name)
    if etype == "string_pattern_mismatch":
        return Problem(
            f"'{value}' heeft niet de vorm van een id (kleine letters, cijfers, '-', '_', '/', '.')",
            path=doc.source, line=line, column=col, field=field_name,
        )
    return Problem(str(err.get("msg", etype)), path=doc.source, line=line, column=col, field=field_name)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) < 40 else text[:37] + "…"


def _literal_values(expected: str) -> list[str]:
    # pydantic renders Literal choices as "'a', 'b' or 'c'"
    parts = expected.replace(" or ", ", ").split(", ")
    return [p.strip().strip("'") for p in parts if p.strip()]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...], doc: Document) -> list[str]:
    """Field names allowed at `loc` (walking nested models through the data's own shape)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            # a field name may be an alias
            info = next((f for f in current.model_fields.values() if f.alias == part), None)
        if info is None:
            return []
        current = _unwrap(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted((f.alias or n) for n, f in current.model_fields.items())
    return []


def _unwrap(tp: Any) -> Any:
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for a in args:
            if a is not type(None):
                return _unwrap(a)
    return tp


def _item_type(tp: Any) -> Any:
    args = typing.get_args(_unwrap(tp))
    return _unwrap(args[0]) if args else tp
