"""One row of the overview of many initiatives: where each stands, in a few words.

`samenwerkwijzer overzicht MAP` shows one row per facts file: the name, the phase, the agreement
already reached (from the facts), the agreement to aim for now (from the advice), how far the
current phase is done and the most serious risk.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.advice import Advies
from ..model.facts import Initiatief

# the agreements of the facts file, furthest first, with the words the overview shows
REACHED = (("wijk_aardgasvrij", "wijk aardgasvrij"), ("uitvoeringsplan_vastgesteld", "uitvoeringsplan vastgesteld"),
           ("samenwerkingsovereenkomst", "samenwerkingsovereenkomst"), ("intentieovereenkomst", "intentieovereenkomst"))
COLUMNS = ("bestand", "naam", "fase", "afspraak bereikt", "afspraak beoogd", "voortgang fase", "grootste risico")


@dataclass(frozen=True)
class OverviewRow:
    bestand: str
    naam: str
    fase: str | None
    bereikt: str | None            # the furthest agreement the facts say is in place
    beoogd: str | None             # the form the advice aims for in this phase
    voortgang: int | None          # percent of the current phase done
    risico: str | None             # title of the most serious risk
    ernst: str | None

    def cells(self) -> tuple[str, ...]:
        """The row as the table shows it (in the order of COLUMNS); '-' where nothing is known."""
        risk = f"{self.risico} ({self.ernst})" if self.risico else "-"
        done = f"{self.voortgang}%" if self.voortgang is not None else "-"
        return (self.bestand, self.naam, self.fase or "onbekend", self.bereikt or "geen", self.beoogd or "-", done, risk)


def overview_row(bestand: str, initiatief: Initiatief, advies: Advies) -> OverviewRow:
    reached = next((label for key, label in REACHED if getattr(initiatief.afspraken, key, None) is True), None)
    top = advies.risicos[0] if advies.risicos else None  # sorted: most serious first
    return OverviewRow(
        bestand=bestand, naam=advies.naam, fase=advies.fase.waarde,
        bereikt=reached, beoogd=advies.formalisatie.vorm if advies.formalisatie else None,
        voortgang=advies.voortgang.aandeel_afgerond if advies.voortgang else None,
        risico=top.titel if top else None, ernst=top.ernst if top else None,
    )
