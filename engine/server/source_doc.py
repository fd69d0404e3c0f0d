"""Facts held as plain data (a stored version, a web form) as the Document a facts check reads."""

from __future__ import annotations

from typing import Any

from ..source.yamlsource import Document

SOURCE = "<formulier>"


def facts_document(feiten: dict[str, Any]) -> Document:
    return Document(data=feiten, source=SOURCE)
