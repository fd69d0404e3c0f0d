"""The words a draft agreement uses for facts and choices: value labels, soorten, Dutch dates.

Kept apart from the builder so the wording can be read (and checked for B1) in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DraftKind:
    """One kind of draft: the knowledge-base forms it covers, its default title and the
    plan activity that produces it (left out of its own list of commitments)."""

    soort: str
    vormen: tuple[str, ...]
    titel: str
    makes: tuple[str, ...]
    omschrijving: str


KINDS: dict[str, DraftKind] = {k.soort: k for k in (
    DraftKind("intentie", ("intentieovereenkomst", "tweede_intentieverklaring"), "Intentieovereenkomst",
              ("ops-intentieverklaring",), "intentieovereenkomst of intentieverklaring (einde van de fase opstarten)"),
    DraftKind("sok", ("samenwerkingsovereenkomst",), "Samenwerkingsovereenkomst",
              ("uit-sok",), "samenwerkingsovereenkomst (einde van de fase uitwerken)"),
    DraftKind("uitvoeringsplan", ("uitvoeringsplan",), "Uitvoeringsplan",
              ("ont-uitvoeringsplan",), "(wijk)uitvoeringsplan (einde van de fase ontwikkelen)"),
)}


def kind_of_form(vorm: str | None) -> str | None:
    """The draft kind for a knowledge-base form, None when no draft covers it."""
    return next((k.soort for k in KINDS.values() if vorm in k.vormen), None)


AMBITIE = {
    "duurzame_warmte": "duurzame warmte voor de wijk",
    "betaalbare_energierekening": "een betaalbare energierekening",
    "energieonafhankelijkheid": "zelf in de eigen energie voorzien",
    "alternatief_voor_plan": "een eigen alternatief voor het plan van de gemeente",
}
WARMTEOPLOSSING = {
    "individueel": "een oplossing per woning",
    "collectief": "een gezamenlijke (collectieve) warmtevoorziening",
    "gemengd": "een mix van oplossingen per woning en een gezamenlijke voorziening",
}
TECHNIEK = {
    "warmtepomp": "warmtepompen",
    "hybride_warmtepomp": "hybride warmtepompen",
    "warmtenet": "een warmtenet",
    "groen_gas": "groen gas",
    "isolatie": "isolatie van woningen",
    "collectieve_inkoop": "samen inkopen (collectieve inkoop)",
}
KOPPELKANS = {
    "rioolvervanging": "vervanging van het riool",
    "herinrichting_openbare_ruimte": "nieuwe inrichting van straten en pleinen",
    "groot_onderhoud_woningen": "groot onderhoud aan woningen",
    "vervanging_elektriciteitsnet": "vervanging van het elektriciteitsnet",
    "klimaatadaptatie": "maatregelen tegen hitte en wateroverlast",
    "nieuwbouw": "nieuwbouw",
}
BEOOGDE_ROL = {
    "meedenken": "Het initiatief denkt vooral mee.",
    "gelijkwaardig": "Gemeente en initiatief werken samen als gelijkwaardige partners.",
    "zelf_doen": "Het initiatief wil zo veel mogelijk zelf doen.",
}
ROL_UITVOERING = {
    "geen": "Het initiatief heeft geen eigen rol in de uitvoering.",
    "opdrachtgever": "Het initiatief is opdrachtgever voor de uitvoering.",
    "opdrachtnemer": "Het initiatief voert als opdrachtnemer werk uit.",
    "zelf": "Het initiatief voert de uitvoering zelf uit.",
}
# organisation forms that are a legal person (can sign in their own name)
RECHTSVORM = {"vereniging": "vereniging", "stichting": "stichting", "cooperatie": "coöperatie"}
ZONDER_RECHTSVORM = {"geen": "een groep bewoners zonder vaste vorm", "kernteam": "een kernteam zonder rechtsvorm"}
STEUN = {
    "koplopers": "Nu steunen vooral de koplopers in de wijk het initiatief.",
    "middengroep": "Naast de koplopers steunt ook de middengroep in de wijk het initiatief.",
    "breed": "Het initiatief heeft brede steun in de wijk.",
}
PROCESBEGELEIDER = {
    "neutraal": "Een procesbegeleider van de gemeente die alleen op het proces let, begeleidt het overleg.",
    "extern": "Een procesbegeleider van buiten, die alle partijen vertrouwen, begeleidt het overleg.",
    "ook_inhoudelijk": "De procesbegeleider werkt ook aan de inhoud. Partijen bespreken of een neutrale begeleider beter past.",
}
GEDEELDE_AMBITIE = {
    "ja": "Gemeente en initiatief delen deze ambitie.",
    "nee": "Gemeente en initiatief hebben nog geen gedeelde ambitie gevonden.",
    "onduidelijk": "Of gemeente en initiatief dezelfde ambitie hebben, is nog niet duidelijk.",
}
EIGENAAR = {"gemeente": "de gemeente", "initiatief": "het initiatief", "samen": "gemeente en initiatief samen"}
ZWAARTE = {"licht": "licht (kort en bondig)", "zwaar": "zwaar (uitgebreid)"}

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def dutch_date(day: dt.date) -> str:
    """1 juni 2026."""
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"


def the(name: str) -> str:
    """A partner's name with its article: 'de netbeheerder', 'het warmtebedrijf'."""
    low = name.lower()
    return f"{'het' if low.endswith('bedrijf') else 'de'} {low}"


