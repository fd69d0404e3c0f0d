"""What pydantic builds to read a facts file and write the advice, kept in the rule-base cache
(engine/advice/basecache.py) so that a cold command does not build it again.

The models are `defer_build`: pydantic builds a model's core schema, validator and serializer the
first time one is needed. For `Initiatief` (reading a facts file) and `Advies` (writing the advice)
that is part of every cold `advies`: ~20 ms of generating the core schema in Python, and the first
build also loads pydantic's plugin machinery (importlib.metadata, email, zipfile and more: ~10 ms).
From a finished core schema, pydantic-core builds a validator and serializer in well under a
millisecond.

`capture` builds them (on a cache miss, when the entry is written) and keeps each model's core schema
and config; `install` has pydantic-core build the validator and serializer from them again (which
checks the schema) and puts them on the class of a process that has not built the model yet. It sets
only the three objects that `model_validate` and `model_dump(_json)` read, so validation and output
are those of the model's own build, byte for byte. The class stays 'not complete' for pydantic: whatever else needs the
finished model (model_rebuild, using it inside another model's schema, inspect.signature) builds it
as pydantic always does. Nothing is installed for a part of the wrong type, for another class, or
for a model this process has already built. The cache key names the pydantic and pydantic-core
versions (`LIBRARIES`), so an entry never meets another pydantic.

What this leaves out: a pydantic plugin (installed through an entry point, such as logfire) does
not see these two models validate when their validator comes from the cache; with
SAMENWERKWIJZER_CACHE=uit it does.
"""

from __future__ import annotations

import pickle
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel
from pydantic_core import SchemaSerializer, SchemaValidator

from .advice import Advies
from .facts import Initiatief

MODELS: tuple[type[BaseModel], ...] = (Initiatief, Advies)  # what every `advies` validates and writes
LIBRARIES = (f"pydantic {pydantic.VERSION}", f"pydantic-core {pydantic_core.__version__}")

# (the model, its core schema, its core config): what pydantic-core builds the validator and serializer from
Prebuilt = tuple[type[BaseModel], dict[str, Any], dict[str, Any] | None]


def capture(models: tuple[type[BaseModel], ...] = MODELS) -> tuple[Prebuilt, ...]:
    """The core schema and config of each model (built now if it was not yet). A model is left out
    (and built at first use, as before) when pydantic gave it another kind of validator (a plugin's),
    or its schema does not pickle."""
    out: list[Prebuilt] = []
    for cls in models:
        cls.model_rebuild()
        schema: Any = cls.__pydantic_core_schema__
        validator = cls.__pydantic_validator__
        if type(validator) is not SchemaValidator:
            continue
        try:
            # a validator pickles as (its class, (schema, config, ...)): the config pydantic gave it
            reduced: Any = validator.__reduce__()
            args = reduced[1]
            entry = (cls, schema, args[1])
            if args[0] is not schema or not _sound(entry):
                continue
            pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # pragma: no cover - another pydantic-core, or a function pickle cannot name
            continue
        out.append(entry)
    return tuple(out)


def install(entries: object) -> list[str]:
    """Build each sound entry's validator and serializer and put them on its model, with the schema,
    if this process has not built that model yet. Returns the names of the models it was done for."""
    done: list[str] = []
    if not isinstance(entries, tuple):
        return done
    for entry in entries:
        if not _sound(entry):
            continue
        cls, schema, config = entry
        if cls.__pydantic_complete__ or isinstance(cls.__dict__.get("__pydantic_validator__"), SchemaValidator):
            continue  # built here already (or being built): keep pydantic's own
        try:  # pydantic-core checks the schema as it builds
            validator, serializer = SchemaValidator(schema, config), SchemaSerializer(schema, config)
        except Exception:
            continue
        cls.__pydantic_core_schema__ = schema
        cls.__pydantic_validator__ = validator
        cls.__pydantic_serializer__ = serializer
        done.append(cls.__name__)
    return done


def _sound(entry: object) -> bool:
    """Whether `entry` is (one of MODELS, a model schema for that class, a config or None)."""
    if not (isinstance(entry, tuple) and len(entry) == 3):
        return False
    cls, schema, config = entry
    return any(cls is m for m in MODELS) and _schema_class(schema) is cls and (config is None or isinstance(config, dict))


def _schema_class(schema: object) -> object:
    """The class a model's core schema is for (None for any other schema)."""
    if isinstance(schema, dict) and schema.get("type") == "definitions":
        schema = schema.get("schema")
    return schema.get("cls") if isinstance(schema, dict) and schema.get("type") == "model" else None
