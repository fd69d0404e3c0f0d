"""Text a database cannot store: PostgreSQL refuses the NUL character (U+0000) in any text column.

A NUL is never meaningful in a name or a fact, so the server refuses it at the door with a clear
problem (the field and what to do) instead of failing inside the database with a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import InputError, Problem

NUL = "\x00"
MESSAGE = "bevat een onzichtbaar NUL-teken (U+0000); dat kan niet in een naam of tekst. Typ de tekst opnieuw"


def nul_fields(data: Any, path: str = "") -> Iterator[str]:
    """The dotted fields of `data` (dicts, lists, strings) whose key or text holds a NUL."""
    if isinstance(data, str):
        if NUL in data:
            yield path or "<invoer>"
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield where
            else:
                yield from nul_fields(value, where)
    elif isinstance(data, list | tuple):
        for n, value in enumerate(data):
            yield from nul_fields(value, f"{path}[{n}]")


def refuse_nul(data: Any, source: str = "<invoer>") -> None:
    """InputError naming every field with a NUL (one problem each)."""
    found = list(nul_fields(data))
    if found:
        raise InputError([Problem(MESSAGE, path=source, field=field) for field in found])
