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
    id: str = Field(description="Id van het doel in de kennisbank.")
    titel: str = Field(description="Het doel in woorden.")
    status: Status = Field(description=(
        "bereikt: er is iets voor gedaan en niets staat meer open; open: het advies vraagt nog werk ervoor; "
        "onbekend: niets gedaan en niets gevraagd."))
    afgerond: list[str] = Field(description="Activiteiten voor dit doel die al gedaan zijn.")
    open: list[str] = Field(description="Aanbevolen activiteiten voor dit doel die nog open staan.")


class AfgerondeActiviteit(_Out):
    id: str = Field(description="Id van de activiteit in de kennisbank.")
    titel: str = Field(description="De activiteit in woorden.")
    fase: str = Field(description="De fase waar de activiteit bij hoort.")
    spoor: str = Field(description="Het ontwikkelspoor van de activiteit.")


class Voortgang(_Out):
    fase: str | None = Field(description="De fase waarover de voortgang gaat (de huidige).")
    doelen: list[DoelVoortgang] = Field(description="Per doel van de huidige fase hoe ver het is.")
    doelen_bereikt: int = Field(description="Hoeveel doelen van deze fase bereikt zijn.")
    activiteiten_afgerond: int = Field(description="Activiteiten van deze fase die gedaan zijn.")
    activiteiten_open: int = Field(description="Aanbevolen activiteiten van deze fase die nog open staan.")
    aandeel_afgerond: int | None = Field(description="Percentage van de fase dat af is: afgerond / (afgerond + open).")
    afgerond: list[AfgerondeActiviteit] = Field(description="Alle activiteiten die al gedaan zijn, over alle fasen.")


class PlanStap(_Out):
    id: str = Field(description="Id van de activiteit (zie `activiteiten`).")
    titel: str = Field(description="De activiteit in woorden.")
    prioriteit: str = Field(description="moet, zou of kan.")
    eigenaar: str = Field(description="Wie de stap trekt: gemeente, initiatief, samen of partner.")
    spoor: str = Field(description="Het ontwikkelspoor van de stap.")
    na: list[str] = Field(description="Ids van stappen die eerst klaar moeten zijn.")
    generatie: int = Field(1, description="Groep (1, 2, …) van stappen die tegelijk kunnen; zie `generaties`.")


class PlanFase(_Out):
    fase: str = Field(description="De fase waar deze stappen bij horen.")
    stappen: list[PlanStap] = Field(description="De stappen van deze fase, in een volgorde die de afhankelijkheden (`na`) volgt.")


class Reden(_Out):
    regel: str = Field(description="Id van de regel die afging.")
    titel: str = Field(description="Wat de regel zegt, in één zin.")
    bron: str = Field(description="Sectie van het stappenplan of id uit de kennisbank waarop de regel steunt.")
    toelichting: str = Field(description="Waarom de regel dit concludeert, in gewone woorden.")
    feiten: dict[str, Any] = Field(description="De feiten waarop de regel afging, met hun waarde.")


class FaseAdvies(_Out):
    waarde: str | None = Field(description="De fase van de samenwerking; leeg als die niet te bepalen is.")
    bepaald_door: Literal["invoer", "regel", "aangenomen", "onbekend"] = Field(description=(
        "invoer: opgegeven; regel: afgeleid uit feiten die bekend zijn; aangenomen: een regel nam de fase aan "
        "omdat de feiten die haar bepalen allemaal onbekend zijn (zie `ontbrekend`); onbekend: niet te bepalen."))
    waarom: list[Reden] = Field(default_factory=list, description="De regels die de fase bepaalden, met hun feiten.")
    ontbrekend: list[str] = Field(default_factory=list, description=(
        "Bij 'aangenomen': de onbekende feiten die de fase zouden bepalen."))


class ActiviteitAdvies(_Out):
    id: str = Field(description="Id van de activiteit in de kennisbank.")
    titel: str = Field(description="De activiteit in woorden.")
    omschrijving: str = Field("", description="Wat de activiteit inhoudt: het hoe, uit de kennisbank.")
    rol: str | None = Field(None, description="Wie het concreet doet (een rol, zoals 'aanspreekpunt van de gemeente').")
    klaar_als: str | None = Field(None, description="Waaraan je ziet dat de activiteit af is.")
    doorlooptijd: str | None = Field(None, description="Hoe lang de activiteit ongeveer duurt, in woorden.")
    fase: str = Field(description="De fase waar de activiteit bij hoort.")
    spoor: str = Field(description="Het ontwikkelspoor van de activiteit.")
    prioriteit: Prioriteit = Field(description="moet, zou of kan; bij een conflict wint de hoogste.")
    eigenaar: Eigenaar = Field(description="Wie de activiteit trekt: gemeente, initiatief, samen of partner.")
    na: list[str] = Field(description="Ids van activiteiten die eerst klaar moeten zijn.")
    bron: str = Field(description="Sectie van het stappenplan of id uit de kennisbank.")
    afgerond: bool = Field(default=False, description="Staat de activiteit in `afgerond` van de feiten (al gedaan)?")
    waarom: list[Reden] = Field(description="De regels die deze activiteit aanraden, met hun feiten.")


class PartnerAdvies(_Out):
    id: str = Field(description="Id van de partner in de kennisbank.")
    naam: str = Field(description="De partner in woorden.")
    rollen: list[str] = Field(description="Wat de partner doet, volgens de regels die hem noemen.")
    waarom: list[Reden] = Field(description="De regels die deze partner noemen, met hun feiten.")


