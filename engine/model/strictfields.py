"""Field types shared by every input model, so the model accepts exactly what the JSON Schema does.

Every input model validates in pydantic's strict mode: no text becomes a number, no number a
ja/nee-value. Three types widen strict mode on purpose, each the same way as the published schema:

- `JaNee`: true/false, and the Dutch words 'ja' and 'nee' in any case (normalised to true/false);
- `JaNeeOnbekend`: the same, and 'onbekend' for a fact that is not known (normalised to None);
- `Geheel`: a whole number; 40.0 counts as 40, as JSON Schema's "integer" does;
- `Datum`: a date written as JJJJ-MM-DD (text in YAML 1.2 and JSON), checked to exist.

Errors raised here carry their own error type and a Dutch text; engine/validation.py shows them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..source.dates import date_guess

# validators are built on first use; no field of ours starts with 'model_', so pydantic's check of each
# field name against its own namespace is left out (a part of every cold start, for a warning we never need)
STRICT = ConfigDict(extra="forbid", strict=True, defer_build=True, protected_namespaces=())

JA_NEE = {"ja": True, "nee": False}
ONBEKEND = "onbekend"


def _ja_nee(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in JA_NEE:
        return JA_NEE[value.lower()]
    return value


def _ja_nee_onbekend(value: Any) -> Any:
    if isinstance(value, str) and value.lower() == ONBEKEND:
        return None
    return _ja_nee(value)


def _words_any_case(words: list[str]) -> str:
    """A JSON Schema pattern that matches exactly these words, in any mix of upper and lower case."""
    return "^(" + "|".join("".join(f"[{c}{c.upper()}]" for c in w) for w in words) + ")$"


JaNee = Annotated[
    bool,
    BeforeValidator(_ja_nee),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _words_any_case(sorted(JA_NEE)),
                                                   "description": "ja of nee, in hoofd- of kleine letters"}]}),
]

# A yes/no fact of a facts file: also 'onbekend', which says the same as leaving the fact out.
JaNeeOnbekend = Annotated[
    bool | None,
    BeforeValidator(_ja_nee_onbekend),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "null"}, {"enum": [*sorted(JA_NEE), ONBEKEND]},
                              {"type": "string", "pattern": _words_any_case([*sorted(JA_NEE), ONBEKEND]),
                               "description": "ja, nee of onbekend, in hoofd- of kleine letters"}]}),
]


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Geheel = Annotated[int, BeforeValidator(_integral)]

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("datum_met_tijd", "een datum zonder tijd (JJJJ-MM-DD)")
    if not isinstance(value, str):
        return value  # a date passes; anything else gets strict mode's date_type error
    match = _ISO.fullmatch(value)
    if match is None:
        guess = date_guess(value)
        raise PydanticCustomError("datum_vorm", "'{waarde}' is geen datum in de vorm JJJJ-MM-DD",
                                  {"waarde": value, **({"gok": guess} if guess else {})})
    year, month, day = map(int, match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError("datum_bestaat_niet", "{uitleg}", _missing_date(value, year, month, day)) from None


def _missing_date(value: str, year: int, month: int, day: int) -> dict[str, str]:
    if not 1 <= month <= 12:
        return {"uitleg": f"'{value}' is geen bestaande datum: er is geen maand {month} (JJJJ-MM-DD)"}
    if year == 0:
        return {"uitleg": f"'{value}' is geen bestaande datum: er is geen jaar 0 (JJJJ-MM-DD)"}
    import calendar  # only for a message: calendar loads locale, a cost on every start

    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return {"uitleg": f"'{value}' is geen bestaande datum: er is geen dag 0 (JJJJ-MM-DD)",
                "gok": dt.date(year, month, 1).isoformat()}
    return {"uitleg": f"'{value}' is geen bestaande datum: {MONTHS[month - 1]} {year} heeft {last} dagen (JJJJ-MM-DD)",
            "gok": dt.date(year, month, last).isoformat()}


Datum = Annotated[dt.date, BeforeValidator(_date)]
