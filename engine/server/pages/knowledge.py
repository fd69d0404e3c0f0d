"""/kennisbank and /kennisbank/{soort}/{id}: the knowledge base to browse, each item with its section of the guide.

The pages read the knowledge base the server advises with (`Adviseur.kb`), the same one
`samenwerkwijzer kennisbank` prints. Five kinds of item, each with a list on the start page and
a page of its own: fasen, activiteiten, partners, vormen (formalisatie) and risico's.
An unknown kind or id is a 404 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ...model.kennisbank import Kennisbank
from ..state import server_of
from .session import PageUser
from .templating import render

router = APIRouter(prefix="/kennisbank")
KINDS = {"fase": "Fasen", "activiteit": "Activiteiten", "partner": "Partners", "vorm": "Afspraken (formalisatie)",
         "risico": "Risico's"}
EIGENAAR = {"gemeente": "de gemeente", "initiatief": "het initiatief", "samen": "gemeente en initiatief samen"}


@dataclass(frozen=True)
class Link:
    soort: str
    id: str
    titel: str
    na: str = ""  # text after the link ("…: what this partner does here")

    @property
    def href(self) -> str:
        return f"/kennisbank/{self.soort}/{self.id}"


@dataclass
class Item:
    """One item as its page shows it: a title, paragraphs, facts (label, text or links) and lists."""

    soort: str
    id: str
    titel: str
    omschrijving: str
    bron: str
    bron_titel: str
    feiten: list[tuple[str, str | list[Link]]] = field(default_factory=list)
    lijsten: list[tuple[str, list[str | Link]]] = field(default_factory=list)


def source_title(kb: Kennisbank, bron: str) -> str:
    """The guide's section as a reader knows it: its title (which names its chapter), else its id."""
    return kb.bronnen[bron].titel if bron in kb.bronnen else bron


Group = tuple[str | None, list[Link]]  # a subheading (or none) and its links


def index(kb: Kennisbank) -> list[tuple[str, str, list[Group]]]:
    """(soort, heading, groups of links) for the start page: activities per phase, risks per severity."""
    fasen = [Link("fase", f, kb.fasen[f].titel) for f in kb.phase_order()]
    acts: list[Group] = [(f"Fase {kb.fasen[f].volgorde}: {kb.fasen[f].titel}", [Link("activiteit", a.id, a.titel) for a in kb.fasen[f].activiteiten])
            for f in kb.phase_order()]
    partners = [Link("partner", p.id, p.naam) for p in sorted(kb.partners.values(), key=lambda p: (p.naam.casefold(), p.id))]
    vormen = [Link("vorm", v.id, v.titel) for v in sorted(kb.vormen.values(), key=lambda v: (v.titel.casefold(), v.id))]
    risicos: list[Group] = [(f"Ernst: {ernst}", [Link("risico", r.id, r.titel) for r in
                                    sorted(kb.risicos.values(), key=lambda r: (r.titel.casefold(), r.id)) if r.ernst == ernst])
               for ernst in ("hoog", "midden", "laag")]
    groups: list[tuple[str, list[Group]]] = [("fase", [(None, fasen)]), ("activiteit", acts), ("partner", [(None, partners)]),
                                             ("vorm", [(None, vormen)]), ("risico", [g for g in risicos if g[1]])]
    return [(s, KINDS[s], g) for s, g in groups]


