"""Errors for a person in a browser: a page in the site's layout instead of problem details JSON.

A request wants a page when it is not for /api/ and its Accept header names text/html.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .session import current
from .templating import render

TEXTS = {404: ("Pagina niet gevonden", "Deze pagina bestaat niet, of u mag haar niet zien."),
         405: ("Dat kan hier niet", "Deze pagina kan dit verzoek niet verwerken."),
         403: ("Niet toegestaan", "U mag dit niet doen met uw rol.")}


def wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int) -> Response:
    title, text = TEXTS.get(status, ("Er ging iets mis", "Probeer het later opnieuw."))
    return render(request, "fout.html", current(request), title=title, status=status, uitleg=text)
