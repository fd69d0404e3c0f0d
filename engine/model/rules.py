"""The rule language: regels/*.yaml as pydantic models, loaded with positions and checked.

A rule reads facts (input facts of the Initiatief, or derived facts declared in a rules file)
and concludes activities, partners, formalisation, risks, tips, derived facts and plan order.
Rules are data only: there is no way to run code from a rules file.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every field's
# annotation from text when the classes are made (about 3 ms of each cold start for these modules).

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..errors import InputError, Problem, ProblemList, best_guess, quoted
from ..source.folderscan import scan
from ..source.validation import load_valid
from ..source.yamlsource import Document
from .facts import FactSpec, input_catalogue
from .kennisbank import ID, Kennisbank, Located
from .pickled import CompactPickle
from .sharing import Pool, shared, slim
from .strictfields import STRICT, Datum, Geheel, JaNee
from .vocabulary import (
    COMBINATORS,
    FACT_OPERATORS,
    FASEN,
    OPERATORS,
    PRESENCE,
    Eigenaar,
    Ernst,
    Fase,
    Prioriteit,
    WaarschuwingSoort,
    Zwaarte,
)

__all__ = ["COMBINATORS", "FACT_OPERATORS", "Prioriteit", "Regel", "RuleBase", "Voorwaarde", "load_rules"]

Scalar = bool | Geheel | str


class _Strict(CompactPickle, BaseModel):
    model_config = ConfigDict(**STRICT, frozen=True)


class _OneKey(_Strict):
    """A mapping where a key is either absent or has a value: `key: null` is refused, as in the
    schema, so that "exactly one of these keys" means the same for the model and the schema."""

    @model_validator(mode="before")
    @classmethod
    def _no_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            empty = [k for k, v in data.items() if v is None]
            if empty:
                raise PydanticCustomError("leeg_veld", "'{veld}' heeft geen waarde: geef een waarde of laat de sleutel weg",
                                          {"veld": str(empty[0])})
        return data


def _forms_schema(forms: list[dict[str, Any]]) -> Any:
    """JSON Schema text for the model's "exactly one form" check, without null for any key."""

    def extra(schema: dict[str, Any]) -> None:
        for prop in schema["properties"].values():
            options = [o for o in prop.get("anyOf", []) if o != {"type": "null"}]
            if "anyOf" in prop:
                del prop["anyOf"]
                prop.update(options[0] if len(options) == 1 else {"anyOf": options})
            prop.pop("default", None)
        schema["oneOf"] = forms

    return extra


class Voorwaarde(_OneKey):
    """A condition: one fact test, a presence test, or a combination."""

    model_config = ConfigDict(json_schema_extra=_forms_schema(
        [{"required": ["feit"], "minProperties": 2, "maxProperties": 2, "anyOf": [{"required": [k]} for k in FACT_OPERATORS]}]
        + [{"required": [k], "maxProperties": 1} for k in ("bekend", "onbekend", *COMBINATORS)]))

    feit: str | None = Field(None, description="Naam van het feit, bijv. gemeente.capaciteit.")
    is_: Scalar | None = Field(None, alias="is", description="Het feit heeft precies deze waarde.")
    is_niet: Scalar | None = Field(None, description="Het feit heeft een andere waarde (of is onbekend).")
    in_: list[Scalar] | None = Field(None, alias="in", description="Het feit heeft een van deze waarden.")
    niet_in: list[Scalar] | None = Field(None, description="Het feit heeft geen van deze waarden (of is onbekend).")
    groter_dan: Geheel | None = None
    kleiner_dan: Geheel | None = None
    minstens: Geheel | None = None
    hoogstens: Geheel | None = None
    bevat: str | None = Field(None, description="De lijst bevat deze waarde.")
    bevat_niet: str | None = Field(None, description="De lijst bevat deze waarde niet (of is onbekend).")
    bevat_een: list[str] | None = Field(None, description="De lijst bevat minstens een van deze waarden.")
    leeg: JaNee | None = Field(None, description="De lijst is (niet) leeg.")
    bekend: str | None = Field(None, description="Dit invoerfeit is opgegeven / dit afgeleide feit is afgeleid.")
    onbekend: str | None = Field(None, description="Dit invoerfeit is niet opgegeven.")
    alle: "list[Voorwaarde] | None" = Field(None, description="Alle voorwaarden gelden.")
    een_van: "list[Voorwaarde] | None" = Field(None, description="Minstens een voorwaarde geldt.")
    niet: "Voorwaarde | None" = Field(None, description="De voorwaarde geldt niet.")

    @model_validator(mode="after")
    def _one_form(self) -> "Voorwaarde":
        ops = [k for k in FACT_OPERATORS if getattr(self, _attr(k)) is not None]
        combos = [k for k in COMBINATORS if getattr(self, k) is not None]
        presence = [k for k in PRESENCE if getattr(self, k) is not None]
        used = len(combos) + len(presence) + (1 if self.feit is not None else 0)
        if used != 1:
            raise ValueError(
                "een voorwaarde is precies één van: 'feit' met één toets, 'bekend', 'onbekend', 'alle', 'een_van' of 'niet'"
            )
        if self.feit is not None and len(ops) != 1:
            raise ValueError(
                f"bij 'feit' hoort precies één toets ({', '.join(FACT_OPERATORS)}); gevonden: {', '.join(ops) or 'geen'}"
            )
        if self.feit is None and ops:
            raise ValueError(f"toets '{ops[0]}' heeft een 'feit' nodig")
        return self

    def operator(self) -> tuple[str, Any]:
        for k in FACT_OPERATORS:
            v = getattr(self, _attr(k))
            if v is not None:
                return k, v
        raise ValueError("geen toets")