def item(kb: Kennisbank, soort: str, id_: str) -> Item | None:
    """The item `id_` of kind `soort`, or None."""
    def fase_link(f: str | None) -> list[Link]:
        return [Link("fase", f, kb.fasen[f].titel)] if f and f in kb.fasen else []

    def links(kind: str, ids: list[str]) -> list[Link]:
        titles = {i: a.titel for i, a in kb.activiteiten.items()} if kind == "activiteit" else \
            {i: v.titel for i, v in kb.vormen.items()}
        return [Link(kind, i, titles[i]) for i in ids if i in titles]

    def base(titel: str, omschrijving: str, bron: str) -> Item:
        return Item(soort, id_, titel, omschrijving.strip(), bron, source_title(kb, bron))

    if soort == "fase" and id_ in kb.fasen:
        f = kb.fasen[id_]
        out = base(f"Fase {f.volgorde}: {f.titel}", f.omschrijving, f.bron)
        out.lijsten = [("Doelen", [d.titel for d in f.doelen]),
                       ("Activiteiten", [Link("activiteit", a.id, a.titel) for a in f.activiteiten]),
                       ("Met wie", [Link("partner", m.partner, kb.partners[m.partner].naam, f": {m.rol.strip()}")
                                    for m in f.met_wie if m.partner in kb.partners]),
                       ("Tips", [t.titel for t in f.tips])]
        result = [Link("vorm", f.resultaat.vorm, f.resultaat.titel)] if f.resultaat.vorm in kb.vormen else f.resultaat.titel
        out.feiten = [("Resultaat van de fase", result)]
        return out
    if soort == "activiteit" and id_ in kb.activiteiten:
        a = kb.activiteiten[id_]
        out = base(a.titel, a.omschrijving, a.bron)
        spoor = kb.sporen.get(a.spoor)
        out.feiten = [("Fase", fase_link(a.fase)), ("Ontwikkelspoor", spoor.titel if spoor else a.spoor),
                      ("Wie neemt het voortouw", EIGENAAR.get(a.eigenaar, a.eigenaar))]
        out.feiten += [(label, value.strip()) for label, value in
                       (("Wie doet het", a.rol), ("Klaar als", a.klaar_als), ("Duurt ongeveer", a.doorlooptijd)) if value]
        if a.na:
            out.feiten.append(("Komt na", links("activiteit", a.na)))
        out.lijsten = [("Helpt bij deze doelen", [kb.doelen[d].titel for d in a.doelen if d in kb.doelen])]
        return out
    if soort == "partner" and id_ in kb.partners:
        p = kb.partners[id_]
        out = base(p.naam, p.omschrijving, p.bron)
        out.feiten = [("Soort partner", p.soort)]
        out.lijsten = [("Wie hoort erbij", list(p.leden)),
                       ("In deze fasen", [Link("fase", f, kb.fasen[f].titel) for f in kb.phase_order()
                                          if any(m.partner == p.id for m in kb.fasen[f].met_wie)])]
        return out
    if soort == "vorm" and id_ in kb.vormen:
        v = kb.vormen[id_]
        out = base(v.titel, v.omschrijving, v.bron)
        out.feiten = [("Fase", fase_link(v.fase))]
        if v.zwaarte:
            out.feiten.append(("Zwaarte", ", ".join(v.zwaarte)))
        if v.alternatieven:
            out.feiten.append(("Andere mogelijkheden", links("vorm", v.alternatieven)))
        out.lijsten = [("Wat erin staat", list(v.inhoud))]
        return out
    if soort == "risico" and id_ in kb.risicos:
        r = kb.risicos[id_]
        out = base(r.titel, r.omschrijving, r.bron)
        out.feiten = [("Ernst", r.ernst)]
        out.lijsten = [("Wat u kunt doen", list(r.maatregelen))]
        return out
    return None


Soort = Annotated[str, Path(max_length=50)]
ItemId = Annotated[str, Path(max_length=200)]


@router.get("")
def knowledge_index(request: Request, who: PageUser) -> Response:
    kb = server_of(request).adviseur.kb
    return render(request, "kennisbank.html", who, title="Kennisbank", delen=index(kb))


@router.get("/{soort}/{item_id}")
def knowledge_item(request: Request, soort: Soort, item_id: ItemId, who: PageUser) -> Response:
    found = item(server_of(request).adviseur.kb, soort, item_id)
    if found is None:
        raise HTTPException(404)
    return render(request, "kennisbank-item.html", who, title=found.titel, item=found, soort_titel=KINDS[soort])
