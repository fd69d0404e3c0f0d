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
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, Problem
from ..model.strictfields import STRICT, Datum
from ..model.vocabulary import Fase
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


class Scenario(BaseModel):
    model_config = ConfigDict(**STRICT)

    naam: str
    feiten: dict[str, Any]
    peildatum: Datum | None = None
    verwacht: Verwachting


class Scenariobestand(BaseModel):
    model_config = ConfigDict(**STRICT, title="Scenariotests van samenwerkwijzer")

    scenarios: list[Scenario] = Field(min_length=1)


@dataclass
class Outcome:
    scenario: Scenario
    path: str
    line: int | None
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures

    def format(self) -> str:
        head = f"{self.path}:{self.line}: scenario '{self.scenario.naam}'"
        if self.ok:
            return head + ": geslaagd"
        return head + ": MISLUKT\n" + "\n".join("    " + f for f in self.failures)


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
    # invalid facts make the scenario file broken (InputError, exit 2), not a failed scenario (exit 1)
    initiatief = adviseur.check_facts(feiten_doc)
    advies = adviseur.adviseer(initiatief, scenario.peildatum or DEFAULT_DAY)
    return Outcome(scenario, doc.source, line, compare(advies, scenario.verwacht))


def compare(advies: Any, exp: Verwachting) -> list[str]:
    failures: list[str] = []

    def rules_of(items: list[Any], item_id: str) -> str:
        for it in items:
            if it.id == item_id:
                return ", ".join(r.regel for r in it.waarom)
        return ""

    if exp.fase is not None and advies.fase.waarde != exp.fase:
        why = ", ".join(r.regel for r in advies.fase.waarom)
        failures.append(f"fase: verwacht {exp.fase}, kreeg {advies.fase.waarde} ({advies.fase.bepaald_door}{': ' + why if why else ''})")
    acts = {a.id: a for a in advies.activiteiten}
    wanted = exp.activiteiten.items() if isinstance(exp.activiteiten, dict) else [(a, None) for a in exp.activiteiten]
    for act_id, prio in wanted:
        if act_id not in acts:
            failures.append(f"activiteit '{act_id}' ontbreekt")
        elif prio and acts[act_id].prioriteit != prio:
            failures.append(f"activiteit '{act_id}': verwacht prioriteit {prio}, kreeg {acts[act_id].prioriteit} "
                            f"(regels: {rules_of(advies.activiteiten, act_id)})")
    for act_id in exp.geen_activiteiten:
        if act_id in acts:
            failures.append(f"activiteit '{act_id}' hoort er niet bij (regels: {rules_of(advies.activiteiten, act_id)})")
    for kind, have, want, unwanted in (
        ("partner", advies.partners, exp.partners, exp.geen_partners),
        ("risico", advies.risicos, exp.risicos, exp.geen_risicos),
        ("tip", advies.tips, exp.tips, exp.geen_tips),
    ):
        ids = {x.id for x in have}
        for item_id in want:
            if item_id not in ids:
                failures.append(f"{kind} '{item_id}' ontbreekt")
        for item_id in unwanted:
            if item_id in ids:
                failures.append(f"{kind} '{item_id}' hoort er niet bij (regels: {rules_of(have, item_id)})")
    if exp.formalisatie is not None:
        f = advies.formalisatie
        got = None if f is None else f.vorm
        if exp.formalisatie.get("vorm") != got:
            why = "" if f is None else f" (regels: {', '.join(r.regel for r in f.waarom)})"
            failures.append(f"formalisatie: verwacht {exp.formalisatie.get('vorm')}, kreeg {got}{why}")
        elif "zwaarte" in exp.formalisatie and f is not None and f.zwaarte != exp.formalisatie["zwaarte"]:
            failures.append(f"formalisatie-zwaarte: verwacht {exp.formalisatie['zwaarte']}, kreeg {f.zwaarte} "
                            f"(regels: {', '.join(r.regel for r in f.waarom)})")
    derived: dict[str, list[Any]] = {}
    for d in advies.afgeleide_feiten:
        derived.setdefault(d.feit, []).append(d.waarde)
    for name, value in exp.afgeleid.items():
        if value not in derived.get(name, []):
            failures.append(f"afgeleid feit {name}: verwacht {value!r}, kreeg {derived.get(name, 'niets')}")
    return failures


def run_files(adviseur: Any, paths: list[str | Path]) -> list[Outcome]:
    outcomes = []
    for path in scenario_files(paths):
        for scenario, doc, index in load_scenarios(path):
            outcomes.append(run_scenario(adviseur, scenario, doc, index))
    return outcomes


SHIPPED = Path(__file__).resolve().parents[2] / "regels" / "scenarios"
