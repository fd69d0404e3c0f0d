"""The JSON shapes of the dossier, session and token endpoints (requests and answers), with Dutch descriptions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

STRICT = ConfigDict(extra="forbid", strict=True)


class Inloggen(BaseModel):
    model_config = STRICT
    naam: str = Field(description="Gebruikersnaam.", max_length=200)
    wachtwoord: str = Field(description="Wachtwoord.", max_length=1000)


class NieuwDossier(BaseModel):
    model_config = STRICT
    feiten: dict[str, Any] = Field(description="De feiten van het initiatief, zoals in een feitenbestand.")
    peildatum: str | None = Field(None, description="Datum JJJJ-MM-DD waarop de regels gelden; standaard vandaag.")


class NieuweVersie(BaseModel):
    model_config = STRICT
    basis: int = Field(ge=1, le=2_147_483_647, description="Het nummer van de versie waarop deze versie voortbouwt (de laatste die u kent).")
    feiten: dict[str, Any] | None = Field(None, description="De nieuwe feiten; zonder dit veld blijven de feiten van de basis.")
    afgerond: list[str] | None = Field(None, description="Ids van activiteiten die nu klaar zijn; komen bij 'afgerond'.")
    peildatum: str | None = Field(None, description="Datum JJJJ-MM-DD waarop de regels gelden; standaard vandaag.")


class NieuwToken(BaseModel):
    model_config = STRICT
    naam: str = Field(description="Waarvoor het token is (bijvoorbeeld de naam van een koppeling).", min_length=1, max_length=200)


class Wie(BaseModel):
    naam: str = Field(description="Gebruikersnaam.")
    rol: str = Field(description="Rol: beheerder, adviseur of lezer.")
    gemeente: str = Field(description="De gemeente van de gebruiker.")
    csrf_token: str | None = Field(None, description="Bij inloggen met een cookie: stuur dit mee als kop X-CSRF-Token "
                                                     "of formulierveld csrf_token bij elk verzoek dat iets verandert.")


class Regelbasis(BaseModel):
    versie: str = Field(description="Versie van samenwerkwijzer.")
    hash: str = Field(description="Inhoudshash van regels en kennisbank.")


class VersieKort(BaseModel):
    nummer: int = Field(description="Volgnummer van de versie, vanaf 1.")
    door: str = Field(description="Wie deze versie opsloeg.")
    tijd: dt.datetime = Field(description="Wanneer deze versie is opgeslagen (UTC).")
    peildatum: str = Field(description="De datum waarop de regels golden.")
    regelbasis: Regelbasis = Field(description="Welke regels en kennisbank het advies maakten.")


class Versie(VersieKort):
    feiten: dict[str, Any] = Field(description="De feiten van deze versie.")
    advies: dict[str, Any] = Field(description="Het advies zoals het toen gegeven is.")


class DossierKort(BaseModel):
    id: int = Field(description="Nummer van het dossier.")
    naam: str = Field(description="Naam van het initiatief.")
    versie: int = Field(description="Nummer van de laatste versie.")
    gewijzigd: dt.datetime = Field(description="Tijd van de laatste versie (UTC).")


class Dossier(BaseModel):
    id: int = Field(description="Nummer van het dossier.")
    naam: str = Field(description="Naam van het initiatief.")
    gemeente: str = Field(description="De gemeente van het dossier.")
    aangemaakt: dt.datetime = Field(description="Wanneer het dossier is aangemaakt (UTC).")
    versie: Versie = Field(description="De laatste versie.")


class Token(BaseModel):
    id: int = Field(description="Nummer van het token.")
    naam: str = Field(description="Waarvoor het token is.")
    aangemaakt: dt.datetime = Field(description="Wanneer het is aangemaakt (UTC).")
    ingetrokken: dt.datetime | None = Field(None, description="Wanneer het is ingetrokken, als dat zo is.")


class NieuwGemaaktToken(Token):
    token: str = Field(description="Het token zelf. Dit ziet u maar één keer: bewaar het goed.")


class Vraag(BaseModel):
    feit: str = Field(description="Het feit, zoals in het feitenbestand (met punten: gemeente.wethouder_betrokken).")
    vraag: str = Field(description="Het feit als vraag.")
    uitleg: str = Field(description="Korte hulptekst.")
    antwoorden: list[dict[str, Any]] = Field(description="Per antwoord: waarde, label en wat het verandert.")
