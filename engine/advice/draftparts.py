"""The pieces a draft is built from: the context of one draft, claims, open fields, the parties
and the signature block.

Every piece of text that depends on the initiative is a `Gegeven` carrying the facts or advice
items it rests on; anything not known is an `Open` field with its question. Nothing here guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.advice import ActiviteitAdvies, Advies, PartnerAdvies
from ..model.draft import Alinea, Bewering, Deel, Gegeven, Handtekening, Open, Partij, Tekst
from ..model.facts import input_catalogue
from ..model.kennisbank import Kennisbank
from .draftwords import FACT_QUESTION, RECHTSVORM, ZONDER_RECHTSVORM, the


def feit(name: str, value: str | int | bool) -> Bewering:
    return Bewering(bron="feit", sleutel=name, waarde=value)


def advies(key: str, value: str | int | bool) -> Bewering:
    return Bewering(bron="advies", sleutel=key, waarde=value)


def kennis(table: str, item: str) -> Bewering:
    return Bewering(bron="kennisbank", sleutel=table, waarde=item)


def t(text: str) -> Tekst:
    return Tekst(tekst=text)


def g(text: str, *claims: Bewering) -> Gegeven:
    return Gegeven(tekst=text, op=list(claims))


def alinea(*parts: Deel) -> Alinea:
    return Alinea(delen=list(parts))


@dataclass(frozen=True)
class Context:
    """What one draft is built from: the advice, the input facts, the knowledge base, the kind and weight."""

    advice: Advies
    facts: Mapping[str, object]
    kb: Kennisbank
    soort: str
    zwaarte: str

    @property
    def this_document(self) -> str:
        return "dit plan" if self.soort == "uitvoeringsplan" else "deze overeenkomst"

    @property
    def zwaar(self) -> bool:
        return self.zwaarte == "zwaar"

    def fact(self, name: str) -> object | None:
        return self.facts.get(name)

    def values(self, name: str) -> list[str]:
        """A list fact's values (sorted, as flattened), [] when unknown."""
        value = self.facts.get(name)
        return [str(v) for v in value] if isinstance(value, tuple | list) else []

    def open(self, ident: str, question: str, hint: str | None = None) -> Open:
        """An open field nothing in the profile could answer."""
        return Open(id=ident, vraag=question, hint=hint)

    def open_fact(self, name: str, question: str | None = None, hint: str | None = None) -> Open:
        """An open field for the fact `name`: the advice's own question when it asks it, else ours."""
        asked = next((q for q in self.advice.open_vragen if q.feit == name and q.vraag), None)
        spec = input_catalogue().get(name)
        text = question or (asked.vraag if asked else None) or FACT_QUESTION.get(name) or (spec.description if spec else name)
        return Open(id=f"feit:{name}", vraag=text, feit=name, hint=hint)

    # -- who is who --------------------------------------------------------------------------
    def gemeente_naam(self) -> Deel:
        name = self.fact("gemeente.naam")
        if isinstance(name, str) and name:
            return g(f"gemeente {name}", feit("gemeente.naam", name))
        return self.open_fact("gemeente.naam")

    def initiatief_naam(self) -> Gegeven:
        return g(self.advice.naam, feit("naam", self.advice.naam))

    def partner_parties(self) -> list[tuple[str, str, list[Bewering]]]:
        """(id, name, claims) of every outside partner the profile or the advice names, in catalogue order."""
        advised: dict[str, PartnerAdvies] = {p.id: p for p in self.advice.partners}
        given = set(self.values("partners_betrokken"))
        out = []
        for pid, partner in self.kb.partners.items():
            if partner.soort != "extern":
                continue
            claims = []
            if pid in given:
                claims.append(feit("partners_betrokken", pid))
            if pid in advised:
                claims.append(advies("partners", pid))
            if pid == "woningcorporatie" and self.fact("wijk.woningcorporatie_bezit") is True:
                claims.append(feit("wijk.woningcorporatie_bezit", True))
            if claims:
                out.append((pid, partner.naam, claims))
        return out

    def advice_role(self, pid: str) -> str | None:
        found = next((p for p in self.advice.partners if p.id == pid), None)
        return " ".join(r.strip() for r in found.rollen) if found and found.rollen else None

    def commitments(self, makes: tuple[str, ...]) -> list[ActiviteitAdvies]:
        """The advice's plan steps still to do, in plan order, without the step that makes this draft itself."""
        by_id = {a.id: a for a in self.advice.activiteiten}
        out = []
        for group in self.advice.plan:
            for step in group.stappen:
                act = by_id.get(step.id)
                if act is not None and not act.afgerond and act.id not in makes:
                    out.append(act)
        return out


def signs(name: str) -> str:
    """'Tekent de netbeheerder', 'Tekenen de aannemers en installateurs'."""
    return f"{'Tekenen' if ' en ' in name else 'Tekent'} {the(name)}"


def parties(ctx: Context) -> list[Partij]:
    """The parties: the municipality, the initiative and each outside partner the profile or advice names."""
    out = [Partij(id="gemeente", rol="gemeente", naam=alinea(t("De "), ctx.gemeente_naam()), beschrijving=[
        alinea(t("Vertegenwoordigd door "), municipality_signer(ctx),
               t(", ter uitvoering van het besluit van het college van burgemeester en wethouders van "),
               ctx.open("gemeente.collegebesluit", f"Op welke datum besloot het college over {ctx.this_document}?"),
               t(".")),
    ])]
    out.append(Partij(id="initiatief", rol="initiatief", naam=alinea(ctx.initiatief_naam()),
                      beschrijving=initiative_description(ctx)))
    for pid, name, claims in ctx.partner_parties():
        out.append(Partij(id=pid, rol="partner", op=claims, naam=alinea(
            g(name, *claims), t(": "), ctx.open(f"partij.{pid}.naam", f"Wat is de naam van {the(name)}?")),
            beschrijving=[alinea(t("Vertegenwoordigd door "), partner_signer(ctx, pid, name),
                                 t(". "), ctx.open(f"partij.{pid}.tekent", f"{signs(name)} mee? Zo niet, "
                                                   "schrap deze partij.", hint=ctx.advice_role(pid)))]))
    return out


