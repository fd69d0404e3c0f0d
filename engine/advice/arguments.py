"""The library's door: arguments from a program checked before any work, refused in Dutch.

A wrong type is an InputError that names the argument, never an AttributeError or TypeError
from deep inside. `peildatum`: a date, a datetime (its date counts) or text JJJJ-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..source.dates import parse_day

if TYPE_CHECKING:
    from .consult import Consult


def kind_of(value: object) -> str:
    """What a wrong argument is, in words a Dutch reader can place."""
    return "niets (None)" if value is None else f"een {type(value).__name__}"


def as_day(value: object, name: str = "peildatum") -> dt.date:
    """A peildatum from a program: None is today, a datetime counts as its date, text must be JJJJ-MM-DD."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_day(value, name)
    raise InputError([Problem(f"verwacht een datum (datetime.date of tekst JJJJ-MM-DD), kreeg {kind_of(value)}",
                              field=name)])


def as_name(value: str, name: str, what: str) -> str:
    """A file or folder name that can name something: not empty, no null character."""
    if value == "":
        raise InputError([Problem(f"een lege naam is geen {what}; misschien is een variabele niet ingevuld",
                                  field=name)])
    if "\x00" in value:
        raise InputError([Problem(f"een naam met een nul-teken (\\x00) kan geen {what} zijn", field=name)])
    return value


def as_folder(value: object, name: str) -> str | None:
    """A folder argument: None (the shipped one) or a path; anything else, also an empty name, is refused."""
    if value is None:
        return None
    if isinstance(value, str | os.PathLike):
        return as_name(os.fspath(value), name, "map")  # type: ignore[arg-type]
    raise InputError([Problem(f"verwacht een pad naar een map, kreeg {kind_of(value)}", field=name)])


def as_path(value: object, name: str) -> str:
    """A file argument: a path ('-' is standard input); anything else, also an empty name, is refused."""
    if isinstance(value, str | os.PathLike):
        return as_name(os.fspath(value), name, "bestand")  # type: ignore[arg-type]
    raise InputError([Problem(f"verwacht een pad naar een feitenbestand, kreeg {kind_of(value)}", field=name)])


def as_consult(value: object, name: str) -> Consult:
    """A consultation record, as `Adviseur.raadpleeg` gives it; an Advies, facts or a path are refused."""
    from .consult import Consult

    if isinstance(value, Consult):
        return value
    raise InputError([Problem(f"verwacht een Consult (uit Adviseur.raadpleeg), kreeg {kind_of(value)}", field=name)])
