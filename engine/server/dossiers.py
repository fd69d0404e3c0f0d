"""Dossiers and their history, always within one gemeente.

Every read and write takes the gemeente of the account that asks: a dossier of another gemeente
is not found (the caller answers 404, so it cannot even learn that the dossier exists).
A version is only ever added. It names the version it builds on; when that is not the latest,
or when another save took the next number first, `Conflict` is raised and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .accounts import Account, now
from .tables import Dossier, Gebruiker, Gemeente, Versie


class Conflict(Exception):
    """The version a save builds on is no longer the latest."""

    def __init__(self, basis: int, latest: int):
        super().__init__(f"versie {basis} is niet de laatste (dat is {latest})")
        self.basis = basis
        self.latest = latest


class SameName(Exception):
    """The gemeente already has a dossier with this name (a page asks before it makes a second one)."""

    def __init__(self, dossier_id: int):
        super().__init__(f"dossier {dossier_id} heeft deze naam al")
        self.dossier_id = dossier_id


@dataclass(frozen=True)
class Saved:
    """What goes into one version, worked out before the database is touched."""

    naam: str  # the initiative's name in these facts; the dossier is listed under its latest name
    peildatum: dt.date
    feiten: str  # JSON text
    regelbasis_versie: str
    regelbasis_hash: str
    advies: str  # the advice JSON as given


def find(session: Session, who: Account, dossier_id: int) -> Dossier | None:
    return session.scalar(select(Dossier).where(Dossier.id == dossier_id, Dossier.gemeente_id == who.gemeente_id))


def listing(session: Session, who: Account) -> list[tuple[Dossier, int, dt.datetime]]:
    """(dossier, latest version number, time of that version) for every dossier of the gemeente, newest first."""
    latest = (select(Versie.dossier_id, func.max(Versie.nummer).label("nummer"), func.max(Versie.tijd).label("tijd"))
              .group_by(Versie.dossier_id).subquery())
    rows = session.execute(select(Dossier, latest.c.nummer, latest.c.tijd).join(latest, latest.c.dossier_id == Dossier.id)
                           .where(Dossier.gemeente_id == who.gemeente_id).order_by(Dossier.id.desc())).all()
    return [(d, n, t) for d, n, t in rows]


@dataclass(frozen=True)
class Latest:
    """The latest version of one dossier, without its facts and advice (see `version_texts`)."""

    dossier_id: int
    versie_id: int
    nummer: int
    tijd: dt.datetime
    door: str  # who saved it


def latest_versions(session: Session, who: Account) -> list[Latest]:
    """The latest version of every dossier of the gemeente of `who`, newest dossier first."""
    top = select(Versie.dossier_id, func.max(Versie.nummer).label("nummer")).group_by(Versie.dossier_id).subquery()
    rows = session.execute(select(Dossier.id, Versie.id, Versie.nummer, Versie.tijd, Gebruiker.naam)
                           .join(top, top.c.dossier_id == Dossier.id)
                           .join(Versie, (Versie.dossier_id == Dossier.id) & (Versie.nummer == top.c.nummer))
                           .join(Gebruiker, Versie.gebruiker_id == Gebruiker.id)
                           .where(Dossier.gemeente_id == who.gemeente_id).order_by(Dossier.id.desc())).all()
    return [Latest(d, v, n, t, door) for d, v, n, t, door in rows]


def version_texts(session: Session, who: Account, versie_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(facts JSON, advice JSON) of the versions asked for, as far as they belong to the gemeente of `who`."""
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(versie_ids), 500):  # a bounded IN list on every database
        chunk = versie_ids[start:start + 500]
        rows = session.execute(select(Versie.id, Versie.feiten, Versie.advies).join(Dossier, Versie.dossier_id == Dossier.id)
                               .where(Versie.id.in_(chunk), Dossier.gemeente_id == who.gemeente_id)).all()
        found.update((i, (f, a)) for i, f, a in rows)
    return found


