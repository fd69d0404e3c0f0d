"""/initiatieven and /initiatieven.csv: every initiative of the gemeente in one table, filtered and sorted.

Each row is `overview_row` (the row of `samenwerkwijzer overzicht`) on the latest version of a
dossier, read from what that version stored: its advice JSON and its facts. The rule engine does
not run again: the stored advice already holds phase, agreement, progress and risks, and a row
shows what was advised when the version was saved (the history page tells the same story).
A saved version never changes, so each one is read and parsed once per process (`_ROWS`).
Filter and sort are query parameters set by a form with a button, so they work without JavaScript;
the CSV link carries the same parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ...advice.overview import OverviewRow, overview_row
from ...errors import best_guess
from ...model.advice import Advies
from ...model.kennisbank import Kennisbank
from ...model.vocabulary import ERNST_RANK
from ...render.overview import csv_table
from ...terminal import prose
from .. import dossiers
from ..accounts import Account, utc
from ..state import server_of
from .localtime import when
from .session import PageUser
from .templating import render

router = APIRouter()
UNKNOWN = "onbekend"  # the phase filter's value for rows whose phase the advice could not tell


@dataclass(frozen=True)
class Line:
    """One initiative in the table: the overview row plus the dossier number and the last change."""

    id: int
    row: OverviewRow
    fase_titel: str
    fase_volgorde: int
    beoogd_titel: str | None
    tijd: dt.datetime
    door: str

    @property
    def gewijzigd(self) -> str:
        return when(self.tijd)


# the sort orders: (label in the form, key); ties keep the dossier order (newest first)
SORTS: dict[str, tuple[str, Callable[[Line], Any]]] = {
    "gewijzigd": ("Laatst gewijzigd, nieuwste eerst", lambda x: (-x.tijd.timestamp(), -x.id)),
    "naam": ("Naam, A tot Z", lambda x: (x.row.naam.casefold(), -x.id)),
    "fase": ("Fase, eerste fase eerst", lambda x: (x.fase_volgorde, x.row.naam.casefold(), -x.id)),
    "voortgang": ("Voortgang, minst ver eerst",
                  lambda x: (x.row.voortgang if x.row.voortgang is not None else 101, x.row.naam.casefold(), -x.id)),
    "risico": ("Risico, ernstigste eerst",
               lambda x: (-ERNST_RANK.get(x.row.ernst or "", 0), x.row.naam.casefold(), -x.id)),
}
CSV_HEADER = ("dossier", "naam", "fase", "afspraak bereikt", "afspraak beoogd", "voortgang fase", "grootste risico",
              "laatst gewijzigd", "door")


# the overview row of a stored version, by (database, version id): a version never changes once saved, so
# its row is worked out once per process; only the versions not seen before are read and parsed
_ROWS: OrderedDict[tuple[str, int], tuple[OverviewRow, str | None]] = OrderedDict()
CACHED_ROWS = 20_000
_LOCK = threading.Lock()


def lines(request: Request, who: Account) -> list[Line]:
    """Every initiative of the gemeente of `who`, from the latest version of each dossier."""
    server = server_of(request)
    kb = server.adviseur.kb
    with server.db.read() as session:
        found = dossiers.latest_versions(session, who)
    with _LOCK:  # requests run in a thread pool; `rows` is this request's own snapshot
        rows = {x.versie_id: _ROWS.get((server.db.url, x.versie_id)) for x in found}
    missing = [i for i, r in rows.items() if r is None]
    if missing:
        with server.db.read() as session:
            texts = dossiers.version_texts(session, who, missing)
        parsed = {}
        for versie_id, (feiten, advies_json) in texts.items():
            advies = Advies.model_validate_json(advies_json)
            row = overview_row(str(versie_id), server.adviseur.to_initiatief(json.loads(feiten)), advies)
            parsed[versie_id] = (row, advies.formalisatie.titel if advies.formalisatie else None)
        rows.update(parsed)
        with _LOCK:
            _ROWS.update(((server.db.url, i), r) for i, r in parsed.items())
            while len(_ROWS) > CACHED_ROWS:
                _ROWS.popitem(last=False)
    out = []
    for x in found:
        got = rows.get(x.versie_id)
        if got is None:  # the version went away between the two reads (it cannot: versions are never deleted)
            continue
        cached, beoogd = got
        row = replace(cached, bestand=str(x.dossier_id))
        fase = kb.fasen.get(row.fase) if row.fase else None
        out.append(Line(id=x.dossier_id, row=row, fase_titel=fase.titel if fase else UNKNOWN,
                        fase_volgorde=fase.volgorde if fase else len(kb.fasen) + 1, beoogd_titel=beoogd,
                        tijd=utc(x.tijd), door=x.door))
    return out


@dataclass(frozen=True)
class Choice:
    """The filter and sort asked for, checked; `fouten` says what was not understood (and is ignored)."""

    fase: str
    zoek: str
    sorteer: str
    fouten: tuple[str, ...]

    def query(self) -> str:
        pairs = [(k, v) for k, v in (("fase", self.fase), ("zoek", self.zoek), ("sorteer", self.sorteer))
                 if v and not (k == "sorteer" and v == "gewijzigd")]
        return urlencode(pairs)


def choice(kb: Kennisbank, fase: str, zoek: str, sorteer: str) -> Choice:
    problems = []
    phases = [*kb.phase_order(), UNKNOWN]
    if fase and fase not in phases:
        guess = best_guess(fase, phases).resolve()
        problems.append(f"De fase '{fase}' kennen we niet. Kies een van: {', '.join(phases)}."
                        + (f" Bedoelde u '{guess}'?" if guess else ""))
        fase = ""
    if sorteer not in SORTS:
        guess = best_guess(sorteer, list(SORTS)).resolve()
        problems.append(f"Sorteren op '{sorteer}' kan niet. Kies een van: {', '.join(SORTS)}."
                        + (f" Bedoelde u '{guess}'?" if guess else ""))
        sorteer = "gewijzigd"
    return Choice(fase=fase, zoek=zoek.strip(), sorteer=sorteer, fouten=tuple(problems))


def chosen(all_lines: list[Line], pick: Choice) -> list[Line]:
    """The lines that pass the filter, in the chosen order (deterministic: every key ends in the dossier number)."""
    needle = pick.zoek.casefold()
    kept = [x for x in all_lines
            if (not pick.fase or (x.row.fase or UNKNOWN) == pick.fase)
            and (not needle or needle in x.row.naam.casefold())]
    return sorted(kept, key=SORTS[pick.sorteer][1])


Fase = Annotated[str, Query(max_length=100)]
Zoek = Annotated[str, Query(max_length=200)]
Sorteer = Annotated[str, Query(max_length=100)]


@router.get("/initiatieven")
def portfolio(request: Request, who: PageUser, fase: Fase = "", zoek: Zoek = "", sorteer: Sorteer = "gewijzigd") -> Response:
    kb = server_of(request).adviseur.kb
    pick = choice(kb, fase, zoek, sorteer)
    every = lines(request, who)
    shown = chosen(every, pick)
    phases = [(f, kb.fasen[f].titel) for f in kb.phase_order()] + [(UNKNOWN, "Fase onbekend")]
    return render(request, "overzicht.html", who, title="Initiatieven", status=400 if pick.fouten else 200,
                  regels=shown, totaal=len(every), keuze=pick, fasen=phases,
                  sorteringen=[(k, label) for k, (label, _key) in SORTS.items()],
                  csv="/initiatieven.csv" + (f"?{pick.query()}" if pick.query() else ""))


@router.get("/initiatieven.csv")
def portfolio_csv(request: Request, who: PageUser, fase: Fase = "", zoek: Zoek = "", sorteer: Sorteer = "gewijzigd") -> Response:
    pick = choice(server_of(request).adviseur.kb, fase, zoek, sorteer)
    if pick.fouten:
        return Response(" ".join(pick.fouten) + "\n", status_code=400, media_type="text/plain; charset=utf-8",
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
    cells = [tuple(prose(c) for c in (*x.row.cells(), x.gewijzigd, x.door)) for x in chosen(lines(request, who), pick)]
    return Response(csv_table(CSV_HEADER, cells), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="initiatieven.csv"', "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})
