"""/initiatieven/{id}: the readable advice of the latest version (the report of engine/render/report.py,
the same Reading as the HTML report) with the plan as a checklist; POST …/afvinken saves what was ticked
as a new version; …/wat-als shows what each answer to an open question would change, saving nothing.

Ticking works without JavaScript: tick, then "Opslaan". The form names the version it was based on; if
someone else saved in between, nothing is saved and the page says so (optimistic locking, as the API),
with what changed; the ticks this adviser changed come back on top of the new state, to save again.
A lezer sees the advice without checkboxes, and a POST by a lezer is refused (403).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from ...advice.intake import plain_question
from ...model.advice import OpenVraag
from ...model.facts import input_catalogue
from ...render.reading import Step, build
from ...render.report import Checklist, body, e
from ...render.text import step_head
from .. import dossiers, versions
from ..accounts import Account
from ..source_doc import facts_document
from ..state import server_of
from .answers import with_answers
from .dossierpage import (
    DossierId,
    Opened,
    base,
    changes_since,
    consult_of,
    facts_of,
    may_change,
    not_found,
    open_dossier,
    saved_meanwhile,
)
from .session import PageUser, form_of
from .templating import render

router = APIRouter()
SAVED = {"vinkjes": "De vinkjes zijn opgeslagen.", "feiten": "De feiten zijn opgeslagen."}


def _checklist(opened: Opened, who: Account, ticks: dict[str, bool]) -> Checklist:
    """The plan as a form of checkboxes; `ticks` (step -> ticked) overrides the stored state of a step."""
    def box(s: Step) -> str:
        ident = f"stap-{s.id}"
        return (f'<span class="vink"><input type="checkbox" id="{e(ident)}" name="afgerond" value="{e(s.id)}"'
                f'{" checked" if ticks.get(s.id, s.af) else ""}><input type="hidden" name="getoond" value="{e(s.id)}">'
                f'<label for="{e(ident)}"><strong>{e(step_head(s))}</strong></label></span>')

    before = (f'<form method="post" action="{base(opened)}/afvinken" class="afvinklijst">'
              f'<input type="hidden" name="csrf_token" value="{e(who.csrf or "")}">'
              f'<input type="hidden" name="basis" value="{opened.version.nummer}">'
              "<p>Is een stap af? Zet er een vinkje bij en kies onderaan <strong>Vinkjes opslaan</strong>. "
              "Haal een vinkje weg als een stap toch niet af is.</p>")
    after = ('<p><button type="submit" class="utrecht-button utrecht-button--primary-action">Vinkjes opslaan</button></p>'
             '</form>')
    return Checklist(before=before, box=box, after=after)


def advice_page(request: Request, who: Account, opened: Opened, *, melding: str | None = None,
                status_text: str | None = None, status: int = 200, ticks: dict[str, bool] | None = None) -> Response:
    consult = consult_of(request, opened)
    reading = build(consult)
    link = f"{base(opened)}/wat-als?vraag="

    def what_if(feit: str) -> str:
        return f' <a class="watals-link" href="{e(link + feit)}">Wat als? Bekijk elk antwoord</a>' if feit else ""

    parts = body(consult, reading, _checklist(opened, who, ticks or {}) if who.may_write else None, what_if)
    voortgang = consult.advice.voortgang
    return render(request, "advies.html", who, title=f"Advies: {opened.dossier.naam}", status=status, basis=base(opened),
                  opened=opened, wanneer=opened.when(), kop=parts[0], rapport="\n".join(parts[1:]), voortgang=voortgang,
                  fase=consult.titles.phase(voortgang.fase) if voortgang and voortgang.fase else None,
                  melding=melding, status_text=status_text)


@router.get("/initiatieven/{dossier_id:int}")
def advice(request: Request, dossier_id: DossierId, who: PageUser,
           opgeslagen: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    opened = open_dossier(request, who, dossier_id)
    return advice_page(request, who, opened, status_text=SAVED.get(opgeslagen or ""))


def ticked(done: list[str], shown: list[str], checked: list[str]) -> list[str]:
    """The new list of done activities: those done before stay unless they were shown and unticked; newly ticked
    ones follow in the order of the page."""
    keep = [a for a in done if a not in shown or a in checked]
    return keep + [a for a in dict.fromkeys(checked) if a not in keep]


@router.post("/initiatieven/{dossier_id:int}/afvinken")
async def tick(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    form = await form_of(request, who)
    may_change(request, who)
    opened = open_dossier(request, who, dossier_id)
    server = server_of(request)
    raw = str(form.get("basis") or "")
    basis = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0  # not '²': int() refuses it
    done_before = _done(opened.feiten)
    shown, checked = [str(v) for v in form.getlist("getoond")], [str(v) for v in form.getlist("afgerond")]
    new = ticked(done_before, shown, checked)
    if new == done_before:
        return RedirectResponse(base(opened), status_code=303)
    feiten, faults = with_answers(server.adviseur, opened.feiten, {"afgerond": new})
    if faults:
        return advice_page(request, who, opened, melding=" ".join(f.tekst for f in faults), status=400)
    saved = versions.advise(server, facts_document(feiten), None)
    try:
        versions.save(server, who, opened.dossier.id, basis, saved)
    except versions.Missing:
        raise not_found(request) from None
    except dossiers.Conflict as exc:
        latest = open_dossier(request, who, dossier_id)
        before = facts_of(request, latest, basis)
        done_then = _done(before) if before is not None else done_before
        mine = {a: a in checked for a in shown if (a in checked) != (a in done_then)}  # only what this adviser changed
        return advice_page(request, who, latest, status=409, ticks=mine, melding=(
            "Uw vinkjes zijn niet bewaard. " + saved_meanwhile(latest, who, exc.latest)
            + changes_since(server.adviseur.kb, before, latest.feiten)
            + " Uw vinkjes staan hieronder nog, bij de nieuwe stand. Kijk ze na en kies Vinkjes opslaan."))
    return RedirectResponse(f"{base(opened)}?opgeslagen=vinkjes", status_code=303)


def _done(feiten: dict[str, Any]) -> list[str]:
    found = feiten.get("afgerond")
    return [str(a) for a in found] if isinstance(found, list) else []


@router.get("/initiatieven/{dossier_id:int}/wat-als")
def what_if(request: Request, dossier_id: DossierId, who: PageUser,
            vraag: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    opened = open_dossier(request, who, dossier_id)
    advies = opened.advies
    open_questions = advies.open_vragen
    chosen: OpenVraag | None = None
    relevant = True
    if vraag is not None:
        if vraag not in input_catalogue():
            raise not_found(request)
        chosen = next((q for q in open_questions if q.feit == vraag), None)
        if chosen is None:
            relevant = False
            chosen = plain_question(server_of(request).adviseur, vraag)
    return render(request, "watals.html", who, title=f"Wat als: {opened.dossier.naam}", basis=base(opened), opened=opened,
                  vragen=open_questions, gekozen=chosen, relevant=relevant, answered=_answered(opened, vraag))


def _answered(opened: Opened, name: str | None) -> Any:
    """The current answer to fact `name` in words-ready form, or None when it was not answered."""
    if name is None:
        return None
    node: Any = opened.feiten
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, bool):
        return "ja" if node else "nee"
    if isinstance(node, list):
        return ", ".join(map(str, node)) or "geen"
    return str(node) if node is not None else "weet ik niet"
