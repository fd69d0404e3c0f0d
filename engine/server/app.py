"""The FastAPI app: the stateless advice endpoints and the error answers; accounts and dossiers
have their own routers (account_routes, dossier_routes).

`create_app(db)` builds the app around one Database and one Adviseur (built once, shared by every
request: it is thread-safe). `asgi(db)` wraps it in the request limits; that is what uvicorn runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from ..advice.api import Adviseur
from ..advice.compare import compare
from ..advice.consult import Consult
from ..advice.explain import explain
from ..errors import InputError, Problem, SamenwerkwijzerError
from ..render import formats
from ..render.comparetext import render_comparison
from ..render.intakescreen import questions_json
from ..source.dates import parse_day
from ..version import VERSION
from .account_routes import router as account_router
from .auth import Refused
from .bodies import WrongMedia, document, part
from .database import Database
from .dossier_routes import router
from .limits import Limits
from .openapi import ERRORS, JSON_BODY, contract, json_answer
from .pages import router as pages_router
from .pages.errorpage import TEXTS, error_page, problem_page, wants_page
from .pages.templating import STATIC
from .problems import from_input_error, problem
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


def create_app(db: Database, adviseur: Adviseur | None = None, secure: str | None = None, owns_db: bool = False
               ) -> FastAPI:
    """The app around `db`. With `owns_db` the app closes the database's connections when the server
    stops (a worker made it for itself); otherwise whoever made `db` closes it."""

    @contextlib.asynccontextmanager
    async def closing(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(title="samenwerkwijzer", version=VERSION, lifespan=closing if owns_db else None,
                  description="Advies voor de samenwerking tussen gemeente en bewonersinitiatief in de warmtetransitie, "
                              "en dossiers met hun geschiedenis. Fouten zijn probleemdetails (RFC 9457).",
                  docs_url=None, redoc_url=None)
    app.state.server = Server(db=db, adviseur=adviseur or Adviseur(), secure=secure or os.environ.get(SECURE_ENV, "auto"))
    _handlers(app)
    _stateless(app)
    app.include_router(account_router)
    app.include_router(router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = lambda: contract(app)  # type: ignore[method-assign]
    return app


def asgi(db: Database, adviseur: Adviseur | None = None, secure: str | None = None, owns_db: bool = False) -> Limits:
    return Limits(create_app(db, adviseur, secure, owns_db))


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return problem_page(request, exc.response)  # 403/404 for a browser: a page, not JSON

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
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        found = [Problem(_parameter_message(err), field=str(err["loc"][-1])) for err in exc.errors()]
        return problem_page(request, from_input_error(InputError(found)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in TEXTS and wants_page(request):
            return error_page(request, exc.status_code)
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
        return Response(questions_json(found.open_questions), media_type="application/json")

    @app.post("/api/vergelijk", tags=["advies"], summary="Twee adviezen vergelijken",
              description="Stuur `{\"a\": feiten, \"b\": feiten}` en krijg wat er verschilt: in de feiten en in het "
                          "advies, met bij elk verschil de feiten en regels die het maken. Het antwoord is wat "
                          "`samenwerkwijzer vergelijk A B --formaat json` geeft.",
              responses={200: json_answer("De verschillen.", None), **ERRORS}, openapi_extra=JSON_BODY("TweeFeiten"))
    def vergelijk(request: Request, raw: Body, peildatum: Day = None) -> Response:
        server = server_of(request)
        day = parse_day(peildatum) if peildatum is not None else None
        doc = document(raw, request.headers.get("content-type", ""))
        missing = [key for key in ("a", "b") if key not in doc.data]
        extra = sorted(str(key) for key in doc.data if key not in ("a", "b"))
        if missing or extra:
            found = [Problem("dit veld ontbreekt; stuur de feiten van beide adviezen", path="<invoer>", field=key)
                     for key in missing]
            found += [Problem("onbekend veld; alleen 'a' en 'b' kunnen", path="<invoer>", field=key) for key in extra]
            raise InputError(found)
        a, b = (server.adviseur.raadpleeg(server.adviseur.check_facts(part(doc, key)), day) for key in ("a", "b"))
        return Response(render_comparison(compare(a, b), "json"), media_type="application/json")

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


__all__ = ["Server", "asgi", "create_app"]
