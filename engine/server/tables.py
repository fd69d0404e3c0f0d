"""The database tables (SQLAlchemy 2): gemeente, gebruiker, sessie, api_token, inlogpoging, dossier, versie.

A dossier's history is append-only: a version is inserted once and never updated. The unique
(dossier, nummer) pair is the optimistic lock: two saves that build on the same version both
ask for the next number, and the database lets only one of them in.
Facts and advice are kept as the exact JSON text (Text, not JSON), so what was given comes
back byte for byte on every database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("beheerder", "adviseur", "lezer")


class Base(DeclarativeBase):
    pass


class Gemeente(Base):
    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)


class Gebruiker(Base):
    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    rol: Mapped[str] = mapped_column(String(20))
    wachtwoord: Mapped[str] = mapped_column(String(300))  # argon2 hash
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Sessie(Base):
    __tablename__ = "sessie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the cookie value
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    verloopt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    naam: Mapped[str] = mapped_column(String(200))
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ingetrokken: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Inlogpoging(Base):
    """Failed logins per account name and address, for the growing wait after each failure."""

    __tablename__ = "inlogpoging"
    __table_args__ = (UniqueConstraint("naam", "adres"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    adres: Mapped[str] = mapped_column(String(100), index=True)  # each login counts an address's failures
    mislukt: Mapped[int] = mapped_column(Integer)
    laatste: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    naam: Mapped[str] = mapped_column(String(500))
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Versie(Base):
    __tablename__ = "versie"
    __table_args__ = (UniqueConstraint("dossier_id", "nummer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    nummer: Mapped[int] = mapped_column(Integer)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    tijd: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    peildatum: Mapped[str] = mapped_column(String(10))  # JJJJ-MM-DD
    feiten: Mapped[str] = mapped_column(Text)  # the facts as JSON text
    regelbasis_versie: Mapped[str] = mapped_column(String(50))
    regelbasis_hash: Mapped[str] = mapped_column(String(64))
    advies: Mapped[str] = mapped_column(Text)  # the advice JSON exactly as it was given