class Verworpen(_Out):
    vorm: str = Field(description="De vorm die een regel voorstelde maar die het niet werd.")
    regel: str = Field(description="Id van die regel.")


class FormalisatieAdvies(_Out):
    vorm: str = Field(description="Id van de vorm van afspraak in de kennisbank (bijvoorbeeld intentieovereenkomst).")
    titel: str = Field(description="De vorm in woorden.")
    zwaarte: Zwaarte | None = Field(description="licht of zwaar: hoeveel de afspraak vastlegt.")
    alternatieven: list[str] = Field(description="Ids van andere vormen die ook kunnen.")
    inhoud: list[str] = Field(description="Wat er in de afspraak hoort te staan.")
    waarom: list[Reden] = Field(description="De regels die deze vorm kozen, met hun feiten.")
    verworpen: list[Verworpen] = Field(default_factory=list, description="Vormen die andere regels voorstelden en die het niet werden.")


class RisicoAdvies(_Out):
    id: str = Field(description="Id van het risico in de kennisbank.")
    titel: str = Field(description="Het risico in woorden.")
    ernst: Ernst = Field(description="Hoe ernstig het risico is; bij een conflict wint de hoogste.")
    maatregelen: list[str] = Field(description="Wat u kunt doen om het risico klein te houden.")
    waarom: list[Reden] = Field(description="De regels die dit risico noemen, met hun feiten.")


class TipAdvies(_Out):
    id: str = Field(description="Id van de tip in de kennisbank.")
    titel: str = Field(description="De tip in het kort.")
    omschrijving: str = Field(description="De tip uitgelegd.")
    waarom: list[Reden] = Field(description="De regels die deze tip geven, met hun feiten.")


class Antwoord(_Out):
    waarde: Any = Field(description="Precies wat het feitenbestand voor dit feit aanneemt.")
    label: str = Field(description="Het antwoord in woorden.")
    verandert: list[str] = Field(default_factory=list, description="Wat dit antwoord in het advies verandert.")


class OpenVraag(_Out):
    feit: str = Field(description="Het feit dat nog onbekend is (met punten, zoals gemeente.capaciteit).")
    omschrijving: str = Field(description="Wat het feit betekent.")
    waarden: list[Any] = Field(description="De antwoorden die het feit kan hebben.")
    regels: list[str] = Field(description="De regels die naar dit feit kijken.")
    gewicht: int = Field(description="Hoeveel het zwaarste antwoord het advies verandert; de vragen staan op gewicht, zwaarste eerst.")
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
    versie: str = Field(description="Versie van samenwerkwijzer.")
    hash: str = Field(description="Vingerafdruk van de inhoud van regels en kennisbank.")
    regels: int = Field(description="Hoeveel regels de regelbasis heeft.")
    peildatum: dt.date = Field(description="De datum waarop de regels golden (geldig_vanaf en geldig_tot).")
    beleid: list[str] = Field(description="Hoe conflicten tussen regels zijn opgelost.")
    engine: Literal["durable", "python"] = Field("durable", description="De regelmachine die het advies maakte.")


class AfgeleidFeitAdvies(_Out):
    feit: str = Field(description="Het feit dat regels afleidden (met punten).")
    waarde: Any = Field(description="De afgeleide waarde.")
    regels: list[str] = Field(description="De regels die het feit afleidden.")


class Advies(_Out):
    """The advice for one initiative (the JSON output contract)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, title="Advies van samenwerkwijzer")

    naam: str = Field(description="Naam van het initiatief, uit de feiten.")
    gemeente: str | None = Field(None, description="Naam van de gemeente, als de feiten die noemen (gemeente.naam).")
    fase: FaseAdvies = Field(description="De fase van de samenwerking en hoe die bepaald is.")
    activiteiten: list[ActiviteitAdvies] = Field(description="Wat er te doen is, met prioriteit, eigenaar en waarom.")
    partners: list[PartnerAdvies] = Field(description="Wie erbij betrokken hoort te worden, en waarom.")
    formalisatie: FormalisatieAdvies | None = Field(description="De afspraak om in deze fase naar toe te werken; leeg als geen regel er een noemt.")
    risicos: list[RisicoAdvies] = Field(description="Risico's om op te letten, met maatregelen.")
    tips: list[TipAdvies] = Field(description="Tips voor deze situatie.")
    plan: list[PlanFase] = Field(description="De stappen in volgorde, per fase.")
    generaties: list[list[str]] = Field(default_factory=list, description=(
        "Stappen die tegelijk kunnen: elke groep wacht alleen op stappen uit eerdere groepen."))
    voortgang: Voortgang | None = Field(None, description="Doelen van de huidige fase: bereikt, open of onbekend.")
    open_vragen: list[OpenVraag] = Field(description="Onbekende feiten die het advies zouden veranderen, belangrijkste eerst.")
    afgeleide_feiten: list[AfgeleidFeitAdvies] = Field(description="Feiten die regels uit andere feiten afleidden.")
    waarschuwingen: list[Waarschuwing] = Field(description="Feiten die niet goed samengaan, en ander om op te letten.")
    regelbasis: Regelbasis = Field(description="Welke regels en kennisbank het advies maakten, op welke datum, met welke regelmachine.")
