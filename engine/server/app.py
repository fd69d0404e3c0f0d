"""The FastAPI app: stateless advice endpoints, sessions, tokens; dossiers are in dossier_routes.

`create_app(db)` builds the app around one Database and one Adviseur (built once, shared by every
request: it is thread-safe). `asgi(db)` wraps it in the request limits; that is what uvicorn runs.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ..advice.api import Adviseur
from ..advice.consult import Consult
from ..advice.explain import explain
from ..errors import InputError, Problem, SamenwerkwijzerError
from ..render import formats
from ..source.dates import parse_day
from ..source.yamlsource import Document
from . import accounts
from .auth import COOKIE, Reader, Refused, checked
from .bodies import WrongMedia, document, envelope
from .database import Database
from .dossier_routes import router
from .limits import Limits
from .openapi import ERRORS, JSON_BODY, contract, json_answer
from .problems import from_input_error, problem
from .shapes import Inloggen, NieuwGemaaktToken, NieuwToken, Token, Vraag, Wie
from .state import Body, Server, server_of

SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas"
SECURE_ENV = "SAMENWERKWIJZER_SECURE_COOKIES"  # ja | nee | auto (default: Secure when the request came over https)


Day = Annotated[str | None, Query(description="Datum JJJJ-MM-DD waarop de regels gelden; standaard vandaag.",
                                  max_length=10)]


def consult(server: Server, raw: bytes, content_type: str, peildatum: str | None) -> Consult:
    """One consultation from a facts body, checked as the command line checks a facts file."""
    day = parse_day(peildatum) if peildatum is not None else None
    doc = document(raw, content_type)
    return server.adviseur.raadpleeg(server.adviseur.check_facts(doc), day)


def create_app(db: Database, adviseur: Adviseur | None = None, secure: str | None = None) -> FastAPI:
    app = FastAPI(title="samenwerkwijzer", version=accounts_version(),
                  description="Advies voor de samenwerking tussen gemeente en bewonersinitiatief in de warmtetransitie, "
                              "en dossiers met hun geschiedenis. Fouten zijn probleemdetails (RFC 9457).",
                  docs_url=None, redoc_url=None)
    app.state.server = Server(db=db, adviseur=adviseur or Adviseur(), secure=secure or os.environ.get(SECURE_ENV, "auto"))
    _handlers(app)
    _stateless(app)
    _sessions(app)
    app.include_router(router)
    app.openapi = lambda: contract(app)  # type: ignore[method-assign]
    return app


def asgi(db: Database, adviseur: Adviseur | None = None, secure: str | None = None) -> Limits:
    return Limits(create_app(db, adviseur, secure))


def accounts_version() -> str:
    from ..version import VERSION

    return VERSION


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(Refused)
    async def refused(_request: Request, exc: Refused) -> Response:
        return exc.response

    @app.exception_handler(InputError)
    async def bad_input(_request: Request, exc: InputError) -> Response:
        return from_input_error(exc)

    @app.exception_handler(WrongMedia)
    async def wrong_media(_request: Request, exc: WrongMedia) -> Response:
        return problem(415, f"stuur de inhoud als JSON (Content-Type: application/json), niet als {exc}")

    @app.exception_handler(SamenwerkwijzerError)
    async def engine_fault(_request: Request, exc: SamenwerkwijzerError) -> Response:
        return problem(500, exc.format())

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> Response:
        found = [Problem(_parameter_message(err), field=str(err["loc"][-1])) for err in exc.errors()]
        return from_input_error(InputError(found))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        detail = {404: "deze pagina of dit adres bestaat niet", 405: "deze methode kan hier niet"}.get(exc.status_code,
                                                                                                     str(exc.detail))
        return problem(exc.status_code, detail, headers=exc.headers)


def _parameter_message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "dit veld ontbreekt"
    if kind.startswith("int"):
        return "verwacht een geheel getal"
    if kind == "string_too_long":
        return "te lang"
    ctx = err.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind in ("enum", "literal_error"):
        return "deze waarde kan niet"
    return "ongeldige waarde"


def _stateless(app: FastAPI) -> None:
    @app.post("/api/advies", tags=["advies"], summary="Advies voor één initiatief",
              description="Stuur de feiten (zoals in een feitenbestand, als JSON) en krijg het advies als JSON, precies "
                          "zoals `samenwerkwijzer advies FEITEN --formaat json` het geeft. Er wordt niets opgeslagen.",
              responses={200: json_answer("Het advies.", "Advies"), **ERRORS}, openapi_extra=JSON_BODY("Feiten"))
    def advies(request: Request, raw: Body, peildatum: Day = None) -> Response:
        found = consult(server_of(request), raw, request.headers.get("content-type", ""), peildatum)
        return Response(formats.render(found, "json"), media_type="application/json")

    @app.post("/api/vragen", tags=["advies"], summary="De vragen die er voor dit initiatief toe doen",
              description="De onbekende feiten die het advies zouden veranderen, belangrijkste eerst, met per antwoord "
                          "wat het verandert.",
              responses={200: json_answer("De vragen.", "Vragen"), **ERRORS}, openapi_extra=JSON_BODY("Feiten"))
    def vragen(request: Request, raw: Body, peildatum: Day = None) -> Response:
        found = consult(server_of(request), raw, request.headers.get("content-type", ""), peildatum)
        shaped = [Vraag(feit=q.feit, vraag=q.vraag, uitleg=q.uitleg,
                        antwoorden=[a.model_dump(mode="json") for a in q.antwoorden]).model_dump(mode="json")
                  for q in found.open_questions]
        return Response(json.dumps(shaped, ensure_ascii=False, indent=2) + "\n", media_type="application/json")

    @app.post("/api/uitleg", tags=["advies"], summary="Hoe het advies tot iets kwam, of waarom niet",
              description="Stuur de feiten en noem in `id` een activiteit, partner, risico, tip, vorm, feit of regel. "
                          "Het antwoord is wat `samenwerkwijzer uitleg FEITEN ID --formaat json` geeft.",
              responses={200: json_answer("De uitleg.", None), **ERRORS}, openapi_extra=JSON_BODY("Feiten"))
    def uitleg(request: Request, raw: Body,
               id: Annotated[str, Query(description="De id van wat uitgelegd moet worden.", max_length=200)],
               peildatum: Day = None) -> Response:
        server = server_of(request)
        found = consult(server, raw, request.headers.get("content-type", ""), peildatum)
        data = explain(server.adviseur, found, id).model_dump(mode="json")
        return Response(json.dumps(data, ensure_ascii=False, indent=2) + "\n", media_type="application/json")

    @app.get("/api/schema/{soort}", tags=["advies"], summary="JSON Schema van de feiten of van het advies",
             description="Het gepubliceerde JSON Schema: `feiten` (de invoer) of `advies` (het antwoord).",
             responses={200: {"description": "Het schema.", "content": {"application/schema+json": {"schema": {}}}},
                        **ERRORS})
    def schema(soort: Annotated[str, Path(pattern="^(feiten|advies)$", description="feiten of advies")]) -> Response:
        text = (SCHEMAS / f"{soort}.schema.json").read_text(encoding="utf-8")
        return Response(text, media_type="application/schema+json")

    @app.get("/api/kennisbank", tags=["advies"], summary="De kennisbank",
             description="Fasen, sporen, activiteiten, doelen, partners, vormen en risico's, zoals "
                         "`samenwerkwijzer kennisbank --formaat json` ze geeft.",
             responses={200: json_answer("De kennisbank.", None), **ERRORS})
    def kennisbank(request: Request) -> Response:
        data = server_of(request).adviseur.kb.to_json()
        return Response(json.dumps(data, ensure_ascii=False, indent=2) + "\n", media_type="application/json")


def _secure(server: Server, request: Request) -> bool:
    if server.secure in ("ja", "nee"):
        return server.secure == "ja"
    return request.url.scheme == "https"


def _sessions(app: FastAPI) -> None:
    @app.post("/api/sessie", tags=["account"], summary="Inloggen",
              description="Met naam en wachtwoord (JSON of formulier). Zet een sessiecookie en geeft het CSRF-token. "
                          "Na drie mislukte pogingen moet u steeds langer wachten (429).",
              response_model=Wie, responses=ERRORS, openapi_extra=JSON_BODY("Inloggen"))
    async def login(request: Request, raw: Body) -> Response:
        form = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        if form:
            fields = await request.form()
            data = {k: v for k, v in fields.items() if k != "csrf_token"}
            given = envelope(Document(data=data, source="<formulier>"), Inloggen)
        else:
            given = envelope(document(raw, request.headers.get("content-type", "")), Inloggen)
        server = server_of(request)
        address = request.client.host if request.client else "onbekend"
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_login, server, request, given, address)

    @app.get("/api/sessie", tags=["account"], summary="Wie bent u", response_model=Wie, responses=ERRORS,
             description="De ingelogde gebruiker, en bij een cookie het CSRF-token voor formulieren.")
    def whoami(who: Reader) -> Wie:
        return Wie(naam=who.naam, rol=who.rol, gemeente=who.gemeente, csrf_token=who.csrf)

    @app.delete("/api/sessie", tags=["account"], summary="Uitloggen", status_code=204, responses=ERRORS,
                description="Beëindigt de sessie van dit cookie op elke server.")
    def logout(request: Request, _who: Reader) -> Response:
        cookie = request.cookies.get(COOKIE)
        if cookie:
            with server_of(request).db.write() as session:
                accounts.close_session(session, cookie)
        response = Response(status_code=204)
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.post("/api/tokens", tags=["account"], summary="Een persoonlijk API-token maken", status_code=201,
              description="Voor een koppeling: stuur het token mee als `Authorization: Bearer …`. Het token is maar "
                          "één keer te zien; de server bewaart alleen een hash.",
              response_model=NieuwGemaaktToken, responses=ERRORS, openapi_extra=JSON_BODY("NieuwToken"))
    def make_token(request: Request, raw: Body, who: Reader) -> NieuwGemaaktToken:
        given = envelope(document(raw, request.headers.get("content-type", "")), NieuwToken)
        with server_of(request).db.write() as session:
            row, token = accounts.new_token(session, who.id, given.naam)
            return NieuwGemaaktToken(id=row.id, naam=row.naam, aangemaakt=accounts.utc(row.aangemaakt), token=token)

    @app.get("/api/tokens", tags=["account"], summary="Uw API-tokens", response_model=list[Token], responses=ERRORS,
             description="Uw tokens (zonder het token zelf), ook de ingetrokken.")
    def tokens(request: Request, who: Reader) -> list[Token]:
        from sqlalchemy import select

        from .tables import ApiToken

        with server_of(request).db.read() as session:
            rows = session.scalars(select(ApiToken).where(ApiToken.gebruiker_id == who.id).order_by(ApiToken.id)).all()
            return [Token(id=r.id, naam=r.naam, aangemaakt=accounts.utc(r.aangemaakt),
                          ingetrokken=accounts.utc(r.ingetrokken) if r.ingetrokken else None) for r in rows]

    @app.delete("/api/tokens/{token_id}", tags=["account"], summary="Een API-token intrekken", status_code=204,
                responses=ERRORS, description="Het token werkt daarna niet meer, op elke server.")
    def revoke(request: Request, token_id: Annotated[int, Path(ge=1, le=2_147_483_647, description="Nummer van het token.")], who: Reader) -> Response:
        from sqlalchemy import select

        from .tables import ApiToken

        with server_of(request).db.write() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.gebruiker_id == who.id))
            if row is None:
                raise Refused(problem(404, f"u hebt geen token {token_id}"))
            if row.ingetrokken is None:
                row.ingetrokken = accounts.now()
        return Response(status_code=204)


def _login(server: Server, request: Request, given: Inloggen, address: str) -> Response:
    with server.db.write() as session:
        wait = accounts.wait_left(session, given.naam, address)
        if wait:
            return problem(429, f"te veel mislukte pogingen; probeer het over {wait} seconden opnieuw",
                           headers={"Retry-After": str(wait)})
        user = accounts.check_password(session, given.naam, given.wachtwoord, address)
        if user is None:
            failed = problem(401, "naam of wachtwoord klopt niet")
        else:
            cookie, csrf = accounts.open_session(session, user)
            from .tables import Gemeente

            place = session.get(Gemeente, user.gemeente_id)
            assert place is not None
            who = Wie(naam=user.naam, rol=user.rol, gemeente=place.naam, csrf_token=csrf)
    if user is None:
        return failed  # the failure is committed: the count survives the answer
    response = Response(who.model_dump_json(indent=2) + "\n", media_type="application/json")
    response.set_cookie(COOKIE, cookie, max_age=accounts.SESSION_DAYS * 86400, path="/", httponly=True, samesite="lax",
                        secure=_secure(server, request))
    return response


__all__ = ["Server", "asgi", "checked", "create_app"]
