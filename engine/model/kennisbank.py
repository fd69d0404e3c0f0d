"""The knowledge base: the guide as structured data, loaded from kennisbank/*.yaml.

Every YAML file holds one or more collections (fasen, sporen, partners, …); the loader merges
them, refuses duplicate ids across files and checks every reference (na, spoor, partner, vorm,
doel, bron), reporting all problems in one run with file:line. The `na` graph must be acyclic.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every field's
# annotation from text when the classes are made (about 3 ms of each cold start for these modules).

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, Problem, ProblemList, best_guess
from ..source.folderscan import scan
from ..source.validation import load_valid
from ..source.yamlsource import Document
from ..terminal import NOT_SHOWN
from .pickled import CompactPickle
from .strictfields import STRICT, Geheel
from .vocabulary import Eigenaar, Ernst, Fase, Zwaarte

ID = r"^[a-z0-9][a-z0-9_./-]*$"


class _Item(CompactPickle, BaseModel):
    model_config = ConfigDict(**STRICT, frozen=True)


class Bron(_Item):
    id: str = Field(pattern=ID)
    titel: str


class Verdieping(_Item):
    id: str = Field(pattern=ID)
    titel: str
    url: str
    bron: str


class Spoor(_Item):
    id: str = Field(pattern=ID)
    nummer: Geheel
    titel: str
    omschrijving: str
    bron: str


class Punt(_Item):
    id: str = Field(pattern=ID)
    nummer: Geheel
    titel: str
    omschrijving: str
    bron: str


class Regierol(_Item):
    id: str = Field(pattern=ID)
    letter: str
    titel: str
    omschrijving: str
    vraagt: list[str] = Field(default_factory=list)
    bron: str


class Begrip(_Item):
    """A term from the glossary: a word or abbreviation the advice uses, explained at B1 level."""

    id: str = Field(pattern=ID)
    term: str = Field(min_length=1)
    uitleg: str = Field(min_length=1)
    varianten: list[str] = Field(default_factory=list)  # other forms the term takes in a text (plural, full name)
    bron: str | None = None


class Participatieniveau(_Item):
    id: str = Field(pattern=ID)
    volgorde: Geheel
    titel: str
    omschrijving: str
    bron: str


class Partner(_Item):
    id: str = Field(pattern=ID)
    naam: str
    soort: Literal["initiatief", "gemeente", "bestuur", "extern", "ondersteuning"]
    omschrijving: str
    leden: list[str] = Field(default_factory=list)
    bron: str


class Vorm(_Item):
    id: str = Field(pattern=ID)
    titel: str
    fase: Fase
    omschrijving: str
    zwaarte: list[Zwaarte] = Field(default_factory=list)
    inhoud: list[str] = Field(default_factory=list)
    alternatieven: list[str] = Field(default_factory=list)
    bron: str


class Risico(_Item):
    id: str = Field(pattern=ID)
    titel: str
    omschrijving: str
    ernst: Ernst
    maatregelen: list[str] = Field(min_length=1)
    bron: str


class Doel(_Item):
    id: str = Field(pattern=ID)
    titel: str
    omschrijving: str
    bron: str


class Activiteit(_Item):
    id: str = Field(pattern=ID)
    titel: str
    omschrijving: str
    fase: Fase | None = None  # filled in from the phase that holds it
    spoor: str
    eigenaar: Eigenaar
    rol: str | None = None  # who does it, as a role ("aanspreekpunt van de gemeente")
    klaar_als: str | None = None  # what "done" looks like
    doorlooptijd: str | None = None  # rough lead time, in words
    na: list[str] = Field(default_factory=list)
    doelen: list[str] = Field(default_factory=list)
    bron: str


class Tip(_Item):
    id: str = Field(pattern=ID)
    titel: str
    omschrijving: str
    bron: str


class MetWie(_Item):
    partner: str
    rol: str
    bron: str


class Resultaat(_Item):
    titel: str
    omschrijving: str
    vorm: str | None = None
    bron: str


class FaseItem(_Item):
    id: Fase
    volgorde: Geheel
    titel: str
    omschrijving: str
    bron: str
    doelen: list[Doel] = Field(default_factory=list)
    activiteiten: list[Activiteit] = Field(default_factory=list)
    samenwerken: list[Tip] = Field(default_factory=list)
    met_wie: list[MetWie] = Field(default_factory=list)
    tips: list[Tip] = Field(default_factory=list)
    resultaat: Resultaat


class KennisbankFile(BaseModel):
    """One kennisbank YAML file: any of these collections."""

    model_config = ConfigDict(**STRICT, title="Kennisbankbestand van samenwerkwijzer")

    bronnen: list[Bron] = Field(default_factory=list)
    verdieping: list[Verdieping] = Field(default_factory=list)
    sporen: list[Spoor] = Field(default_factory=list)
    punten_vooraf: list[Punt] = Field(default_factory=list)
    mogelijkheden: list[Punt] = Field(default_factory=list)
    regierollen: list[Regierol] = Field(default_factory=list)
    participatieniveaus: list[Participatieniveau] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    vormen: list[Vorm] = Field(default_factory=list)
    risicos: list[Risico] = Field(default_factory=list)
    tips: list[Tip] = Field(default_factory=list, description=(
        "Tips die bij geen fase horen, zoals wat een wet betekent; tips van een fase staan in die fase."))
    begrippen: list[Begrip] = Field(default_factory=list)
    fasen: list[FaseItem] = Field(default_factory=list)
    intern: list[str] = Field(default_factory=list, description=(
        "Ids van activiteiten, risico's, tips en partners, en namen van invoerfeiten, die alleen de gemeente "
        "aangaan. De versie van het advies voor het initiatief laat ze weg."))


INTERNAL = "intern"  # a list of references, not a collection of items with their own id
COLLECTIONS = tuple(name for name in KennisbankFile.model_fields if name != INTERNAL)


@dataclass(slots=True)  # one per rule and per knowledge-base item: no instance dict
class Located:
    """Where an item came from: its file and its path inside the file."""

    doc: Document
    path: tuple[Any, ...]

    def problem(self, message: str, *, sub: tuple[Any, ...] = (), **kw: Any) -> Problem:
        line, col = self.doc.where(self.path + sub)
        return Problem(message, path=self.doc.source, line=line, column=col, **kw)


@dataclass
class Kennisbank:
    """The merged knowledge base with lookups by id."""

    bronnen: dict[str, Bron] = field(default_factory=dict)
    verdieping: dict[str, Verdieping] = field(default_factory=dict)
    sporen: dict[str, Spoor] = field(default_factory=dict)
    punten_vooraf: dict[str, Punt] = field(default_factory=dict)
    mogelijkheden: dict[str, Punt] = field(default_factory=dict)
    regierollen: dict[str, Regierol] = field(default_factory=dict)
    participatieniveaus: dict[str, Participatieniveau] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    vormen: dict[str, Vorm] = field(default_factory=dict)
    risicos: dict[str, Risico] = field(default_factory=dict)
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    fasen: dict[str, FaseItem] = field(default_factory=dict)
    activiteiten: dict[str, Activiteit] = field(default_factory=dict)
    doelen: dict[str, Doel] = field(default_factory=dict)
    doel_fase: dict[str, str] = field(default_factory=dict)
    tips: dict[str, Tip] = field(default_factory=dict)
    intern: dict[str, Located] = field(default_factory=dict, metadata=NOT_SHOWN)  # id -> where it is listed
    where: dict[str, Located] = field(default_factory=dict, metadata=NOT_SHOWN)
    files: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict, metadata=NOT_SHOWN)
    # memo for the plan: (item id, sub-path) -> (file as shown, line); filled on first use, the same every consultation
    places: dict[tuple[str, tuple[str | int, ...]], tuple[str, int | None]] = field(
        default_factory=dict, metadata=NOT_SHOWN, repr=False, compare=False)

    def all_ids(self) -> set[str]:
        return set(self.where)

    def phase_order(self) -> list[str]:
        return [f.id for f in sorted(self.fasen.values(), key=lambda f: f.volgorde)]

    def to_json(self) -> dict[str, Any]:
        """Every item with all its fields, in a stable order."""
        def dump(items: dict[str, BaseModel]) -> list[dict[str, Any]]:
            return [items[k].model_dump(mode="json") for k in sorted(items)]

        fasen = [self.fasen[f].model_dump(mode="json") for f in self.phase_order()]
        return {
            "fasen": fasen,
            "sporen": [s.model_dump(mode="json") for s in sorted(self.sporen.values(), key=lambda s: s.nummer)],
            "activiteiten": dump(self.activiteiten),  # type: ignore[arg-type]
            "doelen": dump(self.doelen),  # type: ignore[arg-type]
            "punten_vooraf": dump(self.punten_vooraf),  # type: ignore[arg-type]
            "mogelijkheden": dump(self.mogelijkheden),  # type: ignore[arg-type]
            "regierollen": dump(self.regierollen),  # type: ignore[arg-type]
            "participatieniveaus": [p.model_dump(mode="json") for p in sorted(self.participatieniveaus.values(), key=lambda p: p.volgorde)],
            "partners": dump(self.partners),  # type: ignore[arg-type]
            "vormen": dump(self.vormen),  # type: ignore[arg-type]
            "risicos": dump(self.risicos),  # type: ignore[arg-type]
            "tips": dump({k: t for k, t in self.tips.items() if self.where[k].path[0] == "tips"}),  # type: ignore[arg-type]
            "begrippen": dump(self.begrippen),  # type: ignore[arg-type]
            "bronnen": dump(self.bronnen),  # type: ignore[arg-type]
            "verdieping": dump(self.verdieping),  # type: ignore[arg-type]
            "intern": sorted(self.intern),
        }


def yaml_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The knowledge-base files below `folder`, and a problem for each one that is no regular file."""
    return scan(folder, suffixes=(".yaml", ".yml"), recursive=True)


