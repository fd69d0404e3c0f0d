"""The intake as library functions: the next questions for a facts mapping, applying an answer,
what an answer changed, and writing the facts as a commented YAML file.

No terminal and no click here: the CLI (`samenwerkwijzer intake`) and the web pages call these.

A facts mapping is the plain data of a facts file (nested, as in YAML). A fact is *answered*
when its key is there: with a value, or empty (null) for 'weet ik niet'. An empty key is written
as `sleutel:  # weet ik niet`; `advies` reads it as unknown, and a resumed intake does not ask it
again. A fact without a key has not been asked yet.

Order of the questions: the name of the initiative and of the municipality (text, they are in the
advice), then the relevant questions (their answer changes the advice; most change first), then
the facts that can only matter together with other answers (`Relevance.open_facts`), and last
the activities already done. Asking until none is left gives the advice the full facts give.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.advice import Advies, Antwoord, OpenVraag
from ..model.facts import FASEN, Initiatief, input_catalogue
from ..model.questiontexts import DONT_KNOW, answer_label, question_text
from .api import Adviseur, with_fact
from .consult import Consult
from .relevance import changes, substance

__all__ = ["IntakeVraag", "Parsed", "Step", "step", "answered", "apply_answer", "choices", "facts_yaml", "next_questions", "parse_answer",
           "plain_question", "summary_line",
           "template_yaml", "what_changed"]

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "feiten.schema.json"
TEXT_FIRST = ("naam", "gemeente.naam")
_PLAIN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class IntakeVraag:
    """One question of the intake: the question with its answers, and what kind of answer it takes.

    soort: keuze (one value) | lijst (several values) | getal (a number) | tekst (free text);
    reden: verandert (an answer changes the advice) | samen (may matter together with other
    answers) | gegevens (text for the advice, or the activities already done)."""

    vraag: OpenVraag
    soort: str
    reden: str


def answered(feiten: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The dotted facts with a value, and the dotted facts answered with 'weet ik niet' (empty)."""
    values: dict[str, Any] = {}
    unknown: set[str] = set()
    for name in input_catalogue():
        node: Any = feiten
        present = True
        for part in name.split("."):
            if not isinstance(node, Mapping) or part not in node:
                present = False
                break
            node = node[part]
        if not present or isinstance(node, Mapping):
            continue
        if node is None:
            unknown.add(name)
        else:
            values[name] = node
    return values, unknown


def apply_answer(feiten: Mapping[str, Any], name: str, value: Any) -> dict[str, Any]:
    """A copy of `feiten` with fact `name` answered: a value, or None for 'weet ik niet'."""
    if name not in input_catalogue():
        raise KeyError(name)
    return with_fact(feiten, name, list(value) if isinstance(value, list | tuple) else value)


def _kind(name: str) -> str:
    kind = input_catalogue()[name].kind
    return {"bool": "keuze", "enum": "keuze", "list": "lijst", "int": "getal"}.get(kind, "tekst")


def _initiatief(adviseur: Adviseur, feiten: Mapping[str, Any]) -> Initiatief:
    data = dict(feiten)
    data.setdefault("naam", "…")  # the name changes nothing the questions depend on
    return adviseur.to_initiatief(data)


@dataclass(frozen=True)
class Step:
    """One intake step: the advice for the facts so far (None without a name) and the questions left."""

    advies: Advies | None
    vragen: list[IntakeVraag]
    consult: Consult | None = None  # the consultation behind both (a page shows its Reading beside the question)


def next_questions(adviseur: Adviseur, feiten: Mapping[str, Any], peildatum: dt.date | None = None) -> list[IntakeVraag]:
    """The questions still to ask for `feiten`, in the order to ask them (the first is next)."""
    return step(adviseur, feiten, peildatum).vragen


def step(adviseur: Adviseur, feiten: Mapping[str, Any], peildatum: dt.date | None = None) -> Step:
    """The advice so far and the questions still to ask, from one consultation."""
    values, unknown = answered(feiten)
    done = set(values) | unknown
    out: list[IntakeVraag] = []
    for name in TEXT_FIRST:
        if name not in done:
            out.append(IntakeVraag(plain_question(adviseur, name), "tekst", "gegevens"))
    consult = adviseur.raadpleeg(_initiatief(adviseur, feiten), peildatum)
    asked = set()
    for q in consult.advice.open_vragen:
        if q.feit not in done:
            out.append(IntakeVraag(q, _kind(q.feit), "verandert"))
            asked.add(q.feit)
    result = consult.inference
    for name in adviseur.relevance.open_facts(consult.facts, result, consult.day, unknown):
        if name not in done and name not in asked:
            out.append(IntakeVraag(plain_question(adviseur, name), _kind(name), "samen"))
    if "afgerond" not in done:
        out.append(IntakeVraag(_done_question(adviseur, consult.advice), "lijst", "gegevens"))
    return Step(consult.advice if "naam" in feiten else None, out, consult)