def listing(items: list[str]) -> str:
    """a, b en c."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


# the question for a fact the draft needs, when the advice does not ask it itself
FACT_QUESTION = {
    "naam": "Wat is de naam van het initiatief?",
    "gemeente.naam": "Wat is de naam van de gemeente?",
    "initiatief.ambities": "Waar wil het initiatief naartoe (bijvoorbeeld duurzame warmte of een lagere energierekening)?",
    "warmteoplossing": "Kiezen partijen voor een oplossing per woning, een gezamenlijke voorziening of een mix?",
    "samenwerking.gedeelde_ambitie": "Hebben gemeente en initiatief een gedeelde ambitie?",
    "initiatief.beoogde_rol": "Welke rol wil het initiatief: vooral meedenken, gelijkwaardig samenwerken of zelf doen?",
    "participatieniveau": "Welk niveau van participatie spreken partijen af (bijvoorbeeld coproduceren of meebeslissen)?",
    "gemeente.regierol": "Hoe vult de gemeente haar regierol in: randvoorwaarden stellen, samenspel organiseren "
                         "of het initiatief in zijn kracht zetten?",
    "initiatief.organisatievorm": "Welke rechtsvorm heeft het initiatief (stichting, vereniging, coöperatie of nog geen)?",
    "initiatief.vergoeding": "Krijgt het initiatief een vergoeding voor zijn werk?",
    "gemeente.ondersteuningsaanbod_helder": "Welke steun biedt de gemeente het initiatief (geld, uren, praktische hulp)?",
    "gemeente.procesbegeleider": "Wie begeleidt het overleg? Kies bij voorkeur iemand die alleen op het proces let.",
    "gemeente.escalatieroute": "Wie praten er met elkaar als de direct betrokkenen er samen niet uitkomen "
                               "(bijvoorbeeld de wethouder en de voorzitter van het initiatief)?",
    "gemeente.evaluatiemomenten": "Hoe vaak evalueren partijen de samenwerking (bijvoorbeeld elk half jaar)?",
    "gemeente.uitgangspunten_vastgelegd": "Heeft de gemeenteraad uitgangspunten voor participatie vastgesteld?",
    "wijk.deelnamebereidheid": "Hoeveel procent van de huishoudens wil meedoen?",
    "wijk.steun": "Wie in de wijk steunt het plan: de koplopers, ook de middengroep, of breed?",
    "initiatief.rol_uitvoering": "Welke rol heeft het initiatief in de uitvoering: geen, opdrachtgever, opdrachtnemer of zelf?",
}