def _attr(key: str) -> str:
    return {"is": "is_", "in": "in_"}.get(key, key)


class ActiviteitConclusie(_Strict):
    id: str
    prioriteit: Prioriteit
    eigenaar: Eigenaar | None = None


class PartnerConclusie(_Strict):
    id: str
    rol: str


class FormalisatieConclusie(_Strict):
    vorm: str
    zwaarte: Zwaarte | None = None
    alternatieven: list[str] = Field(default_factory=list)
    inhoud: list[str] = Field(default_factory=list, description=(
        "Punten die in deze situatie in de afspraak horen, naast de vaste punten van de vorm uit de kennisbank."))


class RisicoConclusie(_Strict):
    id: str
    ernst: Ernst | None = None
    maatregel: str | None = None


class TipConclusie(_Strict):
    id: str


class AfleidenConclusie(_Strict):
    feit: str
    waarde: Scalar


class VolgordeConclusie(_Strict):
    eerst: str
    dan: str


class WaarschuwingConclusie(_Strict):
    """Facts that do not fit together or do not fit the phase: the advice says so, and changes nothing."""

    soort: WaarschuwingSoort = Field(description=(
        "fase-botst: de opgegeven fase ligt voor wat de feiten laten zien; fase-overgeslagen: de opgegeven fase "
        "slaat het resultaat van een eerdere fase over; tegenstrijdig: feiten spreken elkaar tegen."))
    tekst: str = Field(min_length=1, description="De waarschuwing in gewone woorden (B1), zoals de lezer haar ziet.")


CONCLUSION_KINDS = ("activiteit", "partner", "formalisatie", "risico", "tip", "afleiden", "volgorde", "waarschuwing")


class Conclusie(_OneKey):
    """One conclusion; exactly one key."""

    model_config = ConfigDict(json_schema_extra=_forms_schema([{"minProperties": 1, "maxProperties": 1}]))

    activiteit: ActiviteitConclusie | None = None
    partner: PartnerConclusie | None = None
    formalisatie: FormalisatieConclusie | None = None
    risico: RisicoConclusie | None = None
    tip: TipConclusie | None = None
    afleiden: AfleidenConclusie | None = None
    volgorde: VolgordeConclusie | None = None
    waarschuwing: WaarschuwingConclusie | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Conclusie":
        used = [k for k in CONCLUSION_KINDS if getattr(self, k) is not None]
        if len(used) != 1:
            raise ValueError(f"een conclusie is precies één van: {', '.join(CONCLUSION_KINDS)}")
        return self

    def kind(self) -> str:
        return next(k for k in CONCLUSION_KINDS if getattr(self, k) is not None)

    def body(self) -> Any:
        return getattr(self, self.kind())


