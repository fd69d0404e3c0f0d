"""Render a comparison of two advices (engine/model/compare.py): tekst, markdown or json.

B1 Dutch, one difference per line, each with the facts that differ and the rules that made it:

    Fase: Opstarten → Uitwerken, omdat afspraken.intentieovereenkomst nu ja is (eerst nee).
      regel die nu afgaat: fase-uitwerken-afleiden; regel die eerst afging: fase-opstarten-afleiden

Two versions of one initiative read as "nu … (eerst …)"; two different initiatives as
"bij B … (bij A …)". Deterministic: everything in the comparison's own order.

The web page (`outline` with a knowledge base) says the same in an adviser's words: each fact as its
question and the answers as the intake shows them, no ids in the sentences; the derived facts and the
rules go to a folded part (the ids as tekst and markdown give them).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.compare import FeitVerschil, Oorzaak, Vergelijking, Verschil
from ..model.facts import input_catalogue
from ..model.kennisbank import Kennisbank
from ..model.questiontexts import answer_label, question_text
from ..terminal import block, scrub
from .phasetext import HOW
from .reading import lower_first
from .text import md

WIDTH = 100
HEADINGS = {"fase": "Fase", "activiteit": "Activiteiten", "partner": "Partners", "formalisatie": "Afspraak (formalisatie)",
            "risico": "Risico's", "tip": "Tips", "plan": "Stappenplan", "open_vraag": "Open vragen",
            "waarschuwing": "Waarschuwingen"}
MARK = {"toegevoegd": "Nieuw", "verwijderd": "Vervalt", "gewijzigd": "Anders"}
FIELDS = {"waarde": "fase", "bepaald_door": "hoe bepaald", "prioriteit": "prioriteit", "eigenaar": "eigenaar",
          "afgerond": "afgerond", "rollen": "rol", "ernst": "ernst", "maatregelen": "maatregelen", "vorm": "vorm",
          "zwaarte": "zwaarte", "alternatieven": "alternatieven", "inhoud": "wat erin hoort", "volgorde": "volgorde"}


class _Words:
    """How the two sides are named: over time (nu / eerst) or side by side (bij B / bij A)."""

    def __init__(self, v: Vergelijking):
        self.over_time = v.zelfde_initiatief
        self.b, self.a = ("nu", "eerst") if self.over_time else ("bij B", "bij A")

    def fact(self, f: FeitVerschil) -> str:
        """A fact difference as a list item: 'gemeente.escalatieroute: eerst nee, nu ja'."""
        if f.erbij or f.eraf:
            return f"{f.feit}: {_members(f)}"
        return f"{f.feit}: {self.a} {show(f.a)}, {self.b} {show(f.b)}"

    def clause(self, f: FeitVerschil) -> str:
        """A fact difference after 'omdat': 'gemeente.escalatieroute nu ja is (eerst nee)'."""
        if f.erbij or f.eraf:
            return f"{f.feit} anders is ({_members(f)})"
        return f"{f.feit} {self.b} {show(f.b)} is ({self.a} {show(f.a)})"

    def rules(self, causes: Sequence[Oorzaak]) -> str:
        """'regel die nu afgaat: x; regels die eerst afgingen: y, z' (or 'alleen bij A/B')."""
        parts = []
        for side in ("b", "a"):
            ids = [o.regel for o in causes if o.afgegaan_bij == side]
            if not ids:
                continue
            one = len(ids) == 1
            if self.over_time:
                verb = ("die nu afgaat" if one else "die nu afgaan") if side == "b" else \
                    ("die eerst afging" if one else "die eerst afgingen")
            else:
                verb = f"die alleen bij {side.upper()} {'afgaat' if one else 'afgaan'}"
            parts.append(f"{'regel' if one else 'regels'} {verb}: {', '.join(ids)}")
        return "; ".join(parts)

    ids = True  # the id of an activity, partner … after its title

    def phase(self, value: Any) -> str:
        return show(value)


class _PlainWords(_Words):
    """The same in an adviser's words (the web page): a fact is its question, an answer what the intake
    shows for it, a phase its title; no ids."""

    ids = False

    def __init__(self, v: Vergelijking, kb: Kennisbank, derived: Mapping[str, str]):
        super().__init__(v)
        self.kb = kb
        self.derived = derived  # a derived fact -> what it means (its description in the rules)
        self.first, self.then = ("Eerst", "Nu") if self.over_time else ("Bij A", "Bij B")

    def phase(self, value: Any) -> str:
        found = self.kb.fasen.get(value) if isinstance(value, str) else None
        return show(found.titel if found is not None else value)

    def _label(self, name: str, value: Any) -> str:
        if value is None:
            return "onbekend"
        if name == "fase":
            return self.phase(value)
        if name in input_catalogue():
            return show(answer_label(name, value, self.kb))
        return show(value).replace("_", " ")

    def _question(self, name: str) -> str:
        return question_text(name).vraag if name in input_catalogue() else name.replace("_", " ").capitalize() + "?"

    def fact(self, f: FeitVerschil) -> str:
        """'Is afgesproken wat u doet als het misgaat …? Eerst: nee. Nu: ja.'"""
        if f.erbij or f.eraf:
            parts = ([f"Erbij: {self._label(f.feit, list(f.erbij))}."] if f.erbij else []) + \
                    ([f"Eraf: {self._label(f.feit, list(f.eraf))}."] if f.eraf else [])
            return f"{self._question(f.feit)} {' '.join(parts)}"
        return f"{self._question(f.feit)} {self.first}: {self._label(f.feit, f.a)}. {self.then}: {self._label(f.feit, f.b)}."

    def clause(self, f: FeitVerschil) -> str:
        """After 'omdat': 'het antwoord op ‘…?’ nu ‘ja’ is (eerst ‘nee’)', 'de fase nu Uitwerken is (eerst Opstarten)'."""
        if f.feit == "fase":
            return f"de fase {self.b} {self._label('fase', f.b)} is ({self.a} {self._label('fase', f.a)})"
        if f.feit not in input_catalogue():  # what the rules derived: named by what it means, not by an answer
            meaning = self.derived.get(f.feit) or f.feit.replace("_", " ")
            said = lower_first(meaning.strip().split(". ")[0].rstrip("."))
            return f"‘{said}’ {self.b} {self._label(f.feit, f.b)} is ({self.a} {self._label(f.feit, f.a)})"
        name = f"het antwoord op ‘{self._question(f.feit)}’"
        if f.erbij or f.eraf:
            return f"{name} anders is"
        return f"{name} {self.b} ‘{self._label(f.feit, f.b)}’ is ({self.a} ‘{self._label(f.feit, f.a)}’)"


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None:
        return "onbekend"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value) or "(leeg)"
    return " ".join(str(value).split())


def _members(f: FeitVerschil) -> str:
    parts = ([f"erbij {show(f.erbij)}"] if f.erbij else []) + ([f"eraf {show(f.eraf)}"] if f.eraf else [])
    return "; ".join(parts)


def _change(d: Verschil, words: _Words, steps: dict[str, str]) -> str:
    """What changed in a 'gewijzigd' difference, in words: a → b, or for lists what came and went."""
    if d.veld == "volgorde":
        return _order(d.a, d.b, words, steps)
    name = FIELDS.get(d.veld or "", d.veld or "")
    if isinstance(d.a, list) and isinstance(d.b, list) and d.veld != "volgorde":
        came = [x for x in d.b if x not in d.a]
        went = [x for x in d.a if x not in d.b]
        parts = ([f"erbij {_quoted(came)}"] if came else []) + ([f"eraf {_quoted(went)}"] if went else [])
        return f"{name}: {'; '.join(parts) or 'andere volgorde'}"
    return f"{name} {show(d.a)} → {show(d.b)}"


SHOWN_PAIRS = 3  # steps that swapped places, named one by one; the rest is counted


def _order(a: Sequence[str], b: Sequence[str], words: _Words, steps: dict[str, str]) -> str:
    """Which steps swapped places, by title: "'Y' komt nu vóór 'X'" (in the order of B)."""
    where = {step: n for n, step in enumerate(a)}
    swapped = [(y, x) for n, y in enumerate(b) for x in b[n + 1:] if where[y] > where[x]]
    said = [f"'{show(steps.get(y, y))}' komt {words.b} vóór '{show(steps.get(x, x))}'" for y, x in swapped[:SHOWN_PAIRS]]
    rest = len(swapped) - len(said)
    more = f"; en nog {rest} {'stap' if rest == 1 else 'stappen'} in een andere volgorde" if rest > 0 else ""
    return f"{'; '.join(said)}{more}"


def _quoted(items: Sequence[Any]) -> str:
    return "; ".join(f"'{show(x)}'" for x in items)


def _because(d: Verschil, words: _Words) -> str:
    if not d.feiten:
        return ""
    return ", omdat " + " en ".join(words.clause(f) for f in d.feiten)


def _head(d: Verschil, words: _Words, steps: dict[str, str]) -> str:
    """The first words of a difference; the 'omdat' part follows it, so it ends without a full stop."""
    if d.onderdeel == "fase":
        if d.veld == "waarde":
            return f"Fase: {words.phase(d.a)} → {words.phase(d.b)}"
        return f"Fase: {show(d.titel)}, {HOW.get(str(d.a), show(d.a))} → {HOW.get(str(d.b), show(d.b))}"
    label = f"{show(d.titel)} ({d.id})" if d.id and words.ids else show(d.titel)
    if d.onderdeel == "open_vraag":
        label = f"open vraag: {show(d.titel)}"
    elif d.onderdeel == "waarschuwing":  # its text follows on a line of its own (it has sentences)
        label = f"waarschuwing ({d.id})"
    if d.soort == "gewijzigd":
        return f"{MARK[d.soort]}: {label}: {_change(d, words, steps)}"
    return f"{MARK[d.soort]}: {label}"


def _sides(v: Vergelijking) -> list[str]:
    out = []
    for name, side in (("A", v.a), ("B", v.b)):
        out.append(f"{name}: {side.naam} (fase {side.fase or 'onbekend'}, peildatum {side.peildatum.isoformat()})")
    if v.zelfde_initiatief:
        out.append("Twee versies van hetzelfde initiatief: A is eerst, B is nu.")
    if v.a.regelbasis != v.b.regelbasis:
        out.append(f"Let op: de adviezen zijn met verschillende regels gemaakt ({v.a.regelbasis} en {v.b.regelbasis}).")
    return out


# -- tekst ----------------------------------------------------------------------------------------

def _wrap(lines: list[str], text: str, indent: int = 0, hang: int = 2) -> None:
    lines.extend(textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                               break_on_hyphens=False, break_long_words=False) or [""])


def to_text(v: Vergelijking) -> str:
    """The comparison for a terminal; every string scrubbed first, so no value starts a line of its own."""
    v = scrub(v)
    words = _Words(v)
    lines: list[str] = []
    _wrap(lines, "Vergelijking van twee adviezen")
    for text in _sides(v):
        _wrap(lines, text)
    lines.append("=" * min(max(len(t) for t in lines), WIDTH))
    if v.leeg:
        lines.append("")
        lines.append("Geen verschillen: de feiten en het advies zijn gelijk.")
        return "\n".join(lines) + "\n"
    _facts_text(lines, v, words)
    lines.append("")
    lines.append(f"Wat is anders in het advies ({_count(len(v.verschillen))})")
    current = None
    for d in v.verschillen:
        if d.onderdeel != current:
            current = d.onderdeel
            if d.onderdeel != "fase":
                lines.append("")
                lines.append(HEADINGS[d.onderdeel])
        indent = 0 if d.onderdeel == "fase" else 2
        _wrap(lines, _head(d, words, v.stappen) + _because(d, words) + ".", indent, 4)
        if d.onderdeel == "waarschuwing":
            _wrap(lines, f"“{show(d.titel)}”", indent + 4, 4)
        if d.regels:
            _wrap(lines, words.rules(d.regels), indent + 4, 4)
    return "\n".join(lines) + "\n"


def _count(n: int) -> str:
    return "1 verschil" if n == 1 else f"{n} verschillen"


def _facts_text(lines: list[str], v: Vergelijking, words: _Words) -> None:
    lines.append("")
    lines.append("Wat is anders in de feiten")
    if not v.feiten:
        _wrap(lines, "- niets: de ingevulde feiten zijn gelijk", 2, 4)
    for f in v.feiten:
        _wrap(lines, f"- {words.fact(f)}", 2, 4)
    if v.afgeleide_feiten:
        lines.append("Afgeleid door regels:")
        for f in v.afgeleide_feiten:
            _wrap(lines, f"- {words.fact(f)}", 2, 4)


# -- markdown -------------------------------------------------------------------------------------

def to_markdown(v: Vergelijking) -> str:
    words = _Words(v)
    lines = ["# Vergelijking van twee adviezen", ""]
    for text in _sides(v):
        lines += [md(text), ""]
    if v.leeg:
        lines += ["Geen verschillen: de feiten en het advies zijn gelijk.", ""]
        return "\n".join(lines)
    lines += ["## Wat is anders in de feiten", ""]
    lines += [f"- {md(words.fact(f))}" for f in v.feiten] or ["- niets: de ingevulde feiten zijn gelijk"]
    if v.afgeleide_feiten:
        lines += ["", "Afgeleid door regels:", ""]
        lines += [f"- {md(words.fact(f))}" for f in v.afgeleide_feiten]
    lines += ["", f"## Wat is anders in het advies ({_count(len(v.verschillen))})"]
    current = None
    for d in v.verschillen:
        if d.onderdeel != current:
            current = d.onderdeel
            lines += ["", f"### {HEADINGS[d.onderdeel]}", ""]
        rules = f" — {md(words.rules(d.regels))}" if d.regels else ""
        said = f" “{md(show(d.titel))}”" if d.onderdeel == "waarschuwing" else ""
        lines.append(f"- {md(_head(d, words, v.stappen) + _because(d, words))}{rules}{said}")
    lines.append("")
    return "\n".join(lines)


# -- for a web page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One difference in words: the sentence, the rules behind it, (a warning) the text it says, and the
    sentence with ids (as tekst gives it) for the folded part of the page."""

    zin: str
    regels: str
    tekst: str
    technisch: str = ""


