"""Validate a parsed document against a pydantic model; every error becomes a Dutch Problem.

Each problem names the file, line, field, what is allowed and, for typos, a best guess
(engine/source/translate.py, loaded only when a document is refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from .yamlsource import Document

M = TypeVar("M", bound=BaseModel)


def load_valid(paths: Iterable[Any], model: type[M], problems: list[Problem], *,
               compact: bool = False) -> list[tuple[Document, M]]:
    """Load and validate each file; the problems of every file go to `problems`, the good ones are returned
    (with `compact`, positions are not kept while reading, and each good document lets go of its data once
    validated; both come back from the text when a message needs them: `Document.compact`)."""
    from .yamlsource import load

    out: list[tuple[Document, M]] = []
    for path in paths:
        try:
            doc = load(str(path), regular_only=True, positions=not compact)
            out.append((doc, validate(doc, model)))
            if compact:
                doc.compact()
        except InputError as exc:
            problems.extend(exc.problems)
    return out


def validate(doc: Document, model: type[M], *, context: dict[str, Any] | None = None) -> M:
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        from .translate import translate

        raise InputError(translate(exc, doc, model)) from None


