"""/api/sessie (log in, who am I, log out) and /api/tokens (personal API tokens: make, list, revoke).

A beheerder revokes another account's tokens on the users page (pages/users.py), not here: the API has
no resource for the accounts of a gemeente, and one for this alone would not fit it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..source.yamlsource import Document
from . import accounts
from .auth import COOKIE, CSRF_FIELD, Reader, Refused, still_signed_in, unauthenticated
from .bodies import document, envelope
from .openapi import ERRORS, JSON_BODY
from .problems import problem
from .shapes import Inloggen, NieuwGemaaktToken, NieuwToken, Token, Wie
from .signin import NotSignedIn, address_of, set_session_cookie, sign_in
from .state import Body, Server, server_of

router = APIRouter(prefix="/api", tags=["account"], responses=ERRORS)
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Nummer van het token.")]


@router.post("/sessie", summary="Inloggen", response_model=Wie, openapi_extra=JSON_BODY("Inloggen"),
             description="Met naam en wachtwoord (JSON of formulier). Zet een sessiecookie en geeft het CSRF-token. "
                         "Na drie mislukte pogingen moet u steeds langer wachten (429).")
async def login(request: Request, raw: Body) -> Response:
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        fields = await request.form()
        data = {k: v for k, v in fields.items() if k != CSRF_FIELD}
        given = envelope(Document(data=data, source="<formulier>"), Inloggen)
    else:
        given = envelope(document(raw, kind), Inloggen)
    return await run_in_threadpool(_login, server_of(request), request, given, address_of(request))


def _login(server: Server, request: Request, given: Inloggen, address: str) -> Response:
    found = sign_in(server, given.naam, given.wachtwoord, address)
    if isinstance(found, NotSignedIn):
        return problem(found.status, found.message, headers={"Retry-After": str(found.wait)} if found.wait else None)
    who = Wie(naam=found.naam, rol=found.rol, gemeente=found.gemeente, csrf_token=found.csrf)
    response = Response(who.model_dump_json(indent=2) + "\n", media_type="application/json")
    set_session_cookie(response, server, request, found.cookie)
    return response


@router.get("/sessie", summary="Wie bent u", response_model=Wie,
            description="De ingelogde gebruiker, en bij een cookie het CSRF-token voor formulieren.")
def whoami(who: Reader) -> Wie:
    return Wie(naam=who.naam, rol=who.rol, gemeente=who.gemeente, csrf_token=who.csrf)


@router.delete("/sessie", summary="Uitloggen", status_code=204,
               description="Beëindigt de sessie van dit cookie, voor elk serverproces.")
def logout(request: Request, _who: Reader) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        with server_of(request).db.write() as session:
            accounts.close_session(session, cookie)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/tokens", summary="Een persoonlijk API-token maken", status_code=201, response_model=NieuwGemaaktToken,
             openapi_extra=JSON_BODY("NieuwToken"),
             description="Voor een koppeling: stuur het token mee als `Authorization: Bearer …`. Het token is maar "
                         "één keer te zien; de server bewaart alleen een hash.")
def make_token(request: Request, raw: Body, who: Reader) -> NieuwGemaaktToken:
    given = envelope(document(raw, request.headers.get("content-type", "")), NieuwToken)
    with server_of(request).db.write() as session:
        # the session or token was checked before this write: a password reset that ended it meanwhile
        # wins, or the new token would outlive the reset (accounts.lock_user)
        accounts.lock_user(session, who.id)
        if still_signed_in(request, session) is None:
            raise Refused(unauthenticated())
        row, token = accounts.new_token(session, who.id, given.naam)
        return NieuwGemaaktToken(id=row.id, naam=row.naam, aangemaakt=accounts.utc(row.aangemaakt), token=token)


@router.get("/tokens", summary="Uw API-tokens", response_model=list[Token],
            description="Uw tokens (zonder het token zelf), ook de ingetrokken. Een nieuw wachtwoord trekt al uw "
                        "tokens in; een beheerder van uw gemeente kan dat ook (pagina Gebruikers).")
def tokens(request: Request, who: Reader) -> list[Token]:
    with server_of(request).db.read() as session:
        return [Token(id=r.id, naam=r.naam, aangemaakt=accounts.utc(r.aangemaakt),
                      ingetrokken=accounts.utc(r.ingetrokken) if r.ingetrokken else None)
                for r in accounts.tokens_of(session, who.id)]


@router.delete("/tokens/{token_id}", summary="Een API-token intrekken", status_code=204,
               description="Het token werkt daarna niet meer, voor elk serverproces.")
def revoke(request: Request, token_id: TokenId, who: Reader) -> Response:
    with server_of(request).db.write() as session:
        if not accounts.revoke_token(session, who.id, token_id):
            raise Refused(problem(404, f"u hebt geen token {token_id}"))
    return Response(status_code=204)
