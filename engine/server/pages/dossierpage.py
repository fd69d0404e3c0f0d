"""What every page about one dossier shares: the dossier of the user's gemeente (else an HTML 404),
its latest version, a version by number, and the consultation of a version.

Another gemeente's dossier is "not found", exactly like a number that names no dossier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Path
from starlette.requests import Request

from ...advice.consult import Consult
from ...model.advice import Advies
from ...model.kennisbank import Kennisbank
from .. import dossiers, versions
from ..accounts import Account
from ..auth import Refused
from ..dossier_routes import MAX_ID
from ..state import server_of
from ..tables import Dossier as DossierRow
from ..tables import Versie as VersieRow
from . import versionnotes
from .errorpage import error_page
from .localtime import when

DossierId = Annotated[int, Path()]  # any number: one that names no dossier of the gemeente is the 404 page
VersionNumber = Annotated[int, Path()]


@dataclass(frozen=True)
class Opened:
    """A dossier with one of its versions (by default the latest) and who saved that version."""

    dossier: DossierRow
    version: VersieRow
    door: str
    laatste: int

    @property
    def feiten(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.version.feiten)
        return data

    @property
    def advies(self) -> Advies:
        return Advies.model_validate_json(self.version.advies)

    def when(self) -> str:
        return when(self.version.tijd)


def saved_meanwhile(latest: Opened, who: Account, number: int) -> str:
    """Whose save came in between, for the conflict message: a colleague by name, or the adviser themself
    (a second tab or window); 'iemand anders' made an adviser with two tabs look for a colleague."""
    if latest.door == who.naam:
        return f"U heeft dit initiatief intussen al opgeslagen, in een ander venster of tabblad (nu versie {number})."
    return f"{latest.door} heeft dit initiatief intussen opgeslagen (nu versie {number})."


SHOWN_CHANGES = 5  # changes named in a conflict message; the rest is counted


def facts_of(request: Request, opened: Opened, nummer: int) -> dict[str, Any] | None:
    """The facts of version `nummer` of the dossier (the version a form was based on), or None."""
    if not 1 <= nummer <= opened.laatste:
        return None
    with server_of(request).db.read() as session:
        row = dossiers.version(session, opened.dossier, nummer)
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row.feiten)
    return data


def end_sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def changes_since(kb: Kennisbank, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """What changed since the version a form was based on, for a conflict message ('' when unknown): the
    adviser sees what the colleague did, not only that someone did something."""
    if before is None:
        return ""
    notes = [n for n in versionnotes.notes(kb, before, after) if n != "Niets veranderd"]
    if not notes:
        return ""
    more = len(notes) - SHOWN_CHANGES
    return (" Wat er veranderde: " + " ".join(end_sentence(n) for n in notes[:SHOWN_CHANGES])
            + (f" En nog {more} {'verandering' if more == 1 else 'veranderingen'}." if more > 0 else ""))


def not_found(request: Request) -> Refused:
    return Refused(error_page(request, 404))


def may_change(request: Request, who: Account) -> None:
    """A lezer gets the 403 page (a page that changes something is not for reading only)."""
    if not who.may_write:
        raise Refused(error_page(request, 403))


def open_dossier(request: Request, who: Account, dossier_id: int, nummer: int | None = None) -> Opened:
    """The dossier `dossier_id` of the user's gemeente with version `nummer` (None: the latest); else a 404 page."""
    if not 1 <= dossier_id <= MAX_ID or not 1 <= (nummer or 1) <= MAX_ID:
        raise not_found(request)
    with server_of(request).db.read() as session:
        found = dossiers.find(session, who, dossier_id)
        if found is None:
            raise not_found(request)
        last = dossiers.latest(session, found)
        row = last if nummer is None else dossiers.version(session, found, nummer)
        if row is None:
            raise not_found(request)
        return Opened(found, row, dossiers.author(session, row), last.nummer)


def consult_of(request: Request, opened: Opened) -> Consult:
    return versions.consult(server_of(request), opened.version)


def base(opened: Opened) -> str:
    """The URL of the dossier's pages."""
    return f"/initiatieven/{opened.dossier.id}"
