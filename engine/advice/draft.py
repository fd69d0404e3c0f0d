"""A draft agreement from one consultation: the intention agreement, the cooperation agreement
(SOK) or the implementation plan, in the structure the guide gives for it and its weight.

    consult = Adviseur().raadpleeg(feiten, dt.date(2026, 6, 1))
    concept = draft(consult)                  # what the advice aims for
    concept = draft(consult, "sok")           # or the kind asked for

The text is filled in from the facts and the advice only. What is not known stays an open
field with its question (engine/model/draft.py). No clock is read: the notice at the top names
the advice's peildatum and the rule base, so the same consultation gives the same draft.
"""

from __future__ import annotations

from typing import cast

from ..errors import InputError, Problem, best_guess
from ..model.advice import Advies
from ..model.draft import SOORTEN, Alinea, Artikel, Concept, Deel, Kop, Onderdeel, Open, OpenVeld, Soort
from ..model.vocabulary import Zwaarte
from .arguments import as_consult
from .consult import Consult
from .draftparts import Context, alinea, feit, g, parties, signatures, t
from .draftsections import OUTLINE, SECTIONS
from .draftwords import KINDS, ZWAARTE, dutch_date, kind_of_form, listing, the


def draft(consult: Consult, soort: str | None = None) -> Concept:
    """The draft of `soort` (intentie, sok, uitvoeringsplan), by default the one the advice aims for."""
    consult = as_consult(consult, "consult")
    advice = consult.advice
    kind = choose_kind(advice, soort)
    zwaarte, from_advice = weight(advice, kind)
    vorm = form_of(advice, kind)
    ctx = Context(advice=advice, facts=consult.facts, kb=consult.kb, soort=kind, zwaarte=zwaarte)
    partijen = parties(ctx)
    onderdelen, number = [], 0
    for section_id in OUTLINE[(kind, zwaarte)]:
        ident, title, articles = SECTIONS[section_id](ctx)
        numbered = []
        for article_title, paragraphs in articles:
            number += 1
            numbered.append(Artikel(nummer=number, titel=article_title, leden=paragraphs))
        onderdelen.append(Onderdeel(id=ident, titel=title, artikelen=numbered))
    plan = kind == "uitvoeringsplan"
    concept = Concept(
        soort=kind, vorm=vorm, titel=title_of(consult, kind, vorm), ondertitel=subtitle(ctx), zwaarte=zwaarte,
        zwaarte_uit_advies=from_advice, kop=notice(consult, kind, zwaarte, from_advice),
        partijen=partijen, overwegingen_titel="Aanleiding" if plan else "Overwegingen", overwegingen=recitals(ctx),
        onderdelen=onderdelen, ondertekening_titel="Instemming en vaststelling" if plan else "Ondertekening",
        ondertekening_tekst=signing_text(ctx), ondertekening=signatures(ctx, partijen), open_velden=[])
    return concept.model_copy(update={"open_velden": open_fields(concept)})


def choose_kind(advice: Advies, soort: str | None) -> Soort:
    """The kind asked for, or the one the advice aims for; a clear error when neither is there."""
    if soort is not None:
        if soort not in SOORTEN:
            raise InputError([Problem(f"onbekende soort overeenkomst '{soort}'", field="--soort", allowed=list(SOORTEN),
                                      suggestion=best_guess(soort, list(SOORTEN)))])
        return cast(Soort, soort)
    aimed = advice.formalisatie
    kind = kind_of_form(aimed.vorm if aimed else None)
    if kind is not None:
        return cast(Soort, kind)
    what = (f"het advies mikt op '{aimed.titel}', en daarvan maakt samenwerkwijzer geen concept" if aimed
            else "het advies noemt (nog) geen overeenkomst")
    raise InputError([Problem(f"{what}; kies zelf een soort met --soort", field="--soort", allowed=list(SOORTEN))])


def weight(advice: Advies, kind: str) -> tuple[Zwaarte, bool]:
    """The advice's weight when it aims for this kind and gives one; otherwise the full (zwaar) outline."""
    aimed = advice.formalisatie
    if aimed is not None and aimed.vorm in KINDS[kind].vormen and aimed.zwaarte is not None:
        return aimed.zwaarte, True
    return "zwaar", False


def form_of(advice: Advies, kind: str) -> str:
    aimed = advice.formalisatie
    return aimed.vorm if aimed is not None and aimed.vorm in KINDS[kind].vormen else KINDS[kind].vormen[0]


def title_of(consult: Consult, kind: str, vorm: str) -> str:
    """The kind's own title; a variant of it (a second intention statement) by its knowledge-base title."""
    if vorm != KINDS[kind].vormen[0] and vorm in consult.kb.vormen:
        return consult.kb.vormen[vorm].titel
    return KINDS[kind].titel


def subtitle(ctx: Context) -> Alinea:
    parts: list[Deel] = [t("van de " if ctx.soort == "uitvoeringsplan" else "tussen de "), ctx.gemeente_naam(),
                         t(" en "), ctx.initiatief_naam()]
    partners = ctx.partner_parties()
    if partners:
        names = listing([the(name) for _, name, _ in partners])
        parts += [t(", samen met "), g(names, *[c for _, _, claims in partners for c in claims]),
                  t(" (als zij meetekenen)" if len(partners) > 1 else " (als die meetekent)")]
    return alinea(*parts)