def name_key(naam: str) -> str:
    """What a person sees of a name while typing it: case, invisible characters (direction marks, zero-width
    spaces), runs of spaces of any kind and how an accent is encoded (NFC or NFD) make no difference. Two names
    with one key look the same in the name field (the list of initiatives shows a direction mark as a code)."""
    visible = "".join(c for c in unicodedata.normalize("NFC", naam) if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


def create(session: Session, who: Account, first: Saved, new_name: bool = False) -> tuple[Dossier, Versie]:
    """A new dossier with its first version; with `new_name`, SameName when the gemeente has a dossier with
    this name already. The check runs in the write transaction, so a double click makes one dossier: SQLite
    writes one at a time, and on PostgreSQL the gemeente's row is locked until the commit."""
    if new_name:
        session.execute(select(Gemeente.id).where(Gemeente.id == who.gemeente_id).with_for_update())
        key = name_key(first.naam)
        for found, naam in session.execute(select(Dossier.id, Dossier.naam).where(Dossier.gemeente_id == who.gemeente_id)
                                           .order_by(Dossier.id)):
            if name_key(naam) == key:
                raise SameName(found)
    dossier = Dossier(gemeente_id=who.gemeente_id, naam=first.naam, aangemaakt=now())
    session.add(dossier)
    session.flush()
    return dossier, _insert(session, who, dossier, 1, first)


def latest(session: Session, dossier: Dossier) -> Versie:
    found = session.scalar(select(Versie).where(Versie.dossier_id == dossier.id).order_by(Versie.nummer.desc()).limit(1))
    assert found is not None  # a dossier is created with its first version
    return found


def latest_number(session: Session, dossier: Dossier) -> int:
    """The number of the latest version, without loading its facts and advice."""
    found = session.scalar(select(Versie.nummer).where(Versie.dossier_id == dossier.id).order_by(Versie.nummer.desc())
                           .limit(1))
    assert found is not None  # a dossier is created with its first version
    return found


def version(session: Session, dossier: Dossier, nummer: int) -> Versie | None:
    return session.scalar(select(Versie).where(Versie.dossier_id == dossier.id, Versie.nummer == nummer))


def history(session: Session, dossier: Dossier) -> list[tuple[Versie, str]]:
    """Every version, oldest first, with the name of who saved it."""
    rows = session.execute(select(Versie, Gebruiker.naam).join(Gebruiker, Versie.gebruiker_id == Gebruiker.id)
                           .where(Versie.dossier_id == dossier.id).order_by(Versie.nummer)).all()
    return [(v, n) for v, n in rows]


def author(session: Session, row: Versie) -> str:
    return session.scalar(select(Gebruiker.naam).where(Gebruiker.id == row.gebruiker_id)) or ""


def add_version(session: Session, who: Account, dossier: Dossier, basis: int, saved: Saved) -> Versie:
    """The next version on top of `basis`; Conflict when `basis` is not the latest."""
    current = latest_number(session, dossier)
    if basis != current:
        raise Conflict(basis, current)
    try:
        with session.begin_nested():
            row = _insert(session, who, dossier, basis + 1, saved)
    except IntegrityError:  # another process saved version basis+1 between our read and our insert
        raise Conflict(basis, basis + 1) from None
    if dossier.naam != saved.naam:
        dossier.naam = saved.naam  # a label for the list; the versions keep every name they had
    return row


def _insert(session: Session, who: Account, dossier: Dossier, nummer: int, saved: Saved) -> Versie:
    row = Versie(dossier_id=dossier.id, nummer=nummer, gebruiker_id=who.id, tijd=now(),
                 peildatum=saved.peildatum.isoformat(), feiten=saved.feiten, regelbasis_versie=saved.regelbasis_versie,
                 regelbasis_hash=saved.regelbasis_hash, advies=saved.advies)
    session.add(row)
    session.flush()
    return row
