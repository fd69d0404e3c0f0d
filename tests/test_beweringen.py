"""Every text a rule shows holds for every profile on which that rule fires.

A rule may say things about the initiative as facts ("de corporatie", "betaalde mensen nodig").
Such a statement is a claim. Claims are declared per rule under `beweert:` (conditions, checked
by the loader like `als`). This test does two things:

1. It recognises a small vocabulary of claims in the texts a rule brings into the advice (its
   title, its explanation, partner roles, measures, warnings, agreement points, and the titles of
   the risks and activities it concludes). A sentence that makes such a claim without hedging
   ("als …", a question, "misschien", "bijvoorbeeld") must be backed by a `beweert:` entry that
   matches the claim.
2. It fires every rule with claims on its witness profiles, with the checker's own search
   (engine/authoring/witness.py), and checks each claim on every profile where the rule fires.
   Where the space is small this is every combination of the facts the rule and its claims read;
   a rule that fires on an unknown fact therefore cannot claim that fact.

A failing claim means the text tells a profile something it did not give: hedge the text with
"als …" or tighten the rule's condition.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Any

import pytest

from samenwerkwijzer.engine.authoring.checker import Checker
from samenwerkwijzer.engine.authoring.checkreport import Report
from samenwerkwijzer.engine.authoring.witness import RuleInfo, Space
from samenwerkwijzer.engine.logic.conditions import normalise
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES
from samenwerkwijzer.engine.model.rules import Regel, Voorwaarde, collect_rules

LIMIT = 60_000  # combinations per rule; the shipped rules stay far below


@dataclass(frozen=True)
class Claim:
    name: str
    phrases: tuple[str, ...]  # lower case; found inside one sentence
    condition: dict[str, Any]  # what a rule must declare under `beweert:` to say this


# The vocabulary: statements about the profile that texts tend to make as if they were given.
CLAIMS = [
    Claim("corporatie-in-de-wijk",
          ("initiatief en corporatie", "met de woningcorporatie", "de corporatie in de wijk", "huizen van de corporatie",
           "de corporatie met huizen"),
          {"een_van": [{"feit": "wijk.woningcorporatie_bezit", "is": True},
                       {"feit": "partners_betrokken", "bevat": "woningcorporatie"}]}),
    Claim("nog-geen-betaalde-krachten",
          ("steeds vaker met betaalde", "neem betaalde", "regel betaalde krachten", "heeft betaalde krachten nodig",
           "dan heeft het betaalde krachten nodig", "zonder betaalde mensen"),
          {"niet": {"feit": "initiatief.betaalde_krachten", "is": True}}),
    Claim("moet-professioneler",
          ("professioneler worden", "moet professioneel", "moet het professioneel", "verwacht professionaliteit",
           "professionaliseren"),
          {"een_van": [{"feit": "initiatief.beoogde_rol", "in": ["gelijkwaardig", "zelf_doen"]},
                       {"feit": "participatieniveau", "in": ["coproduceren", "meebeslissen", "zelfbeheer"]}]}),
    Claim("te-weinig-deelnemers",
          ("te weinig bewoners doen mee", "te weinig deelnemers"),
          {"feit": "deelname", "is": "laag"}),
    Claim("steun-alleen-koplopers",
          ("alleen de koplopers steunen", "steun komt alleen van koplopers", "alleen koplopers steunen"),
          {"feit": "wijk.steun", "is": "koplopers"}),
    Claim("gemeente-stelt-grenzen",
          ("de gemeente stelt grenzen", "de gemeente stelt eisen", "stelt de gemeente grenzen"),
          {"feit": "gemeente.regierol", "bevat": "randvoorwaarden_stellen"}),
    Claim("gemeente-alleen-steun",
          ("alleen steunen, geen grenzen", "gemeente die alleen helpt", "alleen ondersteunen"),
          {"alle": [{"feit": "gemeente.regierol", "bevat": "initiatief_in_kracht"},
                    {"feit": "gemeente.regierol", "bevat_niet": "randvoorwaarden_stellen"},
                    {"feit": "warmteoplossing", "niet_in": ["collectief", "gemengd"]},
                    {"feit": "technieken", "bevat_niet": "warmtenet"}]}),
    Claim("geen-warmtenet-of-gedeelde-oplossing",
          ("elk huis een eigen", "kiest elk huishouden zelf", "oplossing per huis gekozen"),
          {"feit": "warmteoplossing", "is": "individueel"}),
    Claim("geen-vergoeding", ("geen vergoeding voor het werk",), {"feit": "initiatief.vergoeding", "is": False}),
    Claim("geen-aanspreekpunt", ("geen vaste contactpersoon die mag beslissen",),
          {"feit": "gemeente.aanspreekpunt_met_mandaat", "is": False}),
    Claim("afdelingen-niet-aangehaakt", ("afdelingen horen het laat", "zijn nog niet aan boord"),
          {"feit": "gemeente.afdelingen_aangehaakt", "is": False}),
    Claim("tegenstanders", ("tegenstanders in de wijk",), {"feit": "wijk.spanningen", "is": True}),
    Claim("procesbegeleider-inhoudelijk", ("bemoeit zich ook met de inhoud",),
          {"feit": "gemeente.procesbegeleider", "is": "ook_inhoudelijk"}),
    Claim("geen-escalatieroute", ("geen afspraak voor als je er samen niet uitkomt",),
          {"feit": "gemeente.escalatieroute", "is": False}),
    Claim("gedeelde-oplossing",
          ("het warmtenet van de wijk", "de gedeelde voorziening van de wijk"),
          {"een_van": [{"feit": "warmteoplossing", "is": "collectief"}, {"feit": "technieken", "bevat": "warmtenet"}]}),
]

HEDGES = re.compile(r"\b(als|misschien|wellicht|eventueel|kan|kunnen|stel dat|zodra|wanneer)\b")


def sentences(text: str) -> list[tuple[str, bool]]:
    """Sentences of a text with whether each is hedged (a question, conditional or example)."""
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if p.strip()]
    out: list[tuple[str, bool]] = []
    previous_question = False
    for part in parts:
        low = part.lower()
        hedged = low.endswith("?") or bool(HEDGES.search(low)) or (previous_question and low.startswith(("dan ", "zo ja")))
        out.append((low, hedged))
        previous_question = low.endswith("?")
    return out


@pytest.fixture(scope="module")
def shipped() -> tuple[Any, Any, Checker]:
    kb = load_kennisbank(SHIPPED_KB)
    base, problems = collect_rules(SHIPPED_RULES, kb)
    assert not problems.errors(), problems.errors()
    checker = Checker(base, kb, dt.date(2026, 1, 1), Report(rules=len(base.rules), files=len(base.files)), set(), True, [])
    return base, kb, checker


def rule_texts(rule: Regel, kb: Any) -> list[tuple[str, str]]:
    """(where, text) for every text the rule brings into an advice."""
    out = [("titel", rule.titel), ("toelichting", rule.toelichting)]
    for n, c in enumerate(rule.dan):
        body = c.body()
        kind = c.kind()
        if kind == "partner":
            out.append((f"dan[{n}].partner.rol", body.rol))
        elif kind == "risico":
            if body.maatregel:
                out.append((f"dan[{n}].risico.maatregel", body.maatregel))
            out.append((f"risico '{body.id}' (titel)", kb.risicos[body.id].titel))
        elif kind == "activiteit":
            out.append((f"activiteit '{body.id}' (titel)", kb.activiteiten[body.id].titel))
        elif kind == "waarschuwing":
            out.append((f"dan[{n}].waarschuwing.tekst", body.tekst))
        elif kind == "formalisatie":
            out.extend((f"dan[{n}].formalisatie.inhoud", t) for t in body.inhoud)
    return out


def declared(rule: Regel) -> list[dict[str, Any]]:
    return [c.model_dump(exclude_none=True, by_alias=True) for c in rule.beweert]


def test_texts_that_state_a_fact_declare_it(shipped):
    base, kb, _ = shipped
    missing = []
    for rule in base.rules:
        have = declared(rule)
        for where, text in rule_texts(rule, kb):
            for sentence, hedged in sentences(text):
                for claim in CLAIMS:
                    if not hedged and any(p in sentence for p in claim.phrases) and _normal(claim.condition) not in map(_normal, have):
                        missing.append(f"{rule.id}: {where}: '{sentence}' zegt '{claim.name}' zonder 'beweert: "
                                       f"[{claim.condition}]'")
    assert not missing, "\n".join(missing)


def test_the_vocabulary_recognises_what_it_should():
    """The detector must be able to fail: an unhedged claim is found, a hedged one is not."""
    assert sentences("Trekt het de plannen zelf? Dan moet het professioneel werken.")[1][1] is True
    assert sentences("Het moet professioneel werken.")[0][1] is False
    assert sentences("Misschien doen te weinig bewoners mee.")[0][1] is True
    assert sentences("Bijvoorbeeld met overleg tussen initiatief en corporatie.")[0][1] is False  # an example names a fact too
    assert any(p in sentences("Overleg tussen initiatief en corporatie.")[0][0] for p in CLAIMS[0].phrases)


def claim_counterexample(rule: Regel, index: int, claim: Voorwaarde, checker: Checker) -> tuple[dict[str, Any] | None, int]:
    """A profile on which `rule` fires but `claim` does not hold, by walking every combination of the
    facts the rule and the claim read (with the rules that derive them)."""
    facts = checker.facts
    goal = checker.infos_by_id[rule.id]
    probe_rule = Regel(id=f"{rule.id}--bewering", titel="bewering", als=claim, dan=rule.dan[:1], bron=rule.bron,
                       toelichting="bewering")
    probe = RuleInfo(10_000 + index, probe_rule, normalise(probe_rule, facts), [])
    space = Space(checker.infos + [probe], facts, checker.space.id_domains, budget=10**9)
    rules = space.relevant([goal, probe])
    states = space._states(rules)
    size = prod(len(s) for _, s in states)
    if size > LIMIT:
        return _directed_counterexample(rule, index, claim, checker, space), size
    for combo in product(*(s for _, s in states)):
        flat = {name: v for (name, vs), v in zip(states, combo, strict=True) if not _is_unknown(v)}
        fired = space.run(flat, rules)
        if goal.index in fired and probe.index not in fired:
            return flat, size
    return None, size


def _directed_counterexample(rule: Regel, index: int, claim: Voorwaarde, checker: Checker, space: Space) -> dict[str, Any] | None:
    """Too many combinations: let the checker's directed search look for a profile where the rule fires
    and the claim does not. `niet` reads 'false or unknown' only on input facts, so a claim on a derived
    fact must stay within the exhaustive walk."""
    facts = checker.facts
    read = {lit.fact for term in normalise(Regel(id="x", titel="x", als=claim, dan=rule.dan[:1], bron=rule.bron,
                                                  toelichting="x"), facts) for lit in term}
    assert not any(facts[name].derived for name in read), f"{rule.id}: te veel combinaties voor een bewering op een afgeleid feit"
    negated = rule.model_copy(update={"id": f"{rule.id}--tegen", "als": Voorwaarde(alle=[rule.als, Voorwaarde(niet=claim)])})
    info = RuleInfo(20_000 + index, negated, normalise(negated, facts), [])
    search = space.find([info])
    assert search.decided, f"{rule.id}: zoekbudget op"
    return search.profile


def test_every_claim_holds_wherever_its_rule_fires(shipped):
    base, _, checker = shipped
    checker.infos_by_id = {info.rule.id: info for info in checker.infos}
    wrong = []
    checked = 0
    for rule in base.rules:
        for n, claim in enumerate(rule.beweert):
            profile, _ = claim_counterexample(rule, n, claim, checker)
            checked += 1
            if profile is not None:
                wrong.append(f"{rule.id}: bewering {declared(rule)[n]} geldt niet op {profile}")
    assert checked > 0
    assert not wrong, "\n".join(wrong)


def test_a_claim_on_an_unknown_fact_is_caught(shipped):
    """The check can fail: a rule firing on an unknown fact cannot claim that fact."""
    base, _, checker = shipped
    checker.infos_by_id = {info.rule.id: info for info in checker.infos}
    rule = base.rule("ontwikkelen-deelname-te-laag")  # fires when the willingness is unknown
    claim = Voorwaarde.model_validate({"feit": "deelname", "is": "laag"})
    profile, _ = claim_counterexample(rule, 0, claim, checker)
    assert profile is not None and "wijk.deelnamebereidheid" not in profile


def _is_unknown(value: Any) -> bool:
    return type(value).__name__ == "object"


def _normal(cond: dict[str, Any]) -> str:
    return repr(Voorwaarde.model_validate(cond).model_dump(exclude_none=True, by_alias=True))


def _advice_text(tmp_path, facts: str) -> str:
    import subprocess
    import sys
    path = tmp_path / "feiten.yaml"
    path.write_text(facts, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(path), "--peildatum", "2026-01-01"],
                         capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_advice_marks_a_reason_that_rests_on_an_unknown_fact(tmp_path):
    unknown = _advice_text(tmp_path, "naam: T\nfase: ontwikkelen\nwarmteoplossing: collectief\n")
    known = _advice_text(tmp_path, "naam: T\nfase: ontwikkelen\nwarmteoplossing: collectief\n"
                                   "afspraken: {uitvoeringsplan_vastgesteld: false}\n")
    question = "Vraag na: Heeft de gemeenteraad het uitvoeringsplan vastgesteld?"
    assert "Dit is nog niet zeker. " + question in unknown
    assert question not in known
