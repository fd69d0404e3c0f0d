"""The sections of a draft, one function each: what goes in it for each kind and weight.

A section is (id, title, articles); an article is (title, paragraphs). engine/advice/draft.py
picks the sections for the kind and weight (see `OUTLINE`) and numbers the articles.
Fixed wording (`t`) never names a party, amount, date or choice of the initiative; those come
from the facts (`g`, with their claims) or stay open (`open`, with the question).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.advice import ActiviteitAdvies
from ..model.draft import Alinea, Deel, Open
from .draftparts import Context, advies, alinea, feit, g, kennis, t
from .draftwords import (
    AMBITIE,
    BEOOGDE_ROL,
    EIGENAAR,
    FACT_QUESTION,
    GEDEELDE_AMBITIE,
    KINDS,
    KOPPELKANS,
    PROCESBEGELEIDER,
    RECHTSVORM,
    ROL_UITVOERING,
    STEUN,
    TECHNIEK,
    WARMTEOPLOSSING,
    listing,
    the,
)

Article = tuple[str, list[Alinea]]
Section = tuple[str, str, list[Article]]


def wijk(ctx: Context) -> Alinea:
    return alinea(t("Het gaat om de wijk, buurt of dorpskern "),
                  ctx.open("wijk.naam", "Om welke wijk, buurt of dorpskern gaat het (naam en grenzen)?"), t("."))


# -- doel en ambitie -----------------------------------------------------------------------------
def purpose(ctx: Context) -> Section:
    what = {
        "intentie": "Gemeente en initiatief willen samenwerken aan warmte zonder aardgas in de wijk. In deze "
                    "overeenkomst staat dat zij dat willen, waar zij samen naartoe werken en welke stappen zij eerst zetten. "
                    "Het plan zelf werken zij later uit.",
        "sok": "Partijen leggen vast hoe zij in de ontwikkelfase samenwerken: aan welke doelen, volgens welk plan, "
               "met welke rollen en met welk geld.",
        "uitvoeringsplan": "Dit plan beschrijft hoe de wijk van het aardgas af gaat: naar welk alternatief, wanneer, "
                           "met welke maatregelen en wie wat doet. Bewoners lezen hierin wat er van hen wordt gevraagd "
                           "en wat zij mogen verwachten.",
    }[ctx.soort]
    return ("doel", "Doel van dit document" if ctx.soort == "uitvoeringsplan" else "Doel van deze overeenkomst",
            [("Doel", [alinea(t(what)), wijk(ctx)])])


def ambition(ctx: Context) -> Section:
    paras = []
    ambities = ctx.values("initiatief.ambities")
    if ambities:
        paras.append(alinea(g("Het initiatief wil " + listing([AMBITIE.get(a, a) for a in ambities]) + ".",
                              *[feit("initiatief.ambities", a) for a in ambities])))
    else:
        paras.append(alinea(ctx.open_fact("initiatief.ambities")))
    shared = ctx.fact("samenwerking.gedeelde_ambitie")
    if isinstance(shared, str) and shared in GEDEELDE_AMBITIE:
        paras.append(alinea(g(GEDEELDE_AMBITIE[shared], feit("samenwerking.gedeelde_ambitie", shared))))
    else:
        paras.append(alinea(ctx.open_fact("samenwerking.gedeelde_ambitie")))
    paras.append(alinea(t("De gezamenlijke ambitie (de stip op de horizon): "),
                        ctx.open("ambitie.tekst", "Wat is de gezamenlijke ambitie, in één of twee zinnen?"), t(".")))
    if ctx.soort != "uitvoeringsplan":  # the plan has its own section on the heat alternative
        paras.append(heat_choice(ctx))
    articles: list[Article] = [("Gezamenlijke ambitie" if ctx.soort == "intentie" else "Ambitie", paras)]
    if ctx.soort == "sok":
        articles.append(("Doelen voor de ontwikkelfase", [alinea(
            t("Aan het eind van de ontwikkelfase is er: "),
            ctx.open("doelen.ontwikkelfase", "Welke resultaten moeten er aan het eind van de ontwikkelfase zijn "
                     "(bijvoorbeeld een uitvoeringsplan en investeringsbesluiten)?"), t("."))]))
    if ctx.zwaar:
        chances = ctx.values("wijk.koppelkansen")
        if chances:
            articles.append(("Werk met werk maken", [alinea(
                g("Partijen kijken of zij de plannen kunnen combineren met "
                  + listing([KOPPELKANS.get(c, c) for c in chances]) + ".",
                  *[feit("wijk.koppelkansen", c) for c in chances]))]))
    title = {"intentie": "Gezamenlijke ambitie", "sok": "Doelen", "uitvoeringsplan": "Doelen"}[ctx.soort]
    return ("ambitie", title, articles)


def heat_choice(ctx: Context) -> Alinea:
    parts: list[Deel] = []
    choice = ctx.fact("warmteoplossing")
    if isinstance(choice, str) and choice in WARMTEOPLOSSING:
        parts.append(g(f"Partijen denken aan {WARMTEOPLOSSING[choice]}.", feit("warmteoplossing", choice)))
    else:
        parts.append(ctx.open_fact("warmteoplossing"))
    techniques = ctx.values("technieken")
    if techniques:
        verb = "is" if len(techniques) == 1 else "zijn"
        parts += [t(" "), g(f"In beeld {verb} " + listing([TECHNIEK.get(x, x) for x in techniques]) + ".",
                            *[feit("technieken", x) for x in techniques])]
    return alinea(*parts)


# -- rollen ------------------------------------------------------------------------------------
def roles(ctx: Context) -> Section:
    articles: list[Article] = [("Rol van het initiatief", initiative_role(ctx)),
                               ("Rol van de gemeente", municipal_role(ctx)),
                               ("Participatieniveau", participation(ctx))]
    partners = ctx.partner_parties()
    if partners:
        articles.append(("Rol van de partners", [
            alinea(g(name, *claims), t(": "), ctx.open(f"partij.{pid}.taken", f"Wat {does(name)} in deze "
                                                         "samenwerking?", hint=ctx.advice_role(pid)))
            for pid, name, claims in partners]))
    title = {"intentie": "Rollen en taken", "sok": "Rolverdeling: rollen en taken",
             "uitvoeringsplan": "Uitvoering en rolverdeling: rollen en taken"}[ctx.soort]
    return ("rollen", title, articles)


def does(name: str) -> str:
    """'doet de netbeheerder', 'doen de aannemers en installateurs'."""
    return f"{'doen' if ' en ' in name else 'doet'} {the(name)}"


def initiative_role(ctx: Context) -> list[Alinea]:
    paras = []
    role = ctx.fact("initiatief.beoogde_rol")
    if isinstance(role, str) and role in BEOOGDE_ROL:
        paras.append(alinea(g(BEOOGDE_ROL[role], feit("initiatief.beoogde_rol", role))))
    else:
        paras.append(alinea(ctx.open_fact("initiatief.beoogde_rol")))
    if ctx.soort == "uitvoeringsplan":
        execution = ctx.fact("initiatief.rol_uitvoering")
        if isinstance(execution, str) and execution in ROL_UITVOERING:
            paras.append(alinea(g(ROL_UITVOERING[execution], feit("initiatief.rol_uitvoering", execution))))
        else:
            paras.append(alinea(ctx.open_fact("initiatief.rol_uitvoering")))
    paras.append(alinea(t("Aanspreekpunt van het initiatief: "),
                        ctx.open("initiatief.aanspreekpunt", "Wie is het vaste aanspreekpunt van het initiatief?"), t(".")))
    return paras


def municipal_role(ctx: Context) -> list[Alinea]:
    paras = []
    rollen = [r for r in ctx.values("gemeente.regierol") if r in ctx.kb.regierollen]
    if rollen:
        paras.append(alinea(t("De gemeente houdt de regie. Zij vult die regie zo in:")))
        for r in rollen:
            item = ctx.kb.regierollen[r]
            text = f"{item.titel}: {item.omschrijving}"
            if item.vraagt:
                text += f" Dat vraagt van de gemeente: {listing(item.vraagt)}."
            paras.append(alinea(g(text, feit("gemeente.regierol", r), kennis("regierollen", r))))
    else:
        paras.append(alinea(t("De gemeente houdt de regie. "), ctx.open_fact("gemeente.regierol")))
    if ctx.fact("gemeente.aanspreekpunt_met_mandaat") is True:
        paras.append(alinea(g("De gemeente heeft één vast aanspreekpunt met mandaat voor het initiatief.",
                              feit("gemeente.aanspreekpunt_met_mandaat", True)),
                            t(" Dat is "), municipal_contact(ctx), t(".")))
    else:
        paras.append(alinea(t("De gemeente wijst één vast aanspreekpunt aan. Dat voert het dagelijkse contact met het "
                              "initiatief: "), municipal_contact(ctx), t(".")))
    paras.append(alinea(t("Wat het aanspreekpunt namens de gemeente zelf mag beslissen: "),
                        ctx.open("gemeente.mandaat", "Wat mag het aanspreekpunt zelf beslissen, en in welk "
                                 "mandaatbesluit staat dat?"), t(".")))
    return paras


def municipal_contact(ctx: Context) -> Open:
    return ctx.open("gemeente.aanspreekpunt", "Wie is het vaste aanspreekpunt van de gemeente (naam en functie)?")


def participation(ctx: Context) -> list[Alinea]:
    level = ctx.fact("participatieniveau")
    if isinstance(level, str) and level in ctx.kb.participatieniveaus:
        item = ctx.kb.participatieniveaus[level]
        return [alinea(g(f"Partijen spreken het participatieniveau ‘{item.titel}’ af: {item.omschrijving}",
                         feit("participatieniveau", level), kennis("participatieniveaus", level))),
                alinea(t("Partijen kunnen dit niveau later samen aanpassen."))]
    return [alinea(ctx.open_fact("participatieniveau"))]


# -- plan ----------------------------------------------------------------------------------------
def plan(ctx: Context) -> Section:
    steps = ctx.commitments(KINDS[ctx.soort].makes)
    intro = {"intentie": "Partijen zetten eerst de stappen hieronder.",
             "sok": "Partijen werken volgens het plan van aanpak hieronder.",
             "uitvoeringsplan": "Partijen voeren de stappen hieronder uit."}[ctx.soort]
    paras = [alinea(t(intro + " De trekker van een stap zorgt dat die stap gebeurt. Trekken gemeente en initiatief "
                      "een stap samen, dan spreken zij af wie van hen het voortouw neemt."))]
    for act in steps:
        paras.append(step(ctx, act))
    if not steps:
        paras.append(alinea(ctx.open("plan.stappen", "Welke stappen zetten partijen, en wie trekt elke stap?")))
    if not ctx.zwaar:
        paras.append(alinea(t("Planning: "), ctx.open("plan.planning", "Wanneer moeten deze stappen klaar zijn?"), t(".")))
    articles: list[Article] = [("Afspraken over de stappen", paras)]
    if ctx.soort == "sok":
        articles.append(("Onderzoek in de ontwikkelfase", [alinea(
            t("Partijen laten onderzoeken of het plan technisch, financieel, sociaal en juridisch haalbaar is: "),
            ctx.open("plan.onderzoeken", "Welke onderzoeken doen partijen, wie voert ze uit en wanneer zijn ze klaar?"),
            t("."))]))
    if ctx.soort == "uitvoeringsplan" and not ctx.zwaar:
        articles.append(("Uitvoering in blokken", [alinea(t(
            "De uitvoering gaat in blokken, bijvoorbeeld een reeks inkoopacties. Na elk blok kijken partijen wat "
            "beter kan en passen zij het volgende blok aan.")), alinea(
            t("Indeling in blokken: "), ctx.open("plan.blokken", "Welke blokken zijn er en wanneer start elk blok?"), t("."))]))
    title = {"intentie": "Plan: de eerste stappen", "sok": "Plan van aanpak voor de ontwikkelfase",
             "uitvoeringsplan": "Plan van aanpak en planning"}[ctx.soort]
    return ("plan", title, articles)


def step(ctx: Context, act: ActiviteitAdvies) -> Alinea:
    parts: list[Deel] = [t("Stap "), g(f"‘{act.titel}’", advies("activiteiten", act.id)), t(". Trekker: ")]
    if act.rol:
        parts.append(g(act.rol, advies(f"activiteiten.{act.id}.rol", act.rol)))
    elif act.eigenaar in EIGENAAR:
        parts.append(g(EIGENAAR[act.eigenaar], advies(f"activiteiten.{act.id}.eigenaar", act.eigenaar)))
    else:
        parts.append(ctx.open(f"stap.{act.id}.trekker", f"Welke partner trekt ‘{act.titel}’?"))
    parts.append(t("."))
    if act.klaar_als:
        parts += [t(" Klaar als: "), g(act.klaar_als, advies(f"activiteiten.{act.id}.klaar_als", act.klaar_als))]
    if ctx.zwaar:
        parts += [t(" Klaar op: "), ctx.open(f"stap.{act.id}.datum", f"Wanneer moet ‘{act.titel}’ klaar zijn?"), t(".")]
    return alinea(*parts)


# -- besluitvorming, geld, communicatie ----------------------------------------------------------
def decisions(ctx: Context) -> Section:
    meeting = [alinea(t("Partijen overleggen geregeld: "),
                      ctx.open("overleg.ritme", "Hoe vaak overleggen partijen, en wie zitten erbij (bijvoorbeeld een "
                               "werkgroep met de partners)?"), t("."))]
    guide = ctx.fact("gemeente.procesbegeleider")
    if isinstance(guide, str) and guide in PROCESBEGELEIDER:
        meeting.append(alinea(g(PROCESBEGELEIDER[guide], feit("gemeente.procesbegeleider", guide))))
    elif guide == "geen":
        meeting.append(alinea(g("Er is nog geen procesbegeleider.", feit("gemeente.procesbegeleider", "geen")),
                              t(" Wie het overleg gaat begeleiden: "),
                              ctx.open("overleg.begeleider", "Wie begeleidt het overleg? Kies bij voorkeur iemand die "
                                       "alleen op het proces let."), t(".")))
    else:
        meeting.append(alinea(ctx.open_fact("gemeente.procesbegeleider")))
    if ctx.soort != "intentie":
        if any(p.id == "stuurgroep" for p in ctx.advice.partners):
            meeting.append(alinea(g("Naast het gewone overleg is er een stuurgroep met bestuurders van de partijen. "
                                    "Die bespreekt de grote besluiten op tijd.", advies("partners", "stuurgroep"))))
        else:
            meeting.append(alinea(ctx.open("overleg.stuurgroep", "Komt er een stuurgroep met bestuurders van de partijen?")))
    own = [alinea(t("Elke partij besluit zelf over haar eigen bijdrage, volgens haar eigen regels.")),
           alinea(t("Voor de gemeente besluit het college van burgemeester en wethouders, of de gemeenteraad als de "
                    "wet dat vraagt."))]
    form = ctx.fact("initiatief.organisatievorm")
    if isinstance(form, str) and form in RECHTSVORM:
        own.append(alinea(g("Het initiatief besluit volgens zijn statuten.", feit("initiatief.organisatievorm", form))))
    else:
        own.append(alinea(t("Het initiatief besluit zo: "),
                          ctx.open("initiatief.besluitvorming", "Hoe neemt het initiatief besluiten, en wie mag namens "
                                   "de groep afspraken maken?"), t(".")))
    if ctx.fact("initiatief.democratisch_georganiseerd") is True:
        own.append(alinea(g("De leden van het initiatief kiezen het bestuur en beslissen mee.",
                            feit("initiatief.democratisch_georganiseerd", True))))
    return ("besluitvorming", "Overleg en besluitvorming", [("Overleg", meeting), ("Besluiten", own)])


def money(ctx: Context) -> Section:
    paras = [alinea(t("Kosten in deze fase en wie ze betaalt: "),
                    ctx.open("geld.kosten", "Welke kosten zijn er in deze fase, wie betaalt welk deel en om welk bedrag "
                             "gaat het?"), t("."))]
    if ctx.soort == "intentie":
        paras.append(alinea(t("Kosten van de eerste onderzoeken: "),
                            ctx.open("geld.onderzoek", "Wie betaalt de eerste onderzoeken?"), t(".")))
    if ctx.fact("initiatief.vergoeding") is True:
        paras.append(alinea(g("Het initiatief krijgt een vergoeding voor zijn werk.", feit("initiatief.vergoeding", True)),
                            t(" Hoogte, betaler en periode: "),
                            ctx.open("geld.vergoeding", "Hoe hoog is de vergoeding, wie betaalt haar en voor welke periode?"),
                            t(".")))
    elif ctx.fact("initiatief.vergoeding") is False:
        paras.append(alinea(g("Het initiatief krijgt nu geen vergoeding voor zijn werk.", feit("initiatief.vergoeding", False)),
                            t(" Afspraak hierover in deze fase: "),
                            ctx.open("geld.vergoeding", "Krijgt het initiatief in deze fase wel een vergoeding, en zo ja: "
                                     "hoe hoog, van wie en voor welke periode?"), t(".")))
    else:
        paras.append(alinea(t("Vergoeding voor het werk van het initiatief: "), ctx.open_fact("initiatief.vergoeding"),
                            t(".")))
    support = ctx.fact("gemeente.ondersteuningsaanbod_helder")
    steun = ctx.open("geld.steun", "Welke steun biedt de gemeente (geld, uren, praktische hulp)?")
    if support is True:
        paras.append(alinea(g("De gemeente heeft duidelijk gemaakt welke steun zij biedt.",
                              feit("gemeente.ondersteuningsaanbod_helder", True)), t(" Die steun is: "), steun, t(".")))
    elif support is False:
        paras.append(alinea(g("Welke steun de gemeente biedt, is nog niet duidelijk.",
                              feit("gemeente.ondersteuningsaanbod_helder", False)), t(" Die steun wordt: "), steun, t(".")))
    else:
        paras.append(alinea(t("Steun van de gemeente: "), ctx.open_fact("gemeente.ondersteuningsaanbod_helder"), t(".")))
    if ctx.soort == "uitvoeringsplan":
        for pid, name, claims in ctx.partner_parties():
            paras.append(alinea(g(name, *claims), t(": "), ctx.open(
                f"geld.{pid}", f"Wat investeert {the(name)} en wanneer valt het besluit daarover?")))
    paras.append(alinea(t("Geld van de gemeente valt onder de gewone regels voor subsidies en uitgaven van de gemeente. "
                          "Een toezegging van geld geldt pas na een besluit van het bevoegde orgaan, en alleen als het "
                          "geld in de begroting staat.")))
    paras.append(alinea(t("Betaalt de gemeente het initiatief voor werk, dan toetst zij eerst of dat als subsidie kan of "
                          "als opdracht moet. Een opdracht kan betekenen dat de gemeente moet aanbesteden.")))
    title = "Kosten" if ctx.soort == "intentie" else "Financiering"
    return ("financiering", title, [(title, paras)])


def communication(ctx: Context) -> Section:
    paras = [alinea(t("Partijen stemmen berichten over de samenwerking vooraf met elkaar af.")),
             alinea(t("Het initiatief vertelt zijn eigen verhaal in de wijk. De gemeente helpt daarbij en noemt de "
                      "samenwerking in haar eigen berichten."))]
    support = ctx.fact("wijk.steun")
    if isinstance(support, str) and support in STEUN:
        paras.append(alinea(g(STEUN[support], feit("wijk.steun", support)), t(" Zo betrekken partijen de rest van de wijk: "),
                            ctx.open("communicatie.wijk", "Hoe bereiken partijen ook bewoners die nog niet meedoen?"),
                            t(".")))
    else:
        paras.append(alinea(t("Zo betrekken partijen de wijk: "),
                            ctx.open("communicatie.wijk", "Hoe bereiken partijen ook bewoners die nog niet meedoen?"),
                            t(".")))
    if ctx.soort == "intentie":
        paras.append(alinea(t("Partijen maken het tekenen van deze overeenkomst samen bekend.")))
    paras.append(alinea(t("Aanspreekpunt voor pers en bewoners, per partij: "),
                        ctx.open("communicatie.aanspreekpunt", "Wie is per partij het aanspreekpunt voor pers en bewoners?"),
                        t(".")))
    return ("communicatie", "Communicatie", [("Communicatie en de wijk", paras)])


# -- escalatie, evaluatie, looptijd ------------------------------------------------------------
def escalation(ctx: Context) -> Section:
    if ctx.fact("gemeente.escalatieroute") is True:
        first = alinea(g("Partijen hebben al afgesproken hoe zij een meningsverschil oplossen.",
                         feit("gemeente.escalatieroute", True)), t(" Die afspraak is: "),
                       ctx.open("escalatie.route", "Wat is de afgesproken route bij een meningsverschil?"), t("."))
    else:
        who = (ctx.open_fact("gemeente.escalatieroute") if ctx.fact("gemeente.escalatieroute") is None else
               ctx.open("escalatie.wie", FACT_QUESTION["gemeente.escalatieroute"]))
        first = alinea(t("Komen de direct betrokkenen er samen niet uit, dan leggen zij het verschil voor aan: "), who, t("."))
    paras = [alinea(t("Verschil van mening hoort bij samenwerken. Partijen praten er eerst samen over, en op tijd.")), first,
             alinea(t("Lukt het dan nog niet: "),
                    ctx.open("escalatie.daarna", "Schakelen partijen dan een bemiddelaar (mediator) in, of gaat het "
                             "geschil naar de rechter?"), t("."))]
    return ("escalatie", "Escalatie: als partijen het niet eens worden", [("Meningsverschillen", paras)])


def evaluation(ctx: Context) -> Section:
    if ctx.fact("gemeente.evaluatiemomenten") is True:
        first = alinea(g("Partijen hebben vaste momenten om de samenwerking te evalueren.",
                         feit("gemeente.evaluatiemomenten", True)), t(" Die momenten zijn: "),
                       ctx.open("evaluatie.momenten", "Wanneer zijn de vaste evaluatiemomenten?"), t("."))
    else:
        when = (ctx.open_fact("gemeente.evaluatiemomenten") if ctx.fact("gemeente.evaluatiemomenten") is None else
                ctx.open("evaluatie.ritme", FACT_QUESTION["gemeente.evaluatiemomenten"]))
        first = alinea(t("Partijen evalueren de samenwerking op vaste momenten: "), when, t("."))
    what = "de voortgang van het plan, " if ctx.soort == "uitvoeringsplan" else ""
    paras = [first,
             alinea(t(f"Zij kijken dan naar {what}de ambitie, de rolverdeling en de manier van samenwerken. "
                      "Ook bestuurders van de partijen zijn erbij.")),
             alinea(t("Passen afspraken niet meer, dan veranderen partijen ze samen en op schrift."))]
    title = "Evaluatie en bijsturen" if ctx.soort == "uitvoeringsplan" else "Evaluatie"
    return ("evaluatie", title, [(title, paras)])


def duration(ctx: Context) -> Section:
    end = {"intentie": "Zij eindigt ook als partijen een samenwerkingsovereenkomst sluiten.",
           "sok": "Zij eindigt als de gemeenteraad het uitvoeringsplan heeft vastgesteld, of eerder als partijen dat "
                  "samen besluiten.",
           "uitvoeringsplan": "Het plan loopt tot de wijk van het aardgas af is."}[ctx.soort]
    if ctx.soort == "uitvoeringsplan":
        paras = [alinea(t(end + " De wijk is aardgasvrij op: "),
                        ctx.open("uitvoering.einddatum", "Per wanneer is de wijk aardgasvrij?"), t(".")),
                 alinea(t("Partijen herzien het plan als de evaluatie daar reden voor geeft. Een herziening stelt de "
                          "gemeenteraad opnieuw vast."))]
        return ("looptijd", "Looptijd en herziening", [("Looptijd en herziening", paras)])
    paras = [alinea(t("Deze overeenkomst geldt vanaf de dag dat alle partijen hebben getekend, tot "),
                    ctx.open("looptijd.einde", "Tot welke datum geldt de overeenkomst, of bij welk resultaat eindigt zij?"),
                    t(". " + end)),
             alinea(t("Elke partij kan de overeenkomst op schrift opzeggen, met een opzegtermijn van "),
                    ctx.open("looptijd.opzegtermijn", "Welke opzegtermijn geldt?"),
                    t(". Wie opzegt, legt uit waarom en gaat eerst met de andere partijen in gesprek."))]
    if ctx.soort == "sok":
        paras.append(alinea(t("Bij het einde van de overeenkomst spreken partijen af wat er gebeurt met resultaten, "
                              "gegevens en kosten die al zijn gemaakt: "),
                            ctx.open("looptijd.afwikkeling", "Wat gebeurt er bij beëindiging met resultaten, gegevens en "
                                     "kosten die al zijn gemaakt?"), t(".")))
    title = "Looptijd en beëindiging"
    return ("looptijd", title, [(title, paras)])


def closing(ctx: Context) -> Section:
    paras = []
    if ctx.soort == "intentie":
        paras.append(alinea(t("Deze overeenkomst legt vast wat partijen van plan zijn. Partijen kunnen elkaar niet "
                              "via de rechter dwingen haar na te komen of schade te betalen. Dat geldt ook voor de "
                              "afspraken over stappen en geld."),
                            t(" Afspraken die wel verplicht zijn: "),
                            ctx.open("slot.bindend", "Zijn er afspraken die wel verplicht moeten zijn (bijvoorbeeld "
                                     "over geheimhouding of kosten)? Zo niet, schrap deze zin."), t(".")))
    if ctx.soort == "sok":
        paras.append(alinea(t("De gemeente tekent pas nadat de gemeenteraad zijn mening over deze overeenkomst heeft "
                              "kunnen geven.")))
    paras.append(alinea(t("Elke partij betaalt haar eigen kosten voor deze overeenkomst, tenzij partijen op schrift "
                          "iets anders afspreken.")))
    paras.append(alinea(t("Deze overeenkomst beperkt de gemeente niet in haar wettelijke taken en bevoegdheden, zoals "
                          "het verlenen van vergunningen en de besluiten van de gemeenteraad.")))
    paras.append(alinea(t("Een wijziging geldt alleen als alle partijen haar op schrift hebben gezet en getekend.")))
    paras.append(alinea(t("De gemeente valt onder de Wet open overheid. Deze overeenkomst kan daardoor openbaar worden.")))
    if ctx.zwaar:
        paras.append(alinea(t("Partijen gaan zorgvuldig om met persoonsgegevens van bewoners, volgens de Algemene "
                              "verordening gegevensbescherming (AVG).")))
        paras.append(alinea(t("Aansprakelijkheid: "),
                            ctx.open("slot.aansprakelijkheid", "Wat spreken partijen af als een van hen schade "
                                     "veroorzaakt (aansprakelijkheid)?"), t(".")))
    paras.append(alinea(t("Op deze overeenkomst is Nederlands recht van toepassing.")))
    return ("slot", "Slotbepalingen", [("Slotbepalingen", paras)])


# -- alleen in het uitvoeringsplan ---------------------------------------------------------------
def alternative(ctx: Context) -> Section:
    paras = [heat_choice(ctx),
             alinea(t("De wijk stapt over op: "),
                    ctx.open("uitvoering.alternatief", "Op welk duurzaam alternatief stapt de wijk over?"), t(".")),
             alinea(t("Start en einde van de overstap: "),
                    ctx.open("uitvoering.planning", "Wanneer begint de overstap en per wanneer is de wijk aardgasvrij?"),
                    t(".")),
             alinea(t("Woningen en gebouwen in het plan: "),
                    ctx.open("uitvoering.woningen", "Om hoeveel woningen en gebouwen gaat het, en welke?"), t("."))]
    return ("alternatief", "Het warmtealternatief en de planning", [("Alternatief en planning", paras)])


def measures(ctx: Context) -> Section:
    paras = [alinea(t("Dit plan noemt alle maatregelen die samen nodig zijn: "),
                    ctx.open("maatregelen.lijst", "Welke maatregelen zijn nodig in de straat, aan de netten en in de "
                             "woningen?"), t("."))]
    chances = ctx.values("wijk.koppelkansen")
    if chances:
        paras.append(alinea(g("Partijen combineren het werk waar dat kan met "
                              + listing([KOPPELKANS.get(c, c) for c in chances]) + ".",
                              *[feit("wijk.koppelkansen", c) for c in chances])))
    paras.append(alinea(t("Vergunningen en andere besluiten die nodig zijn: "),
                        ctx.open("maatregelen.vergunningen", "Welke vergunningen en besluiten zijn nodig, en wanneer?"),
                        t(".")))
    return ("maatregelen", "Maatregelen en wat daarvoor nodig is", [("Maatregelen", paras)])


def feasibility(ctx: Context) -> Section:
    social = [alinea(t("Sociaal: "), ctx.open("haalbaarheid.sociaal", "Steunt de wijk het plan en doen genoeg bewoners "
                                                 "mee?"), t("."))]
    share = ctx.fact("wijk.deelnamebereidheid")
    if isinstance(share, int) and not isinstance(share, bool):
        social.append(alinea(g(f"Nu wil {share} procent van de huishoudens meedoen.",
                               feit("wijk.deelnamebereidheid", share))))
    else:
        social.append(alinea(ctx.open_fact("wijk.deelnamebereidheid")))
    others = [alinea(t(f"{label}: "), ctx.open(f"haalbaarheid.{key}", question), t("."))
              for key, label, question in (
                  ("technisch", "Technisch", "Werkt de gekozen techniek in deze wijk en deze woningen?"),
                  ("financieel", "Financieel", "Klopt de business case, en wat betaalt een huishouden?"),
                  ("juridisch", "Juridisch", "Welke juridische vorm krijgt de uitvoering (bijvoorbeeld aanbesteding "
                                             "of een eigen warmtebedrijf)?"),
                  ("planning", "Planning", "Is de planning haalbaar, ook voor netten, vergunningen en aannemers?"))]
    return ("haalbaarheid", "Haalbaarheid", [("Haalbaarheid", [*social, *others])])


def residents(ctx: Context) -> Section:
    paras = [alinea(t("Wat bewoners zelf doen en betalen: "),
                    ctx.open("bewoners.doen", "Wat moeten bewoners zelf doen en betalen?"), t(".")),
             alinea(t("Wat bewoners van de gemeente en de partners mogen verwachten: "),
                    ctx.open("bewoners.verwachten", "Welke informatie, hulp en geldelijke steun krijgen bewoners?"), t(".")),
             alinea(t("Bewoners die niet mee willen doen: "),
                    ctx.open("bewoners.optout", "Wat kunnen bewoners die niet meedoen, en wat gebeurt er met hun "
                             "aansluiting als het gasnet verdwijnt?"), t("."))]
    return ("bewoners", "Wat bewoners kunnen verwachten", [("Bewoners", paras)])


SECTIONS: dict[str, Callable[[Context], Section]] = {
    "doel": purpose, "ambitie": ambition, "alternatief": alternative, "maatregelen": measures,
    "haalbaarheid": feasibility, "bewoners": residents, "rollen": roles, "plan": plan,
    "besluitvorming": decisions, "financiering": money, "communicatie": communication, "escalatie": escalation,
    "evaluatie": evaluation, "looptijd": duration, "slot": closing,
}

# which sections, in which order, per kind and weight (the guide's contents for that agreement)
OUTLINE: dict[tuple[str, str], tuple[str, ...]] = {
    ("intentie", "licht"): ("doel", "ambitie", "rollen", "plan", "looptijd", "slot"),
    ("intentie", "zwaar"): ("doel", "ambitie", "rollen", "plan", "besluitvorming", "financiering", "communicatie",
                            "escalatie", "evaluatie", "looptijd", "slot"),
    ("sok", "licht"): ("doel", "ambitie", "plan", "rollen", "financiering", "looptijd", "slot"),
    ("sok", "zwaar"): ("doel", "ambitie", "plan", "rollen", "besluitvorming", "financiering", "communicatie",
                       "escalatie", "evaluatie", "looptijd", "slot"),
    ("uitvoeringsplan", "licht"): ("doel", "alternatief", "maatregelen", "haalbaarheid", "bewoners", "rollen", "plan"),
    ("uitvoeringsplan", "zwaar"): ("doel", "ambitie", "alternatief", "maatregelen", "haalbaarheid", "bewoners", "rollen",
                                   "plan", "besluitvorming", "financiering", "communicatie", "escalatie", "evaluatie",
                                   "looptijd"),
}
