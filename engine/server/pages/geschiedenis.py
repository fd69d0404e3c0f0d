"""/initiatieven/{id}/geschiedenis: every version with who, when, peildatum and rule base, and its downloads;
/initiatieven/{id}/vergelijk?van=N&naar=M: what changed in facts and advice between two versions, and why
(engine/advice/compare.py, in the words of engine/render/comparetext.py); the downloads per version: the
facts file (YAML), the report (HTML, for print) and the draft agreement (Word or markdown).

Every page and download is scoped to the user's gemeente: another gemeente's dossier is a 404.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ...advice.compare import compare
from ...advice.draft import draft
from ...errors import InputError
from ...render import formats
from ...render.comparetext import outline
from .. import dossiers, versions
from ..dossier_routes import MAX_ID
from ..state import server_of
from . import versionnotes
from .answers import fault_text
from .dossierpage import DossierId, VersionNumber, base, consult_of, not_found, open_dossier
from .localtime import when
from .session import PageUser
from .templating import render

router = APIRouter()
Soort = Literal["intentie", "sok", "uitvoeringsplan"]
Voor = Literal["gemeente", "initiatief"]
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@router.get("/initiatieven/{dossier_id:int}/geschiedenis")
def history(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    opened = open_dossier(request, who, dossier_id)
    kb = server_of(request).adviseur.kb
    with server_of(request).db.read() as session:
        found = dossiers.history(session, opened.dossier)
    rows = []
    before: dict[str, Any] | None = None
    for v, door in found:
        after = json.loads(v.feiten)
        rows.append((v, door, when(v.tijd), *versionnotes.shown(versionnotes.notes(kb, before, after))))
        before = after
    rows.reverse()  # newest first
    return render(request, "geschiedenis.html", who, title=f"Geschiedenis: {opened.dossier.naam}", basis=base(opened),
                  opened=opened, versies=rows, van=max(opened.laatste - 1, 1), naar=opened.laatste)


@router.get("/initiatieven/{dossier_id:int}/vergelijk")
def compare_page(request: Request, dossier_id: DossierId, who: PageUser,
                 van: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                 naar: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> Response:
    last = open_dossier(request, who, dossier_id)
    second = open_dossier(request, who, dossier_id, naar) if naar is not None else last
    first = open_dossier(request, who, dossier_id, van if van is not None else max(second.version.nummer - 1, 1))
    adviseur = server_of(request).adviseur
    found = outline(compare(consult_of(request, first), consult_of(request, second)), adviseur.kb,
                    {name: spec.description for name, spec in adviseur.base.derived.items()})
    return render(request, "vergelijk.html", who, title=f"Vergelijken: {last.dossier.naam}", basis=base(last),
                  opened=last, van=first.version.nummer, naar=second.version.nummer, uitkomst=found,
                  nummers=list(range(last.laatste, 0, -1)))


def _download(body: str | bytes, media: str, name: str, *, inline: bool = False) -> Response:
    how = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{how}; filename="{name}"', "X-Content-Type-Options": "nosniff",
               "Cache-Control": "no-store"}
    if inline:
        headers["Content-Security-Policy"] = REPORT_CSP
    return Response(body, media_type=media, headers=headers)


@router.get("/initiatieven/{dossier_id:int}/versies/{nummer:int}/feiten.yaml")
def facts_download(request: Request, dossier_id: DossierId, nummer: VersionNumber, who: PageUser) -> Response:
    opened = open_dossier(request, who, dossier_id, nummer)
    return _download(versions.facts_file(opened.version), "application/yaml; charset=utf-8",
                     f"initiatief-{dossier_id}-versie-{nummer}.yaml")


@router.get("/initiatieven/{dossier_id:int}/versies/{nummer:int}/rapport.html")
def report_download(request: Request, dossier_id: DossierId, nummer: VersionNumber, who: PageUser,
                    voor: Annotated[Voor, Query()] = "gemeente") -> Response:
    """The printable report; `voor=initiatief` is the hand-out for the residents (`advies --voor initiatief`)."""
    opened = open_dossier(request, who, dossier_id, nummer)
    suffix = "-initiatief" if voor == "initiatief" else ""
    return _download(formats.render(consult_of(request, opened), "html", voor), "text/html; charset=utf-8",
                     f"rapport-{dossier_id}-versie-{nummer}{suffix}.html", inline=True)


def _draft(request: Request, who: PageUser, dossier_id: int, nummer: int, soort: str | None, formaat: str) -> Response:
    opened = open_dossier(request, who, dossier_id, nummer)
    try:
        concept = draft(consult_of(request, opened), soort)
    except InputError as exc:
        return render(request, "overeenkomst_geen.html", who, title="Geen concept", status=409, basis=base(opened),
                      opened=opened, nummer=nummer, uitleg=" ".join(fault_text(p) for p in exc.problems), formaat=formaat)
    written = formats.draft_file(concept, formaat)
    stem = f"overeenkomst-{dossier_id}-versie-{nummer}"
    if formaat == "docx":
        return _download(written, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", f"{stem}.docx")
    return _download(written, "text/markdown; charset=utf-8", f"{stem}.md")


@router.get("/initiatieven/{dossier_id:int}/versies/{nummer:int}/overeenkomst.docx")
def draft_docx(request: Request, dossier_id: DossierId, nummer: VersionNumber, who: PageUser,
               soort: Annotated[Soort | None, Query()] = None) -> Response:
    return _draft(request, who, dossier_id, nummer, soort, "docx")


@router.get("/initiatieven/{dossier_id:int}/versies/{nummer:int}/overeenkomst.md")
def draft_md(request: Request, dossier_id: DossierId, nummer: VersionNumber, who: PageUser,
             soort: Annotated[Soort | None, Query()] = None) -> Response:
    return _draft(request, who, dossier_id, nummer, soort, "markdown")


__all__ = ["router", "not_found"]
