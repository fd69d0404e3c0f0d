"""Request bodies read the way the command line reads a facts file: the project's own YAML/JSON
reader (lines and columns kept) and its own validation, so an error names the same field, what
is allowed and a best guess as `samenwerkwijzer advies` does."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from ..errors import InputError, Problem
from ..source.validation import validate
from ..source.yamlsource import Document, parse

SOURCE = "<invoer>"
MEDIA = ("application/json", "application/yaml", "application/x-yaml", "text/yaml")
M = TypeVar("M", bound=BaseModel)


class WrongMedia(Exception):
    """The body is not JSON or YAML (415)."""


def document(raw: bytes, content_type: str) -> Document:
    """The body as a Document; InputError for text that is no JSON/YAML mapping."""
    media = content_type.split(";")[0].strip().lower()
    if media not in MEDIA and not media.endswith("+json"):
        raise WrongMedia(media or "(geen)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem("geen UTF-8-tekst", path=SOURCE, line=raw[: exc.start].count(b"\n") + 1)) from None
    if "\x00" in text:
        raise InputError(Problem("bevat een nul-teken", path=SOURCE, line=text[: text.index("\x00")].count("\n") + 1))
    if not text.strip():
        raise InputError(Problem("de inhoud van het verzoek is leeg; stuur de feiten als JSON", path=SOURCE))
    doc = parse(text, SOURCE)
    if not isinstance(doc.data, dict):
        kind = "lijst" if isinstance(doc.data, list) else "losse waarde"
        raise InputError(Problem(f"verwacht een JSON-object ({{\"naam\": …}}), geen {kind}", path=SOURCE, line=1))
    return doc


def part(doc: Document, key: str) -> Document:
    """The value under `key` as a document of its own, keeping the lines and columns of the whole body."""
    positions = {path[1:]: at for path, at in doc.positions.items() if path[:1] == (key,)}
    return Document(data=doc.data[key], source=doc.source, positions=positions, text=doc.text)


def envelope(doc: Document, model: type[M]) -> M:
    return validate(doc, model)
