"""Pydantic's validation errors as Dutch problems: one per mistake, naming the file, line, field,
what is allowed and, for typos, a best guess. The alternatives pydantic tried for a union are merged,
and every text comes from MESSAGES, keyed on pydantic's error type, never from pydantic's English.

Loaded only when a document is refused (engine/source/validation.py), not at every start.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Guess, Problem, ProblemList, best_guess, close_match, quoted
from ..terminal import text_of, too_long
from .yamlsource import Document, dotted


def translate(exc: ValidationError, doc: Document, model: type[BaseModel], prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """One Dutch problem per mistake: the alternatives pydantic tried for a union become one line,
    and the same mistake in many list items is one problem, counted."""
    base = _at(doc.data, prefix)
    problems = ProblemList()
    for errors in _per_mistake(exc.errors(include_url=False), base):
        if len(errors) == 1:
            err, loc = errors[0]
            problems.add(_problem(err, prefix + loc, doc, model))
        else:
            problems.add(_union_problem([e for e, _ in errors], prefix + errors[0][1], doc))
    return problems.problems


_NOWHERE = object()
Located = tuple[dict[str, Any], tuple[Any, ...]]  # a pydantic error and its data keys


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _NOWHERE
    return data


def _split_loc(loc: tuple[Any, ...], data: Any = _NOWHERE) -> tuple[list[Any], int | None]:
    """The data keys in pydantic's `loc` and the position (in those keys) where a union branched.

    pydantic puts union member and validator names in loc; only data keys are kept (a key the data
    really has is kept even when it looks like such a name, e.g. a user's key '[')."""
    out: list[Any] = []
    branch: int | None = None
    for part in loc:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
            continue
        if isinstance(part, str) and (part.startswith("function-") or "[" in part or part in {"str", "int", "bool", "list"}):
            if branch is None:
                branch = len(out)
            continue
        out.append(part)
        data = _NOWHERE
    return out, branch


def _per_mistake(errors: list[Any], base: Any) -> list[list[Located]]:
    """Errors grouped so that each group is one mistake.

    A value that fits no member of a union gives one error per member. When one member got
    further into the value (a mapping with one bad entry), its errors are the real ones; when
    none did, the errors together are one mistake: "expected a or b, got c"."""
    groups: dict[tuple[Any, ...], list[tuple[dict[str, Any], tuple[Any, ...], int]]] = {}
    order: list[tuple[Any, ...]] = []
    for err in errors:
        keys, branch = _split_loc(tuple(err["loc"]), base)
        key: tuple[Any, ...] = (tuple(keys),) if branch is None else ("union", tuple(keys[:branch]))
        if key not in groups:
            groups[key] = []
            order.append(key)
        depth = 0 if branch is None else len(keys) - branch
        groups[key].append((dict(err), tuple(keys), depth))
    out: list[list[Located]] = []
    for key in order:
        members = groups[key]
        if key[0] != "union":
            out.append([(members[0][0], members[0][1])])  # the same error twice at one place is one mistake
            continue
        deepest = max(depth for _, _, depth in members)
        if deepest > 0:
            seen: set[tuple[Any, ...]] = set()
            for err, loc, depth in members:
                if depth == deepest and loc not in seen:
                    seen.add(loc)
                    out.append([(err, loc)])
        else:
            out.append([(err, loc) for err, loc, _ in members])
    return out


KIND_WORDS = {
    "bool_type": "ja/nee-waarde (true, false, ja of nee)", "union:bool_type": "true/false",
    "int_type": "geheel getal", "int_parsing": "geheel getal", "int_from_float": "geheel getal",
    "float_type": "getal", "float_parsing": "getal", "finite_number": "eindig getal",
    "string_type": "tekst", "list_type": "lijst", "dict_type": "groep velden (veld: waarde)",
    "model_type": "groep velden (veld: waarde)", "model_attributes_type": "groep velden (veld: waarde)",
    "date_type": "datum (JJJJ-MM-DD)", "date_parsing": "datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "datum (JJJJ-MM-DD)", "date_from_datetime_inexact": "datum zonder tijd (JJJJ-MM-DD)",
    "invalid_key": "sleutel van tekst",
}
BOUND_WORDS = {"greater_than_equal": "minstens", "less_than_equal": "hoogstens", "greater_than": "groter dan",
               "less_than": "kleiner dan"}
YES_NO_GUESS = {"yes": "ja", "y": "ja", "on": "ja", "1": "ja", "j": "ja", "Ja": "ja", "JA": "ja", "True": "ja",
                "no": "nee", "n": "nee", "off": "nee", "0": "nee", "Nee": "nee", "NEE": "nee", "False": "nee",
                "onduidelijk": "onbekend", "?": "onbekend", "weet niet": "onbekend", "weet ik niet": "onbekend",
                "n.v.t": "onbekend", "nvt": "onbekend", "-": "onbekend", "None": "onbekend"}
MAX_GUESSED = 100  # characters of a value a guess repeats; a longer value gets no guess (it would not fit a line)
QUOTED = "kreeg tekst: de waarde staat tussen aanhalingstekens"
# a number as an adviser writes it in a note: 35%, 35 procent, ca. 35, ongeveer 35
_NUMBER_WITH_WORDS = re.compile(r"(?:(?:ca\.?|circa|ongeveer|±|~)\s*)?([-+]?\d+)\s*(?:%|procent)?", re.I | re.A)
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+", re.A)
_WHOLE = re.compile(r"[-+]?\d+", re.A)


@dataclass(frozen=True)
class Said:
    """What a problem says: the Dutch message, what is allowed and a best guess."""

    message: str
    allowed: tuple[str, ...] = ()
    suggestion: str | Guess | None = None
    tip: str | None = None  # the guess as a phrase, when "bedoelde u '…'?" does not say it


@dataclass(frozen=True)
class Error:
    """One pydantic error with what a message may need: its context, the value and where it is."""

    kind: str  # pydantic's error type
    ctx: dict[str, Any]
    value: Any
    loc: tuple[Any, ...]
    model: type[BaseModel]
    doc: Document
    text: str  # pydantic's text: used only for our own Dutch error types (strictfields, rules)


def _unknown_field(e: Error) -> Said:
    allowed = _fields_at(e.model, e.loc[:-1], e.doc)
    if not e.loc:
        return Said("onbekend veld", tuple(allowed))
    key, here = str(e.loc[-1]), e.loc[:-1]
    if not all(isinstance(part, str) for part in here):  # inside a list: no other section to point to
        return Said("onbekend veld", tuple(allowed), best_guess(key, allowed))
    section = ".".join(here)
    places = _field_places(e.model)
    message = "staat op de verkeerde plek" if set(places.get(key, ())) - {section} else "onbekend veld"
    return Said(message, tuple(allowed), PlaceGuess(key, allowed, section, places))


@dataclass(frozen=True, eq=False)
class PlaceGuess(Guess):
    """The guess for an unknown field: a field of that name in another section ('wethouder_betrokken'
    under wijk: belongs under gemeente:) beats a near spelling here; a near spelling of a field in
    another section beats a worse one here. `resolve` gives the dotted field meant, `tip` says where
    it belongs. Worked out only when shown, like every Guess."""

    section: str = ""  # where the field stands ('' at the top of the file)
    places: typing.Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # name -> its sections

    def _meant(self) -> tuple[str, tuple[str, ...]] | None:
        """The field name meant and the other sections it belongs in (empty: here)."""
        elsewhere = tuple(p for p in self.places.get(self.word, ()) if p != self.section)
        if elsewhere:
            return self.word, elsewhere
        here = close_match(self.word, self.options)
        others = sorted({name for name, at in self.places.items() if any(p != self.section for p in at)})
        there = close_match(self.word, others)
        if there is not None and (here is None or _likeness(self.word, there) > _likeness(self.word, here)):
            return there, tuple(p for p in self.places[there] if p != self.section)
        return (here, ()) if here is not None else None

    def resolve(self) -> str | None:
        meant = self._meant()
        if meant is None:
            return None
        name, elsewhere = meant
        return f"{elsewhere[0]}.{name}" if elsewhere and elsewhere[0] else name

    def tip(self) -> str | None:
        meant = self._meant()
        if meant is None or not meant[1]:
            return None  # a near spelling here: "bedoelde u '…'?" says it
        name, elsewhere = meant
        if elsewhere == ("",):
            said = f"hoort niet onder '{self.section}': zet het zonder inspringen, aan het begin van de regel"
        elif len(elsewhere) == 1:
            said = f"hoort bij '{elsewhere[0]}': zet het onder {elsewhere[0]}:"
        else:
            where = " of ".join("bovenaan (zonder inspringen)" if p == "" else f"bij '{p}'" for p in elsewhere)
            said = f"hoort {where}: zet het op een van die plekken"
        return f"dit veld {said}" if name == self.word else f"bedoelde u '{name}'? Dat veld {said}"

    def __reduce__(self) -> tuple[object, ...]:  # pickles whole: the tip needs the places (a small table)
        return (PlaceGuess, (self.word, tuple(self.options), self.section, dict(self.places)))


def _likeness(word: str, option: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, word, option).ratio()


@functools.cache
def _field_places(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """Every field name of `model` and of the models nested in it as a section (not in a list), with the
    sections that hold it: '' for the model itself, 'gemeente' for a field of the nested model `gemeente`."""
    out: dict[str, list[str]] = {}

    def walk(current: type[BaseModel], section: str, depth: int) -> None:
        for name, info in current.model_fields.items():
            key = info.alias or name
            out.setdefault(key, []).append(section)
            inner = _unwrap(info.annotation)
            if depth < 5 and isinstance(inner, type) and issubclass(inner, BaseModel):
                walk(inner, f"{section}.{key}" if section else key, depth + 1)

    walk(model, "", 0)
    return {name: tuple(sorted(set(at))) for name, at in out.items()}


def _unknown_value(e: Error) -> Said:
    allowed = _literal_values(str(e.ctx.get("expected", "")))
    said = Said(f"onbekende waarde {_short(e.value)}", tuple(allowed), best_guess(_plain(e.value), allowed))
    if isinstance(e.value, bool) and {"ja", "nee"} <= set(allowed):  # true for a field of ja, nee or onduidelijk
        return dataclasses.replace(said, suggestion="ja" if e.value else "nee")
    if e.ctx.get("gok"):  # a model's own guess (the phase for its number: engine/model/facts.py)
        return dataclasses.replace(said, suggestion=e.ctx["gok"])
    return said


def _out_of_range(e: Error) -> Said:
    return Said(f"{_plain(e.value)} ligt buiten het bereik: moet {BOUND_WORDS[e.kind]} {next(iter(e.ctx.values()), '')} zijn")


def _wrong_kind(e: Error) -> Said:
    expected = f"verwacht een {KIND_WORDS[e.kind]}"
    if isinstance(e.value, str) and len(e.value) > MAX_GUESSED:  # a guess would repeat all of it
        return Said(f"{expected}, kreeg {_short(e.value)}{_hint(e.kind, e.value)}")
    quoted_value = _quoted_value(e.kind, e.value)
    if quoted_value is not None:  # "true", "35", "[warmtenet]": text only because of the quotes
        return Said(f"{expected}, {QUOTED}", suggestion=quoted_value,
                    tip=f"schrijf {quoted_value} zonder aanhalingstekens")
    said = Said(f"{expected}, kreeg {_short(e.value)}{_hint(e.kind, e.value)}")
    if e.value is None:  # 'naam:' or 'afgerond:' with nothing after it
        if e.kind == "list_type":
            return dataclasses.replace(said, suggestion="[]", tip="schrijf [] voor een lege lijst")
        if e.kind in ("model_type", "dict_type", "model_attributes_type"):  # 'wijk:' with nothing below it
            return dataclasses.replace(said, allowed=tuple(_fields_at(e.model, e.loc, e.doc)),
                                       tip="zet er velden ingesprongen onder, of haal deze regel weg")
        return dataclasses.replace(said, tip="vul een waarde in achter de dubbele punt")
    if e.kind == "bool_type" and isinstance(e.value, str | int) and not isinstance(e.value, bool) \
            and not too_long(e.value):  # str() refuses an int of thousands of digits
        word = str(e.value).strip().rstrip(".!").strip()  # 'nee.', ' Ja!'
        guess = YES_NO_GUESS.get(word) or YES_NO_GUESS.get(word.lower())
        if guess is None and word.lower() in ("ja", "nee", "true", "false", "onbekend") and word != str(e.value):
            guess = word.lower()
        return dataclasses.replace(said, suggestion=guess)
    if e.kind in ("model_type", "dict_type", "model_attributes_type") and not isinstance(e.value, dict | list) \
            and not too_long(e.value):
        fields = tuple(_fields_at(e.model, e.loc, e.doc))
        if "naam" in fields and isinstance(e.value, str):  # 'gemeente: Voorbeeldstad'
            return dataclasses.replace(said, allowed=fields, suggestion=f"naam: {e.value}",
                                       tip=f"zet de naam ingesprongen op een eigen regel eronder: naam: {e.value}")
        glued = re.fullmatch(r"([^\s:]+):(\S.*)", e.value) if isinstance(e.value, str) else None
        if glued and fields:  # 'wijk:' with 'steun:breed' below it: YAML reads one word, no key
            return dataclasses.replace(said, allowed=fields, suggestion=f"{glued.group(1)}: {glued.group(2)}",
                                       tip=f"zet een spatie na de dubbele punt: {glued.group(1)}: {glued.group(2)}")
        if fields:
            return dataclasses.replace(said, allowed=fields,
                                       tip="zet de velden ingesprongen op eigen regels eronder, elk als veld: waarde")
    if e.kind in ("int_type", "int_parsing") and isinstance(e.value, str) and not too_long(e.value):
        suggestion, tip = _number_guess(e.value)
        return dataclasses.replace(said, suggestion=suggestion, tip=tip)
    if e.kind in ("int_type", "int_from_float") and isinstance(e.value, float) and math.isfinite(e.value) \
            and not too_long(e.value):
        if 0 < e.value < 1 and _upper_bound(e.model, e.loc) == 100:  # 0.35 for a percentage
            percent = str(round(e.value * 100))
            return dataclasses.replace(said, suggestion=percent,
                                       tip=f"een percentage is een geheel getal van 0 tot 100: schrijf {percent}")
        low = math.floor(e.value)
        return dataclasses.replace(said, tip=f"schrijf een geheel getal zonder cijfers achter de komma, zoals {low} of "
                                             f"{low + 1}")
    if e.kind == "list_type" and isinstance(e.value, str | int | float) and not isinstance(e.value, bool) \
            and not too_long(e.value):
        items = [part.strip() for part in str(_plain(e.value)).split(",")] if isinstance(e.value, str) else [_plain(e.value)]
        written = "[" + ", ".join(item for item in items if item) + "]"
        return dataclasses.replace(said, suggestion=written, tip=f"een lijst staat tussen [ ]: schrijf {written}")
    return said


def _quoted_value(kind: str, value: Any) -> str | None:
    """The value without quotes, when `value` is text only because it stands between quotes (or is a
    JSON string): the word true or false for a ja/nee-field, a whole number for a number field, a list
    written as [a, b] for a list field. YAML reads each of them unquoted as the kind asked for."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if kind == "bool_type" and text in ("true", "false", "True", "False", "TRUE", "FALSE"):
        return text.lower()
    if kind in ("int_type", "int_parsing") and _WHOLE.fullmatch(text):
        return str(int(text))
    if kind == "list_type" and text.startswith("[") and text.endswith("]"):
        return text
    return None


def _number_guess(text: str) -> tuple[str | None, str | None]:
    """The number meant and what to write, for a number given with words or signs (35%, ca. 35,
    35 procent) or with a decimal comma (35,5: a whole number is asked, either neighbour may be meant)."""
    match = _NUMBER_WITH_WORDS.fullmatch(text.strip())
    if match:
        number = str(int(match.group(1)))
        return number, f"schrijf alleen het getal: {number}"
    if _DECIMAL_COMMA.fullmatch(text.strip()):
        whole = int(text.strip().split(",")[0])
        other = whole + (1 if not text.strip().startswith("-") else -1)
        return None, f"schrijf een geheel getal zonder komma, zoals {whole} of {other}"
    return None, None


def _rule_broken(e: Error) -> Said:
    error = e.ctx.get("error")  # our model validators raise ValueError with a Dutch text
    return Said(str(error) if isinstance(error, ValueError) and str(error) else "ongeldige waarde")


def _list_length(e: Error) -> Said:
    if not e.value:
        return Said("lijst is leeg: geef minstens één element")
    word, bound = ("minstens", e.ctx.get("min_length")) if e.kind == "too_short" else ("hoogstens", e.ctx.get("max_length"))
    return Said(f"lijst heeft {len(e.value)} elementen; moet {word} {bound} zijn")


def _not_an_id(e: Error) -> Said:
    return Said(f"{_short(e.value)} heeft niet de vorm van een id (kleine letters, cijfers, '-', '_', '/', '.'; "
                "begint met een letter of cijfer)")


def _ours(e: Error) -> Said:
    return Said(e.text, suggestion=e.ctx.get("gok"))


MESSAGES: dict[str, Callable[[Error], Said]] = {
    "extra_forbidden": _unknown_field,
    "missing": lambda e: Said("verplicht veld ontbreekt"),
    "literal_error": _unknown_value, "enum": _unknown_value,
    **dict.fromkeys(BOUND_WORDS, _out_of_range),
    **dict.fromkeys(KIND_WORDS, _wrong_kind),
    "value_error": _rule_broken,
    "too_short": _list_length, "too_long": _list_length,
    "string_too_short": lambda e: Said("tekst is leeg: geef minstens één teken"),
    "string_too_long": lambda e: Said(f"tekst is te lang: hoogstens {e.ctx.get('max_length', '')} tekens"),
    "string_pattern_mismatch": _not_an_id,
    # our own error types (engine/strictfields.py, engine/rules.py) carry a Dutch text
    "datum_vorm": _ours, "datum_bestaat_niet": _ours, "datum_met_tijd": _ours, "leeg_veld": _ours,
}


def _fallback(e: Error) -> Said:
    return Said(f"ongeldige waarde {_short(e.value)}")  # never pydantic's English text


def _problem(err: dict[str, Any], loc: tuple[Any, ...], doc: Document, model: type[BaseModel]) -> Problem:
    """The Dutch problem for one pydantic error, chosen by the error's type in MESSAGES."""
    ctx = err.get("ctx") or {}
    if err["type"] == "leeg_veld":
        loc = loc + (ctx.get("veld", ""),)  # the key without a value, not the mapping that holds it
    if err["type"] == "invalid_key" and loc and too_long(err.get("input")):
        loc = loc[:-1] + (text_of(err["input"]),)  # pydantic writes '<unprintable int object>' there
    error = Error(err["type"], ctx, err.get("input"), loc, model, doc, str(err.get("msg", "")))
    said = MESSAGES.get(error.kind, _fallback)(error)
    line, col = doc.where(loc)
    return Problem(said.message, path=doc.source, line=line, column=col, field=dotted(loc) or None,
                   allowed=said.allowed, suggestion=said.suggestion, tip=said.tip)


def _union_problem(errors: list[dict[str, Any]], loc: tuple[Any, ...], doc: Document) -> Problem:
    """One line for a value that fits none of the kinds a field allows."""
    kinds: list[str] = []
    allowed: list[str] = []
    for err in errors:
        if err["type"] in ("literal_error", "enum"):
            allowed += _literal_values(str((err.get("ctx") or {}).get("expected", "")))
            word = "waarde uit de lijst"
        else:
            word = KIND_WORDS.get("union:" + err["type"], KIND_WORDS.get(err["type"], "andere waarde"))
        if word not in kinds:
            kinds.append(word)
    value = errors[0].get("input")
    line, col = doc.where(loc)
    expected = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " of " + kinds[-1]
    return Problem(f"verwacht een {expected}, kreeg {_short(value)}", path=doc.source, line=line, column=col,
                   field=dotted(loc) or None, allowed=allowed, suggestion=best_guess(_plain(value), allowed) if allowed else None)


def _hint(etype: str, value: Any) -> str:
    if etype == "string_type" and isinstance(value, bool | int | float) and not too_long(value):
        return f" (schrijf '{_plain(value)}' tussen aanhalingstekens)"
    return ""


def _plain(value: Any) -> str:
    """A scalar as the author wrote it in YAML: true/false, not Python's True/False; never a ValueError."""
    return text_of(value)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "een groep velden"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    if isinstance(value, bool) or too_long(value):
        return _plain(value)
    if isinstance(value, datetime.date):
        return f"de datum {_plain(value)}"
    if isinstance(value, str):
        return quoted(value)
    text = repr(value)
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


def _upper_bound(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The `le` bound of the field at `loc`, when it is a plain field of a nested model (None otherwise)."""
    current: Any = model
    info = None
    for part in loc:
        if not (isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None) if info else None


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
