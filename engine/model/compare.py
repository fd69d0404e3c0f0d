"""Two advices side by side, as data: the output of `samenwerkwijzer vergelijk A B --formaat json`.

Built by engine/advice/compare.py, read by engine/render/comparetext.py. Every difference says
what changed (a → b), which input or derived facts differ behind it and which rules made it
(a rule that fired for one side only). Mirror image: comparing B with A swaps every a and b,
turns `toegevoegd` into `verwijderd` and the other way round, and keeps the order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Onderdeel = Literal["fase", "activiteit", "partner", "formalisatie", "risico", "tip", "plan", "open_vraag", "waarschuwing"]
ONDERDELEN: tuple[str, ...] = ("fase", "activiteit", "partner", "formalisatie", "risico", "tip", "plan", "open_vraag",
                               "waarschuwing")
Soort = Literal["toegevoegd", "verwijderd", "gewijzigd"]
Kant = Literal["a", "b"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeitVerschil(_Out):
    feit: str = Field(description="Naam van het feit (met punten, zoals in de regels).")
    a: Any = Field(None, description="De waarde bij A; null is onbekend.")
    b: Any = Field(None, description="De waarde bij B; null is onbekend.")
    erbij: list[Any] = Field(default_factory=list, description="Bij een lijst: wat B heeft en A niet.")
    eraf: list[Any] = Field(default_factory=list, description="Bij een lijst: wat A heeft en B niet.")
    afgeleid: bool = Field(False, description="Een afgeleid feit (door regels bepaald), geen invoer.")


class Oorzaak(_Out):
    regel: str
    titel: str = ""
    bron: str = ""
    afgegaan_bij: Kant = Field(description="Bij welk advies de regel afging (en bij het andere niet).")
    feiten: list[str] = Field(default_factory=list, description="Feiten die de regel las en die verschillen.")


class Verschil(_Out):
    onderdeel: Onderdeel
    id: str = Field(description="Id van het onderdeel (activiteit, partner …); leeg voor fase, formalisatie en plan.")
    titel: str
    soort: Soort
    veld: str | None = Field(None, description="Bij 'gewijzigd': wat er veranderde (prioriteit, eigenaar, vorm …).")
    a: Any = Field(None, description="De waarde bij A (null als het onderdeel er bij A niet is).")
    b: Any = Field(None, description="De waarde bij B (null als het onderdeel er bij B niet is).")
    regels: list[Oorzaak] = Field(default_factory=list, description="De regels die het verschil maken.")
    feiten: list[FeitVerschil] = Field(default_factory=list, description="De feiten die verschillen en het verschil veroorzaken.")


class Zijde(_Out):
    naam: str
    fase: str | None
    peildatum: dt.date
    regelbasis: str = Field(description="Hash van de regels en kennisbank waarmee het advies is gemaakt.")


class Vergelijking(_Out):
    """What differs between advice A and advice B, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Vergelijking van twee adviezen van samenwerkwijzer")

    a: Zijde
    b: Zijde
    zelfde_initiatief: bool = Field(description="Beide adviezen gaan over een initiatief met dezelfde naam (twee versies).")
    feiten: list[FeitVerschil] = Field(description="Invoerfeiten die verschillen.")
    afgeleide_feiten: list[FeitVerschil] = Field(description="Afgeleide feiten die verschillen.")
    verschillen: list[Verschil] = Field(description="Wat er in het advies verschilt, in vaste volgorde.")
    stappen: dict[str, str] = Field(default_factory=dict, description=(
        "De titel van elke stap die in een andere volgorde staat (id: titel); leeg als de volgorde gelijk is."))

    @property
    def leeg(self) -> bool:
        """No difference in facts or advice."""
        return not (self.feiten or self.afgeleide_feiten or self.verschillen)
