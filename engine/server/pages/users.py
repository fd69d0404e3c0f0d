"""/beheer/gebruikers: a beheerder sees the accounts of the gemeente, adds one, changes a role,
gives a new password to one who forgot it (every session of that account ends and every API token
is revoked; accounts.set_password), and sees how many API tokens each account has working and
revokes them all (accounts.revoke_tokens; the sessions stay).

Only a beheerder may open these pages (others get 403). Every account belongs to the beheerder's
own gemeente; an account of another gemeente is not found (404). The checks on a new account
(name free, role known, password long enough) are those of `samenwerkwijzer gebruiker toevoegen`
(accounts.add_user).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from ...errors import InputError
from .. import accounts
from ..accounts import Account
from ..auth import COOKIE, Refused
from ..problems import problem
from ..state import server_of
from ..tables import ROLES
from .session import PageUser, form_of
from .templating import render

router = APIRouter(prefix="/beheer/gebruikers")
ROLE_TEXT = {"beheerder": "beheerder: beheert de gebruikers en werkt met de initiatieven",
             "adviseur": "adviseur: maakt en wijzigt initiatieven",
             "lezer": "lezer: kan alles lezen, niets wijzigen"}
FIELDS = {"--naam": "naam", "naam": "naam", "--rol": "rol", "rol": "rol", "wachtwoord": "wachtwoord"}
UserId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def beheerder(who: Account) -> Account:
    if who.rol != "beheerder":
        raise Refused(problem(403, "alleen een beheerder van de gemeente kan de gebruikers beheren"))
    return who


def _page(request: Request, who: Account, *, status: int = 200, fouten: dict[str, list[str]] | None = None,
          gedaan: tuple[str, str, str, str] = ("", "", "", ""), ingetrokken: int = 0, naam: str = "",
          rol: str = "adviseur", voor: int | None = None) -> Response:
    """`gedaan`: the account just added, given a role, given a password, or whose tokens were revoked
    (a message is shown only for an account of the list); `ingetrokken`: how many tokens that revoked."""
    with server_of(request).db.read() as session:
        active = accounts.active_tokens(session, who.gemeente_id)
        users = [(u.id, u.naam, u.rol, active.get(u.id, 0)) for u in accounts.users_of(session, who.gemeente_id)]
    roles = {n: r for _i, n, r, _t in users}
    added, changed, renewed, revoked = gedaan
    tokens = _sentence(accounts.revoked_text(ingetrokken))
    melding = (f"{added} is toegevoegd als {roles[added]}." if added in roles
               else f"{changed} heeft nu de rol {roles[changed]}." if changed in roles
               else ("U heeft een nieuw wachtwoord. U blijft hier ingelogd. Op andere computers en in andere browsers "
                     "bent u uitgelogd. " + tokens if renewed == who.naam
                     else f"{renewed} heeft een nieuw wachtwoord. Geef het op een veilige manier door. {renewed} is "
                     "overal uitgelogd en logt in met het nieuwe wachtwoord. " + tokens)
               if renewed in roles
               else _revoked_message(revoked, ingetrokken) if revoked in roles else "")
    return render(request, "gebruikers.html", who, title="Gebruikers", status=status, gebruikers=users, rollen=ROLES,
                  rol_uitleg=ROLE_TEXT, fouten=fouten or {}, melding=melding, naam=naam, rol=rol, voor=voor)


def _revoked_message(naam: str, count: int) -> str:
    if count == 0:
        return f"{naam} had geen API-tokens om in te trekken."
    return f"1 API-token van {naam} is ingetrokken." if count == 1 else f"{count} API-tokens van {naam} zijn ingetrokken."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


Name = Annotated[str, Query(max_length=200)]
Count = Annotated[int, Query(ge=0, le=2_147_483_647)]


@router.get("")
def users_page(request: Request, who: PageUser, toegevoegd: Name = "", gewijzigd: Name = "",
               wachtwoord: Name = "", tokens: Name = "", ingetrokken: Count = 0) -> Response:
    """The list; after a change, `toegevoegd`, `gewijzigd`, `wachtwoord` or `tokens` names the account (shown
    only when it is one of the list), and `ingetrokken` says how many of its tokens were revoked."""
    return _page(request, beheerder(who), gedaan=(toegevoegd, gewijzigd, wachtwoord, tokens), ingetrokken=ingetrokken)


@router.post("")
async def add_user(request: Request, who: PageUser) -> Response:
    beheerder(who)
    form = await form_of(request, who)
    naam, rol, wachtwoord = (str(form.get(k) or "") for k in ("naam", "rol", "wachtwoord"))
    server = server_of(request)

    def add() -> None:  # in a thread: hashing outside the event loop, and before the write lock
        hashed = accounts.password_hash(wachtwoord)
        with server.db.write() as session:
            accounts.add_user(session, who.gemeente, naam.strip(), rol, wachtwoord, hashed)

    try:
        await run_in_threadpool(add)
    except InputError as exc:
        fouten: dict[str, list[str]] = {}
        for p in exc.problems:
            text = _sentence(p.message) + (f" {p.advice_sentence()}" if p.advice() else "")
            fouten.setdefault(FIELDS.get(p.field or "", "naam"), []).append(text)
        return _page(request, who, status=400, fouten=fouten, naam=naam, rol=rol if rol in ROLES else "adviseur")
    return RedirectResponse(f"/beheer/gebruikers?toegevoegd={quote(naam.strip())}", status_code=303)


@router.post("/{user_id}/rol")
async def change_role(request: Request, user_id: UserId, who: PageUser) -> Response:
    beheerder(who)
    form = await form_of(request, who)
    rol = str(form.get("rol") or "")
    try:
        with server_of(request).db.write() as session:
            user = accounts.set_role(session, who.gemeente_id, user_id, rol)
            naam = user.naam if user else ""
    except InputError as exc:
        return _page(request, who, status=400, fouten={"lijst": [_sentence(p.message) for p in exc.problems]})
    if user is None:
        raise Refused(problem(404, f"uw gemeente heeft geen gebruiker {user_id}"))
    return RedirectResponse(f"/beheer/gebruikers?gewijzigd={quote(naam)}", status_code=303)


@router.post("/wachtwoord")
async def new_password(request: Request, who: PageUser) -> Response:
    """A new password for the account chosen in the form's list (`gebruiker`: its number)."""
    beheerder(who)
    form = await form_of(request, who)
    chosen, wachtwoord = str(form.get("gebruiker") or ""), str(form.get("wachtwoord") or "")
    user_id = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) <= 10 else 0
    server = server_of(request)
    keep = request.cookies.get(COOKIE)

    def renew() -> tuple[str, int] | None:  # in a thread: hashing outside the event loop, and before the write lock
        hashed = accounts.password_hash(wachtwoord)
        with server.db.write() as session:
            user = accounts.user_of(session, who.gemeente_id, user_id)
            if user is None:
                return None
            # a beheerder who renews the own password keeps this session; the tokens go, the own ones too
            revoked = accounts.set_password(session, user, wachtwoord, keep=keep if user.id == who.id else None,
                                            hashed=hashed)
            return user.naam, revoked

    try:
        done = await run_in_threadpool(renew) if user_id else None
    except InputError as exc:
        return _page(request, who, status=400, fouten={"nieuw-wachtwoord": [_sentence(p.message) for p in exc.problems]},
                     voor=user_id)
    if done is None:
        return _page(request, who, status=400, fouten={"gebruiker": ["Kies een gebruiker uit de lijst."]})
    return RedirectResponse(f"/beheer/gebruikers?wachtwoord={quote(done[0])}&ingetrokken={done[1]}", status_code=303)


@router.post("/{user_id}/tokens")
async def revoke_tokens(request: Request, user_id: UserId, who: PageUser) -> Response:
    """Revoke every API token of an account of the gemeente (its sessions stay): for a token that may be
    in the wrong hands, or one nobody uses any more."""
    beheerder(who)
    await form_of(request, who)
    with server_of(request).db.write() as session:
        user = accounts.user_of(session, who.gemeente_id, user_id)
        if user is None:
            raise Refused(problem(404, f"uw gemeente heeft geen gebruiker {user_id}"))
        naam, revoked = user.naam, accounts.revoke_tokens(session, user.id)
    return RedirectResponse(f"/beheer/gebruikers?tokens={quote(naam)}&ingetrokken={revoked}", status_code=303)
