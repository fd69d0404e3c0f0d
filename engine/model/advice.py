"""The advice as data: the output contract of one consultation (`--formaat json`, the library's value).

Pure pydantic models, frozen: built once by engine/advice/assemble.py, read by the renderers,
exports and explain, never changed afterwards. The JSON Schema in schemas/advies.schema.json is
generated from `Advies`.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every field's
# annotation from text when the classes are made (about 3 ms of each cold start for these modules).

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .vocabulary import Eigenaar, Ernst, Prioriteit, Zwaarte


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, protected_namespaces=())  # as STRICT


Status = Literal["bereikt", "open", "onbekend"]


class DoelVoortgang(_Out):
    id: str
    titel: str
    status: Status
    afgerond: list[str] = Field(description="Activiteiten voor dit doel die al gedaan zijn.")
    open: list[str] = Field(description="Aanbevolen activiteiten voor dit doel die nog open staan.")


class AfgerondeActiviteit(_Out):
    id: str
    titel: str
    fase: str
    spoor: str


class Voortgang(_Out):
    fase: str | None = Field(description="De fase waarover de voortgang gaat (de huidige).")
    doelen: list[DoelVoortgang]
    doelen_bereikt: int
    activiteiten_afgerond: int = Field(description="Activiteiten van deze fase die gedaan zijn.")
    activiteiten_open: int = Field(description="Aanbevolen activiteiten van deze fase die nog open staan.")
    aandeel_afgerond: int | None = Field(description="Percentage van de fase dat af is: afgerond / (afgerond + open).")
    afgerond: list[AfgerondeActiviteit] = Field(description="Alle activiteiten die al gedaan zijn, over alle fasen.")


class PlanStap(_Out):
    id: str
    titel: str
    prioriteit: str
    eigenaar: str
    spoor: str
    na: list[str]
    generatie: int = Field(1, description="Groep (1, 2, …) van stappen die tegelijk kunnen; zie `generaties`.")


class PlanFase(_Out):
    fase: str
    stappen: list[PlanStap]


class Reden(_Out):
    regel: str
    titel: str
    bron: str
    toelichting: str
    feiten: dict[str, Any] = Field(description="De feiten waarop de regel afging, met hun waarde.")


class FaseAdvies(_Out):
    waarde: str | None
    bepaald_door: Literal["invoer", "regel", "aangenomen", "onbekend"] = Field(description=(
        "invoer: opgegeven; regel: afgeleid uit feiten die bekend zijn; aangenomen: een regel nam de fase aan "
        "omdat de feiten die haar bepalen allemaal onbekend zijn (zie `ontbrekend`); onbekend: niet te bepalen."))
    waarom: list[Reden] = Field(default_factory=list)
    ontbrekend: list[str] = Field(default_factory=list, description=(
        "Bij 'aangenomen': de onbekende feiten die de fase zouden bepalen."))


class ActiviteitAdvies(_Out):
    id: str
    titel: str
    omschrijving: str = Field("", description="Wat de activiteit inhoudt: het hoe, uit de kennisbank.")
    rol: str | None = Field(None, description="Wie het concreet doet (een rol, zoals 'aanspreekpunt van de gemeente').")
    klaar_als: str | None = Field(None, description="Waaraan je ziet dat de activiteit af is.")
    doorlooptijd: str | None = Field(None, description="Hoe lang de activiteit ongeveer duurt, in woorden.")
    fase: str
    spoor: str
    prioriteit: Prioriteit
    eigenaar: Eigenaar
    na: list[str]
    bron: str
    afgerond: bool = False
    waarom: list[Reden]


class PartnerAdvies(_Out):
    id: str
    naam: str
    rollen: list[str]
    waarom: list[Reden]


class Verworpen(_Out):
    vorm: str
    regel: str


class FormalisatieAdvies(_Out):
    vorm: str
    titel: str
    zwaarte: Zwaarte | None
    alternatieven: list[str]
    inhoud: list[str]
    waarom: list[Reden]
    verworpen: list[Verworpen] = Field(default_factory=list)


class RisicoAdvies(_Out):
    id: str
    titel: str
    ernst: Ernst
    maatregelen: list[str]
    waarom: list[Reden]


class TipAdvies(_Out):
    id: str
    titel: str
    omschrijving: str
    waarom: list[Reden]


class Antwoord(_Out):
    waarde: Any = Field(description="Precies wat het feitenbestand voor dit feit aanneemt.")
    label: str = Field(description="Het antwoord in woorden.")
    verandert: list[str] = Field(default_factory=list, description="Wat dit antwoord in het advies verandert.")


class OpenVraag(_Out):
    feit: str
    omschrijving: str
    waarden: list[Any]
    regels: list[str]
    gewicht: int
    vraag: str = Field("", description="Het feit als vraag, in gewone woorden.")
    uitleg: str = Field("", description="Korte hulptekst bij de vraag.")
    antwoorden: list[Antwoord] = Field(default_factory=list, description="Per mogelijk antwoord wat het verandert.")


class Waarschuwing(_Out):
    soort: str = Field(description="Wat voor waarschuwing, als korte code (bijvoorbeeld 'tegenstrijdig').")
    tekst: str = Field(description="De waarschuwing in gewone woorden.")
    feiten: dict[str, Any] = Field(default_factory=dict, description="De feiten die erbij horen, met hun waarde.")
    regels: list[str] = Field(default_factory=list, description="De regels die erbij horen.")
    bron: str | None = Field(None, description="Sectie van het stappenplan of id uit de kennisbank waarop de waarschuwing steunt.")


class Regelbasis(_Out):
    versie: str
    hash: str
    regels: int
    peildatum: dt.date
    beleid: list[str]
    engine: Literal["durable", "python"] = Field("durable", description="De regelmachine die het advies maakte.")


class AfgeleidFeitAdvies(_Out):
    feit: str
    waarde: Any
    regels: list[str]


class Advies(_Out):
    """The advice for one initiative (the JSON output contract)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, title="Advies van samenwerkwijzer")

    naam: str
    gemeente: str | None = Field(None, description="Naam van de gemeente, als de feiten die noemen (gemeente.naam).")
    fase: FaseAdvies
    activiteiten: list[ActiviteitAdvies]
    partners: list[PartnerAdvies]
    formalisatie: FormalisatieAdvies | None
    risicos: list[RisicoAdvies]
    tips: list[TipAdvies]
    plan: list[PlanFase]
    generaties: list[list[str]] = Field(default_factory=list, description=(
        "Stappen die tegelijk kunnen: elke groep wacht alleen op stappen uit eerdere groepen."))
    voortgang: Voortgang | None = Field(None, description="Doelen van de huidige fase: bereikt, open of onbekend.")
    open_vragen: list[OpenVraag]
    afgeleide_feiten: list[AfgeleidFeitAdvies]
    waarschuwingen: list[Waarschuwing]
    regelbasis: Regelbasis
