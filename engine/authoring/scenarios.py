"""Scenario tests that policy staff write: facts in, expectations out (regels/scenarios/*.yaml).

    scenarios:
      - naam: Startende groep met een warmtenetdroom
        feiten: {naam: Voorbeeld, warmteoplossing: collectief}
        peildatum: 2026-01-01            # optional
        verwacht:
          fase: opstarten
          activiteiten: [ops-aanspreekpunt]          # must appear (a mapping id: prioriteit also checks priority)
          geen_activiteiten: [uit-sok]               # must not appear
          partners: [warmteafdeling]
          geen_partners: []
          formalisatie: {vorm: intentieovereenkomst, zwaarte: zwaar}
          risicos: [risico-capaciteit-gemeente]
          geen_risicos: []
          tips: []
          afgeleid: {route: zwaar_voortraject}

Each failure names the scenario file:line, what was expected, what came and the rules involved.
An id in `verwacht` that does not exist (activity, partner, risk, tip, form, priority, weight,
derived fact or its value) is an authoring mistake: the file is broken (exit 2), as with bad facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, Problem, best_guess, quoted
from ..model.strictfields import STRICT, Datum
from ..model.vocabulary import PRIORITY_RANK, WAARSCHUWING_SOORTEN, ZWAARTE_RANK, Fase, WaarschuwingSoort
from ..source.folderscan import scan
from ..source.validation import validate
from ..source.yamlsource import Document, load

DEFAULT_DAY = dt.date(2026, 1, 1)


class Verwachting(BaseModel):
    model_config = ConfigDict(**STRICT)

    fase: Fase | None = None
    activiteiten: list[str] | dict[str, str] = Field(default_factory=list)
    geen_activiteiten: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    geen_partners: list[str] = Field(default_factory=list)
    formalisatie: dict[str, Any] | None = Field(None, description="vorm en eventueel zwaarte; {vorm: null} = geen formalisatie")
    risicos: list[str] = Field(default_factory=list)
    geen_risicos: list[str] = Field(default_factory=list)
    tips: list[str] = Field(default_factory=list)
    geen_tips: list[str] = Field(default_factory=list)
    afgeleid: dict[str, Any] = Field(default_factory=dict)
    waarschuwingen: list[str] = Field(default_factory=list, description=(
        "Regel-ids of soorten (zoals fase-botst): het advies heeft een waarschuwing van die regel of soort."))
    geen_waarschuwingen: list[str] = Field(default_factory=list, description="Regel-ids of soorten die niet mogen waarschuwen.")


class Scenario(BaseModel):
    model_config = ConfigDict(**STRICT)

    naam: str
    feiten: dict[str, Any]
    peildatum: Datum | None = None
    verwacht: Verwachting


class Scenariobestand(BaseModel):
    model_config = ConfigDict(**STRICT, title="Scenariotests van samenwerkwijzer")

    scenarios: list[Scenario] = Field(min_length=1)


Mismatch = Literal["fase", "ontbreekt", "prioriteit", "ongewenst", "formalisatie", "zwaarte", "afgeleid"]


@dataclass(frozen=True)
class Failure:
    """One expectation of a scenario that did not hold, as data; engine/authoring/scenariotext.py
    makes the Dutch line of it.

    kind: what kind of mismatch; item: what it is about (fase, activiteit, partner, risico, tip,
    formalisatie, or the name of a derived fact); key: the id it is about (None for fase and
    formalisatie); expected and got: the values; rules: the rules that drew what came (`how`
    says how the phase was settled); candidates: the rules that could draw what was expected
    (None where the report does not name them)."""

    scenario: str
    path: str
    line: int | None
    kind: Mismatch
    item: str
    key: str | None
    expected: Any
    got: Any
    rules: tuple[str, ...] = ()
    how: str | None = None
    candidates: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    path: str
    line: int | None
    failures: tuple[Failure, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def load_scenarios(path: str | Path) -> list[tuple[Scenario, Document, int]]:
    doc = load(str(path), regular_only=True)
    parsed = validate(doc, Scenariobestand)
    return [(s, doc, i) for i, s in enumerate(parsed.scenarios)]


def scenario_files(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found, refused = scan(p)  # a FIFO or device is refused when read, as a broken file
            out.extend(sorted(found + [Path(str(r.path)) for r in refused], key=os.fsencode))
        elif p.exists():
            out.append(p)
        else:
            raise InputError([Problem("bestand of map niet gevonden", path=str(p))])
    return out


def run_scenario(adviseur: Any, scenario: Scenario, doc: Document, index: int) -> Outcome:
    line = doc.where(("scenarios", index))[0]
    feiten_doc = Document(data=scenario.feiten, source=doc.source,
                          positions={k[3:]: v for k, v in doc.positions.items() if k[:3] == ("scenarios", index, "feiten")})
    # invalid facts or unknown ids in the expectations make the scenario file broken (InputError,
    # exit 2), not a failed scenario (exit 1): the author can fix them
    problems = check_expectations(scenario.verwacht, doc, index, adviseur.kb, adviseur.facts,
                                  [r.id for r in adviseur.base.rules])
    try:
        initiatief = adviseur.check_facts(feiten_doc)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(problems)
    advies = adviseur.adviseer(initiatief, scenario.peildatum or DEFAULT_DAY)
    where = Failure(scenario.naam, doc.source, line, "fase", "", None, None, None)  # the fields every failure shares
    return Outcome(scenario, doc.source, line, tuple(compare(advies, scenario.verwacht, adviseur.base.rules, where)))


ID_TABLES = {  # field of `verwacht` -> (knowledge-base table, what one id names)
    "activiteiten": ("activiteiten", "activiteit"), "geen_activiteiten": ("activiteiten", "activiteit"),
    "partners": ("partners", "partner"), "geen_partners": ("partners", "partner"),
    "risicos": ("risicos", "risico"), "geen_risicos": ("risicos", "risico"),
    "tips": ("tips", "tip"), "geen_tips": ("tips", "tip"),
}
FORM_KEYS = ("vorm", "zwaarte")


def check_expectations(exp: Verwachting, doc: Document, index: int, kb: Any, facts: Mapping[str, Any],
                       rule_ids: Sequence[str] = ()) -> list[Problem]:
    """Every id, priority, form and derived fact in `exp` that does not exist: an authoring mistake
    (file:line, the field, what is allowed and a best guess), not a failed scenario."""
    problems: list[Problem] = []
    base = ("scenarios", index, "verwacht")

    def problem(message: str, sub: tuple[str | int, ...], field: str, allowed: Sequence[str], word: Any) -> None:
        line, column = doc.where(base + sub)
        problems.append(Problem(message, path=doc.source, line=line, column=column,
                                field=f"scenarios[{index}].verwacht.{field}", allowed=allowed,
                                suggestion=best_guess(str(word), allowed)))

    for name, (table_name, item) in ID_TABLES.items():
        table = getattr(kb, table_name)
        allowed = sorted(table)
        value = getattr(exp, name)
        for n, ref in enumerate(value):
            if ref not in table:
                sub, field = ((name, ref), f"{name}.{ref}") if isinstance(value, dict) else ((name, n), f"{name}[{n}]")
                problem(f"onbekende {item} {quoted(ref)}", sub, field, allowed, ref)
    if isinstance(exp.activiteiten, dict):
        for ref, prio in exp.activiteiten.items():
            if prio not in PRIORITY_RANK:
                problem(f"onbekende prioriteit {quoted(prio)}", ("activiteiten", ref), f"activiteiten.{ref}", list(PRIORITY_RANK), prio)
    if exp.formalisatie is not None:
        for key, value in exp.formalisatie.items():
            if key not in FORM_KEYS:
                problem("onbekend veld", ("formalisatie", key), f"formalisatie.{key}", FORM_KEYS, key)
            elif key == "vorm" and value is not None and value not in kb.vormen:
                problem(f"onbekende vorm {quoted(value)}", ("formalisatie", key), "formalisatie.vorm", sorted(kb.vormen), value)
            elif key == "zwaarte" and value is not None and value not in ZWAARTE_RANK:
                problem(f"onbekende zwaarte {quoted(value)}", ("formalisatie", key), "formalisatie.zwaarte", list(ZWAARTE_RANK), value)
    for name, value in exp.afgeleid.items():
        spec = facts.get(name)
        if spec is None:
            problem(f"onbekend feit {quoted(name)}", ("afgeleid", name), f"afgeleid.{name}", sorted(facts), name)
        elif spec.kind in ("bool", "enum") and (value not in spec.domain() or isinstance(value, bool) != (spec.kind == "bool")):
            shown = [str(d).lower() if isinstance(d, bool) else str(d) for d in spec.domain()]
            problem(f"onbekende waarde {quoted(value)} voor '{name}'", ("afgeleid", name), f"afgeleid.{name}", shown, value)
    known = sorted(WAARSCHUWING_SOORTEN) + sorted(rule_ids)
    for name in ("waarschuwingen", "geen_waarschuwingen"):
        for n, ref in enumerate(getattr(exp, name)):
            if ref not in WAARSCHUWING_SOORTEN and ref not in rule_ids:
                problem(f"onbekende regel of soort waarschuwing '{ref}'", (name, n), f"{name}[{n}]", known, ref)
    return problems


def compare(advies: Any, exp: Verwachting, rules: Sequence[Any], where: Failure) -> list[Failure]:
    """The expectations of `exp` that `advies` does not meet; `rules` (the rule base) say which
    rules could have drawn a missing conclusion. `where` carries the scenario, file and line."""
    failures: list[Failure] = []

    def fail(kind: Mismatch, item: str, key: str | None, expected: Any, got: Any, **more: Any) -> None:
        failures.append(dataclasses.replace(where, kind=kind, item=item, key=key, expected=expected, got=got, **more))

    def rules_of(items: list[Any], item_id: str) -> tuple[str, ...]:
        for it in items:
            if it.id == item_id:
                return tuple(r.regel for r in it.waarom)
        return ()

    def concluding(test: Any) -> tuple[str, ...]:
        return tuple(sorted(r.id for r in rules if any(test(c) for c in r.dan)))

    if exp.fase is not None and advies.fase.waarde != exp.fase:
        fail("fase", "fase", None, exp.fase, advies.fase.waarde, rules=tuple(r.regel for r in advies.fase.waarom),
             how=advies.fase.bepaald_door,
             candidates=concluding(lambda c: c.afleiden is not None and c.afleiden.feit == "fase"
                                   and c.afleiden.waarde == exp.fase))
    acts = {a.id: a for a in advies.activiteiten}
    wanted = exp.activiteiten.items() if isinstance(exp.activiteiten, dict) else [(a, None) for a in exp.activiteiten]
    for act_id, prio in wanted:
        if act_id not in acts:
            fail("ontbreekt", "activiteit", act_id, act_id, None,
                 candidates=concluding(lambda c, i=act_id: c.kind() == "activiteit" and c.body().id == i))
        elif prio and acts[act_id].prioriteit != prio:
            fail("prioriteit", "activiteit", act_id, prio, acts[act_id].prioriteit, rules=rules_of(advies.activiteiten, act_id))
    for act_id in exp.geen_activiteiten:
        if act_id in acts:
            fail("ongewenst", "activiteit", act_id, None, act_id, rules=rules_of(advies.activiteiten, act_id))
    for kind, have, want, unwanted in (
        ("partner", advies.partners, exp.partners, exp.geen_partners),
        ("risico", advies.risicos, exp.risicos, exp.geen_risicos),
        ("tip", advies.tips, exp.tips, exp.geen_tips),
    ):
        ids = {x.id for x in have}
        for item_id in want:
            if item_id not in ids:
                fail("ontbreekt", kind, item_id, item_id, None,
                     candidates=concluding(lambda c, k=kind, i=item_id: c.kind() == k and c.body().id == i))
        for item_id in unwanted:
            if item_id in ids:
                fail("ongewenst", kind, item_id, None, item_id, rules=rules_of(have, item_id))
    if exp.formalisatie is not None:
        f = advies.formalisatie
        got = None if f is None else f.vorm
        vorm = exp.formalisatie.get("vorm")
        if vorm != got:
            fail("formalisatie", "formalisatie", None, vorm, got, rules=() if f is None else tuple(r.regel for r in f.waarom),
                 candidates=concluding(lambda c: c.formalisatie is not None and c.formalisatie.vorm == vorm))
        elif "zwaarte" in exp.formalisatie and f is not None and f.zwaarte != exp.formalisatie["zwaarte"]:
            fail("zwaarte", "formalisatie", None, exp.formalisatie["zwaarte"], f.zwaarte,
                 rules=tuple(r.regel for r in f.waarom))
    derived: dict[str, list[Any]] = {}
    for d in advies.afgeleide_feiten:
        derived.setdefault(d.feit, []).append(d.waarde)
    for name, value in exp.afgeleid.items():
        if value not in derived.get(name, []):
            fail("afgeleid", name, name, value, tuple(derived.get(name, ())))

    def warned(ref: str) -> list[Any]:
        return [w for w in advies.waarschuwingen if ref in w.regels or w.soort == ref]

    for ref in exp.waarschuwingen:
        if not warned(ref):
            if ref in typing.get_args(WaarschuwingSoort):  # a soort the rules give: the rules that give it
                candidates: tuple[str, ...] | None = concluding(
                    lambda c, r=ref: c.waarschuwing is not None and c.waarschuwing.soort == r)
            else:  # a rule id: that rule; a soort the engine makes: no rule draws it
                candidates = None if ref in WAARSCHUWING_SOORTEN else (ref,)
            fail("ontbreekt", "waarschuwing", ref, ref, None, candidates=candidates)
    for ref in exp.geen_waarschuwingen:
        if warned(ref):
            fail("ongewenst", "waarschuwing", ref, None, ref,
                 rules=tuple(sorted({r for w in warned(ref) for r in w.regels})))
    return failures


def run_files(adviseur: Any, paths: list[str | Path]) -> list[Outcome]:
    outcomes = []
    for path in scenario_files(paths):
        for scenario, doc, index in load_scenarios(path):
            outcomes.append(run_scenario(adviseur, scenario, doc, index))
    return outcomes


SHIPPED = Path(__file__).resolve().parents[2] / "regels" / "scenarios"