class Regel(_Strict):
    id: str = Field(pattern=ID, description="Unieke naam van de regel.")
    titel: str
    fasen: list[Fase] | None = Field(None, description="Fasen waarin de regel geldt; weglaten = alle fasen.")
    als: Voorwaarde
    dan: list[Conclusie] = Field(min_length=1)
    bron: str = Field(description="Sectie van het stappenplan of id uit de kennisbank.")
    toelichting: str
    geldig_vanaf: Datum | None = Field(None, description="Eerste dag waarop de regel geldt (JJJJ-MM-DD).")
    geldig_tot: Datum | None = Field(None, description="Laatste dag waarop de regel geldt (JJJJ-MM-DD).")
    datum_onzeker: str | None = Field(None, min_length=1, description=(
        "Als geldig_vanaf of geldig_tot een verwachte datum is, bijvoorbeeld de dag waarop een wet naar verwachting "
        "ingaat: zeg in gewone woorden wat nog niet vaststaat. Het advies toont deze tekst."))
    beweert: list[Voorwaarde] = Field(default_factory=list, description=(
        "Wat de teksten van deze regel als feit over het initiatief zeggen, als voorwaarden. Elke bewering "
        "moet gelden op elk profiel waarop de regel afgaat; een test controleert dat."))

    def valid_on(self, day: dt.date) -> bool:
        return (self.geldig_vanaf is None or self.geldig_vanaf <= day) and (self.geldig_tot is None or day <= self.geldig_tot)


class AfgeleidFeit(_Strict):
    naam: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    waarden: list[Scalar] = Field(min_length=1)
    omschrijving: str
    bron: str


class Beleid(_Strict):
    """How conflicting conclusions are resolved. Declared, so every advice can show it."""

    formalisatie_volgorde: list[str] = Field(
        min_length=1, description="Vormen van sterk naar zwak: de eerste die geconcludeerd is, wint."
    )


class Regelbestand(BaseModel):
    model_config = ConfigDict(**STRICT, title="Regelbestand van samenwerkwijzer")

    afgeleide_feiten: list[AfgeleidFeit] = Field(default_factory=list)
    beleid: Beleid | None = None
    regels: list[Regel] = Field(default_factory=list)


@dataclass
class RuleBase:
    """All rules, derived-fact declarations and the conflict policy, with where each came from."""

    rules: list[Regel] = field(default_factory=list)
    where: dict[str, Located] = field(default_factory=dict)
    derived: dict[str, FactSpec] = field(default_factory=dict)
    beleid: Beleid | None = None
    files: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list, repr=False)  # each file read, in the order of `files`
    kb: Kennisbank | None = field(default=None, repr=False)  # gives the values of the facts that hold kb ids
    _facts: tuple[tuple[int, int], dict[str, FactSpec]] | None = field(default=None, repr=False)

    @property
    def texts(self) -> dict[str, str]:
        """File name -> source text, for the content hash and for messages; made anew on each call.

        A loaded document keeps its text compressed (`Document.compact`): at 10,000 rules the texts
        take 3.3 MB, compressed a tenth of that, and most processes never read them."""
        return {doc.source: doc.text for doc in self.documents}

    def facts(self) -> dict[str, FactSpec]:
        """Every fact rules may read: input facts (marked derivable when a rule derives one) and derived facts.

        Built once per state of the base and never changed afterwards: a fact that holds
        knowledge-base ids (marked KbIds on the fact model) takes that table's ids as its values."""
        stamp = (len(self.rules), len(self.derived))
        if self._facts is None or self._facts[0] != stamp:  # rebuilt only when rules were added
            self._facts = (stamp, self._build_facts())
        return self._facts[1]

    def _build_facts(self) -> dict[str, FactSpec]:
        out = dict(input_catalogue())
        derived_inputs = {c.afleiden.feit for r in self.rules for c in r.dan if c.afleiden is not None} & set(out)
        for name in derived_inputs:
            out[name] = dataclasses.replace(out[name], derivable=True)
        for name, spec in list(out.items()):
            if spec.ids is not None and self.kb is not None:
                out[name] = dataclasses.replace(spec, values=tuple(sorted(getattr(self.kb, spec.ids.table))))
        out.update(self.derived)
        return out

    def rule(self, rule_id: str) -> Regel:
        return next(r for r in self.rules if r.id == rule_id)


def load_rules(folder: str | Path, kb: Kennisbank, *, files: list[Path] | None = None) -> RuleBase:
    """Load and check a rules folder; raises InputError listing every problem."""
    base, problems = collect_rules(folder, kb, files=files)
    problems.raise_if_any()
    return base


