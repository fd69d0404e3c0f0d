"""What a person reads, in reading order, for one audience: the human formats (tekst, markdown, html) show this.

Order (DESIGN.md "Beyond one consultation"): a short summary, "Nu eerst" (at most three actions,
each with a role, a done-when and one reason), the plan per phase as a checklist with the *how*
of each step, partners, the agreement and what goes in it, risks, tips, open questions with what
each answer changes, warnings. No rule id, fact key, source or file path appears here: those are
in engine/render/justification.py, the "Verantwoording" part.

Two audiences: "gemeente" (everything) and "initiatief" (a hand-out in wij/jullie form without the
items the knowledge base lists as internal, kennisbank 'intern'). A reason is shown once per advice;
a tip that repeats a risk measure is left out.

The hand-out groups "Nu eerst" and each phase of the plan by who acts (the step's `eigenaar`):
what the initiative does, what we do together, what the gemeente does, what a partner does. A step
someone else does keeps its title, who, done-when and reason, but not its "how" (that instructs the
one who does it), and gets a sentence saying what the initiative can ask (OTHERS_DO). Its reason
is left out when it speaks to "je" or "u": that is the one who does the step, not the reader.
Steps keep their number in plan order (the number says when, the heading who); the gemeente's view
has one group without a heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..advice.consult import Consult, Titles
from ..advice.glossary import used_terms
from ..model.advice import ActiviteitAdvies, Advies, PlanStap, Reden, RisicoAdvies
from ..model.questiontexts import question_texts
from ..model.vocabulary import DATUM_SOORTEN, FASEN
from .phasetext import phase_how

Voor = Literal["gemeente", "initiatief"]
AUDIENCES: tuple[Voor, ...] = ("gemeente", "initiatief")
MAX_NOW = 3

# the owner in a box of the plan picture: one short word
OWNER_SHORT = {"gemeente": {"gemeente": "gemeente", "initiatief": "initiatief", "samen": "samen", "partner": "partner"},
               "initiatief": {"gemeente": "wij", "initiatief": "jullie", "samen": "samen", "partner": "partner"}}
OWNER = {
    "gemeente": {"gemeente": "de gemeente", "initiatief": "het initiatief", "samen": "gemeente en initiatief samen",
                 "partner": "een partner"},
    "initiatief": {"gemeente": "wij, de gemeente", "initiatief": "jullie", "samen": "wij en jullie samen",
                   "partner": "een partner"},
}
PRIORITY = {"moet": "nodig", "zou": "aan te raden", "kan": "kan ook"}
SEVERITY = {"hoog": "groot risico", "midden": "middelgroot risico", "laag": "klein risico"}
WEIGHT = {"licht": "in een korte vorm", "zwaar": "in een uitgebreide vorm"}  # what licht/zwaar mean to a reader
HEADINGS = {
    "gemeente": {"samenvatting": "Samenvatting", "nu": "Nu eerst", "plan": "Het plan per fase", "partners": "Partners",
                 "afspraak": "De afspraak", "risicos": "Risico's", "tips": "Tips", "vragen": "Open vragen",
                 "let_op": "Let op", "begrippen": "Begrippen"},
    "initiatief": {"samenvatting": "Samenvatting", "nu": "Nu eerst", "plan": "Het plan per fase",
                   "partners": "Met wie we samenwerken", "afspraak": "De afspraak die we samen maken",
                   "risicos": "Waar we samen op letten", "tips": "Tips", "vragen": "Wat we nog willen weten",
                   "let_op": "Let op", "begrippen": "Begrippen"},
}
# how the phase was settled, as the summary's second sentence; a way not listed here adds no sentence
# ("aangenomen" says which facts are missing: phasetext.phase_how)
PHASE_HOW = {"invoer": "Zo staat het in de feiten.", "regel": "Dat volgt uit de feiten."}
# a reader takes in a few questions and a few effects per answer; JSON and `vragen` keep them all
MAX_QUESTIONS = 5
MAX_EFFECTS = 2
DONE_FALLBACK = {"gemeente": "Gemeente en initiatief stellen samen vast dat deze stap af is.",
                 "initiatief": "We stellen samen vast dat deze stap af is."}
# the hand-out's groups by owner, in reading order; steps already done come first under DONE_GROUP
OWNER_GROUPS = {"initiatief": "Wat jullie doen", "samen": "Wat we samen doen", "gemeente": "Wat wij als gemeente doen",
                "partner": "Wat een partner doet"}
DONE_GROUP = "Al gedaan"
# what the initiative can expect or ask of a step it does not do itself (the hand-out shows no "how" for it)
OTHERS_DO = {"gemeente": "Dit doen wij. Vraag ons gerust hoe het ermee staat.",
             "partner": "Dit doet een partner. Vraag ons gerust hoe het ermee staat."}
# a sentence that speaks to one person ("Wil je …?", "Dan moet u …"); the hand-out speaks to the initiative as "jullie"
ADDRESSED = re.compile(r"\b(?:je|jij|jou|jouw|jezelf|u|uw)\b", re.I)


@dataclass(frozen=True)
class Step:
    """One step as a person reads it: in "Nu eerst" and in the checklist of the plan."""

    id: str
    nr: int | None  # None for a step already done
    titel: str
    af: bool
    prioriteit: str | None
    wie: str
    hoe: str
    klaar_als: str
    klaar_als_eigen: bool  # False: the knowledge base gives no done-when; the text is the general fallback
    doorlooptijd: str | None
    wacht_op: tuple[str, ...]  # titles of the open steps it waits for
    waarom: str | None  # one plain sentence, None when that reason was already shown
    eigenaar: str = ""  # who acts: gemeente | initiatief | samen | partner ("" for a step already done)
    noot: str = ""  # the hand-out: what the initiative can ask of a step someone else does (OTHERS_DO)


@dataclass(frozen=True)
class Group:
    """Steps under one heading: in the hand-out, who acts; in the gemeente's view one group with kop ""."""

    kop: str
    stappen: tuple[Step, ...]