def load_kennisbank(folder: str | Path) -> Kennisbank:
    """Load and check a knowledge-base folder; raises InputError listing every problem."""
    folder = Path(folder)
    refused: list[Problem] = []
    if folder.is_dir():
        files, refused = yaml_files(folder)
    elif folder.exists():
        files = [folder]  # one file; a FIFO or device is refused when read
    else:
        raise InputError([Problem("map met de kennisbank niet gevonden", path=str(folder))])
    if not files and not refused:
        raise InputError([Problem("geen .yaml-bestanden in deze map", path=str(folder))])
    problems = ProblemList()
    for problem in refused:
        problems.add(problem)
    kb = Kennisbank()
    loaded = load_valid(files, KennisbankFile, problems.problems)
    for doc, parsed in loaded:
        kb.files.append(doc.source)
        kb.texts[doc.source] = doc.text
        _merge(kb, parsed, doc, problems)
    if len(loaded) == len(files) and not refused:  # a file that cannot be read would make every reference
        _check_references(kb, problems)             # to its items look broken: one mistake, one line
        _check_cycles(kb, problems)
    problems.raise_if_any()
    return kb


def _register(kb: Kennisbank, item_id: str, where: Located, problems: ProblemList, kind: str) -> bool:
    # sections of the guide (bronnen) have their own namespace: 'opstarten' is both a phase and a section
    item_id = f"bron:{item_id}" if kind == "bronnen" else item_id
    if item_id in kb.where:
        first = kb.where[item_id]
        fline, _ = first.doc.where(first.path)
        problems.add(where.problem(
            f"id '{item_id}' bestaat al ({first.doc.source}:{fline}); ids moeten uniek zijn over alle bestanden",
            sub=("id",), field="id",
        ))
        return False
    kb.where[item_id] = where
    return True