def initiative_description(ctx: Context) -> list[Alinea]:
    """Legal form and representation of the initiative, as far as the profile tells."""
    form = ctx.fact("initiatief.organisatievorm")
    claim = feit("initiatief.organisatievorm", str(form)) if form else None
    if claim is not None and str(form) in RECHTSVORM:
        return [alinea(g(f"Een {RECHTSVORM[str(form)]}", claim), t(", gevestigd in "),
                       ctx.open("initiatief.vestiging", "Waar is het initiatief gevestigd (adres)?"),
                       t(", ingeschreven bij de Kamer van Koophandel onder nummer "),
                       ctx.open("initiatief.kvk", "Wat is het KvK-nummer van het initiatief?"), t(".")),
                alinea(t("Vertegenwoordigd door "), initiative_signer(ctx), t("."))]
    if claim is not None and str(form) in ZONDER_RECHTSVORM:
        paras = [alinea(g(f"Het initiatief is {ZONDER_RECHTSVORM[str(form)]}.", claim),
                        t(" Het kan daarom niet zelf als rechtspersoon tekenen. De initiatiefnemers tekenen op eigen naam "
                          "en namens de groep: "),
                        ctx.open("initiatief.ondertekenaars", "Welke initiatiefnemers tekenen (naam en adres)?"), t("."))]
        if ctx.soort != "intentie":  # money and obligations: the signers would carry them personally
            paras.append(alinea(t("Zonder rechtspersoon zijn de initiatiefnemers die tekenen zelf aansprakelijk voor "
                                  "afspraken over geld en andere verplichtingen. "),
                                ctx.open("initiatief.rechtspersoon", "Richt het initiatief een stichting, vereniging of "
                                         "coöperatie op voordat partijen tekenen?")))
        return paras
    if claim is not None:  # a warmtebedrijf: a company, legal form not told
        return [alinea(g("Het initiatief is een warmtebedrijf.", claim), t(" Rechtsvorm, adres en KvK-nummer: "),
                       ctx.open("initiatief.rechtsvorm", "Welke rechtsvorm, welk adres en welk KvK-nummer heeft het "
                                "warmtebedrijf van het initiatief?"), t(".")),
                alinea(t("Vertegenwoordigd door "), initiative_signer(ctx), t("."))]
    return [alinea(t("Rechtsvorm: "), ctx.open_fact("initiatief.organisatievorm"), t(". Vertegenwoordigd door "),
                   initiative_signer(ctx), t("."))]


def signer(ctx: Context, partij: Partij) -> Open:
    """The open field for who signs for `partij` (the same field as in its description)."""
    if partij.rol == "gemeente":
        return municipality_signer(ctx)
    if partij.rol == "initiatief":
        if _informal(ctx):
            return ctx.open("initiatief.ondertekenaars", "Welke initiatiefnemers tekenen (naam en adres)?")
        return initiative_signer(ctx)
    return partner_signer(ctx, partij.id, ctx.kb.partners[partij.id].naam)


def municipality_signer(ctx: Context) -> Open:
    return ctx.open("gemeente.vertegenwoordiger", "Wie tekent namens de gemeente: de burgemeester, of iemand met "
                    "een volmacht van de burgemeester?")


def initiative_signer(ctx: Context) -> Open:
    form = str(ctx.fact("initiatief.organisatievorm"))
    extra = " (volgens de statuten)" if form in RECHTSVORM or form == "warmtebedrijf" else ""
    return ctx.open("initiatief.vertegenwoordiger", f"Wie tekent namens het initiatief{extra}?")


def partner_signer(ctx: Context, pid: str, name: str) -> Open:
    return ctx.open(f"partij.{pid}.vertegenwoordiger", f"Wie tekent namens {the(name)}?")


def signature_name(partij: Partij) -> list[Deel]:
    """The party's name after 'Voor': 'de gemeente …' in lower case."""
    first, *rest = partij.naam.delen
    if isinstance(first, Tekst) and partij.rol == "gemeente":
        return [t(first.tekst.lower()), *rest]
    if isinstance(first, Gegeven) and partij.rol == "partner":  # 'Woningcorporatie: [naam]' -> 'de woningcorporatie [naam]'
        return [Gegeven(tekst=the(first.tekst), op=first.op), t(" "), *rest[1:]]
    return [first, *rest]


def signatures(ctx: Context, partijen: list[Partij]) -> list[Handtekening]:
    """One block per party: who signs, with place and date left for the day of signing."""
    return [Handtekening(partij=partij.id, kop=alinea(t("Voor "), *signature_name(partij)), regels=[
        alinea(t("Naam en functie: "), signer(ctx, partij)),
        alinea(t("Plaats: ……………………")),
        alinea(t("Datum: ……………………")),
        alinea(t("Handtekening: ……………………")),
    ]) for partij in partijen]


def _informal(ctx: Context) -> bool:
    return str(ctx.fact("initiatief.organisatievorm")) in ZONDER_RECHTSVORM
