"""Explain one conclusion: *how* it came about, or *why not*.

How: each rule that fired and concluded the id, the case (term of its normalised condition) that
held, the facts it read with their values, and for every derived fact among them the rules that
derived it, recursively, down to the input facts.

Why not: each rule that could conclude the id, each of its cases with the tests that failed and
the facts that were missing (unknown, or not derived); for a missing derived fact, one level
deeper, why no rule derived it. The ids that can be explained: activities, partners, risks,
tips, formalisation forms, facts (input or derived, e.g. `fase`) and rule ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import InputError, Problem, best_guess, short_path
from ..logic.conditions import Literal as Lit
from .assemble import fact_value
from .consult import Consult
from .context import RuleContext

Soort = Literal["activiteit", "partner", "risico", "tip", "formalisatie", "feit", "regel"]
MAX_DEPTH = 8


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FeitUitleg(_Out):
    feit: str
    toets: str
    waarde: Any
    herkomst: Literal["invoer", "afgeleid", "onbekend"]
    afgeleid_door: list[RegelUitleg] = []


class RegelUitleg(_Out):
    regel: str
    titel: str
    plaats: str
    bron: str
    toelichting: str
    geval: int
    gevallen: int
    feiten: list[FeitUitleg]


class Toets(_Out):
    toets: str
    feit: str
    waarde: Any = None
    ontbreekt: bool
    niet_afgeleid: list[RegelNiet] = []


class Geval(_Out):
    geval: int
    voldaan: list[str]
    mislukt: list[Toets]


class RegelNiet(_Out):
    regel: str
    titel: str
    plaats: str
    reden: Literal["voorwaarde", "peildatum"]
    gevallen: list[Geval]


class Uitleg(_Out):
    id: str
    soort: Soort
    titel: str
    geconcludeerd: bool
    status: str
    hoe: list[RegelUitleg]
    waarom_niet: list[RegelNiet]
    opmerkingen: list[str]


FeitUitleg.model_rebuild()
Toets.model_rebuild()


class Explainer:
    """Explanations for one consultation record: it reads what the consultation found, runs nothing again."""

    def __init__(self, ctx: RuleContext, consult: Consult):
        self.ctx = ctx
        self.advies = consult.advice
        self.flat: Mapping[str, object] = consult.facts
        self.result = consult.inference
        self.rules = ctx.compiled.rules
        self.fired: dict[int, list[int]] = {}
        for ri, ti in self.result.fired:
            self.fired.setdefault(ri, []).append(ti)

    # -- what an id is --------------------------------------------------------------------
    def kind(self, item_id: str) -> tuple[Soort, str]:
        kb = self.ctx.kb
        for soort, table, attr in (("activiteit", kb.activiteiten, "titel"), ("partner", kb.partners, "naam"),
                                   ("risico", kb.risicos, "titel"), ("tip", kb.tips, "titel"),
                                   ("formalisatie", kb.vormen, "titel")):
            if item_id in table:
                return soort, getattr(table[item_id], attr)  # type: ignore[return-value]
        if item_id in self.ctx.facts:
            return "feit", self.ctx.facts[item_id].description
        if item_id in self.ctx.base.where:
            return "regel", self.ctx.base.rule(item_id).titel
        known = sorted(set(kb.activiteiten) | set(kb.partners) | set(kb.risicos) | set(kb.tips) | set(kb.vormen)
                       | set(self.ctx.facts) | set(self.ctx.base.where))
        raise InputError([Problem(f"onbekend id '{item_id}': geen activiteit, partner, risico, tip, vorm, feit of regel",
                                  field="ID", suggestion=best_guess(item_id, known))])

    def concludes(self, ri: int, soort: Soort, item_id: str) -> bool:
        rule = self.rules[ri].rule
        if soort == "regel":
            return rule.id == item_id
        for c in rule.dan:
            kind, body = c.kind(), c.body()
            if kind == soort and getattr(body, "id", None) == item_id:
                return True
            if (soort, kind) == ("formalisatie", "formalisatie") and body.vorm == item_id:
                return True
            if (soort, kind) == ("feit", "afleiden") and body.feit == item_id:
                return True
        return False

    # -- the answer -----------------------------------------------------------------------
    def explain(self, item_id: str) -> Uitleg:
        soort, titel = self.kind(item_id)
        candidates = [cr.index for cr in self.rules if self.concludes(cr.index, soort, item_id)]
        hoe = [self.how(ri, ti, set()) for ri in candidates if ri in self.fired for ti in self.fired[ri]]
        niet = [self.why_not(ri, 1) for ri in candidates if ri not in self.fired]
        given = soort == "feit" and item_id in self.flat
        concluded = bool(hoe) or given
        notes = []
        if given:
            notes.append(f"'{item_id}' is opgegeven in de invoer: {_show(self.flat[item_id])}")
        if not candidates and not given:
            notes.append(f"geen enkele regel in de regelbasis concludeert '{item_id}'")
        return Uitleg(id=item_id, soort=soort, titel=titel, geconcludeerd=concluded, status=self.status(soort, item_id),
                      hoe=hoe, waarom_niet=niet, opmerkingen=notes)

    def status(self, soort: Soort, item_id: str) -> str:
        a = self.advies
        if soort == "activiteit":
            act = next((x for x in a.activiteiten if x.id == item_id), None)
            step = next((n for n, s in enumerate((s for g in a.plan for s in g.stappen), 1) if s.id == item_id), None)
            if act is None:
                done = {x.id for x in a.voortgang.afgerond} if a.voortgang is not None else set()
                return "staat al bij afgerond" if item_id in done else "niet aanbevolen"
            where = f", stap {step} van het plan" if step else ", al afgerond"
            return f"aanbevolen: prioriteit {act.prioriteit}, eigenaar {act.eigenaar}{where}"
        if soort == "partner":
            p = next((x for x in a.partners if x.id == item_id), None)
            return f"betrekken: {'; '.join(p.rollen)}" if p else "niet genoemd"
        if soort == "risico":
            r = next((x for x in a.risicos if x.id == item_id), None)
            return f"risico, ernst {r.ernst}" if r else "niet gesignaleerd"
        if soort == "tip":
            return "tip gegeven" if any(t.id == item_id for t in a.tips) else "niet gegeven"
        if soort == "formalisatie":
            f = a.formalisatie
            if f is not None and f.vorm == item_id:
                return f"gekozen vorm{' (' + f.zwaarte + ')' if f.zwaarte else ''}"
            if f is not None and any(v.vorm == item_id for v in f.verworpen):
                return f"voorgesteld, maar '{f.vorm}' wint volgens het beleid"
            return "niet voorgesteld"
        if soort == "feit":
            if item_id in self.flat:
                return f"opgegeven: {_show(self.flat[item_id])}"
            values = sorted({_show(v) for v, _ in self.result.derived.get(item_id, [])})
            return f"afgeleid: {', '.join(values)}" if values else "onbekend"
        return "afgegaan" if any(self.rules[ri].rule.id == item_id for ri in self.fired) else "niet afgegaan"

    def _where(self, ri: int) -> str:
        rule = self.rules[ri].rule
        loc = self.ctx.base.where.get(rule.id)
        if loc is None:
            return "regels"
        return f"{short_path(loc.doc.source)}:{loc.doc.where(loc.path)[0]}"

    def how(self, ri: int, ti: int, path: set[int]) -> RegelUitleg:
        cr = self.rules[ri]
        feiten = []
        for lit in cr.terms[ti]:
            value = fact_value(lit, self.result, self.flat)
            if lit.kind == "unknown":
                feiten.append(FeitUitleg(feit=lit.fact, toets=lit.describe(), waarde=None, herkomst="onbekend"))
                continue
            if lit.fact in self.flat:
                feiten.append(FeitUitleg(feit=lit.fact, toets=lit.describe(), waarde=value, herkomst="invoer"))
                continue
            below = []
            if len(path) < MAX_DEPTH:
                for v, rj in sorted(self.result.derived.get(lit.fact, []), key=lambda x: (self.rules[x[1]].rule.id, repr(x[0]))):
                    if rj in self.fired and rj not in path and rj != ri and lit.holds({lit.key: v}):
                        below.append(self.how(rj, self.fired[rj][0], path | {ri}))
            feiten.append(FeitUitleg(feit=lit.fact, toets=lit.describe(), waarde=value, herkomst="afgeleid",
                                     afgeleid_door=below))
        rule = cr.rule
        return RegelUitleg(regel=rule.id, titel=rule.titel, plaats=self._where(ri), bron=rule.bron,
                           toelichting=rule.toelichting, geval=ti + 1, gevallen=len(cr.terms), feiten=feiten)

    def why_not(self, ri: int, depth: int) -> RegelNiet:
        cr = self.rules[ri]
        keys = self.result.keys
        gevallen = []
        for ti, term in enumerate(cr.terms):
            ok, failed = [], []
            for lit in term:
                if lit.holds(keys):
                    ok.append(lit.describe())
                    continue
                failed.append(self._failed(lit, depth))
            gevallen.append(Geval(geval=ti + 1, voldaan=ok, mislukt=failed))
        gevallen.sort(key=lambda g: (len(g.mislukt), g.geval))
        reden: Literal["voorwaarde", "peildatum"] = "peildatum" if ri in self.result.skipped else "voorwaarde"
        return RegelNiet(regel=cr.rule.id, titel=cr.rule.titel, plaats=self._where(ri), reden=reden, gevallen=gevallen)

    def _failed(self, lit: Lit, depth: int) -> Toets:
        if lit.kind == "unknown":
            return Toets(toets=lit.describe(), feit=lit.fact, waarde=_plain(self.flat.get(lit.fact)), ontbreekt=False)
        if lit.key not in self.result.keys:
            deeper = []
            spec = self.ctx.facts.get(lit.fact)
            if depth < 2 and spec is not None and lit.fact not in self.flat:
                for cr in self.rules:
                    if cr.index in self.fired:
                        continue
                    if any(c.afleiden is not None and c.afleiden.feit == lit.fact and lit.holds({lit.key: c.afleiden.waarde})
                           for c in cr.rule.dan):
                        deeper.append(self.why_not(cr.index, depth + 1))
            return Toets(toets=lit.describe(), feit=lit.fact, ontbreekt=True, niet_afgeleid=deeper)
        return Toets(toets=lit.describe(), feit=lit.fact, waarde=fact_value(lit, self.result, self.flat), ontbreekt=False)


def explain(ctx: RuleContext, consult: Consult, item_id: str) -> Uitleg:
    """The explanation of `item_id` in this consultation; InputError for an unknown id."""
    return Explainer(ctx, consult).explain(item_id)


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(leeg)"
    return str(value)
