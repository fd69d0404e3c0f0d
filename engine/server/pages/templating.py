"""One Jinja2 environment for every page, and `render`, which fills a page for the person asking."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ...advice.draftwords import dutch_date
from ...terminal import UNSAFE, prose
from ..accounts import Account

HERE = pathlib.Path(__file__).resolve().parent
STATIC = HERE / "static"


class Typed(str):
    """A value an edit field gives back as it was stored or typed (the `veldwaarde` filter): not escaped by `shown`."""


def shown(value: Any) -> Any:
    """What every `{{ ... }}` of a page writes (Jinja's finalize, before the HTML escape): a text with its control
    characters and direction marks shown as escapes (`\\u202e`), as the terminal shows them (terminal.prose). A
    right-to-left override in an initiative's name would otherwise turn the rest of a title or heading around.
    Markup (a report the renderers escaped themselves) and the value of an edit field (`Typed`) pass as they are."""
    if type(value) is str:  # most values: one scan, and no copy when nothing is unsafe
        return value if UNSAFE.search(value) is None else prose(value)
    if isinstance(value, str) and not isinstance(value, Markup | Typed):
        return prose(value)
    return value


def _typed(value: Any) -> Typed:
    """The value of an edit field, kept as stored: saving the form unchanged must not change the text. It is still
    HTML-escaped; a browser shows it only inside the field, where it cannot turn the page around."""
    return Typed(value)


ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=shown)


def _day(iso: str) -> str:
    """A stored date ('2026-12-02') as a reader writes it: '2 december 2026' (anything else as it is)."""
    try:
        return dutch_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


ENV.filters["dag"] = _day
ENV.filters["veldwaarde"] = _typed


def render(request: Request, template: str, who: Account | None, *, title: str, status: int = 200,
           **context: Any) -> HTMLResponse:
    """The page `template` with `title`; `who` fills the menu and the CSRF field of every form."""
    html = ENV.get_template(template).render(request=request, who=who, title=title,
                                             csrf=who.csrf if who is not None else "", **context)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
               "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                          "script-src 'self'; frame-ancestors 'none'; form-action 'self'"}
    return HTMLResponse(html, status_code=status, headers=headers)