@dataclass(frozen=True)
class PhasePlan:
    fase: str
    titel: str
    nu: bool  # the current phase
    stappen: tuple[Step, ...]  # in reading order
    groepen: tuple[Group, ...]  # the same steps under their headings


@dataclass(frozen=True)
class Item:
    """A partner, risk or tip: a title, a short label and its sentences."""

    id: str
    titel: str
    label: str
    zinnen: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    titel: str
    zin: str
    inhoud: tuple[str, ...]
    alternatieven: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    vraag: str
    gevolgen: tuple[str, ...]
    feit: str = ""  # the fact asked about (not shown in the report; the web page links "wat als" with it)


@dataclass(frozen=True)
class Reading:
    voor: Voor
    naam: str
    gemeente: str | None
    koppen: dict[str, str]
    samenvatting: tuple[str, ...]
    nu_eerst: tuple[Step, ...]  # in reading order
    nu_groepen: tuple[Group, ...]  # the same steps under their headings
    plan: tuple[PhasePlan, ...]
    partners: tuple[Item, ...]
    afspraak: Agreement | None
    risicos: tuple[Item, ...]
    tips: tuple[Item, ...]
    vragen: tuple[Question, ...]
    vragen_meer: str  # "" or a sentence saying how many less important questions are left out
    waarschuwingen: tuple[str, ...]
    begrippen: tuple[tuple[str, str], ...]  # (term, explanation) for the glossary words the advice uses
    slot: str


def sentence(text: str) -> str:
    """Text as a full sentence: trimmed, one space between words, a capital first, a full stop last."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[A-Z0-9'‘\"(])", re.S)


def first_sentence(text: str) -> str:
    """The first sentence of `text`; when that is a question ("Wil je X?"), the answer that follows as well."""
    text = " ".join(text.split())
    match = FIRST_SENTENCE.match(text)
    if match is None:
        return sentence(text)
    first = match.group(1)
    if first.endswith("?"):
        answer = FIRST_SENTENCE.match(text[match.end():].strip())
        rest = text[match.end():].strip()
        return sentence(f"{first} {answer.group(1) if answer else rest}")
    return sentence(first)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def repeats(text: str, others: list[str]) -> bool:
    """True when `text` says the same as one of `others` (one contains the other, punctuation and case aside)."""
    mine = _plain(text)
    return bool(mine) and any(mine in other or (other and other in mine) for other in map(_plain, others))


class _Reasons:
    """Hands out one plain sentence per reason; a reason already shown gives None."""

    def __init__(self) -> None:
        self.shown: set[str] = set()

    def why(self, reasons: list[Reden], addressed: bool = True) -> str | None:
        """The first reason not yet shown; with `addressed` False, not one that speaks to "je" or "u"."""
        for r in reasons:
            if r.regel not in self.shown and r.toelichting.strip():
                text = first_sentence(r.toelichting)
                if not addressed and ADDRESSED.search(text):
                    continue
                self.shown.add(r.regel)
                return text + assumption(r)
        return None


def assumption(reason: Reden) -> str:
    """' Dit is nog niet zeker. Vraag na: …?' when the rule fired because a fact is not known (its question names it)."""
    texts = question_texts()
    unknown = [texts[name].vraag for name, value in reason.feiten.items() if value == "onbekend" and name in texts]
    return f" Dit is nog niet zeker. Vraag na: {unknown[0]}" if unknown else ""


def lower_first(text: str) -> str:
    """The first letter in lower case, unless the first word is an abbreviation (SOK, DEGO)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def visible(item_id: str, voor: Voor, titles: Titles) -> bool:
    return voor == "gemeente" or item_id not in titles.internal


