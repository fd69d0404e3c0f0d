"""Errors for a person in a browser: a page in the site's layout instead of problem details JSON.

A request wants a page when it is not for /api/ and its Accept header names text/html.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from .session import current
from .templating import render

CANNOT = ("Dat kan niet", "Een waarde in het adres of in het formulier kan niet. Ga terug en probeer het opnieuw.")
TEXTS = {400: CANNOT, 422: CANNOT,
         404: ("Pagina niet gevonden", "Deze pagina bestaat niet, of u mag haar niet zien."),
         405: ("Dat kan hier niet", "Deze pagina kan dit verzoek niet verwerken."),
         403: ("Niet toegestaan", "U mag dit niet doen met uw rol. Hebt u een andere rol nodig? Vraag het de beheerder "
                                  "van samenwerkwijzer in uw gemeente.")}


def wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    """The page for `status`; `detail` (the problem's own words) replaces the general text when given."""
    title, text = TEXTS.get(status, ("Er ging iets mis", "Probeer het later opnieuw."))
    if detail:
        text = detail[:1].upper() + detail[1:] + ("" if detail.endswith(".") else ".")
    return render(request, "fout.html", current(request), title=title, status=status, uitleg=text)


def problem_page(request: Request, response: Response) -> Response:
    """A refusal (problem details) as a page when a browser asked for one; anything else unchanged."""
    if response.status_code not in TEXTS or not wants_page(request) or response.media_type == "text/html":
        return response  # a page already (the 404 page, a form kept after its session ended) stays as it is
    try:
        detail = json.loads(bytes(response.body)).get("detail")
    except (ValueError, AttributeError):
        detail = None
    return error_page(request, response.status_code, detail if isinstance(detail, str) else None)
