"""/beheer/gebruikers: a beheerder sees the accounts of the gemeente, adds one and changes a role.

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
from ..auth import Refused
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
          gedaan: tuple[str, str] = ("", ""), naam: str = "", rol: str = "adviseur") -> Response:
    with server_of(request).db.read() as session:
        users = [(u.id, u.naam, u.rol) for u in accounts.users_of(session, who.gemeente_id)]
    roles = {n: r for _i, n, r in users}
    added, changed = gedaan
    melding = (f"{added} is toegevoegd als {roles[added]}." if added in roles
               else f"{changed} heeft nu de rol {roles[changed]}." if changed in roles else "")
    return render(request, "gebruikers.html", who, title="Gebruikers", status=status, gebruikers=users, rollen=ROLES,
                  rol_uitleg=ROLE_TEXT, fouten=fouten or {}, melding=melding, naam=naam, rol=rol)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


Name = Annotated[str, Query(max_length=200)]


@router.get("")
def users_page(request: Request, who: PageUser, toegevoegd: Name = "", gewijzigd: Name = "") -> Response:
    """The list; after a change, `toegevoegd` or `gewijzigd` names the account (shown only when it is one of the list)."""
    return _page(request, beheerder(who), gedaan=(toegevoegd, gewijzigd))


@router.post("")
async def add_user(request: Request, who: PageUser) -> Response:
    beheerder(who)
    form = await form_of(request, who)
    naam, rol, wachtwoord = (str(form.get(k) or "") for k in ("naam", "rol", "wachtwoord"))
    server = server_of(request)

    def add() -> None:
        with server.db.write() as session:
            accounts.add_user(session, who.gemeente, naam.strip(), rol, wachtwoord)  # hashing: outside the event loop

    try:
        await run_in_threadpool(add)
    except InputError as exc:
        fouten: dict[str, list[str]] = {}
        for p in exc.problems:
            text = _sentence(p.message) + (f" Bedoelde u '{p.guess()}'?" if p.guess() else "")
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
