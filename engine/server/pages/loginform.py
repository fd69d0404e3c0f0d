"""The login form as a page: also shown straight away for a form posted after its session ended, carrying
that form's fields (pages/keep.py), so both the login page and `session.signed_in` build it here.

The login form has no session yet, so it carries its own CSRF token: a random value in a short-lived
cookie that the form must echo (double submit).
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from ..signin import secure
from ..state import server_of
from . import keep
from .templating import render

LOGIN_COOKIE = "sw_inlogformulier"


def safe_target(target: str | None) -> str:
    """Only a path on this site (no other host, no scheme): where to go after logging in.

    No control character either: a browser drops a tab or line break from an address, and
    '/<tab>/elders.example' becomes '//elders.example', another site."""
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(c < " " or c == "\x7f" for c in target)):
        return "/"
    return target


def login_form_page(request: Request, terug: str | None, fout: str | None, status: int, naam: str = "",
                    mee: list[tuple[str, str]] | None = None, geheim: list[str] | None = None) -> Response:
    """The login page; `mee` and `geheim`: the fields of a form to send again after logging in."""
    token = secrets.token_urlsafe(24)
    response = render(request, "inloggen.html", None, title="Inloggen", status=status, terug=safe_target(terug),
                      fout=fout, naam=naam, formulier=token, mee=mee or [], geheim=geheim or [], prefix=keep.PREFIX)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/inloggen", httponly=True, samesite="strict",
                        secure=secure(server_of(request), request))
    return response


# why the session ended, in the user's words: a session lasts accounts.SESSION_DAYS (7) days
KEPT_REASON = "U bent uitgelogd, bijvoorbeeld in een ander tabblad of omdat u al een week was ingelogd."


def login_keeping(request: Request, target: str, fields: list[tuple[str, str]], secret: list[str]) -> Response:
    """The login form for a form posted after its session ended, carrying that form's fields."""
    return login_form_page(request, target, f"{KEPT_REASON} Wat u invulde, is nog niet bewaard. Het is ook niet weg. "
                                            "Log opnieuw in, dan kunt u het versturen.", 401,
                           mee=fields, geheim=secret)