def _merge(kb: Kennisbank, parsed: KennisbankFile, doc: Document, problems: ProblemList) -> None:
    for i, ref in enumerate(parsed.intern):
        kb.intern.setdefault(ref, Located(doc, (INTERNAL, i)))
    for coll in COLLECTIONS:
        items = getattr(parsed, coll)
        for i, item in enumerate(items):
            loc = Located(doc, (coll, i))
            if not _register(kb, item.id, loc, problems, coll):
                continue
            getattr(kb, coll)[item.id] = item
            if coll == "begrippen":
                _check_term(kb, item, loc, problems)
            if coll != "fasen":
                continue
            for j, doel in enumerate(item.doelen):
                if _register(kb, doel.id, Located(doc, (coll, i, "doelen", j)), problems, "doelen"):
                    kb.doelen[doel.id] = doel
                    kb.doel_fase[doel.id] = item.id
            for j, act in enumerate(item.activiteiten):
                if _register(kb, act.id, Located(doc, (coll, i, "activiteiten", j)), problems, "activiteiten"):
                    kb.activiteiten[act.id] = act.model_copy(update={"fase": item.id})
            for key in ("samenwerken", "tips"):
                for j, tip in enumerate(getattr(item, key)):
                    if _register(kb, tip.id, Located(doc, (coll, i, key, j)), problems, key):
                        kb.tips[tip.id] = tip


