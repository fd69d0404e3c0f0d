"""Logging in, shared by the API (/api/sessie) and the login page: the backoff, the password check,
the new server-side session and its cookie."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from . import accounts
from .auth import COOKIE
from .state import Server
from .tables import Gemeente


@dataclass(frozen=True)
class SignedIn:
    naam: str
    rol: str
    gemeente: str
    cookie: str
    csrf: str


@dataclass(frozen=True)
class NotSignedIn:
    status: int  # 401 wrong name or password, 429 wait first
    message: str
    wait: int = 0


def sign_in(server: Server, naam: str, wachtwoord: str, address: str) -> SignedIn | NotSignedIn:
    naam = naam.strip()  # as a name is stored (accounts.add_user)
    if not naam or len(naam) > accounts.NAME_MAX or any(c < " " for c in naam) or "\x00" in wachtwoord:
        return NotSignedIn(401, "naam of wachtwoord klopt niet")  # no such account can exist; nothing to count
    with server.db.read() as session:
        wait = accounts.wait_left(session, naam, address)
        user = accounts.user_named(session, naam)
    if wait:
        return NotSignedIn(429, f"te veel mislukte pogingen; probeer het over {wait} seconden opnieuw", wait)
    if user is None or not accounts.password_matches(user, wachtwoord):
        with server.db.write() as session:
            accounts.count_failure(session, naam, address)
        return NotSignedIn(401, "naam of wachtwoord klopt niet")
    checked = user.wachtwoord
    with server.db.write() as session:
        # the password was checked outside any transaction: a reset that landed meanwhile wins, or a
        # session would be opened with the old password after the reset ended all the others
        user = accounts.lock_user(session, user.id)
        if user is None or user.wachtwoord != checked:
            return NotSignedIn(401, "naam of wachtwoord klopt niet")
        accounts.forget_failures(session, naam, address)
        cookie, csrf = accounts.open_session(session, user)
        place = session.get(Gemeente, user.gemeente_id)
        assert place is not None  # a foreign key
        return SignedIn(naam=user.naam, rol=user.rol, gemeente=place.naam, cookie=cookie, csrf=csrf)


def secure(server: Server, request: Request) -> bool:
    """Secure cookies as configured, or (auto) when the request came over https (also behind a proxy)."""
    if server.secure in ("ja", "nee"):
        return server.secure == "ja"
    return request.url.scheme == "https"


def set_session_cookie(response: Response, server: Server, request: Request, cookie: str) -> None:
    response.set_cookie(COOKIE, cookie, max_age=accounts.SESSION_DAYS * 86400, path="/", httponly=True, samesite="lax",
                        secure=secure(server, request))


def address_of(request: Request) -> str:
    return request.client.host if request.client else "onbekend"