def plain_question(adviseur: Adviseur, name: str) -> OpenVraag:
    """A question with its answers in words, without effects (text, or one that matters only with others)."""
    spec = adviseur.facts[name]
    text = question_text(name)
    rel = adviseur.relevance
    answers: list[Antwoord] = []
    if spec.kind == "int":
        answers = [Antwoord(waarde=lo, label=answer_label(name, lo, upto=hi)) for lo, hi in rel.intervals(name)]
    elif spec.kind != "text":
        answers = [Antwoord(waarde=v, label=answer_label(name, v, adviseur.kb)) for v in rel.answers(name)]
    return OpenVraag(feit=name, omschrijving=spec.description, waarden=[a.waarde for a in answers], regels=[],
                     gewicht=0, vraag=text.vraag, uitleg=text.uitleg, antwoorden=answers)


def _done_question(adviseur: Adviseur, advies: Advies) -> OpenVraag:
    """Which activities are done: the advised ones first, then the other activities up to the current phase."""
    kb = adviseur.kb
    phases = list(FASEN)
    upto = phases.index(advies.fase.waarde) if advies.fase.waarde in phases else len(phases) - 1
    ids = [a.id for a in advies.activiteiten]
    for act in sorted(kb.activiteiten.values(), key=lambda a: (phases.index(a.fase) if a.fase in phases else 99, a.id)):
        if act.id not in ids and act.fase in phases[:upto + 1]:
            ids.append(act.id)
    answers = [Antwoord(waarde=[i], label=kb.activiteiten[i].titel) for i in ids]
    text = question_text("afgerond")
    return OpenVraag(feit="afgerond", omschrijving=adviseur.facts["afgerond"].description,
                     waarden=[a.waarde for a in answers], regels=[], gewicht=0, vraag=text.vraag, uitleg=text.uitleg,
                     antwoorden=answers)


def summary_line(adviseur: Adviseur, advies: Advies) -> str:
    """The advice in one line: phase, agreement, number of activities."""
    phase = adviseur.titles.phase(advies.fase.waarde)
    form = advies.formalisatie.titel if advies.formalisatie else "nog geen"
    n = len(advies.activiteiten)
    return f"Fase: {phase}. Afspraak: {form}. {n} {'activiteit' if n == 1 else 'activiteiten'}."


def what_changed(adviseur: Adviseur, before: Advies, after: Advies) -> list[str]:
    """What changed from one advice to the next, as short phrases (nothing: an empty list)."""
    return list(changes(adviseur, substance(before), substance(after)).phrases)


# -- writing the facts ------------------------------------------------------------------------------
def schema_line(path: str | None) -> str:
    """The editor's schema line; the schema is named relative to the file's folder where possible."""
    target = str(SCHEMA)
    if path and path != "-":
        try:
            target = os.path.relpath(SCHEMA, start=os.path.dirname(os.path.abspath(path)))
        except ValueError:  # another drive
            pass
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    return text if _PLAIN.match(text) and text not in ("true", "false", "null") else json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def facts_yaml(feiten: Mapping[str, Any], path: str | None = None, *, header: str = "") -> str:
    """The facts as a YAML facts file: the schema line, then each answered fact in the order of the
    fact model, with its question as a comment; 'weet ik niet' is an empty value with a comment."""
    lines = [schema_line(path)]
    if header:
        lines += [f"# {_comment(h)}" for h in header.splitlines()]
    values, unknown = answered(feiten)
    groups: list[str] = []
    for name in input_catalogue():
        if name not in values and name not in unknown:
            continue
        *parents, last = name.split(".")
        indent = "  " * len(parents)
        for depth in range(len(parents)):
            group = ".".join(parents[:depth + 1])
            if group not in groups:
                groups.append(group)
                lines.append(f"{'  ' * depth}{parents[depth]}:")
        lines.append(f"{indent}# {_comment(question_text(name).vraag)}")
        if name in unknown:
            lines.append(f"{indent}{last}:  # {DONT_KNOW}")
        else:
            lines.append(f"{indent}{last}: {_scalar(values[name])}")
    return "\n".join(lines) + "\n"


