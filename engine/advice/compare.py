"""Compare two consultations: every difference in the advice, with the facts and rules behind it.

    compare(adviseur.raadpleeg(a), adviseur.raadpleeg(b))  ->  Vergelijking

It reads only what the consultation records already hold: the input facts, the derived facts,
and each item's `waarom` (the rules that produced it, with the facts each rule read). An item
that only one side has comes from rules that fired there and not on the other side; an item
whose priority, owner, form … changed comes from the rules in one `waarom` and not the other.
The facts behind a difference are the facts those rules read whose values differ. When no rule
differs (an activity of a later phase is capped at 'zou' by the conflict policy), the phase is
what changed it.

Deterministic: differences are sorted by part, id, field and title, never by which side holds
them, so compare(b, a) is the mirror image of compare(a, b).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..model.advice import Advies, Reden
from ..model.compare import ONDERDELEN, FeitVerschil, Kant, Oorzaak, Soort, Vergelijking, Verschil, Zijde
from .arguments import as_consult
from .consult import Consult

__all__ = ["compare"]

MISSING = object()


def compare(a: Consult, b: Consult) -> Vergelijking:
    """What differs between the advice of `a` and that of `b`, each difference with its causes."""
    return _Comparison(as_consult(a, "a"), as_consult(b, "b")).run()


def _plain(value: Any) -> Any:
    """A value as JSON has it (a flattened list is a sorted tuple)."""
    return list(value) if isinstance(value, tuple) else value


def _same(x: Any, y: Any) -> bool:
    """Equal, with a bool never equal to a number (True == 1 in Python)."""
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_same(p, q) for p, q in zip(x, y, strict=True))
    return bool(x == y) and isinstance(x, bool) == isinstance(y, bool)


def _derived(advies: Advies) -> dict[str, Any]:
    values: dict[str, list[Any]] = {}
    for d in advies.afgeleide_feiten:
        values.setdefault(d.feit, []).append(d.waarde)
    return {name: vs[0] if len(vs) == 1 else vs for name, vs in values.items()}


def _fact_diff(name: str, x: Any, y: Any, derived: bool) -> FeitVerschil:
    if isinstance(x, list) or isinstance(y, list):
        xs, ys = x if isinstance(x, list) else [], y if isinstance(y, list) else []
        return FeitVerschil(feit=name, a=x, b=y, erbij=[v for v in ys if v not in xs], eraf=[v for v in xs if v not in ys],
                            afgeleid=derived)
    return FeitVerschil(feit=name, a=x, b=y, afgeleid=derived)


def _diffs(xa: Mapping[str, Any], xb: Mapping[str, Any], derived: bool) -> list[FeitVerschil]:
    out = []
    for name in sorted(set(xa) | set(xb)):
        x, y = xa.get(name), xb.get(name)
        if not _same(x, y):
            out.append(_fact_diff(name, x, y, derived))
    return out


class _Comparison:
    def __init__(self, a: Consult, b: Consult):
        self.a, self.b = a, b
        self.input = _diffs({k: _plain(v) for k, v in a.facts.items()}, {k: _plain(v) for k, v in b.facts.items()}, False)
        given = set(a.facts) | set(b.facts)  # a fact given on either side is compared as input, not as derived
        self.derived = [d for d in _diffs(_derived(a.advice), _derived(b.advice), True) if d.feit not in given]
        self.by_fact = {d.feit: d for d in self.input} | {d.feit: d for d in self.derived}
        self.out: list[Verschil] = []
        self.step_titles: dict[str, str] = {}  # step id -> title, when the order of the plan differs

    # -- causes -------------------------------------------------------------------------------
    def causes(self, wa: Sequence[Reden], wb: Sequence[Reden]) -> tuple[list[Oorzaak], list[FeitVerschil]]:
        """The rules in one `waarom` and not the other, and the differing facts they read."""
        ids_a, ids_b = {r.regel for r in wa}, {r.regel for r in wb}
        rules: list[Oorzaak] = []
        facts: dict[str, FeitVerschil] = {}
        for side, reasons, other in (("a", wa, ids_b), ("b", wb, ids_a)):
            for r in reasons:
                if r.regel in other:
                    continue
                # a test that the input fact was not given reads the input, not what a rule derived
                differing = [name for name, value in r.feiten.items() if name in self.by_fact
                             and not (value == "onbekend" and self.by_fact[name].afgeleid)]
                facts.update({name: self.by_fact[name] for name in differing})
                rules.append(Oorzaak(regel=r.regel, titel=r.titel, bron=r.bron, afgegaan_bij=side,  # type: ignore[arg-type]
                                     feiten=sorted(differing)))
        rules.sort(key=lambda o: (o.regel, o.afgegaan_bij))
        return rules, [facts[n] for n in sorted(facts)]

    def phase_facts(self) -> list[FeitVerschil]:
        """The phase, when it differs: what the conflict policy looks at without a rule of its own."""
        return [self.by_fact["fase"]] if "fase" in self.by_fact else []

    def done_facts(self) -> list[FeitVerschil]:
        """`afgerond`, when it differs: what marks an activity done."""
        return [self.by_fact["afgerond"]] if "afgerond" in self.by_fact else []

    def add(self, onderdeel: str, item_id: str, titel: str, soort: Soort, wa: Sequence[Reden], wb: Sequence[Reden],
            veld: str | None = None, a: Any = None, b: Any = None, fallback: Callable[[], list[FeitVerschil]] | None = None,
            ) -> None:
        rules, facts = self.causes(wa, wb)
        if not rules and fallback is not None:
            facts = fallback()
        self.out.append(Verschil(onderdeel=onderdeel, id=item_id, titel=titel, soort=soort, veld=veld, a=a, b=b,  # type: ignore[arg-type]
                                 regels=rules, feiten=facts))

    # -- items with an id -----------------------------------------------------------------------
    def items(self, onderdeel: str, xs: Iterable[Any], ys: Iterable[Any], fields: Sequence[str],
              title: Callable[[Any], str] = lambda item: str(item.titel)) -> None:
        """Items keyed by id: added, removed, or changed in one of `fields`."""
        ma, mb = {x.id: x for x in xs}, {y.id: y for y in ys}
        for item_id in sorted(set(ma) | set(mb)):
            x, y = ma.get(item_id), mb.get(item_id)
            if x is None:
                assert y is not None
                self.add(onderdeel, item_id, title(y), "toegevoegd", [], y.waarom)
            elif y is None:
                self.add(onderdeel, item_id, title(x), "verwijderd", x.waarom, [])
            else:
                for f in fields:
                    va, vb = _plain(getattr(x, f)), _plain(getattr(y, f))
                    if not _same(va, vb):
                        self.add(onderdeel, item_id, title(y), "gewijzigd", x.waarom, y.waarom, f, va, vb,
                                 self.done_facts if f == "afgerond" else self.phase_facts)

    def phase(self) -> None:
        fa, fb = self.a.advice.fase, self.b.advice.fase
        ta, tb = self.a.titles.phase(fa.waarde), self.b.titles.phase(fb.waarde)

        def read() -> list[FeitVerschil]:
            """The same rule on both sides: the phase itself when given, and the differing facts the rules read."""
            names = {"fase"} | {n for r in (*fa.waarom, *fb.waarom) for n in r.feiten}
            return [self.by_fact[n] for n in sorted(names) if n in self.by_fact]

        if fa.waarde != fb.waarde:
            self.add("fase", "", "Fase", "gewijzigd", fa.waarom, fb.waarom, "waarde", ta, tb, read)
        elif fa.bepaald_door != fb.bepaald_door:
            self.add("fase", "", ta, "gewijzigd", fa.waarom, fb.waarom, "bepaald_door", fa.bepaald_door,
                     fb.bepaald_door, read)

    def formalisation(self) -> None:
        fa, fb = self.a.advice.formalisatie, self.b.advice.formalisatie
        if fa is None and fb is None:
            return
        if fa is None or fb is None:
            f = fb if fa is None else fa
            assert f is not None
            soort: Soort = "toegevoegd" if fa is None else "verwijderd"
            self.add("formalisatie", "", f.titel, soort, [] if fa is None else fa.waarom, [] if fb is None else fb.waarom,
                     None, None if fa is None else fa.vorm, None if fb is None else fb.vorm)
            return
        for name in ("vorm", "zwaarte", "alternatieven", "inhoud"):
            va, vb = _plain(getattr(fa, name)), _plain(getattr(fb, name))
            if not _same(va, vb):
                self.add("formalisatie", "", "Afspraak", "gewijzigd", fa.waarom, fb.waarom, name, va, vb, self.phase_facts)

    def plan(self) -> None:
        """The order of the steps both plans hold; the rules are the `volgorde` rules of one plan only."""
        order_a = [s.id for g in self.a.advice.plan for s in g.stappen]
        order_b = [s.id for g in self.b.advice.plan for s in g.stappen]
        common = set(order_a) & set(order_b)
        seq_a, seq_b = [i for i in order_a if i in common], [i for i in order_b if i in common]
        if seq_a == seq_b:
            return
        reasons = {r.regel: r for c in (self.a, self.b) for r in _all_reasons(c.advice)}
        rules_a, rules_b = _order_rules(self.a, common), _order_rules(self.b, common)
        wa = [reasons.get(r) or Reden(regel=r, titel="", bron="", toelichting="", feiten={}) for r in sorted(rules_a - rules_b)]
        wb = [reasons.get(r) or Reden(regel=r, titel="", bron="", toelichting="", feiten={}) for r in sorted(rules_b - rules_a)]
        self.add("plan", "", "Volgorde van het stappenplan", "gewijzigd", wa, wb, "volgorde", seq_a, seq_b, self.step_facts)
        titles = {s.id: s.titel for c in (self.b, self.a) for g in c.advice.plan for s in g.stappen}
        self.step_titles = {i: titles[i] for i in sorted(common)}  # the renderers name steps by title

    def step_facts(self) -> list[FeitVerschil]:
        """Without a `volgorde` rule of its own, the order follows the steps' priorities and which steps
        there are: the facts behind the activity differences."""
        facts = {f.feit: f for d in self.out if d.onderdeel == "activiteit" for f in d.feiten}
        return [facts[n] for n in sorted(facts)] or self.phase_facts()

    def questions(self) -> None:
        qa = {q.feit: q for q in self.a.advice.open_vragen}
        qb = {q.feit: q for q in self.b.advice.open_vragen}
        for name in sorted(set(qa) ^ set(qb)):
            q = qa.get(name) or qb[name]
            facts = [self.by_fact[name]] if name in self.by_fact else self.phase_facts()
            self.out.append(Verschil(onderdeel="open_vraag", id=name, titel=q.omschrijving or name,
                                     soort="verwijderd" if name in qa else "toegevoegd", feiten=facts))

    def warnings(self) -> None:
        def key(w: Any) -> tuple[str, str]:
            return (",".join(w.regels) or w.soort, w.tekst)

        wa = {key(w): w for w in self.a.advice.waarschuwingen}
        wb = {key(w): w for w in self.b.advice.waarschuwingen}
        for k in sorted(set(wa) ^ set(wb)):
            w = wa.get(k) or wb[k]
            side: Kant = "a" if k in wa else "b"
            differing = sorted(name for name in w.feiten if name in self.by_fact)
            rules = [Oorzaak(regel=r, bron=w.bron or "", afgegaan_bij=side, feiten=differing) for r in w.regels]
            self.out.append(Verschil(onderdeel="waarschuwing", id=k[0], titel=w.tekst,
                                     soort="verwijderd" if side == "a" else "toegevoegd", regels=rules,
                                     feiten=[self.by_fact[n] for n in differing]))

    def run(self) -> Vergelijking:
        adv_a, adv_b = self.a.advice, self.b.advice
        self.phase()
        self.items("activiteit", adv_a.activiteiten, adv_b.activiteiten, ("prioriteit", "eigenaar", "afgerond"))
        self.items("partner", adv_a.partners, adv_b.partners, ("rollen",), lambda p: str(p.naam))
        self.formalisation()
        self.items("risico", adv_a.risicos, adv_b.risicos, ("ernst", "maatregelen"))
        self.items("tip", adv_a.tips, adv_b.tips, ())
        self.plan()
        self.questions()
        self.warnings()
        rank = {o: n for n, o in enumerate(ONDERDELEN)}
        self.out.sort(key=lambda v: (rank[v.onderdeel], v.id, v.veld or "", v.titel))
        return Vergelijking(a=_side(self.a), b=_side(self.b), zelfde_initiatief=adv_a.naam == adv_b.naam,
                            feiten=self.input, afgeleide_feiten=self.derived, verschillen=self.out, stappen=self.step_titles)


def _side(c: Consult) -> Zijde:
    return Zijde(naam=c.advice.naam, fase=c.advice.fase.waarde, peildatum=c.day, regelbasis=c.advice.regelbasis.hash)


def _all_reasons(advies: Advies) -> Iterable[Reden]:
    yield from advies.fase.waarom
    for group in (advies.activiteiten, advies.partners, advies.risicos, advies.tips):
        for item in group:
            yield from item.waarom
    if advies.formalisatie is not None:
        yield from advies.formalisatie.waarom


def _order_rules(c: Consult, common: set[str]) -> set[str]:
    """The rules whose `volgorde` put one common step before another in this plan."""
    graph = c.plan.graph
    return {r for u, v, data in graph.edges(data=True) if u in common and v in common and data["soort"] == "regel"
            for r in data["regels"]}