def role(act: ActiviteitAdvies | None, step: PlanStap, voor: Voor) -> str:
    if act is not None and act.rol:
        return act.rol.strip()
    return OWNER[voor].get(step.eigenaar, step.eigenaar)


def _phase_order(phase: str) -> tuple[int, str]:
    """The phases in their order (FASEN), an unknown phase after them by name."""
    return (FASEN.index(phase), "") if phase in FASEN else (len(FASEN), phase)


def _rank(owner: str) -> int:
    """Where a step's owner comes in the hand-out (OWNER_GROUPS order; an unknown owner last)."""
    return list(OWNER_GROUPS).index(owner) if owner in OWNER_GROUPS else len(OWNER_GROUPS)


def groups(steps: tuple[Step, ...], voor: Voor) -> tuple[Group, ...]:
    """The steps under their headings: for the gemeente one group without a heading; for the initiative
    DONE_GROUP, then one group per owner (the steps come in that order already: `build`)."""
    if voor == "gemeente":
        return (Group("", steps),) if steps else ()
    out: dict[str, list[Step]] = {}
    for s in steps:
        kop = DONE_GROUP if s.af else OWNER_GROUPS.get(s.eigenaar, s.eigenaar)
        out.setdefault(kop, []).append(s)
    return tuple(Group(kop, tuple(found)) for kop, found in out.items())


def _now(advies: Advies, steps: list[tuple[PlanStap, str]]) -> list[PlanStap]:
    """Nu eerst: the open 'moet' steps of the current phase, or left over from an earlier one, that wait for
    no open step, in plan order; when there are none, the other such steps; at most three. With the phase
    unknown (or every step of it and before done): the first steps that wait for nothing."""
    open_ids = {s.id for group in advies.plan for s in group.stappen}  # hidden steps still have to happen first
    ready = [s for s, _ in steps if not set(s.na) & open_ids]
    if advies.fase.waarde in FASEN:
        until = FASEN.index(advies.fase.waarde)
        due = [s for s, phase in steps if phase in FASEN and FASEN.index(phase) <= until and s in ready]
        ready = due or ready
    must = [s for s in ready if s.prioriteit == "moet"]
    return (must or ready)[:MAX_NOW]