def _check_term(kb: Kennisbank, begrip: Begrip, where: Located, problems: ProblemList) -> None:
    """A term (or one of its forms) may be explained only once: two explanations would disagree."""
    for n, form in enumerate([begrip.term, *begrip.varianten]):
        other = next((b for b in kb.begrippen.values() if b.id != begrip.id
                      and form.casefold() in {f.casefold() for f in (b.term, *b.varianten)}), None)
        if other is not None:
            first = kb.where[other.id]
            sub: tuple[Any, ...] = ("term",) if n == 0 else ("varianten", n - 1)
            problems.add(where.problem(
                f"begrip '{form}' staat al in de woordenlijst bij '{other.id}' "
                f"({first.doc.source}:{first.doc.where(first.path)[0]}); leg elk begrip één keer uit",
                sub=sub, field=sub[0],
            ))


def _refs(kb: Kennisbank) -> Iterator[tuple[Located, tuple[Any, ...], str, str, dict[str, Any]]]:
    """(where, sub-path, field, referenced id, table it must be in) for every reference."""
    for item_id, loc in kb.where.items():
        coll = loc.path[0]
        if coll == "bronnen":
            continue
        item: Any = _item_at(kb, item_id)
        if item is None:
            continue
        if getattr(item, "bron", None) is not None:  # optional only for begrippen
            yield loc, ("bron",), "bron", item.bron, kb.bronnen
        if isinstance(item, Activiteit):
            yield loc, ("spoor",), "spoor", item.spoor, kb.sporen
            for n, dep in enumerate(item.na):
                yield loc, ("na", n), "na", dep, kb.activiteiten
            for n, doel in enumerate(item.doelen):
                yield loc, ("doelen", n), "doelen", doel, kb.doelen
        if isinstance(item, Vorm):
            for n, alt in enumerate(item.alternatieven):
                yield loc, ("alternatieven", n), "alternatieven", alt, kb.vormen
        if isinstance(item, FaseItem) and coll == "fasen":
            for n, mw in enumerate(item.met_wie):
                yield loc, ("met_wie", n, "partner"), "met_wie.partner", mw.partner, kb.partners
                yield loc, ("met_wie", n, "bron"), "met_wie.bron", mw.bron, kb.bronnen
            if item.resultaat.vorm is not None:
                yield loc, ("resultaat", "vorm"), "resultaat.vorm", item.resultaat.vorm, kb.vormen
            yield loc, ("resultaat", "bron"), "resultaat.bron", item.resultaat.bron, kb.bronnen