def notice(consult: Consult, kind: str, zwaarte: str, from_advice: bool) -> Kop:
    rb = consult.rule_base
    day = dutch_date(consult.day)
    state = "nog niet vastgesteld" if kind == "uitvoeringsplan" else "nog niet getekend"
    lines = [f"CONCEPT, {state}. Gemaakt door samenwerkwijzer uit het advies met peildatum {day} "
             f"(regels versie {rb.versie}, kenmerk {rb.hash}).",
             "Dit concept is een begin, geen juridisch advies. Laat het nakijken door een jurist voordat partijen "
             "het ondertekenen of de raad het vaststelt.",
             "Tekst als [OPEN: …] weten we nog niet. Vul het in of schrap de zin. Achteraan staat een lijst van alle open punten."]
    if from_advice:
        lines.append(f"Opbouw: {ZWAARTE[zwaarte]}, zoals het advies aangeeft.")
    else:
        lines.append("Het advies noemt geen zwaarte voor dit document. Daarom is de uitgebreide opbouw gekozen. "
                     "Schrap wat u niet nodig heeft.")
    aimed = consult.advice.formalisatie
    if aimed is None:
        lines.append("Let op: het advies noemt nu geen overeenkomst. Dit concept is gemaakt omdat erom gevraagd is.")
    elif aimed.vorm not in KINDS[kind].vormen:
        lines.append(f"Let op: het advies mikt nu op ‘{aimed.titel}’, niet op dit document.")
    return Kop(regels=lines, peildatum=consult.day, regelbasis=f"{rb.versie} ({rb.hash})")


def recitals(ctx: Context) -> list[Alinea]:
    out = [alinea(t("De gemeente heeft de regie over de overstap naar duurzame warmte in haar gemeente.")),
           alinea(t("In het initiatief werken bewoners samen aan duurzame warmte in hun eigen wijk."))]
    if ctx.soort == "sok" and ctx.fact("afspraken.intentieovereenkomst") is True:
        out.append(alinea(g("Gemeente en initiatief hebben eerder een intentieovereenkomst gesloten",
                            feit("afspraken.intentieovereenkomst", True)), t(", op "),
                          ctx.open("eerder.intentie", "Op welke datum tekenden partijen de intentieovereenkomst?"), t(".")))
    if ctx.soort == "uitvoeringsplan" and ctx.fact("afspraken.samenwerkingsovereenkomst") is True:
        out.append(alinea(g("Partijen hebben eerder een samenwerkingsovereenkomst gesloten",
                            feit("afspraken.samenwerkingsovereenkomst", True)), t(", op "),
                          ctx.open("eerder.sok", "Op welke datum tekenden partijen de samenwerkingsovereenkomst?"), t(".")))
    if ctx.soort != "intentie":
        if ctx.fact("gemeente.uitgangspunten_vastgelegd") is True:
            out.append(alinea(g("De gemeenteraad heeft uitgangspunten voor participatie vastgesteld.",
                                feit("gemeente.uitgangspunten_vastgelegd", True)),
                              t(" Dit document past daarbij. Het raadsbesluit: "),
                              ctx.open("eerder.uitgangspunten", "Hoe heet het raadsbesluit met de uitgangspunten, en "
                                       "van welke datum is het?"), t(".")))
        elif ctx.fact("gemeente.uitgangspunten_vastgelegd") is False:
            out.append(alinea(g("De gemeenteraad heeft nog geen uitgangspunten voor participatie vastgesteld.",
                                feit("gemeente.uitgangspunten_vastgelegd", False)),
                              t(" Hoe dit document zich daartoe verhoudt: "),
                              ctx.open("eerder.uitgangspunten_ontbreken", "Legt de raad eerst uitgangspunten vast, of "
                                       "besluit hij over dit document zonder die uitgangspunten?"), t(".")))
        else:
            out.append(alinea(t("Uitgangspunten van de gemeenteraad voor participatie: "),
                              ctx.open_fact("gemeente.uitgangspunten_vastgelegd")))
    return out


def signing_text(ctx: Context) -> list[Alinea]:
    if ctx.soort != "uitvoeringsplan":
        return [alinea(t("Zo afgesproken en getekend door:"))]
    return [alinea(t("De partners stemmen in met hun deel van dit plan. Het plan geldt als de gemeenteraad het heeft "
                     "vastgesteld.")),
            alinea(t("Vastgesteld door de gemeenteraad van de "), ctx.gemeente_naam(), t(" op "),
                   ctx.open("vaststelling.datum", "Op welke datum stelde de gemeenteraad dit plan vast?"), t("."))]


def open_fields(concept: Concept) -> list[OpenVeld]:
    """Every open field once, in reading order, with the places where it stands."""
    found: dict[str, tuple[Open, list[str]]] = {}
    for place, paragraph in concept.alineas():
        for part in paragraph.delen:
            if isinstance(part, Open):
                field, places = found.setdefault(part.id, (part, []))
                if place not in places:
                    places.append(place)
    return [OpenVeld(id=o.id, vraag=o.vraag, feit=o.feit, hint=o.hint, plekken=places) for o, places in found.values()]