def build(consult: Consult, voor: Voor = "gemeente") -> Reading:
    advies, titles = consult.advice, consult.titles
    acts = {a.id: a for a in advies.activiteiten}
    reasons = _Reasons()
    in_plan = [(s, g.fase) for g in advies.plan for s in g.stappen if visible(s.id, voor, titles)]
    now_ids = {s.id for s in _now(advies, in_plan)}  # chosen in plan order, for every audience alike
    shown = in_plan
    if voor == "initiatief":  # read per phase, by who acts
        shown = sorted(in_plan, key=lambda sp: (_phase_order(sp[1]), _rank(sp[0].eigenaar)))
    numbers = {s.id: n for n, (s, _) in enumerate(in_plan, start=1)}  # the number says when, the heading who

    def step(s: PlanStap, phase: str) -> Step:
        act = acts.get(s.id)
        done = act.klaar_als.strip() if act is not None and act.klaar_als else ""
        waits = tuple(titles.name(d) for d in s.na if d in numbers)
        other = OTHERS_DO.get(s.eigenaar, "") if voor == "initiatief" else ""  # a step the initiative does not do
        return Step(id=s.id, nr=numbers[s.id], titel=s.titel, af=False, prioriteit=s.prioriteit, wie=role(act, s, voor),
                    hoe="" if other else " ".join((act.omschrijving if act else "").split()),
                    klaar_als=sentence(done) or DONE_FALLBACK[voor], klaar_als_eigen=bool(done),
                    doorlooptijd=act.doorlooptijd if act else None, wacht_op=waits,
                    waarom=reasons.why(act.waarom, addressed=not other) if act else None, eigenaar=s.eigenaar, noot=other)

    now = tuple(step(s, p) for s, p in shown if s.id in now_ids)
    in_now = {s.id: s for s in now}
    plan = _plan(advies, titles, voor, shown, in_now, step)
    risks = [r for r in advies.risicos if visible(r.id, voor, titles)]
    measures = [m for r in risks for m in r.maatregelen]
    questions = [q for q in advies.open_vragen if visible(q.feit, voor, titles)]  # most important first
    hidden = _internal_names(consult) if voor == "initiatief" else frozenset()
    return Reading(
        voor=voor, naam=advies.naam, gemeente=advies.gemeente, koppen=HEADINGS[voor],
        samenvatting=_summary(advies, titles, voor, risks, plan), nu_eerst=now, nu_groepen=groups(now, voor), plan=plan,
        partners=tuple(Item(p.id, p.naam, "", _unique_sentences(p.rollen)) for p in advies.partners
                       if visible(p.id, voor, titles)),
        afspraak=_agreement(advies, titles, voor),
        risicos=tuple(Item(r.id, r.titel, SEVERITY.get(r.ernst, r.ernst), _unique_sentences(r.maatregelen))
                      for r in risks),
        tips=tuple(Item(t.id, t.titel, "", (sentence(t.omschrijving),) if t.omschrijving.strip() else ())
                   for t in advies.tips if visible(t.id, voor, titles)
                   and not repeats(t.omschrijving or t.titel, measures) and not repeats(t.titel, measures)),
        vragen=tuple(_question(q.vraag, q.omschrijving, [(a.label, _for_audience(a.verandert, hidden))
                                                          for a in q.antwoorden], len(q.regels), q.feit)
                     for q in questions[:MAX_QUESTIONS]),
        vragen_meer=_more_questions(len(questions) - MAX_QUESTIONS),
        waarschuwingen=tuple(sentence(w.tekst) for w in advies.waarschuwingen),
        begrippen=tuple((b.term, sentence(b.uitleg)) for b in sorted(used_terms(advies, consult.kb), key=lambda b: b.term.casefold())),
        slot=f"Regelbasis {advies.regelbasis.versie}, peildatum {advies.regelbasis.peildatum.isoformat()}, "
             f"regelmachine {advies.regelbasis.engine}.",
    )


def _plan(advies: Advies, titles: Titles, voor: Voor, shown: list[tuple[PlanStap, str]], in_now: dict[str, Step],
          make: Callable[[PlanStap, str], Step]) -> tuple[PhasePlan, ...]:
    """The checklist per phase: steps already done first, then the open steps in plan order (reasons in reading order)."""
    done = advies.voortgang.afgerond if advies.voortgang is not None else []
    by_phase: dict[str, list[Step]] = {}
    for a in done:
        if visible(a.id, voor, titles):
            by_phase.setdefault(a.fase, []).append(Step(
                id=a.id, nr=None, titel=a.titel, af=True, prioriteit=None, wie="", hoe="", klaar_als="",
                klaar_als_eigen=True, doorlooptijd=None, wacht_op=(), waarom=None))
    for s, phase in shown:
        by_phase.setdefault(phase, []).append(in_now[s.id] if s.id in in_now else make(s, phase))
    order = sorted(by_phase, key=_phase_order)
    return tuple(PhasePlan(p, titles.phase(p), p == advies.fase.waarde, tuple(by_phase[p]), groups(tuple(by_phase[p]), voor))
                 for p in order)


