"""`regels controleer`: everything wrong with a rule base, in one run, each with file:line and rule.

On top of what loading checks (schema, unknown facts, values and ids, duplicate rule ids, guards
on derived input facts), the checker looks at what the rules mean together:

- unreachable rules: a condition no profile meets, or one that needs a derived fact (value) that
  no rule derives (fixpoint over derivable (fact, value) pairs), or whose derived facts only
  arise where the rule's own condition cannot hold (a witness search finds no profile);
- contradictions: two rules that fire on one profile and derive different values for one fact;
- formalisation conflicts: two rules that fire on one profile with different forms while
  `beleid.formalisatie_volgorde` does not rank both;
- cycles through the kennisbank's `na`, the rules' `volgorde` and the phase order;
- warnings: activities, risks and partners no rule can conclude; rules whose validity has ended
  or not yet begun on the peildatum.

Contradictions come with an example profile and the search method used (see witness.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..logic.conditions import Literal, dnf, fact_phase_condition, merge, normalise
from ..model.kennisbank import SHIPPED as SHIPPED_KB
from ..model.kennisbank import Kennisbank, load_kennisbank
from ..model.rules import SHIPPED as SHIPPED_RULES
from ..model.rules import RuleBase, Voorwaarde, collect_rules
from .checkreport import Report, with_rule
from .ordercheck import order_problems
from .witness import TOTAL_BUDGET, RuleInfo, Search, Space, show_profile


def check(regels: str | Path | None = None, kennisbank: str | Path | None = None, day: dt.date | None = None) -> Report:
    """Check a rules folder (or one rules file) against a knowledge base; never raises for bad rules."""
    kb = load_kennisbank(kennisbank or SHIPPED_KB)
    target = Path(regels or SHIPPED_RULES)
    if target.is_file():
        base, found = collect_rules(target.parent, kb, files=[target])
    else:
        base, found = collect_rules(target, kb)
    report = Report(rules=len(base.rules), files=len(base.files))
    problems = [with_rule(p, base) for p in found.problems]
    broken = {p.rule for p in problems if p.severity == "fout" and p.rule}
    all_parsed = not any(p.path and p.path not in base.files and p.path.endswith((".yaml", ".yml")) for p in problems)
    Checker(base, kb, day or dt.date.today(), report, broken, all_parsed, problems).run()
    report.problems = problems
    return report


class Checker:
    def __init__(self, base: RuleBase, kb: Kennisbank, day: dt.date, report: Report, broken: set[str], all_parsed: bool,
                 problems: list[Problem]):
        self.base, self.kb, self.day, self.report = base, kb, day, report
        self.problems = problems
        self.all_parsed = all_parsed
        self.facts = base.facts()
        self.broken_rules = [r for r in base.rules if r.id in broken]
        self.infos: list[RuleInfo] = []
        for i, rule in enumerate(base.rules):
            if rule.id in broken:
                continue
            try:
                terms = normalise(rule, self.facts)
            except InputError as exc:
                loc = base.where[rule.id]
                line, col = loc.doc.where(loc.path + ("als",))
                problems.extend(dataclasses.replace(p, path=loc.doc.source, line=line, column=col) for p in exc.problems)
                continue
            derives = [(c.afleiden.feit, c.afleiden.waarde) for c in rule.dan if c.afleiden is not None]
            self.infos.append(RuleInfo(i, rule, terms, derives))
        ids = {name: sorted(getattr(kb, spec.ids.table)) for name, spec in self.facts.items() if spec.ids is not None}
        self.space = Space(self.infos, self.facts, ids)
        self.reachable: list[RuleInfo] = []
        self.unexamined: list[tuple[str, str]] = []  # rule pairs whose search the budget cut short

    def add(self, rule_id: str, message: str, sub: tuple[Any, ...] = (), *, severity: str = "fout", **kw: Any) -> None:
        loc = self.base.where[rule_id]
        self.problems.append(loc.problem(message, sub=sub, rule=rule_id, severity=severity, **kw))

    def run(self) -> None:
        self.reachability()
        self.validity()
        if not self.all_parsed:
            return  # a file that cannot be read: conflicts and order would only report its consequences
        self.contradictions()
        self.formalisation()
        self.coverage()
        self.budget_warning()
        self.problems.extend(order_problems(self.base, self.kb, [i.rule.id for i in self.infos]))

    # -- unreachable rules -------------------------------------------------------------------------
    def reachability(self) -> None:
        derivable: set[tuple[str, str]] = set()
        for rule in self.broken_rules:  # give broken rules the benefit of the doubt
            derivable.update((c.afleiden.feit, repr(c.afleiden.waarde)) for c in rule.dan if c.afleiden is not None)
        enabled: set[int] = set()
        changed = True
        while changed:
            changed = False
            for info in self.infos:
                if info.index not in enabled and any(self._missing(t, derivable) is None for t in info.terms):
                    enabled.add(info.index)
                    changed = True
                    derivable.update((name, repr(value)) for name, value in info.derives)
        for info in self.infos:
            if not info.terms:
                self.add(info.rule.id, f"kan nooit afgaan: {self._contradiction_in(info)}; oplossing: verwijder "
                         "een van de botsende toetsen of maak er een 'een_van' van", ("als",))
            elif info.index not in enabled:
                if self.all_parsed:
                    missing = sorted({m for t in info.terms if (m := self._missing(t, derivable)) is not None})
                    self.add(info.rule.id, f"kan nooit afgaan: ze heeft {' of '.join(missing)} nodig, maar geen regel "
                             "leidt dat af; oplossing: schrijf een regel die het afleidt, of toets een waarde die wel "
                             "wordt afgeleid", ("als",))
            else:
                search = self.space.construct([info])
                if search.profile is not None or not search.decided:
                    self.reachable.append(info)
                else:
                    derived = sorted({lit.fact for t in info.terms for lit in t if self.facts[lit.fact].derived})
                    outside = self._out_of_range(info)
                    if outside is not None or not derived:
                        self.add(info.rule.id, "kan nooit afgaan: " + (outside or "geen enkele invoer voldoet aan haar "
                                 "voorwaarde") + "; oplossing: kies een grens binnen het bereik, of pas de voorwaarde aan",
                                 ("als",))
                        continue
                    self.add(info.rule.id, "kan nooit afgaan: de afgeleide feiten die ze nodig heeft "
                             f"({', '.join(derived)}) worden alleen afgeleid in situaties die haar eigen voorwaarde "
                             "uitsluit; oplossing: vergelijk haar voorwaarde met die van de regels die deze feiten afleiden",
                             ("als",))

    def _out_of_range(self, info: Any) -> str | None:
        """A number test that no allowed value meets (wijk.deelnamebereidheid > 150 on 0..100), in every term."""
        found: str | None = None
        for term in info.terms:
            here = None
            for lit in term:
                spec = self.facts[lit.fact]
                if lit.kind != "range" or spec.kind != "int" or spec.minimum is None or spec.maximum is None:
                    continue
                if lit.lo is not None and lit.lo > spec.maximum or lit.hi is not None and lit.hi < spec.minimum:
                    here = (f"'{lit.describe()}' ligt buiten het toegestane bereik {spec.minimum}–{spec.maximum} "
                            f"van '{lit.fact}'")
                    break
            if here is None:
                return None
            found = found or here
        return found

    def _missing(self, term: tuple[Literal, ...], derivable: set[tuple[str, str]]) -> str | None:
        """The first test on a derived fact that no derivable value meets, described; None if all can."""
        for lit in term:
            if not self.facts[lit.fact].derived:
                continue
            have = {v for name, v in derivable if name == lit.fact}
            if lit.kind == "known" and not have or lit.kind == "val" and not {repr(v) for v in lit.values} & have:
                return f"'{lit.describe()}'"
        return None

    def _contradiction_in(self, info: RuleInfo) -> str:
        """Which facts the condition tests in ways that exclude each other."""
        cond = info.rule.als
        phase = fact_phase_condition(info.rule)
        if phase is not None:
            cond = Voorwaarde(alle=[phase, cond])
        culprits: set[str] = set()
        for raw in dnf(cond, self.facts, True, info.rule):
            sofar: list[Any] = []
            for lit in raw:
                sofar.append(lit)
                if merge(sofar, self.facts) is None:
                    facts = {x.fact for x in (lit if isinstance(lit, tuple) else (lit,))}
                    culprits.update(facts)
                    break
        if not culprits:
            return "de voorwaarde spreekt zichzelf tegen"
        shown = ", ".join(f"'{c}'" for c in sorted(culprits))
        extra = " (de fasen van de regel tellen mee als toets op 'fase')" if phase is not None and "fase" in culprits else ""
        return f"de toetsen op {shown} sluiten elkaar uit{extra}"

    # -- contradictions --------------------------------------------------------------------------
    def _pairs(self, items: list[tuple[RuleInfo, Any]]) -> Iterator[tuple[RuleInfo, Any, RuleInfo, Any]]:
        """The pairs that may fire together, in a fixed order; stops once the shared budget is spent."""
        for n, (a, va) in enumerate(items):
            for b, vb in items[n + 1:]:
                if not self.unexamined and self.space.left <= 0:
                    self.unexamined.append((a.rule.id, b.rule.id))
                if self.unexamined:
                    return  # the budget ran out: the pairs after this one are not reached
                self.space.left -= 1  # looking at a pair is work too: many rules cannot make this loop long
                if a.index != b.index and _overlap(a, b):
                    yield (a, va, b, vb)

    def _search(self, a: RuleInfo, b: RuleInfo) -> Search:
        search = self.space.find([a, b])
        if not search.decided:
            self.unexamined.append((a.rule.id, b.rule.id))
            return search
        self.report.searches[search.method] += 1
        if search.profile is not None:
            self.report.examples[(a.rule.id, b.rule.id)] = search.profile
        return search

    def budget_warning(self) -> None:
        """One warning when the shared search budget ran out before every pair was examined."""
        if not self.unexamined:
            return
        first, second = self.unexamined[0]
        self.report.searches["onbeslist"] += 1
        loc = self.base.where[second]
        self.report.notes.append(loc.problem(
            f"niet volledig onderzocht: het rekenbudget van de controle op tegenspraak ({TOTAL_BUDGET} stappen) is op "
            f"bij regel '{first}' en deze regel; dit paar en de paren daarna zijn niet (volledig) onderzocht; maak de "
            "voorwaarden eenvoudiger of verdeel de regels over kleinere mappen", sub=("als",), rule=second,
            severity="waarschuwing"))

    def contradictions(self) -> None:
        reachable = {i.index for i in self.reachable}
        by_fact: dict[str, list[tuple[RuleInfo, Any]]] = {}
        for info in self.reachable:
            for name, value in info.derives:
                by_fact.setdefault(name, []).append((info, value))
        for name in sorted(by_fact):
            if self.facts[name].kind == "list":
                continue
            for a, va, b, vb in self._pairs(by_fact[name]):
                if repr(va) == repr(vb) or a.index not in reachable:
                    continue
                search = self._search(a, b)
                if search.profile is None:
                    continue
                self.add(b.rule.id, f"tegenstrijdig met regel '{a.rule.id}' ({self._where(a)}): beide kunnen afgaan en "
                         f"leiden voor '{name}' een andere waarde af ({_show(vb)} tegenover {_show(va)}); voorbeeldprofiel: "
                         f"{show_profile(search.profile)} ({search.how()}); oplossing: maak de voorwaarden elkaar "
                         "uitsluitend", ("dan", _index(b, lambda c, name=name: c.afleiden is not None and c.afleiden.feit == name)))

    def formalisation(self) -> None:
        order = list(self.base.beleid.formalisatie_volgorde) if self.base.beleid else []
        forms = [(info, c.formalisatie.vorm) for info in self.reachable for c in info.rule.dan if c.formalisatie is not None]
        for info in self.reachable:
            own = sorted({c.formalisatie.vorm for c in info.rule.dan if c.formalisatie is not None})
            unranked = [f for f in own if f not in order]
            if len(own) > 1 and unranked:
                self.add(info.rule.id, f"concludeert de vormen {', '.join(own)}, maar beleid.formalisatie_volgorde noemt "
                         f"{', '.join(unranked)} niet, dus is niet vastgelegd welke wint; oplossing: neem "
                         f"{', '.join(unranked)} op in de volgorde", ("dan",))
        for a, fa, b, fb in self._pairs(forms):
            unranked = sorted({f for f in (fa, fb) if f not in order})
            if fa == fb or not unranked:
                continue
            search = self._search(a, b)
            if search.profile is None:
                continue
            self.add(b.rule.id, f"formalisatieconflict met regel '{a.rule.id}' ({self._where(a)}): beide kunnen afgaan met "
                     f"een andere vorm ({fb} tegenover {fa}) en beleid.formalisatie_volgorde noemt {', '.join(unranked)} "
                     f"niet, dus is niet vastgelegd welke wint; voorbeeldprofiel: {show_profile(search.profile)} "
                     f"({search.how()}); oplossing: neem {', '.join(unranked)} op in beleid.formalisatie_volgorde",
                     ("dan", _index(b, lambda c, fb=fb: c.formalisatie is not None and c.formalisatie.vorm == fb)))

    def _where(self, info: RuleInfo) -> str:
        loc = self.base.where[info.rule.id]
        return f"{loc.doc.source}:{loc.doc.where(loc.path)[0]}"

    # -- warnings ----------------------------------------------------------------------------------
    def coverage(self) -> None:
        if not self.all_parsed or self.broken_rules:
            return  # a broken base would make every item it mentions look uncovered
        concluded: dict[str, set[str]] = {"activiteit": set(), "risico": set(), "partner": set()}
        for info in self.reachable:
            for c in info.rule.dan:
                if c.kind() in concluded:
                    concluded[c.kind()].add(c.body().id)
        words = {"activiteit": ("activiteit", "aangeraden"), "risico": ("risico", "gesignaleerd"),
                 "partner": ("partner", "betrokken")}
        for kind, table in (("activiteit", self.kb.activiteiten), ("risico", self.kb.risicos), ("partner", self.kb.partners)):
            noun, verb = words[kind]
            for item_id in sorted(set(table) - concluded[kind]):
                loc = self.kb.where[item_id]
                self.problems.append(loc.problem(
                    f"{noun} '{item_id}' wordt door geen enkele regel {verb}, dus komt nooit in een advies; "
                    f"schrijf een regel die dit concludeert, of laat het bewust buiten de regels", sub=("id",),
                    severity="waarschuwing"))

    def validity(self) -> None:
        for rule in self.base.rules:
            if rule.geldig_tot is not None and rule.geldig_tot < self.day:
                check = ("; de datum was niet zeker (datum_onzeker): ga na of hij klopte en pas de datums aan"
                         if rule.datum_onzeker else "; verwijder haar of verleng geldig_tot")
                self.add(rule.id, f"is verlopen: geldig tot en met {rule.geldig_tot.isoformat()}, peildatum "
                         f"{self.day.isoformat()}; de regel telt niet meer mee{check}",
                         ("geldig_tot",), severity="waarschuwing")
            # a rule that waits for an expected date (datum_onzeker) is meant to be not yet valid: no warning
            if rule.geldig_vanaf is not None and rule.geldig_vanaf > self.day and rule.datum_onzeker is None:
                self.add(rule.id, f"is nog niet geldig: geldt pas vanaf {rule.geldig_vanaf.isoformat()}, peildatum "
                         f"{self.day.isoformat()}; tot dan telt de regel niet mee", ("geldig_vanaf",), severity="waarschuwing")


def _index(info: RuleInfo, wanted: Any) -> int:
    """Position of the first conclusion of the rule that `wanted` accepts."""
    return next(n for n, c in enumerate(info.rule.dan) if wanted(c))


def _overlap(a: RuleInfo, b: RuleInfo) -> bool:
    """Can both rules be valid on one day?"""
    lo = max((d for d in (a.rule.geldig_vanaf, b.rule.geldig_vanaf) if d is not None), default=None)
    hi = min((d for d in (a.rule.geldig_tot, b.rule.geldig_tot) if d is not None), default=None)
    return lo is None or hi is None or lo <= hi


def _show(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
