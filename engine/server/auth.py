"""Who is asking: a session cookie (pages) or a personal API token (programs), and what they may do.

- no valid cookie or token: 401;
- a request that changes something with a cookie must carry the session's CSRF token, as the
  header X-CSRF-Token or the form field csrf_token (403 without it); a token request needs none,
  a browser never sends an Authorization header on its own;
- a lezer may read but not write (403).

The account, its role and gemeente are read again on every request (never kept in the session or
token row), so a lower role holds at once for every session and token of that account.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from .accounts import Account, by_cookie, by_token, same
from .problems import problem

COOKIE = "sw_sessie"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE = ("GET", "HEAD", "OPTIONS")


class Refused(Exception):
    """Stops a request with a ready answer (a problem details response)."""

    def __init__(self, response: Response):
        super().__init__(response.status_code)
        self.response = response


def still_signed_in(request: Request, session: Session) -> Account | None:
    """The account of the request's token (Authorization: Bearer) or else its session cookie, read in
    `session`; None when neither is valid (any more)."""
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(COOKIE)
    if header.lower().startswith("bearer "):
        return by_token(session, header[7:].strip())
    if cookie:
        return by_cookie(session, cookie)
    return None


def unauthenticated() -> Response:
    return problem(401, "log in (POST /api/sessie) of stuur een API-token mee (Authorization: Bearer …)",
                   headers={"WWW-Authenticate": 'Bearer realm="samenwerkwijzer"'})


def authenticated(request: Request) -> Account:
    found: Account | None = None
    if request.headers.get("authorization", "").lower().startswith("bearer ") or request.cookies.get(COOKIE):
        with request.app.state.server.db.read() as session:
            found = still_signed_in(request, session)
    if found is None:
        raise Refused(unauthenticated())
    return found


async def checked(request: Request, who: Annotated[Account, Depends(authenticated)]) -> Account:
    """The account, with the CSRF token checked for a cookie request that changes something."""
    if who.csrf is not None and request.method not in SAFE:
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not given or not same(given, who.csrf):
            raise Refused(problem(403, "het CSRF-token ontbreekt of klopt niet; stuur het mee als kop X-CSRF-Token "
                                       "of als formulierveld csrf_token"))
    return who


def writer(who: Annotated[Account, Depends(checked)]) -> Account:
    if not who.may_write:
        raise Refused(problem(403, f"de rol '{who.rol}' mag alleen lezen; vraag een beheerder om de rol adviseur"))
    return who


Reader = Annotated[Account, Depends(checked)]
Writer = Annotated[Account, Depends(writer)]