@dataclass(frozen=True)
class Outline:
    """The comparison as the lines a page shows (the page escapes them)."""

    kanten: list[str]
    leeg: bool
    feiten: list[str]
    afgeleid: list[str]
    groepen: list[tuple[str, list[Line]]]


def outline(v: Vergelijking, kb: Kennisbank | None = None, derived: Mapping[str, str] | None = None) -> Outline:
    """The lines of a page: with `kb`, facts and reasons in an adviser's words (`derived`: what each derived
    fact means; the derived facts and each line with its ids stay in the words of tekst, for the folded
    part); without, as tekst says them."""
    words = _Words(v)
    plain: _Words = _PlainWords(v, kb, derived or {}) if kb is not None else words
    groups: list[tuple[str, list[Line]]] = []
    for d in v.verschillen:
        if not groups or groups[-1][0] != HEADINGS[d.onderdeel]:
            groups.append((HEADINGS[d.onderdeel], []))
        technical = _head(d, words, v.stappen) + _because(d, words) + "."
        groups[-1][1].append(Line(_head(d, plain, v.stappen) + _because(d, plain) + ".",
                                  words.rules(d.regels) if d.regels else "",
                                  show(d.titel) if d.onderdeel == "waarschuwing" else "", technical))
    # a name's control characters and direction marks shown as \u202e, as tekst shows them: a page escapes
    # markup, but a right-to-left override would turn the rest of the line around ('Bij B: …' read backwards)
    found = Outline(kanten=_sides(v), leeg=v.leeg, feiten=[plain.fact(f) for f in v.feiten],
                    afgeleid=[words.fact(f) for f in v.afgeleide_feiten], groepen=groups)
    return scrub(found)  # type: ignore[no-any-return]


# -- json -----------------------------------------------------------------------------------------

def to_json(v: Vergelijking) -> str:
    return json.dumps(v.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Vergelijking], str]] = {"tekst": to_text, "markdown": to_markdown, "json": to_json}


def render_comparison(v: Vergelijking, formaat: str) -> str:
    """The comparison in `formaat` (tekst, markdown or json), control characters shown (engine/terminal.py)."""
    return block(FORMATS[formaat](v))