def template_yaml(adviseur: Adviseur, path: str | None = None) -> str:
    """A new facts file: every fact with its question, help text and allowed answers, all unknown."""
    lines = [schema_line(path),
             "# Een nieuw feitenbestand. Vul in wat u weet. Laat de rest leeg: leeg is 'weet ik niet'.",
             "# Bekijk daarna het advies met: samenwerkwijzer advies <dit bestand>"]
    groups: list[str] = []
    for name in input_catalogue():
        *parents, last = name.split(".")
        lines.append("")
        for depth in range(len(parents)):
            group = ".".join(parents[:depth + 1])
            if group not in groups:
                groups.append(group)
                lines.append(f"{'  ' * depth}{parents[depth]}:")
        indent = "  " * len(parents)
        text = question_text(name)
        lines.append(f"{indent}# {_comment(text.vraag)}")
        lines.append(f"{indent}# {_comment(text.uitleg)}")
        lines += [f"{indent}# {line}" for line in _allowed(adviseur, name)]
        if name == "naam":
            lines.append(f"{indent}naam: {json.dumps('Nieuw initiatief', ensure_ascii=False)}  # verplicht: vul de naam in")
        elif name == "afgerond":
            lines.append(f"{indent}afgerond: []")
        else:
            lines.append(f"{indent}{last}:")
    return "\n".join(lines) + "\n"


def _allowed(adviseur: Adviseur, name: str) -> list[str]:
    """The allowed answers of a fact as comment lines."""
    spec = adviseur.facts[name]
    if spec.kind == "bool":
        return [f"Antwoorden: true (ja), false (nee), leeg ({DONT_KNOW})."]
    if spec.kind == "int":
        return [f"Antwoord: een getal van {spec.minimum} tot en met {spec.maximum}, of leeg ({DONT_KNOW})."]
    if spec.kind == "text":
        return []
    if spec.kind == "list":
        head = f"Antwoord: een lijst, zoals [{', '.join(spec.values[:2])}]. Kies uit:"
        rest = [f"  {v}: {answer_label(name, [v], adviseur.kb)}" for v in spec.values]
        tail = [] if name == "afgerond" else [f"Of laat leeg ({DONT_KNOW}); [] is 'geen van deze'."]
        return [head, *rest, *tail]
    return ["Kies uit:", *[f"  {v}: {answer_label(name, v, adviseur.kb)}" for v in spec.values],
            f"Of laat leeg ({DONT_KNOW})."]


# -- reading one typed answer -----------------------------------------------------------------------
@dataclass(frozen=True)
class Parsed:
    """A typed answer: soort antwoord (with waarde), weet_niet, stop or fout (with melding)."""

    soort: str
    waarde: Any = None
    melding: str = ""


STOP_WORDS = ("s", "stop", "stoppen")
DONT_KNOW_WORDS = ("w", "?", DONT_KNOW)


def choices(iv: IntakeVraag) -> list[Antwoord]:
    """The numbered choices of a question (a list question: its members; 0 is 'geen van deze')."""
    if iv.soort == "lijst":
        return [a for a in iv.vraag.antwoorden if a.waarde]
    return list(iv.vraag.antwoorden)


def parse_answer(iv: IntakeVraag, text: str, spec_min: int | None = None, spec_max: int | None = None) -> Parsed:
    """What a typed answer means for question `iv`: numbers for choices, the text itself for text."""
    typed = " ".join(text.split())
    low = typed.lower()
    if low in STOP_WORDS:
        return Parsed("stop")
    if low in DONT_KNOW_WORDS:
        if iv.vraag.feit == "naam":
            return Parsed("fout", melding="De naam is nodig: typ een naam, of s om te stoppen.")
        return Parsed("weet_niet")
    if iv.soort == "tekst":
        return Parsed("antwoord", typed) if typed else Parsed("fout", melding="Typ een antwoord, w (weet ik niet) of s (stoppen).")
    if iv.soort == "getal":
        spec = input_catalogue()[iv.vraag.feit]
        lo = spec.minimum if spec_min is None else spec_min
        hi = spec.maximum if spec_max is None else spec_max
        if re.fullmatch(r"-?\d{1,9}", typed) and (lo is None or int(typed) >= lo) and (hi is None or int(typed) <= hi):
            return Parsed("antwoord", int(typed))
        return Parsed("fout", melding=f"Typ een heel getal van {lo} tot en met {hi}, w of s.")
    options = choices(iv)
    if iv.soort == "lijst":
        parts = [p for p in re.split(r"[\s,;]+", typed) if p]
        if parts == ["0"]:
            return Parsed("antwoord", [])
        picked: list[Any] = []
        for p in parts:
            if not (p.isascii() and p.isdigit()) or not 1 <= int(p) <= len(options):  # '²' is no number for int()
                return Parsed("fout", melding=f"Typ nummers van 1 tot en met {len(options)} (met spaties ertussen), "
                                              "0 (geen van deze), w of s.")
            member = options[int(p) - 1].waarde[0]
            if member not in picked:
                picked.append(member)
        order = [a.waarde[0] for a in options]
        return Parsed("antwoord", sorted(picked, key=order.index)) if picked else \
            Parsed("fout", melding="Typ een of meer nummers, 0, w of s.")
    if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(options):
        return Parsed("antwoord", options[int(typed) - 1].waarde)
    return Parsed("fout", melding=f"Typ een nummer van 1 tot en met {len(options)}, w (weet ik niet) of s (stoppen).")