def _item_at(kb: Kennisbank, item_id: str) -> Any:
    for table in (kb.activiteiten, kb.doelen, kb.tips, kb.bronnen, kb.verdieping, kb.sporen, kb.punten_vooraf,
                  kb.mogelijkheden, kb.regierollen, kb.participatieniveaus, kb.partners, kb.vormen, kb.risicos,
                  kb.begrippen, kb.fasen):
        if item_id in table:
            return table[item_id]
    return None


def _check_references(kb: Kennisbank, problems: ProblemList) -> None:
    for loc, sub, fieldname, ref, table in _refs(kb):
        if ref not in table:
            item_id = _id_of(loc)
            problems.add(loc.problem(
                f"'{item_id}' verwijst naar '{ref}', maar dat bestaat niet",
                sub=sub, field=fieldname, suggestion=best_guess(ref, table),
            ))
    from .facts import input_catalogue  # the facts model needs nothing from here; imported late to keep loading light

    listable = {**kb.activiteiten, **kb.risicos, **kb.tips, **kb.partners, **input_catalogue()}
    for ref, loc in sorted(kb.intern.items()):
        if ref not in listable:
            problems.add(loc.problem(
                f"'{ref}' staat in '{INTERNAL}', maar is geen activiteit, risico, tip, partner of invoerfeit",
                field=INTERNAL, suggestion=best_guess(ref, listable)))
    for act in kb.activiteiten.values():
        for doel in act.doelen:
            if doel in kb.doel_fase and kb.doel_fase[doel] != act.fase:
                n = act.doelen.index(doel)
                problems.add(kb.where[act.id].problem(
                    f"doel '{doel}' hoort bij fase {kb.doel_fase[doel]}, activiteit '{act.id}' bij fase {act.fase}",
                    sub=("doelen", n), field="doelen",
                ))


def _id_of(loc: Located) -> str:
    node: Any = loc.doc.data
    for part in loc.path:
        node = node[part]
    return str(node.get("id", "?")) if isinstance(node, dict) else "?"


def _check_cycles(kb: Kennisbank, problems: ProblemList) -> None:
    from graphlib import CycleError, TopologicalSorter

    try:  # the usual case, no cycle, is found without networkx: importing it costs about 17 MB and 0.2 s
        TopologicalSorter({act.id: [d for d in act.na if d in kb.activiteiten] for act in kb.activiteiten.values()}).prepare()
        return
    except CycleError:
        pass
    import networkx as nx

    graph = nx.DiGraph()
    for act in kb.activiteiten.values():
        graph.add_node(act.id)
        for dep in act.na:
            if dep in kb.activiteiten:
                graph.add_edge(dep, act.id)
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(graph)):
        # report the cycle in dependency order, starting at its smallest id
        ordered = _cycle_order(graph, cycle)
        path_text = " -> ".join(ordered + [ordered[0]])
        first = kb.where[ordered[0]]
        others = ", ".join(
            f"{kb.where[a].doc.source}:{kb.where[a].doc.where(kb.where[a].path)[0]}" for a in ordered
        )
        problems.add(first.problem(
            f"kringverwijzing in 'na': {path_text} (gedefinieerd in {others})", sub=("na",), field="na",
        ))


def _cycle_order(graph: Any, members: list[str]) -> list[str]:
    start = min(members)
    order = [start]
    member_set = set(members)
    current = start
    while True:
        nxt = sorted(s for s in graph.successors(current) if s in member_set)
        nxt = [n for n in nxt if n not in order] or []
        if not nxt:
            break
        current = nxt[0]
        order.append(current)
    return order


SHIPPED = Path(__file__).resolve().parents[2] / "kennisbank"