def collect_rules(folder: str | Path, kb: Kennisbank, *, files: list[Path] | None = None) -> tuple[RuleBase, ProblemList]:
    """Load a rules folder and report its problems instead of raising (for `regels controleer`).

    The base holds every rule that parsed; rules named in an error are still in it.
    """
    folder = Path(folder)
    # only the folder's own files: subfolders (such as scenarios/) hold other kinds of YAML
    problems = ProblemList()
    if files is None and not folder.is_dir():
        raise InputError([Problem("is geen map; geef de map met regels (*.yaml)" if folder.exists()
                                  else "map met regels niet gevonden", path=str(folder))])
    paths, refused = (files, []) if files is not None else scan(folder)
    for problem in refused:
        problems.add(problem)
    if not paths and not refused:  # an empty or mistyped folder would otherwise advise from zero rules
        raise InputError([Problem("geen regelbestanden (*.yaml) in deze map; is dit de goede map?", path=str(folder))])
    base = RuleBase(kb=kb)
    parsed: list[tuple[Regelbestand, Located]] = []
    pool: Pool = {}
    for path in paths:  # file by file, so that only one file's parse is in memory at a time
        for doc, rf in load_valid([path], Regelbestand, problems.problems, compact=True):
            for rule in rf.regels:  # equal conditions and conclusions become one object (model/sharing.py)
                slim(rule, pool)
                object.__setattr__(rule, "als", shared(rule.als, pool))
                rule.dan[:] = [cast(Conclusie, shared(c, pool)) for c in rule.dan]
            base.files.append(doc.source)
            base.documents.append(doc)
            parsed.append((rf, Located(doc, ())))
    for rf, loc in parsed:
        for i, decl in enumerate(rf.afgeleide_feiten):
            dloc = Located(loc.doc, ("afgeleide_feiten", i))
            if decl.naam in input_catalogue() or decl.naam in base.derived:
                problems.add(dloc.problem(f"feit '{decl.naam}' is al gedeclareerd", sub=("naam",), field="naam"))
                continue
            kind = "bool" if all(isinstance(v, bool) for v in decl.waarden) else "enum"
            base.derived[decl.naam] = FactSpec(decl.naam, kind, tuple(decl.waarden), description=decl.omschrijving, derived=True)
        if rf.beleid is not None:
            if base.beleid is not None:
                problems.add(loc.problem("beleid is al in een ander bestand vastgelegd", sub=("beleid",), field="beleid"))
            base.beleid = rf.beleid
            for n, vorm in enumerate(rf.beleid.formalisatie_volgorde):
                if vorm not in kb.vormen:
                    problems.add(loc.problem(f"onbekende vorm {quoted(vorm)}", sub=("beleid", "formalisatie_volgorde", n),
                                             field="formalisatie_volgorde", suggestion=best_guess(vorm, kb.vormen)))
        for i, rule in enumerate(rf.regels):
            rloc = Located(loc.doc, ("regels", i))
            if rule.id in base.where:
                first = base.where[rule.id]
                problems.add(rloc.problem(
                    f"regel-id bestaat al in {first.doc.source}:{first.doc.where(first.path)[0]}",
                    sub=("id",), field="id", rule=rule.id,
                ))
                continue
            base.where[rule.id] = rloc
            base.rules.append(rule)
    if files is None and parsed and not base.rules and not problems.errors():  # one file may hold only beleid
        problems.add(Problem("geen enkele regel gevonden (de lijst 'regels' is leeg of ontbreekt); is dit de goede map?",
                             path=str(folder)))
    complete = len(parsed) == len(paths) and not refused  # a file that cannot be read hides its beleid, facts and rules:
    # the checks across files would only report consequences of that one mistake, so they wait for it
    if base.beleid is None and parsed and complete:
        problems.add(Problem("geen 'beleid' gevonden: leg vast hoe conflicterende formalisatie wordt opgelost",
                             path=str(folder)))
    for rule in base.rules if complete else ():
        check_rule(rule, base.where[rule.id], base, kb, problems)
    return base, problems


