"""A draft agreement as data: what engine/advice/draft.py builds and the draft renderers read.

A draft (`Concept`) is the intention agreement, cooperation agreement (SOK) or implementation
plan the advice aims for, filled in from the facts and the advice. Its text is made of three
kinds of pieces, so a reader (and a test) can see where every word comes from:

- `Tekst`: fixed wording of the template, the same for every initiative;
- `Gegeven`: wording that rests on the profile or the advice, with the claims (`Bewering`) it rests on;
- `Open`: something nobody told us yet, shown as the question to answer (never filled in by guessing).

Frozen pydantic models: built once, never changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .vocabulary import Zwaarte

Soort = Literal["intentie", "sok", "uitvoeringsplan"]
SOORTEN: tuple[str, ...] = typing.get_args(Soort)


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bewering(_Draft):
    """One claim a piece of the draft makes, and where it is backed.

    bron 'feit': the input fact `sleutel` (dotted name) has the value `waarde` (or, for a list, holds it);
    bron 'advies': the advice item `sleutel` has the value `waarde` ('partners' and 'activiteiten' hold
    ids; 'activiteiten.<id>.<veld>', 'formalisatie.<veld>', 'gemeente' and 'naam' hold values);
    bron 'kennisbank': the text quotes the knowledge-base item `waarde` of table `sleutel`."""

    bron: Literal["feit", "advies", "kennisbank"]
    sleutel: str
    waarde: str | int | bool


class Tekst(_Draft):
    soort: Literal["tekst"] = "tekst"
    tekst: str


class Gegeven(_Draft):
    soort: Literal["gegeven"] = "gegeven"
    tekst: str
    op: list[Bewering] = Field(min_length=1, description="De feiten of adviesonderdelen waar deze tekst op rust.")


class Open(_Draft):
    soort: Literal["open"] = "open"
    id: str = Field(description="Vaste naam van het open veld; hetzelfde veld kan op meer plekken staan.")
    vraag: str = Field(description="De vraag die beantwoord moet worden.")
    feit: str | None = Field(None, description="Het feit in het profiel waar het antwoord vandaan zou komen, als dat er is.")
    hint: str | None = Field(None, description="Wat het advies of het stappenplan erover zegt (geen antwoord).")


Deel = Annotated[Tekst | Gegeven | Open, Field(discriminator="soort")]


class Alinea(_Draft):
    """One paragraph: a run of pieces."""

    delen: list[Deel]


class Artikel(_Draft):
    nummer: int
    titel: str
    leden: list[Alinea]


class Onderdeel(_Draft):
    """One section of the draft (doelen, rollen, financiering …) with its numbered articles."""

    id: str
    titel: str
    artikelen: list[Artikel]


class Partij(_Draft):
    id: str = Field(description="gemeente, initiatief of een partner-id uit de kennisbank.")
    rol: Literal["gemeente", "initiatief", "partner"]
    naam: Alinea
    beschrijving: list[Alinea] = Field(default_factory=list, description="Wie de partij vertegenwoordigt, rechtsvorm, adres.")
    op: list[Bewering] = Field(default_factory=list, description="Waarom deze partij erbij staat (voor partners).")


class Handtekening(_Draft):
    partij: str
    kop: Alinea
    regels: list[Alinea]


class OpenVeld(_Draft):
    """An open field once, with every article where it stands."""

    id: str
    vraag: str
    feit: str | None
    hint: str | None
    plekken: list[str]


class Kop(_Draft):
    """The notice at the top: a draft by this tool, the date of the advice and the rule base."""

    regels: list[str]
    peildatum: dt.date
    regelbasis: str = Field(description="Versie en hash van de regelbasis.")


class Concept(_Draft):
    """A draft agreement (or implementation plan), filled in from the facts and the advice."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Conceptovereenkomst van samenwerkwijzer")

    soort: Soort
    vorm: str = Field(description="De vorm uit de kennisbank (intentieovereenkomst, samenwerkingsovereenkomst …).")
    titel: str
    ondertitel: Alinea
    zwaarte: Zwaarte = Field(description="De opbouw van dit concept: licht (kort) of zwaar (uitgebreid).")
    zwaarte_uit_advies: bool = Field(description="Of het advies deze zwaarte gaf; anders is de uitgebreide opbouw gekozen.")
    kop: Kop
    partijen: list[Partij]
    overwegingen_titel: str
    overwegingen: list[Alinea]
    onderdelen: list[Onderdeel]
    ondertekening_titel: str
    ondertekening_tekst: list[Alinea]
    ondertekening: list[Handtekening]
    open_velden: list[OpenVeld]

    def alineas(self) -> list[tuple[str, Alinea]]:
        """Every paragraph with where it stands, in reading order."""
        out: list[tuple[str, Alinea]] = [("titel", self.ondertitel)]
        for partij in self.partijen:
            out += [(f"partij {partij.id}", a) for a in (partij.naam, *partij.beschrijving)]
        out += [("overwegingen", a) for a in self.overwegingen]
        for onderdeel in self.onderdelen:
            for artikel in onderdeel.artikelen:
                out += [(f"artikel {artikel.nummer}", a) for a in artikel.leden]
        out += [("ondertekening", a) for a in self.ondertekening_tekst]
        for h in self.ondertekening:
            out += [("ondertekening", a) for a in (h.kop, *h.regels)]
        return out
