"""The output formats by name: the CLI reads its `--formaat` choices from here.

Each entry names the module and function that turns a consultation record (engine/consult.py)
into text. Modules are imported only when a format is used, so reading the choices (for
`--help`) imports nothing heavy. A new format: one module with the function, one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..terminal import block

if TYPE_CHECKING:
    from ..advice.consult import Consult
    from ..model.draft import Concept

AUDIENCES = ("gemeente", "initiatief")  # --voor: who reads the advice (engine/render/reading.py)


Renderer = Callable[["Consult"], str]
AdviceRenderer = Callable[["Consult", str, bool], str]  # (consult, voor, verantwoording)

ADVICE = {"tekst": ("text", "to_text"), "markdown": ("text", "to_markdown"), "json": ("advicejson", "to_json"),
          "html": ("report", "to_html")}
PLAN = {"mermaid": ("export", "to_mermaid"), "dot": ("export", "to_dot"), "json": ("export", "to_graph_json")}
# draft agreements (engine/advice/draft.py): the kinds, and the formats a Concept is written in
DRAFT_KINDS = ("intentie", "sok", "uitvoeringsplan")  # = engine.model.draft.SOORTEN, without importing pydantic here
DRAFT = {"markdown": ("draft_md", "to_markdown"), "docx": ("draft_docx", "to_docx")}
BINARY = frozenset({"docx"})


def renderer(table: dict[str, tuple[str, str]], name: str) -> Renderer:
    module, function = table[name]
    found: Renderer = getattr(import_module(f"{__package__}.{module}"), function)
    return found


def render(consult: Consult, formaat: str, voor: str = "gemeente", verantwoording: bool = False) -> str:
    """The advice of `consult` in `formaat` (one of ADVICE) for `voor` (one of AUDIENCES), control characters
    shown (engine/terminal.py). `verantwoording` adds the rule ids, facts and sources to tekst and markdown;
    html always has them, folded; json always has everything."""
    if voor not in AUDIENCES:
        raise ValueError(f"onbekende lezer {voor!r}; kies uit {', '.join(AUDIENCES)}")
    module, function = ADVICE[formaat]
    found: AdviceRenderer = getattr(import_module(f"{__package__}.{module}"), function)
    return block(found(consult, voor, verantwoording))


def export(consult: Consult, formaat: str) -> str:
    """The plan graph of `consult` in `formaat` (one of PLAN), control characters shown, JSON strings included."""
    return block(renderer(PLAN, formaat)(consult))


def draft_file(concept: Concept, formaat: str) -> str | bytes:
    """The draft agreement in `formaat` (one of DRAFT): text for markdown, bytes for docx."""
    module, function = DRAFT[formaat]
    writer: Callable[[Concept], str | bytes] = getattr(import_module(f"{__package__}.{module}"), function)
    written = writer(concept)
    return block(written) if isinstance(written, str) else written