def check_rule(rule: Regel, loc: Located, base: RuleBase, kb: Kennisbank, problems: ProblemList) -> None:
    """Meaning checks: facts and values exist, ids resolve, derived facts are declared."""
    facts = base.facts()
    if rule.bron not in kb.bronnen and rule.bron not in kb.where:
        problems.add(loc.problem(f"onbekende bron {quoted(rule.bron)}", sub=("bron",), field="bron", rule=rule.id,
                                 suggestion=best_guess(rule.bron, list(kb.bronnen))))
    if rule.geldig_vanaf and rule.geldig_tot and rule.geldig_vanaf > rule.geldig_tot:
        problems.add(loc.problem("geldig_vanaf ligt na geldig_tot", sub=("geldig_vanaf",), field="geldig_vanaf", rule=rule.id))
    if rule.datum_onzeker is not None and rule.geldig_vanaf is None and rule.geldig_tot is None:
        problems.add(loc.problem("datum_onzeker zonder datum: geef ook geldig_vanaf of geldig_tot (de verwachte datum), "
                                 "of laat datum_onzeker weg", sub=("datum_onzeker",), field="datum_onzeker", rule=rule.id))
    guarded: set[str] = set()
    _check_condition(rule.als, ("als",), rule, loc, facts, problems, guarded)
    for n, claim in enumerate(rule.beweert):
        _check_condition(claim, ("beweert", n), rule, loc, facts, problems, set(), top=False)
    tables: dict[str, dict[str, Any]] = {
        "activiteit": kb.activiteiten, "partner": kb.partners, "risico": kb.risicos, "tip": kb.tips,
    }
    for n, concl in enumerate(rule.dan):
        kind, body = concl.kind(), concl.body()
        sub = ("dan", n, kind)
        if kind in tables:
            if body.id not in tables[kind]:
                problems.add(loc.problem(f"onbekende {kind} {quoted(body.id)}", sub=sub + ("id",), field=f"dan.{kind}.id",
                                         rule=rule.id, suggestion=best_guess(body.id, tables[kind])))
        elif kind == "formalisatie":
            for f, ref in [("vorm", body.vorm)] + [("alternatieven", a) for a in body.alternatieven]:
                if ref not in kb.vormen:
                    problems.add(loc.problem(f"onbekende vorm {quoted(ref)}", sub=sub + (f,), field=f"dan.formalisatie.{f}",
                                             rule=rule.id, suggestion=best_guess(ref, kb.vormen)))
            if body.zwaarte and body.vorm in kb.vormen and kb.vormen[body.vorm].zwaarte and body.zwaarte not in kb.vormen[body.vorm].zwaarte:
                problems.add(loc.problem(f"vorm '{body.vorm}' kent geen zwaarte '{body.zwaarte}'", sub=sub + ("zwaarte",),
                                         field="dan.formalisatie.zwaarte", rule=rule.id, allowed=kb.vormen[body.vorm].zwaarte))
        elif kind == "volgorde":
            if body.eerst == body.dan:  # a self-loop: no plan can put an activity before itself
                problems.add(loc.problem(f"volgorde zet activiteit '{body.eerst}' voor zichzelf; 'eerst' en 'dan' "
                                         "moeten verschillen", sub=sub + ("dan",), field="dan.volgorde.dan", rule=rule.id))
            for f in ("eerst", "dan"):
                ref = getattr(body, f)
                if ref not in kb.activiteiten:
                    problems.add(loc.problem(f"onbekende activiteit {quoted(ref)}", sub=sub + (f,), field=f"dan.volgorde.{f}",
                                             rule=rule.id, suggestion=best_guess(ref, kb.activiteiten)))
        elif kind == "afleiden":
            spec = facts.get(body.feit)
            if spec is None:
                problems.add(loc.problem(f"onbekend feit '{body.feit}'; declareer het onder afgeleide_feiten",
                                         sub=sub + ("feit",), field="dan.afleiden.feit", rule=rule.id,
                                         suggestion=best_guess(body.feit, facts)))
                continue
            if not spec.derived:
                if spec.kind not in ("bool", "enum"):
                    problems.add(loc.problem(f"invoerfeit '{body.feit}' kan niet worden afgeleid", sub=sub + ("feit",),
                                             field="dan.afleiden.feit", rule=rule.id))
                elif body.feit not in guarded:
                    problems.add(loc.problem(
                        f"een regel mag invoerfeit '{body.feit}' alleen afleiden als het onbekend is: neem "
                        f"'onbekend: {body.feit}' op in 'als'", sub=sub + ("feit",), field="dan.afleiden.feit", rule=rule.id))
            _check_value(spec, body.waarde, loc, sub + ("waarde",), rule, problems)


