"""The intake in the browser: /initiatieven/nieuw starts a dossier with its name, /initiatieven/{id}/intake
asks the next relevant question (engine/advice/intake.py, the engine of `samenwerkwijzer intake`), and
/initiatieven/{id}/meer-feiten takes the facts the intake did not ask, and /initiatieven/{id}/antwoorden
shows every answer given so far to correct or take away.

One question at a time, with its help text and 'weet ik niet'. Every answer is saved as a new version
of the dossier (the facts checked as a facts file is), so stopping loses nothing: the next visit asks
the next question. Beside the question: the advice so far ("Nu eerst") and what the last answer changed.
The form carries the version it was based on; when someone else saved in between, nothing is saved and
the page says so, with what changed since that version. Nothing typed is thrown away: the form comes
back with it on top of the new state ('antwoorden wijzigen': only what this adviser changed, the latest
answers for the rest), and an answer to a question answered meanwhile is named in the message.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from ...advice.intake import IntakeVraag, answered, choices, plain_question, step, summary_line, what_changed
from ...model.advice import Advies
from ...model.facts import input_catalogue
from ...model.questiontexts import DONT_KNOW, question_text
from ...render.reading import build
from .. import dossiers, versions
from ..source_doc import facts_document
from ..state import server_of
from .answers import DONT_KNOW as DONT_KNOW_VALUE
from .answers import NONE_OF_THESE, UNANSWERED, Fault, given_in_words, kind, value_in_words, value_of, with_answers
from .dossierpage import (
    DossierId,
    Opened,
    base,
    changes_since,
    consult_of,
    end_sentence,
    facts_of,
    may_change,
    not_found,
    open_dossier,
    saved_meanwhile,
)
from .session import PageUser, form_of
from .templating import render

router = APIRouter()
NAME_MAX = 200  # the name of a new initiative, as the form's maxlength says
SHOWN_EFFECTS = 2


@router.get("/initiatieven/nieuw")
def new_form(request: Request, who: PageUser) -> Response:
    may_change(request, who)
    return render(request, "intake_nieuw.html", who, title="Nieuw initiatief", naam="", fout=None, bestaat=None)


@router.post("/initiatieven/nieuw")
async def create(request: Request, who: PageUser) -> Response:
    form = await form_of(request, who)
    may_change(request, who)
    raw = form.get("naam")
    naam = raw if isinstance(raw, str) else ""  # a file sent as the name is no name
    server = server_of(request)
    feiten, faults = with_answers(server.adviseur, {}, {"naam": naam.strip()})
    if len(naam.strip()) > NAME_MAX:
        faults = [Fault("naam", f"De naam is te lang: {len(naam.strip())} tekens. Gebruik hoogstens {NAME_MAX} tekens.")]
    if faults:
        return render(request, "intake_nieuw.html", who, title="Nieuw initiatief", status=400, naam=naam,
                      fout=faults[0].tekst, bestaat=None)
    try:  # a second click on 'Beginnen', or 'Beginnen' again after the back button, makes no second initiative
        row, _first = versions.create(server, who, versions.advise(server, facts_document(feiten), None),
                                      new_name=str(form.get("toch") or "").strip() != naam.strip())
    except dossiers.SameName as exc:
        return render(request, "intake_nieuw.html", who, title="Nieuw initiatief", status=409, naam=naam, fout=None,
                      bestaat=f"/initiatieven/{exc.dossier_id}")
    return RedirectResponse(f"/initiatieven/{row.id}/intake", status_code=303)


def _question_view(iv: IntakeVraag) -> dict[str, Any]:
    """What the template needs of one question: kind, texts and the options with their effects."""
    q = iv.vraag
    options = []
    for a in choices(iv):
        value = a.waarde[0] if iv.soort == "lijst" else a.waarde
        effect = "; ".join(a.verandert[:SHOWN_EFFECTS])
        more = len(a.verandert) - SHOWN_EFFECTS
        if not effect and iv.reden == "verandert":
            effect = "niets, het advies blijft gelijk"
        options.append({"waarde": _form_value(value), "label": a.label,
                        "effect": effect + (f" (en nog {more})" if more > 0 else "")})
    none = next((a for a in q.antwoorden if a.waarde == []), None)
    ranges = [a.label for a in q.antwoorden] if iv.soort == "getal" else []
    return {"feit": q.feit, "vraag": q.vraag, "uitleg": q.uitleg, "soort": iv.soort, "reden": iv.reden,
            "opties": options, "geen_effect": "; ".join(none.verandert[:SHOWN_EFFECTS]) if none else "",
            "bereik": ranges, "naam_vraag": q.feit == "naam"}


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _chosen(given: list[str]) -> set[str]:
    return set(given)


def _suggested(current: IntakeVraag | None, who: Any) -> str:
    """The text a question starts with: the gemeente of the adviser for 'Hoe heet de gemeente?' (the adviser
    confirms it with Enter instead of typing their own gemeente for every initiative), else nothing."""
    return str(who.gemeente) if current is not None and current.vraag.feit == "gemeente.naam" else ""


def intake_page(request: Request, who: Any, opened: Opened, *, vraag: str | None = None, given: list[str] | None = None,
                fout: Fault | None = None, melding: str | None = None, status: int = 200) -> Response:
    server = server_of(request)
    now = step(server.adviseur, opened.feiten, dt.date.fromisoformat(opened.version.peildatum))
    questions = now.vragen
    current = next((q for q in questions if q.vraag.feit == vraag), questions[0] if questions else None)
    if current is None or current.vraag.feit != vraag:
        given = None  # the question was answered meanwhile: what was typed for it never goes into another one
    reading = build(now.consult if now.consult is not None else consult_of(request, opened))
    changed: list[str] = []
    if opened.version.nummer > 1:
        with server.db.read() as session:
            before = dossiers.version(session, opened.dossier, opened.version.nummer - 1)
        if before is not None:
            changed = what_changed(server.adviseur, Advies.model_validate_json(before.advies), opened.advies)
    values, unknown = answered(opened.feiten)
    left = [n for n in input_catalogue() if n not in values and n not in unknown and n != "afgerond"]
    later = [q for q in questions if q is not current]
    together = sum(1 for q in later if q.reden == "samen")
    return render(request, "intake.html", who, title=f"Intake: {opened.dossier.naam}", status=status,
                  basis=base(opened), versie=opened.version.nummer, vraag=_question_view(current) if current else None,
                  ingevuld_aantal=len(values) + len(unknown), nog=len(later), nog_samen=together, gekozen=_chosen(given or []),
                  getypt=given[0] if given else _suggested(current, who), fout=fout, melding=melding,
                  samenvatting=summary_line(server.adviseur, opened.advies), nu_eerst=reading.nu_eerst,
                  veranderd=changed, meer=len(left), weet_niet=DONT_KNOW, weet_niet_waarde=DONT_KNOW_VALUE,
                  geen=NONE_OF_THESE, naam=opened.dossier.naam)


@router.get("/initiatieven/{dossier_id:int}/intake")
def intake(request: Request, dossier_id: DossierId, who: PageUser,
           vraag: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    may_change(request, who)
    return intake_page(request, who, open_dossier(request, who, dossier_id), vraag=vraag)


def _basis(raw: Any) -> int:
    text = str(raw or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0  # not '²': int() refuses it


@router.post("/initiatieven/{dossier_id:int}/intake")
async def answer(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    form = await form_of(request, who)
    may_change(request, who)
    opened = open_dossier(request, who, dossier_id)
    name = str(form.get("feit") or "")
    if name not in input_catalogue():
        raise not_found(request)
    given = [str(v) for v in form.getlist(name)]
    value = None if form.get("actie") == "weet_niet" else value_of(name, given)
    if value is UNANSWERED:
        fault = Fault(name, f"Geef een antwoord, of kies '{DONT_KNOW}'."
                      if name != "naam" else "Vul de naam in.")
        return intake_page(request, who, opened, vraag=name, given=given, fout=fault, status=400)
    if value is None and name == "naam":
        return intake_page(request, who, opened, vraag=name, given=given, status=400,
                           fout=Fault(name, "De naam is nodig. Vul een naam in."))
    return _save(request, who, opened, {name: value}, _basis(form.get("basis")), given, page="intake")


def _save(request: Request, who: Any, opened: Opened, new: dict[str, Any], basis: int, given: list[str], *,
          page: str, posted: dict[str, list[str]] | None = None, removed: tuple[str, ...] = ()) -> Response:
    """Save the answers in `new` (and leave out the facts in `removed`) on top of version `basis`; the page
    again with the problem when that fails."""
    server = server_of(request)
    feiten, faults = with_answers(server.adviseur, without(opened.feiten, removed), new)
    name = next(iter(new), None)

    def again(fault: Fault | None, melding: str | None, status: int, latest: Opened = opened,
              shown: dict[str, list[str]] | None = None) -> Response:
        if page == "intake":
            return intake_page(request, who, latest, vraag=name, given=given, fout=fault, melding=melding, status=status)
        return more_page(request, who, latest, posted=shown if shown is not None else posted or {},
                         faults=[fault] if fault else [], melding=melding, status=status, all_faults=faults,
                         change=page == "wijzig")

    if faults:
        return again(faults[0], None, 400)
    saved = versions.advise(server, facts_document(feiten), None)
    try:
        versions.save(server, who, opened.dossier.id, basis, saved)
    except versions.Missing:
        raise not_found(request) from None
    except dossiers.Conflict as exc:
        latest = open_dossier(request, who, opened.dossier.id)
        before = facts_of(request, latest, basis)
        why = saved_meanwhile(latest, who, exc.latest) + changes_since(server.adviseur.kb, before, latest.feiten)
        if page == "intake":  # what matters first: not saved; then why, then what to do
            words = value_in_words(name, new[name], server.adviseur.kb) if name else None
            told = "Uw antwoord is niet bewaard. " + why + (f" U gaf: {_sentence(question_text(name).vraag, words)}"
                                                           if name and words else "")
            return again(None, told + " Hieronder ziet u de nieuwe stand. Geef uw antwoord opnieuw als het nog "
                                      "nodig is.", 409, latest)
        shown = _merged(before, latest.feiten, posted or {}) if page == "wijzig" else posted or {}
        fields = set(_answered_facts(latest.feiten) if page == "wijzig" else _open_facts(latest.feiten))
        gone = [_sentence(question_text(n).vraag, w) for n, g in (posted or {}).items() if n not in fields
                and (page != "wijzig" or before is None or _changed_by_user(n, g, before))
                and (w := given_in_words(n, g, server.adviseur.kb)) is not None]
        told = ("Uw antwoorden zijn niet bewaard. " + why + " Uw antwoorden staan hieronder nog, bij de nieuwe stand. "
                "Kijk ze na en kies Opslaan.")
        if gone:
            other = "Meer feiten" if page == "wijzig" else "Antwoorden wijzigen"
            told += (" Deze vraag is intussen al beantwoord of leeggemaakt. Daarom staat uw antwoord er hieronder niet "
                     "bij: " + gone[0] + f" Wilt u dat antwoord toch? Vul het in op de pagina {other}."
                     if len(gone) == 1 else
                     " Deze vragen zijn intussen al beantwoord of leeggemaakt. Daarom staan uw antwoorden er hieronder "
                     "niet bij: " + " ".join(gone) + f" Wilt u die antwoorden toch? Vul ze in op de pagina {other}.")
        return again(None, told, 409, latest, shown)
    target = f"{base(opened)}/intake" if page == "intake" else f"{base(opened)}?opgeslagen=feiten"
    return RedirectResponse(target, status_code=303)


def _sentence(question: str, answer: str) -> str:
    return end_sentence(f"{question} {answer[:1].upper()}{answer[1:]}")


def _changed_by_user(name: str, given: list[str], before: dict[str, Any]) -> bool:
    """Whether the posted answer `given` differs from what the version the form was based on said."""
    values, unknown = answered(before)
    value = value_of(name, given)
    if value is UNANSWERED:
        return name in values or name in unknown
    if value is None:
        return name not in unknown
    return not _same_answer(value, values.get(name), name in values)


def _merged(before: dict[str, Any] | None, latest: dict[str, Any], posted: dict[str, list[str]]) -> dict[str, list[str]]:
    """The 'antwoorden wijzigen' form after a conflict: what the adviser changed, and the latest answers for
    the rest (their old values would undo a colleague's answers when saved again)."""
    values, _unknown = answered(latest)
    out = {n: as_given(n, values.get(n)) for n in _answered_facts(latest)}
    if before is None:
        return {**out, **{n: g for n, g in posted.items() if n in out}}
    for name, given in posted.items():
        if name in out and _changed_by_user(name, given, before):
            out[name] = given
    return out


# -- meer feiten: the facts the intake did not ask --------------------------------------------------------
def _open_facts(feiten: dict[str, Any]) -> list[str]:
    values, unknown = answered(feiten)
    return [n for n in input_catalogue() if n not in values and n not in unknown and n not in ("naam", "afgerond")]


def _answered_facts(feiten: dict[str, Any]) -> list[str]:
    values, unknown = answered(feiten)
    return [n for n in input_catalogue() if (n in values or n in unknown) and n not in ("naam", "afgerond")]


def as_given(name: str, value: Any) -> list[str]:
    """A stored fact value as the form fields that post it back (the inverse of answers.value_of)."""
    if value is None:
        return [DONT_KNOW_VALUE]
    if kind(name) == "lijst":
        return [str(v) for v in value] or [NONE_OF_THESE]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [str(value)]


def _same_answer(value: Any, before: Any, had_value: bool) -> bool:
    """Whether a posted answer says what is stored: a list in another order is the same list."""
    if value is None or not had_value:
        return value is None and not had_value
    if isinstance(value, list) and isinstance(before, list):
        return sorted(map(str, value)) == sorted(map(str, before)) and len(value) == len(before)
    return bool(value == before and type(value) is type(before))


def without(feiten: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A copy of `feiten` without the dotted facts in `names` (and without groups they leave empty)."""
    out = copy.deepcopy(feiten)
    for name in names:
        *groups, last = name.split(".")
        trail = [out]
        for group in groups:
            node = trail[-1].get(group)
            if not isinstance(node, dict):
                break
            trail.append(node)
        else:
            trail[-1].pop(last, None)
            for parent, group in zip(reversed(trail[:-1]), reversed(groups), strict=True):
                if parent[group] == {}:
                    del parent[group]
    return out


def more_page(request: Request, who: Any, opened: Opened, *, posted: dict[str, list[str]] | None = None,
              faults: list[Fault] | None = None, melding: str | None = None, status: int = 200,
              all_faults: list[Fault] | None = None, change: bool = False) -> Response:
    """The facts the intake did not ask as one form; with `change`, the facts already answered, filled in."""
    server = server_of(request)
    fields = []
    values, _unknown = answered(opened.feiten)
    names = _answered_facts(opened.feiten) if change else _open_facts(opened.feiten)
    for name in names:
        iv = IntakeVraag(plain_question(server.adviseur, name), kind(name), "gegevens")
        fields.append(_question_view(iv))
    if change and posted is None:
        posted = {n: as_given(n, values.get(n)) for n in names}
    shown = all_faults or faults or []
    title = f"Antwoorden wijzigen: {opened.dossier.naam}" if change else f"Meer feiten: {opened.dossier.naam}"
    return render(request, "intake_meer.html", who, title=title, status=status, wijzigen=change,
                  basis=base(opened), versie=opened.version.nummer, velden=fields, ingevuld=posted or {},
                  fouten={f.feit: f.tekst for f in shown}, foutlijst=shown, melding=melding, weet_niet=DONT_KNOW,
                  weet_niet_waarde=DONT_KNOW_VALUE, geen=NONE_OF_THESE, naam=opened.dossier.naam)


@router.get("/initiatieven/{dossier_id:int}/meer-feiten")
def more(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    may_change(request, who)
    return more_page(request, who, open_dossier(request, who, dossier_id))


@router.post("/initiatieven/{dossier_id:int}/meer-feiten")
async def more_save(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    form = await form_of(request, who)
    may_change(request, who)
    opened = open_dossier(request, who, dossier_id)
    names = _open_facts(opened.feiten) + [n for n in _answered_facts(opened.feiten) if n in form]  # answered meanwhile
    posted = {n: [str(v) for v in form.getlist(n)] for n in names}
    new = {n: v for n, given in posted.items() if (v := value_of(n, given)) is not UNANSWERED}
    if not new:
        return RedirectResponse(base(opened), status_code=303)
    return _save(request, who, opened, new, _basis(form.get("basis")), [], page="meer", posted=posted)


# -- antwoorden wijzigen: the facts answered so far, to correct -------------------------------------------
@router.get("/initiatieven/{dossier_id:int}/antwoorden")
def change(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    may_change(request, who)
    return more_page(request, who, open_dossier(request, who, dossier_id), change=True)


@router.post("/initiatieven/{dossier_id:int}/antwoorden")
async def change_save(request: Request, dossier_id: DossierId, who: PageUser) -> Response:
    form = await form_of(request, who)
    may_change(request, who)
    opened = open_dossier(request, who, dossier_id)
    names = _answered_facts(opened.feiten)
    names += [n for n in input_catalogue() if n in form and n not in names and n not in ("naam", "afgerond")]
    values, _unknown = answered(opened.feiten)
    posted = {n: [str(v) for v in form.getlist(n)] for n in names}  # with answers taken away meanwhile
    new: dict[str, Any] = {}
    removed: list[str] = []
    for name, given in posted.items():
        value = value_of(name, given)
        if value is UNANSWERED:
            removed.append(name)
        elif not _same_answer(value, values.get(name), name in values):
            new[name] = value
    if not new and not removed:
        return RedirectResponse(base(opened), status_code=303)
    return _save(request, who, opened, new, _basis(form.get("basis")), [], page="wijzig", posted=posted,
                 removed=tuple(removed))
