"""The question for every input fact, in B1 Dutch: one place (vragen.yaml beside this file).

`question_text(fact)` gives the question, a short help text and the answers in words; the
intake, `samenwerkwijzer vragen`, `nieuw` and the open questions of the advice read it. The file
is checked when it is first read: every input fact has a question, every value of a choice or
list fact has an answer in words, and nothing is there that the fact model does not know (a
missing or stale entry raises, so a test fails). Yes/no facts answer 'ja' and 'nee'; partners and
activities take their names from the knowledge base. 'Weet ik niet' is always allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..source.yamlsource import parse
from .facts import input_catalogue
from .kennisbank import Kennisbank

__all__ = ["DONT_KNOW", "QuestionText", "answer_label", "load_texts", "member_label", "question_text", "question_texts"]

DONT_KNOW = "weet ik niet"
TEXTS = Path(__file__).with_name("vragen.yaml")
_FIELDS = {"vraag", "uitleg", "antwoorden", "eenheid"}


@dataclass(frozen=True)
class QuestionText:
    """The question for one input fact, its help text and its answers in words."""

    vraag: str
    uitleg: str
    labels: MappingProxyType[Any, str]   # value -> the answer in words (bool: True/False)
    eenheid: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:  # a mappingproxy cannot be pickled; the rule-base cache holds these
        return (_question_text, (self.vraag, self.uitleg, dict(self.labels), self.eenheid))


def _question_text(vraag: str, uitleg: str, labels: dict[Any, str], eenheid: str | None) -> QuestionText:
    return QuestionText(vraag, uitleg, MappingProxyType(labels), eenheid)


_adopted: list[MappingProxyType[str, QuestionText]] = []  # the shipped texts as a cache entry held them


def question_texts() -> MappingProxyType[str, QuestionText]:
    """Every input fact's question, checked against the fact model."""
    return _adopted[0] if _adopted else load_texts(TEXTS)


def adopt(texts: dict[str, QuestionText]) -> None:
    """Take the shipped texts from a rule-base cache entry (engine/advice/basecache.py), so a start does not
    read and check vragen.yaml again. The entry's key covers this file and the fact model, so the texts
    are those `load_texts(TEXTS)` would give; texts already in use stay."""
    if not _adopted and load_texts.cache_info().currsize == 0:
        _adopted.append(MappingProxyType(texts))


@cache
def load_texts(path: Path) -> MappingProxyType[str, QuestionText]:
    """The questions in `path`, checked against the fact model (ValueError naming every problem)."""
    data = parse(path.read_text(encoding="utf-8"), str(path)).data
    catalogue = input_catalogue()
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{path}: verwacht een mapping van feit naar vraag")
    for name in sorted(set(data) - set(catalogue)):
        problems.append(f"'{name}' is geen feit (meer)")
    for name in sorted(set(catalogue) - set(data)):
        problems.append(f"'{name}' heeft geen vraag")
    out: dict[str, QuestionText] = {}
    for name, spec in catalogue.items():
        entry = data.get(name)
        if not isinstance(entry, dict):
            continue
        extra = set(entry) - _FIELDS
        if extra:
            problems.append(f"'{name}': onbekende velden {sorted(extra)}")
        if not entry.get("vraag") or not entry.get("uitleg"):
            problems.append(f"'{name}': vraag en uitleg zijn verplicht")
        given = entry.get("antwoorden") or {}
        labels: dict[Any, str]
        if spec.kind == "bool":
            labels = {True: "ja", False: "nee"}
            if given:
                problems.append(f"'{name}': een ja/nee-vraag heeft vaste antwoorden")
        elif spec.values:
            labels = {v: given[v] for v in spec.values if v in given}
            for v in spec.values:
                if v not in given:
                    problems.append(f"'{name}': geen antwoord in woorden voor '{v}'")
            for v in sorted(set(given) - set(spec.values)):
                problems.append(f"'{name}': '{v}' is geen waarde (meer)")
        else:
            labels = {}
            if given:
                problems.append(f"'{name}': dit feit krijgt zijn antwoorden niet hier")
        if ("eenheid" in entry) != (spec.kind == "int"):
            problems.append(f"'{name}': alleen een getal heeft een eenheid, en een getal heeft er een")
        out[name] = QuestionText(vraag=str(entry.get("vraag", "")), uitleg=" ".join(str(entry.get("uitleg", "")).split()),
                                 labels=MappingProxyType(labels), eenheid=entry.get("eenheid"))
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return MappingProxyType(out)


def question_text(name: str) -> QuestionText:
    return question_texts()[name]


def answer_label(name: str, value: Any, kb: Kennisbank | None = None, *, upto: int | None = None) -> str:
    """One answer in words: a value, a list (its members in words; empty: 'geen van deze'), a number
    (with `upto`: the interval it stands for)."""
    text = question_text(name)
    if isinstance(value, list):
        if not value:
            return "geen van deze"
        return ", ".join(member_label(name, v, kb) for v in value)
    if isinstance(value, bool):
        return text.labels.get(value, "ja" if value else "nee")
    if isinstance(value, int):
        unit = f" {text.eenheid}" if text.eenheid else ""
        if upto is None or upto == value:
            return f"{value}{unit}"
        return f"{value} tot en met {upto}{unit}"
    return text.labels.get(value, str(value))


def member_label(name: str, value: str, kb: Kennisbank | None) -> str:
    """One member of a list fact in words (partners and activities: their name in the knowledge base)."""
    spec = input_catalogue()[name]
    if spec.ids is not None and kb is not None:
        table = getattr(kb, spec.ids.table)
        item = table.get(value)
        if item is not None:
            return str(getattr(item, "naam", None) or getattr(item, "titel", value))
    return question_text(name).labels.get(value, value)