def _check_condition(cond: Voorwaarde, sub: tuple[Any, ...], rule: Regel, loc: Located,
                     facts: dict[str, FactSpec], problems: ProblemList, guarded: set[str], top: bool = True) -> None:
    for combo in ("alle", "een_van"):
        items = getattr(cond, combo)
        if items is not None:
            if not items and combo == "een_van":
                problems.add(loc.problem("'een_van' zonder voorwaarden kan nooit gelden", sub=sub + (combo,), rule=rule.id))
            for n, item in enumerate(items):
                _check_condition(item, sub + (combo, n), rule, loc, facts, problems, guarded, top and combo == "alle")
            return
    if cond.niet is not None:
        _check_condition(cond.niet, sub + ("niet",), rule, loc, facts, problems, guarded, False)
        return
    for key in ("bekend", "onbekend"):
        name = getattr(cond, key)
        if name is not None:
            spec = facts.get(name)
            if spec is None:
                problems.add(loc.problem(f"onbekend feit '{name}'", sub=sub + (key,), field=key, rule=rule.id,
                                         suggestion=best_guess(name, facts)))
            elif key == "onbekend" and spec.derived:
                problems.add(loc.problem(
                    f"'onbekend' kan alleen op invoerfeiten; '{name}' is afgeleid (toets 'niet: {{bekend: {name}}}' kan ook niet: "
                    "leid een waarde af)", sub=sub + (key,), field=key, rule=rule.id))
            elif key == "onbekend" and top:
                guarded.add(name)
            return
    assert cond.feit is not None
    spec = facts.get(cond.feit)
    if spec is None:
        problems.add(loc.problem(f"onbekend feit '{cond.feit}'", sub=sub + ("feit",), field="feit", rule=rule.id,
                                 suggestion=best_guess(cond.feit, facts)))
        return
    op, value = cond.operator()
    osub = sub + (op,)
    if spec.kind == "text":
        problems.add(loc.problem(f"'{cond.feit}' is vrije tekst; alleen 'bekend'/'onbekend' kan erop", sub=osub,
                                 field=cond.feit, rule=rule.id))
        return
    list_ops = tuple(o.name for o in OPERATORS.values() if o.kinds == ("list",))
    num_ops = tuple(o.name for o in OPERATORS.values() if o.bounds is not None)
    if spec.kind == "list" and op not in list_ops:
        problems.add(loc.problem(f"'{cond.feit}' is een lijst: gebruik {', '.join(list_ops)}", sub=osub, field=cond.feit,
                                 rule=rule.id))
        return
    if spec.kind != "list" and op in list_ops:
        problems.add(loc.problem(f"'{op}' werkt alleen op lijsten; '{cond.feit}' is geen lijst", sub=osub, field=cond.feit,
                                 rule=rule.id))
        return
    if op in num_ops:
        if spec.kind != "int":
            problems.add(loc.problem(f"'{op}' werkt alleen op getallen; '{cond.feit}' is geen getal", sub=osub,
                                     field=cond.feit, rule=rule.id))
        return
    if op == "leeg":
        return
    values = value if isinstance(value, list) else [value]
    for n, v in enumerate(values):
        _check_value(spec, v, loc, osub + ((n,) if isinstance(value, list) else ()), rule, problems)


def _check_value(spec: FactSpec, value: Any, loc: Located, sub: tuple[Any, ...], rule: Regel, problems: ProblemList) -> None:
    if spec.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and spec.minimum is not None and value < spec.minimum or ok and spec.maximum is not None and value > spec.maximum:
            problems.add(loc.problem(f"{value} ligt buiten {spec.minimum}..{spec.maximum}", sub=sub, field=spec.name, rule=rule.id))
        if not ok:
            problems.add(loc.problem(f"'{spec.name}' is een getal, niet {value!r}", sub=sub, field=spec.name, rule=rule.id))
        return
    domain = spec.domain()
    if spec.kind == "list" and not domain:
        return  # free-form id lists (partners, activiteiten) are checked against the kennisbank elsewhere
    if not spec.admits(value):
        shown = [str(d).lower() if isinstance(d, bool) else str(d) for d in domain]
        problems.add(loc.problem(f"onbekende waarde {quoted(value)} voor '{spec.name}'", sub=sub, field=spec.name, rule=rule.id,
                                 allowed=shown, suggestion=best_guess(str(value), shown)))


def fact_phase_condition(rule: Regel) -> Voorwaarde | None:
    if not rule.fasen or set(rule.fasen) == set(FASEN):
        return None
    return Voorwaarde.model_validate({"feit": "fase", "in": list(rule.fasen)})


SHIPPED = Path(__file__).resolve().parents[2] / "regels"
