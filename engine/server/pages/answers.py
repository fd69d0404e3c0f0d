"""Answers from a web form turned into fact values, checked exactly as a facts file is checked.

A form field is named after its fact (`wijk.steun`). What it may hold:
- one choice (keuze): the value as a facts file writes it (`true`, `beperkt`);
- a list (lijst): one field per ticked member, `[]` for 'geen van deze';
- a number (getal) or text (tekst): what was typed; a number is read as YAML reads it in a facts file;
- `?` (any kind): 'weet ik niet'. Nothing at all: the fact is left out (not answered).
Answers that exclude each other ('weet ik niet' beside a value, 'geen van deze' beside a member, two
values for one choice) are refused with a message, never resolved silently.
The new facts go through `Adviseur.check_facts`, so a wrong value gets the same message as in a
facts file: the field, what is allowed and a best guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...advice.api import Adviseur
from ...advice.intake import apply_answer
from ...errors import InputError, Problem
from ...model.facts import input_catalogue
from ...model.kennisbank import Kennisbank
from ...model.questiontexts import DONT_KNOW as DONT_KNOW_WORDS
from ...model.questiontexts import answer_label, question_text
from ...source.yamlsource import Document, parse
from ..storable import refuse_nul

DONT_KNOW = "?"
NONE_OF_THESE = "[]"
KINDS = {"bool": "keuze", "enum": "keuze", "list": "lijst", "int": "getal"}
UNANSWERED = object()  # the field was left empty: the fact stays unanswered
CONTRADICTS = object()  # answers that exclude each other ('weet ik niet' and a value; 'geen van deze' and a member)


def kind(name: str) -> str:
    return KINDS.get(input_catalogue()[name].kind, "tekst")


def value_of(name: str, given: list[str]) -> Any:
    """The fact value the posted strings `given` stand for: a value, None ('weet ik niet') or UNANSWERED."""
    given = [g for g in given if g.strip()] if kind(name) != "tekst" else [g for g in given if g]
    k = kind(name)
    if (DONT_KNOW in given or (k != "lijst" and len(given) > 1)) and len(set(given)) > 1:
        return CONTRADICTS
    if k == "lijst" and NONE_OF_THESE in given and len(set(given)) > 1:
        return CONTRADICTS
    if DONT_KNOW in given:
        return None
    if k == "lijst":
        if not given:
            return UNANSWERED
        return [] if NONE_OF_THESE in given else list(dict.fromkeys(given))
    if not given:
        return UNANSWERED
    text = given[0].strip()
    if k == "tekst":
        return text if text else UNANSWERED
    if k == "getal":
        try:
            return parse(text, "<formulier>").data  # read as YAML reads it in a facts file: 35 is a number, 3,5 is text
        except InputError:
            return text  # not even YAML: the facts check says what a number must look like
    if text in ("true", "false"):
        return text == "true"
    return text


def given_in_words(name: str, given: list[str], kb: Kennisbank | None = None) -> str | None:
    """What the posted strings `given` for fact `name` say, in words ('ja', 'weet ik niet', 'Zeist');
    None when they say nothing (the field was left empty)."""
    return value_in_words(name, value_of(name, given), kb, given)


def value_in_words(name: str, value: Any, kb: Kennisbank | None = None, given: list[str] | None = None) -> str | None:
    """An answer (a value of value_of) in words; None for UNANSWERED."""
    if value is UNANSWERED:
        return None
    if value is None:
        return DONT_KNOW_WORDS
    if value is CONTRADICTS:
        return ", ".join(given or [])
    try:
        return answer_label(name, value, kb)
    except (KeyError, TypeError, ValueError):
        return ", ".join(given) if given else str(value)


@dataclass(frozen=True)
class Fault:
    """One problem with an answer, for the page: the field and a sentence."""

    feit: str
    tekst: str
    vraag: str = ""  # the question of the field, for a list of problems at the top of a page


def fault_text(p: Problem) -> str:
    """A problem as a sentence for the page: what is wrong with which field, what is allowed, a best guess."""
    field = p.field or ""
    text = f"Veld '{field}': {p.message}." if field else f"{p.message}."
    if p.allowed:
        shown = list(p.allowed)
        text += f" Toegestaan: {', '.join(shown[:12])}" + (f" (en nog {len(shown) - 12})" if len(shown) > 12 else "") + "."
    advice = p.advice_sentence()
    if advice:
        text += f" {advice}"
    return text


def with_answers(adviseur: Adviseur, feiten: Mapping[str, Any], answers: Mapping[str, Any]
                 ) -> tuple[dict[str, Any], list[Fault]]:
    """`feiten` with every answer in `answers` (fact -> value, None for 'weet ik niet'), and the problems
    the facts check finds (empty when the new facts are good)."""
    out = dict(feiten)
    faults: list[Fault] = []
    for name, value in answers.items():
        if name not in input_catalogue():
            faults.append(Fault(name, f"'{name}' is geen vraag van de intake.", name))
            continue
        if value is CONTRADICTS:
            faults.append(Fault(name, "Deze antwoorden sluiten elkaar uit. Kies een antwoord, of 'weet ik niet', of "
                                      "'geen van deze'; niet meer dan één daarvan.", _question(name)))
            continue
        out = apply_answer(out, name, value)
    if faults:
        return out, faults
    try:
        refuse_nul(out, "<formulier>")
        adviseur.check_facts(Document(data=out, source="<formulier>"))
    except InputError as exc:
        faults = [Fault(name, fault_text(p) + _typing_hint(name, answers), _question(name)) for p in exc.problems
                  for name in [(p.field or "").split("[")[0]]]
    return out, faults


NUMBER_HINT = " Typ alleen een heel getal in cijfers, zonder woorden of tekens, bijvoorbeeld 40."


def _typing_hint(name: str, answers: Mapping[str, Any]) -> str:
    """What to type instead, when a number field got text ('veertig', '3,5', '40%'): the facts-file message
    says what was expected, a person in a browser also needs to hear what to do."""
    typed = answers.get(name)
    return NUMBER_HINT if name in input_catalogue() and kind(name) == "getal" and isinstance(typed, str) else ""


def _question(name: str) -> str:
    return question_text(name).vraag if name in input_catalogue() else name