def _summary(advies: Advies, titles: Titles, voor: Voor, risks: list[RisicoAdvies],
             plan: tuple[PhasePlan, ...]) -> tuple[str, ...]:
    fase = advies.fase
    out: list[str] = []
    if fase.waarde is None:
        out.append("De fase is niet te bepalen uit de feiten. Vul in welke afspraken er al zijn.")
    else:
        how = f"Dat is {phase_how(fase)}." if fase.bepaald_door == "aangenomen" else PHASE_HOW.get(fase.bepaald_door, "")
        subject = "Onze samenwerking" if voor == "initiatief" else "De samenwerking"
        out.append(f"{subject} is in de fase {titles.phase(fase.waarde)}. {how}".strip())
    now = next((group for group in plan if group.nu), None)  # counted as shown: the hand-out leaves internal steps out
    if now is not None:
        done = sum(s.af for s in now.stappen)
        out.append(f"Van deze fase {'is' if done == 1 else 'zijn'} {done} van de {len(now.stappen)} stappen af.")
    if advies.formalisatie is not None:
        lead = "We werken samen toe naar" if voor == "initiatief" else "Werk toe naar"
        out.append(f"{lead} deze afspraak: {lower_first(advies.formalisatie.titel)}.")
    if risks:
        top = next((r for r in risks if r.ernst == "hoog"), risks[0])
        lead = "Waar we het meest op letten" if voor == "initiatief" else "Het grootste risico"
        out.append(f"{lead}: {lower_first(top.titel)}.")
    n = sum(w.soort not in DATUM_SOORTEN for w in advies.waarschuwingen)
    if n:
        out.append(f"Let op: onderaan {'staat een waarschuwing' if n == 1 else f'staan {n} waarschuwingen'} over de feiten.")
    if any(w.soort == "datum-onzeker" for w in advies.waarschuwingen):
        out.append("Let op: een deel van dit advies hangt af van een datum die nog niet vaststaat. Bijvoorbeeld de dag "
                   "waarop een nieuwe wet ingaat. Onderaan staat welk deel.")
    return tuple(out)


def _agreement(advies: Advies, titles: Titles, voor: Voor) -> Agreement | None:
    f = advies.formalisatie
    if f is None:
        return None
    lead = "We werken samen toe naar" if voor == "initiatief" else "Werk toe naar"
    weight = f", {WEIGHT[f.zwaarte]}" if f.zwaarte in WEIGHT else ""
    # no article of our own: titles have theirs ('Een formele opdracht …'), or are plural or a 'geen …'
    return Agreement(titel=f.titel, zin=f"{lead} deze afspraak: {lower_first(f.titel)}{weight}.",
                     inhoud=tuple(sentence(i) for i in f.inhoud),
                     alternatieven=tuple(titles.name(a) for a in f.alternatieven))


def _unique_sentences(texts: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for t in texts:
        s = sentence(t.rstrip(".; "))
        if s and not repeats(s, out):
            out.append(s)
    return tuple(out)


def _effect(label: str, changes: list[str]) -> str:
    """What one answer changes, in a few words: the weightiest changes (relevance lists them heaviest
    first) and how many more; the full list is in the JSON and in `samenwerkwijzer vragen`."""
    shown = " ".join(sentence(c) for c in changes[:MAX_EFFECTS])
    rest = len(changes) - MAX_EFFECTS
    more = f" En nog {rest} {'verandering' if rest == 1 else 'veranderingen'}." if rest > 0 else ""
    return f"Als het antwoord '{label}' is: {shown}{more}"


def _question(vraag: str, omschrijving: str, answers: list[tuple[str, list[str]]], rules: int, feit: str = "") -> Question:
    text = vraag.strip() or omschrijving.strip()
    if not text.endswith("?"):
        body = text.rstrip(".")
        text = f"Wat is bekend over dit punt: {lower_first(body)}?"
    effects = tuple(_effect(label, changes) for label, changes in answers if changes)
    if not effects:
        effects = (f"Het antwoord kan het advies op {rules} {'punt' if rules == 1 else 'punten'} veranderen.",)
    return Question(sentence(text), effects, feit)


def _more_questions(n: int) -> str:
    if n <= 0:
        return ""
    if n == 1:
        return "Er is nog 1 andere vraag die het advies minder verandert."
    return f"Er zijn nog {n} andere vragen die het advies minder veranderen."


def _internal_names(consult: Consult) -> frozenset[str]:
    """Titles and names of the knowledge base's internal items (kennisbank/intern.yaml)."""
    kb = consult.kb
    tables: list[dict[str, str]] = [{k: v.titel for k, v in kb.activiteiten.items()}, {k: v.titel for k, v in kb.risicos.items()},
                                    {k: v.titel for k, v in kb.tips.items()}, {k: v.naam for k, v in kb.partners.items()}]
    return frozenset(table[i] for i in consult.titles.internal for table in tables if i in table)


def _for_audience(changes: list[str], hidden: frozenset[str]) -> list[str]:
    """An answer's changes without those that name an item the hand-out leaves out ("Nieuwe partner: X")."""
    return [c for c in changes if c.partition(": ")[2] not in hidden]
