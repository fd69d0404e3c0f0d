"""One object for equal parts: equal conditions and conclusions of loaded rules become one instance.

A large rule base repeats the same tests and conclusions thousands of times ({feit: a, is: x},
{tip: {id: t}}), and a pydantic model costs a few hundred bytes for each copy. The models are
frozen and nothing changes them after loading, so equal parts can be one object. This runs while
the base is built, before anyone else sees it: the only moment a part may be swapped for its twin.
Equal means equal field by field with equal types (True and 1 stay apart, as everywhere else).

The same goes for the smaller parts every model carries (`slim`): its set of given field names
(pydantic keeps one set per instance, about 200 to 700 bytes) and its text values (a large base
repeats the same `bron` and `toelichting` in every rule). Frozen models never change either.
Last, `slim` puts the model's values in a dict that shares its table of field names with every
other model of its kind (`_key_sharing`).
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel

Pool = dict[Any, Any]  # parts, field-name sets and texts, each under a key of its own kind


def shared(model: BaseModel, pool: Pool) -> BaseModel:
    """The pool's instance equal to `model` (its parts shared first); `model` itself when it is the first."""
    slim(model, pool)
    key: list[Any] = [type(model)]
    for name, value in model.__dict__.items():
        if value is None:  # most fields of a condition are empty: leave them out of the key, which stays small
            continue
        if isinstance(value, BaseModel):
            value = shared(value, pool)
            object.__setattr__(model, name, value)  # frozen for users; here the base is still being built
            key.append((name, id(value)))
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            value[:] = [shared(v, pool) if isinstance(v, BaseModel) else v for v in value]
            key.append((name, tuple(id(v) if isinstance(v, BaseModel) else _plain(v) for v in value)))
        else:
            key.append((name, _plain(value)))
    return pool.setdefault(tuple(key), model)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return ("list", tuple(_plain(v) for v in value))
    return (type(value).__name__, value)


def slim(model: BaseModel, pool: Pool) -> None:
    """Give `model` the pool's copy of its field-name set and of each of its text values (not of its parts)."""
    given = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", pool.setdefault(("fields set", frozenset(given)), given))
    values = model.__dict__
    for name, value in values.items():
        if type(value) is str:
            values[name] = pool.setdefault(("text", value), value)
    object.__setattr__(model, "__dict__", _key_sharing(type(model), values))


_HOLDERS: dict[type, type] = {}


def _key_sharing(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The same values in a dict that shares its keys with every other model of `cls`.

    pydantic gives each model a dict of its own, with its own table of field names: at 10,000 rules
    these dicts are 10 MB, most of it names (a condition has 18 fields, mostly empty). An instance
    dict of a plain class keeps its values only and shares the names with its class (CPython's
    key-sharing dict), so the values go into one, filled in field order. Reading, comparing, copying
    and pickling see an ordinary dict. Where an interpreter does not share the keys, it is an
    ordinary dict of the same values.
    """
    holder = _HOLDERS.get(cls)
    if holder is None:
        holder = _HOLDERS[cls] = type(f"_{cls.__name__}Values", (), {})
    instance = holder()
    for name, value in values.items():
        setattr(instance, name, value)
    return cast(dict[str, Any], instance.__dict__)
