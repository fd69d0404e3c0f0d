"""The one way user-controlled text reaches a terminal or an output file: control characters made visible.

A name, title, source or file name may hold characters a terminal obeys instead of shows: C0 and
C1 controls (ESC starts the OSC and CSI sequences that set the window title, clear the screen or
write the clipboard), DEL, the line separators U+2028/U+2029 and NEL, bidi overrides that reorder
what is shown, and lone surrogates (undecodable file names) that cannot even be encoded.

Three places use this module, so that escaping cannot be forgotten:
- where user text goes into a rendered text: `prose` (a value inside a report: line breaks become a
  space, so a value can never start a line of its own) or `line` (a diagnostic: every unsafe
  character shown as an escape, so the user can find it); `scrub` applies `prose` to every
  string of a model before a text renderer sees it;
- where a rendered text leaves the program: `block` shows every unsafe character except the
  renderer's own line breaks. It is the last step of every write (`echo`, `write_text`);
- every `{{ ... }}` of a web page: the Jinja environment's finalize (server/pages/templating.shown) applies
  `prose` before the HTML escape, so a title, heading or message never obeys a direction mark. Only the value
  of an edit field is kept as stored (filter `veldwaarde`), so that saving a form unchanged changes nothing.

Letters of every script stay as they are: a name in Arabic or Hebrew is no control character. A page puts a
name inside a sentence in <bdi>, so that a right-to-left name cannot reorder the words around it.

The shown form is `\\uXXXX`, which is also a valid escape inside a JSON string, so `block` leaves a
JSON document meaning exactly what it meant (json.dumps escapes C0 itself; C1, U+2028/9 and bidi
characters it writes raw).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

NOT_SHOWN = {"terminal": "not shown"}  # dataclass field metadata: bookkeeping no renderer shows; scrub leaves it as is
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
_BLOCK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def shown(char: str) -> str:
    """The visible form of one unsafe character: `\\u001b`."""
    return f"\\u{ord(char):04x}"


def digits(number: int) -> int:
    """How many decimal digits `number` has, without str() (which refuses more than 4300 digits)."""
    a = abs(number)
    if a < 10:
        return 1
    k = int(math.log10(a))
    k += (10 ** (k + 1) <= a) - (10 ** k > a)  # the float logarithm may be one off at a power of ten
    return k + 1


def too_long(number: Any) -> bool:
    """Whether `number` is an int str() refuses to write (sys.get_int_max_str_digits, 4300 by default)."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return (isinstance(number, int) and not isinstance(number, bool) and limit > 0
            and number.bit_length() > 3 * limit and digits(number) > limit)


def text_of(value: Any) -> str:
    """A user's value as text, as written in YAML: true/false, a date as JJJJ-MM-DD, and an int of
    thousands of digits (which str() refuses with a ValueError) as 'een getal van N cijfers'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if too_long(value):
        return f"een getal van {digits(value)} cijfers"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def line(text: Any) -> str:
    """`text` as one line with every unsafe character (line breaks too) shown as an escape."""
    return UNSAFE.sub(lambda m: shown(m.group()), _str(text))


def prose(text: Any) -> str:
    """`text` as a value inside a report: runs of line breaks and tabs one space, other unsafe characters shown."""
    found = _str(text)
    if UNSAFE.search(found) is None:  # most text (every break is unsafe too): one scan instead of two substitutions
        return found
    return line(BREAKS.sub(" ", found))


def _str(text: Any) -> str:
    return text_of(text) if too_long(text) else str(text)


def block(text: str) -> str:
    """A rendered multi-line text: every unsafe character except the line break shown as an escape."""
    if _clean_latin1(text):
        return text
    return _BLOCK.sub(lambda m: shown(m.group()), text)


_UNSAFE_LATIN1 = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)])  # _BLOCK below U+0100
_SAFE_LATIN1 = bytes(b for b in range(256) if b not in _UNSAFE_LATIN1)


def _clean_latin1(text: str) -> bool:
    """True when `text` is all Latin-1 (as most Dutch text is) and holds no unsafe character. Deleting the safe
    bytes runs in C: on a 100 kB advice it is eight times faster than the regex finding nothing."""
    try:
        return not text.encode("latin-1").translate(None, _SAFE_LATIN1)
    except UnicodeEncodeError:
        return False


def scrub(value: Any) -> Any:
    """A copy of `value` (models, dataclasses, dicts, lists, tuples) with every string passed through `prose`.

    Dataclass fields whose metadata is NOT_SHOWN (source positions, file texts) are kept as they are."""
    if isinstance(value, str):
        return prose(value)
    pydantic = sys.modules.get("pydantic")  # a model exists only once pydantic is loaded: `--help` need not load it
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return value.model_copy(update={name: scrub(getattr(value, name)) for name in type(value).model_fields})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: scrub(getattr(value, f.name)) for f in dataclasses.fields(value)
                  if f.init and f.metadata.get("terminal") != NOT_SHOWN["terminal"]}
        return dataclasses.replace(value, **fields)
    if isinstance(value, MappingProxyType):
        return MappingProxyType({scrub(k): scrub(v) for k, v in value.items()})
    if isinstance(value, Mapping):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(scrub(v) for v in value))
    if isinstance(value, list | tuple):
        return type(value)(scrub(v) for v in value)
    return value


class StreamFailed(Exception):
    """Standard output or error could not take what was written (disk full, I/O error); not a broken pipe."""

    def __init__(self, stream: str, error: OSError):
        super().__init__(stream, error)
        self.stream = stream  # "stdout" or "stderr"
        self.error = error


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a rendered text (or a line) with its unsafe characters shown.

    A closed pipe stays a BrokenPipeError; any other failure to write is a StreamFailed, so the
    command line can tell it from an OSError of its own work."""
    import click

    try:
        click.echo(block(text), err=err, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StreamFailed("stderr" if err else "stdout", exc) from exc
