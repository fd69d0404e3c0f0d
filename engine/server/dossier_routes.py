"""/api/dossiers: list, create, read, new version, history, one version, export.

Each handler takes the account from auth (Reader or Writer) and asks the storage for the
dossier within that account's gemeente; another gemeente's dossier is simply not found (404).
A new version is computed (facts checked, advice made) before the write transaction opens,
so the lock is held only for the insert.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from ..advice.compare import compare
from ..errors import InputError, Problem, best_guess, quoted
from ..render import formats
from ..render.comparetext import render_comparison
from ..source.yamlsource import Document
from . import dossiers, versions
from .accounts import Account, utc
from .auth import Reader, Refused, Writer
from .bodies import document, envelope, part
from .openapi import ERRORS, JSON_BODY
from .problems import problem
from .shapes import Dossier, DossierKort, NieuwDossier, NieuweVersie, Regelbasis, Versie, VersieKort
from .state import Body, Server, server_of
from .tables import Dossier as DossierRow
from .tables import Versie as VersieRow
from .versions import advise as _advise
from .versions import consult as _consult

MAX_ID = 2_147_483_647  # the largest INTEGER of PostgreSQL; a larger number names no dossier
DossierId = Annotated[int, Path(ge=1, le=MAX_ID, description="Nummer van het dossier.")]
Nummer = Annotated[int, Path(ge=1, le=MAX_ID, description="Nummer van de versie.")]
router = APIRouter(prefix="/api/dossiers", tags=["dossiers"], responses=ERRORS)


def _short(row: VersieRow, door: str) -> VersieKort:
    return VersieKort(nummer=row.nummer, door=door, tijd=utc(row.tijd), peildatum=row.peildatum,
                      regelbasis=Regelbasis(versie=row.regelbasis_versie, hash=row.regelbasis_hash))


def _full(row: VersieRow, door: str) -> Versie:
    return Versie(**_short(row, door).model_dump(), feiten=json.loads(row.feiten), advies=json.loads(row.advies))


def _missing(dossier_id: int) -> Refused:
    return Refused(problem(404, f"dossier {dossier_id} bestaat niet (of hoort bij een andere gemeente)"))


def _dossier(server: Server, who: Account, dossier_id: int) -> tuple[DossierRow, VersieRow, str]:
    with server.db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise _missing(dossier_id)
        last = dossiers.latest(session, found)
        return found, last, dossiers.author(session, last)


@router.get("", summary="Alle dossiers van uw gemeente", response_model=list[DossierKort],
            description="Nieuwste eerst, met het nummer en de tijd van de laatste versie.")
def list_dossiers(request: Request, who: Reader) -> list[DossierKort]:
    with server_of(request).db.read() as session:
        return [DossierKort(id=d.id, naam=d.naam, versie=n, gewijzigd=utc(t)) for d, n, t in dossiers.listing(session, who)]


@router.post("", summary="Een nieuw dossier", status_code=201, response_model=Dossier, openapi_extra=JSON_BODY("NieuwDossier"),
             description="Met de feiten van het initiatief; het advies wordt gemaakt en als versie 1 bewaard.")
def create_dossier(request: Request, raw: Body, who: Writer) -> Dossier:
    server = server_of(request)
    doc = document(raw, request.headers.get("content-type", ""))
    given = envelope(doc, NieuwDossier)
    saved = _advise(server, part(doc, "feiten"), given.peildatum)
    row, first = versions.create(server, who, saved)
    return Dossier(id=row.id, naam=row.naam, gemeente=who.gemeente, aangemaakt=utc(row.aangemaakt), versie=_full(first, who.naam))


@router.get("/{dossier_id}", summary="Een dossier met zijn laatste versie", response_model=Dossier,
            description="De feiten en het advies van de laatste versie.")
def read_dossier(request: Request, dossier_id: DossierId, who: Reader) -> Dossier:
    row, last, door = _dossier(server_of(request), who, dossier_id)
    return Dossier(id=row.id, naam=row.naam, gemeente=who.gemeente, aangemaakt=utc(row.aangemaakt), versie=_full(last, door))


@router.post("/{dossier_id}/versies", summary="Een nieuwe versie opslaan", status_code=201, response_model=Versie,
             openapi_extra=JSON_BODY("NieuweVersie"),
             description="Nieuwe feiten, of activiteiten afvinken (`afgerond`). Noem in `basis` de versie waarop u "
                         "voortbouwt. Heeft iemand anders intussen opgeslagen, dan volgt 409 en wordt niets bewaard: "
                         "haal de laatste versie op en probeer opnieuw. Niets wordt ooit overschreven.")
def new_version(request: Request, dossier_id: DossierId, raw: Body, who: Writer) -> Versie:
    server = server_of(request)
    doc = document(raw, request.headers.get("content-type", ""))
    given = envelope(doc, NieuweVersie)
    if given.feiten is not None:  # the dossier must exist before its advice is made; its last version is not needed
        with server.db.read() as session:
            if dossiers.find(session, who, dossier_id) is None:
                raise _missing(dossier_id)
        facts = part(doc, "feiten")
    else:
        facts = Document(data=json.loads(_dossier(server, who, dossier_id)[1].feiten), source="<invoer>")
    if given.afgerond:
        _known_activities(server, doc, given.afgerond)
        if not isinstance(facts.data, dict):
            raise InputError(Problem("de feiten moeten een JSON-object zijn", field="feiten"))
        done = facts.data.get("afgerond")
        done = list(done) if isinstance(done, list) else []
        facts.data["afgerond"] = done + [a for a in dict.fromkeys(given.afgerond) if a not in done]
    saved = _advise(server, facts, given.peildatum)
    try:
        added = versions.save(server, who, dossier_id, given.basis, saved)
    except versions.Missing:
        raise _missing(dossier_id) from None
    except dossiers.Conflict as exc:
        raise Refused(problem(409, f"versie {exc.basis} is niet meer de laatste: iemand anders heeft intussen opgeslagen "
                                   f"(de laatste is nu versie {exc.latest}); haal die op en probeer het opnieuw",
                              extra={"laatste_versie": exc.latest})) from None
    return _full(added, who.naam)


def _known_activities(server: Server, doc: Document, ids: list[str]) -> None:
    """Every id to tick off names an activity of the knowledge base (the problem names its place in the request)."""
    table = server.adviseur.kb.activiteiten
    allowed = sorted(table)
    problems = []
    for n, ref in enumerate(ids):
        if ref not in table:
            line, column = doc.where(("afgerond", n))
            problems.append(Problem(f"onbekende activiteit {quoted(ref)}", path=doc.source, line=line, column=column,
                                    field=f"afgerond[{n}]", allowed=allowed, suggestion=best_guess(ref, allowed)))
    if problems:
        raise InputError(problems)


@router.get("/{dossier_id}/versies", summary="De geschiedenis van een dossier", response_model=list[VersieKort],
            description="Elke versie, oudste eerst: wie, wanneer, met welke regels.")
def history(request: Request, dossier_id: DossierId, who: Reader) -> list[VersieKort]:
    with server_of(request).db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise _missing(dossier_id)
        return [_short(v, door) for v, door in dossiers.history(session, found)]


@router.get("/{dossier_id}/versies/{nummer}", summary="Eén versie van een dossier", response_model=Versie,
            description="De feiten en het advies zoals ze in die versie zijn bewaard.")
def one_version(request: Request, dossier_id: DossierId, nummer: Nummer, who: Reader) -> Versie:
    with server_of(request).db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise _missing(dossier_id)
        row = dossiers.version(session, found, nummer)
        if row is None:
            raise Refused(problem(404, f"dossier {dossier_id} heeft geen versie {nummer}"))
        return _full(row, dossiers.author(session, row))


@router.get("/{dossier_id}/vergelijk", summary="Twee versies van een dossier vergelijken",
            responses={200: {"description": "De verschillen.", "content": {"application/json": {"schema": {}}}}},
            description="Wat er tussen versie `van` en versie `naar` veranderde, in de feiten en in het advies, met de "
                        "regels die elk verschil maken (zoals `samenwerkwijzer vergelijk`). Standaard: de voorlaatste "
                        "en de laatste versie. Beide worden opnieuw berekend met de huidige regels.")
def compare_versions(request: Request, dossier_id: DossierId, who: Reader,
                     van: Annotated[int | None, Query(ge=1, le=MAX_ID, description="De eerste versie.")] = None,
                     naar: Annotated[int | None, Query(ge=1, le=MAX_ID, description="De tweede versie.")] = None) -> Response:
    server = server_of(request)
    with server.db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise _missing(dossier_id)
        last = dossiers.latest(session, found)
        second = last if naar is None else dossiers.version(session, found, naar)
        if second is None:
            raise Refused(problem(404, f"dossier {dossier_id} heeft geen versie {naar}"))
        wanted = van if van is not None else max(second.nummer - 1, 1)
        first = dossiers.version(session, found, wanted)
        if first is None:
            raise Refused(problem(404, f"dossier {dossier_id} heeft geen versie {wanted}"))
    text = render_comparison(compare(_consult(server, first), _consult(server, second)), "json")
    return Response(text, media_type="application/json")


Formaat = Literal["feiten", "html"]


@router.get("/{dossier_id}/export", summary="Exporteren: feiten (YAML) of rapport (HTML)",
            responses={200: {"description": "Het bestand.", "content": {"application/yaml": {"schema": {}},
                                                                      "text/html": {"schema": {}}}}},
            description="`feiten`: een feitenbestand dat `samenwerkwijzer advies` kan lezen. `html`: het rapport, "
                        "gemaakt met de feiten en de peildatum van de versie.")
def export(request: Request, dossier_id: DossierId, who: Reader,
           formaat: Annotated[Formaat, Query(description="feiten (YAML) of html (rapport)")] = "feiten",
           versie: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Versienummer; standaard de laatste.")] = None) -> Response:
    server = server_of(request)
    with server.db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise _missing(dossier_id)
        row = dossiers.latest(session, found) if versie is None else dossiers.version(session, found, versie)
        if row is None:
            raise Refused(problem(404, f"dossier {dossier_id} heeft geen versie {versie}"))
    stem = f"dossier-{dossier_id}-versie-{row.nummer}"
    if formaat == "feiten":
        text = versions.facts_file(row)
        return Response(text, media_type="application/yaml",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.yaml"'})
    return Response(formats.render(_consult(server, row), "html"), media_type="text/html",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.html"'})
