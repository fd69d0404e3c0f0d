"""Output models made from data that was checked already, without running pydantic's validation.

The advice is assembled from the knowledge base and the rules (both checked when they were
loaded) and from the facts (checked at the door). Validating every reason, activity and risk
again cost more than the rest of the assembly; `make` fills the model the way pydantic's own
`model_construct` does (fields in declared order, defaults for what is not given, the same
`model_fields_set`), only faster: model_construct is a general function that handles aliases
and extra fields and costs more than validating. The models stay the contract: frozen, and
serialised by pydantic's writer. tests/test_fast_build.py holds the result equal to validated
models, byte for byte in JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)

_UNSET: Any = object()
_makers: dict[type[BaseModel], Callable[..., Any]] = {}


def make(cls: type[M], **values: Any) -> M:
    """An instance of `cls` with `values` taken as they are; a missing or unknown field is a TypeError."""
    maker = _makers.get(cls) or _maker(cls)
    return maker(**values)  # type: ignore[no-any-return]


def maker(cls: type[M]) -> Callable[..., M]:
    """The constructor `make` uses for `cls`, to call directly where many are made (saves a lookup
    and repacking the arguments)."""
    return _makers.get(cls) or _maker(cls)


def _maker(cls: type[BaseModel]) -> Callable[..., Any]:
    """A constructor for `cls` with the fields as keyword arguments, written out once (as dataclasses
    writes its __init__): fields in declared order, defaults filled in, `model_fields_set` the given ones."""
    params, body, required = [], [], []
    scope: dict[str, Any] = {"_cls": cls, "_new": cls.__new__, "_set": object.__setattr__, "_UNSET": _UNSET}
    for name, info in cls.model_fields.items():
        if info.default_factory is not None:
            scope[f"_f_{name}"] = info.default_factory
            params.append(f"{name}=_UNSET")
            body.append(f"    if {name} is _UNSET:\n        {name} = _f_{name}()\n    else:\n        given.add({name!r})")
        elif info.default is PydanticUndefined:
            params.append(name)
            required.append(name)
        else:
            scope[f"_d_{name}"] = info.default
            params.append(f"{name}=_UNSET")
            body.append(f"    if {name} is _UNSET:\n        {name} = _d_{name}\n    else:\n        given.add({name!r})")
    fields = ", ".join(f"{name!r}: {name}" for name in cls.model_fields)
    source = "\n".join([
        f"def make_{cls.__name__}(*, {', '.join(params)}):",
        f"    given = {{{', '.join(repr(n) for n in required)}}}" if required else "    given = set()",
        *body,
        "    obj = _new(_cls)",
        f"    _set(obj, '__dict__', {{{fields}}})",
        "    _set(obj, '__pydantic_fields_set__', given)",
        "    _set(obj, '__pydantic_extra__', None)",
        "    _set(obj, '__pydantic_private__', None)",
        "    return obj",
    ])
    exec(source, scope)  # noqa: S102 - the source is made above from the model's own field names
    _makers[cls] = maker = scope[f"make_{cls.__name__}"]
    return maker  # type: ignore[no-any-return]
