"""Render an advice: tekst (terminal) and markdown (memo); json is engine/render/advicejson.py.

tekst and markdown show what a person reads (engine/render/reading.py) for one audience, and the
"Verantwoording" (engine/render/justification.py) only when asked. Every renderer is deterministic:
no timestamps, everything in the advice's own (sorted) order. engine/render/formats.py names them.
"""

from __future__ import annotations

import re
import textwrap

from ..advice.consult import Consult
from ..terminal import BREAKS, line, scrub
from .justification import Part, parts
from .reading import PRIORITY, Reading, Step, Voor, build

WIDTH = 100


def title_lines(r: Reading) -> tuple[str, str | None]:
    """The title and the line under it, for the audience."""
    if r.voor == "initiatief":
        sub = f"Een overzicht voor het initiatief, van de gemeente {r.gemeente}." if r.gemeente else \
            "Een overzicht voor het initiatief, van de gemeente."
        return f"Samen aan de slag: {r.naam}", sub
    return f"Advies voor {r.naam}", (f"Gemeente: {r.gemeente}" if r.gemeente else None)


def step_head(s: Step) -> str:
    if s.af:
        return f"{s.titel} (al gedaan)"
    return f"{s.nr}. {s.titel} ({PRIORITY.get(s.prioriteit or '', s.prioriteit)})"


def step_lines(s: Step, in_now: bool) -> list[tuple[str, str]]:
    """(label, text) lines under a step of the plan; a step that is also under "Nu eerst" refers to it."""
    if s.af:
        return []
    out = [("", s.noot)] if s.noot else []
    if s.hoe:
        out.append(("Hoe", s.hoe))
    out.append(("Wie", s.wie))
    if s.wacht_op:
        out.append(("Wacht op", "; ".join(s.wacht_op)))
    if in_now:
        out.append(("", "Deze stap staat ook bij Nu eerst."))
        return out
    out.append(("Klaar als", s.klaar_als))
    if s.doorlooptijd:
        out.append(("Duurt", s.doorlooptijd))
    if s.waarom:
        out.append(("Waarom", s.waarom))
    return out


def now_lines(s: Step) -> list[tuple[str, str]]:
    out = [("", s.noot)] if s.noot else []
    out += [("Wie", s.wie), ("Klaar als", s.klaar_als)]
    if s.waarom:
        out.append(("Waarom", s.waarom))
    return out


# -- tekst ---------------------------------------------------------------------------------------

def _wrap(lines: list[str], text: str, indent: int = 0, hang: int = 2) -> None:
    lines.extend(textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                               break_on_hyphens=False, break_long_words=False) or [""])


def _labelled(lines: list[str], rows: list[tuple[str, str]], indent: int) -> None:
    for label, text in rows:
        _wrap(lines, f"{label}: {text}" if label else text, indent, 2)


def to_text(consult: Consult, voor: Voor = "gemeente", verantwoording: bool = False) -> str:
    """The advice for a terminal. Every string is scrubbed first (engine/terminal.py), so no value can
    start a line of its own or carry a control character."""
    r: Reading = scrub(build(consult, voor))
    lines: list[str] = []
    add = lines.append
    head, sub = title_lines(r)
    _wrap(lines, head)
    if sub:
        _wrap(lines, sub)
    add("=" * min(max(len(text) for text in lines), WIDTH))
    k = r.koppen

    def section(title: str) -> None:
        add("")
        add(title)

    section(k["samenvatting"])
    for summary in r.samenvatting:
        _wrap(lines, summary, 2)
    now_ids = {s.id for s in r.nu_eerst}
    section(k["nu"])
    if not r.nu_eerst:
        _wrap(lines, "Er staan geen stappen open.", 2)
    for now_group in r.nu_groepen:
        if now_group.kop:
            _wrap(lines, f"{now_group.kop}:", 2)
        for s in now_group.stappen:
            _wrap(lines, f"- {s.titel} (stap {s.nr})", 2, 2)
            _labelled(lines, now_lines(s), 4)
    if r.plan:
        section(k["plan"])
        for group in r.plan:
            _wrap(lines, f"{group.titel}" + (" (nu)" if group.nu else ""), 2)
            for owned in group.groepen:
                deeper = 2 if owned.kop else 0  # the hand-out: steps under who acts
                if owned.kop:
                    _wrap(lines, owned.kop, 4)
                for s in owned.stappen:
                    _wrap(lines, f"[{'x' if s.af else ' '}] {step_head(s)}", 2 + deeper, 4)
                    _labelled(lines, step_lines(s, s.id in now_ids), 6 + deeper)
    if r.partners:
        section(k["partners"])
        for p in r.partners:
            _wrap(lines, f"- {p.titel}: {' '.join(p.zinnen)}", 2, 2)
    if r.afspraak:
        a = r.afspraak
        section(k["afspraak"])
        _wrap(lines, a.zin, 2)
        if a.inhoud:
            _wrap(lines, "Wat erin hoort:", 2)
            for i in a.inhoud:
                _wrap(lines, f"- {i}", 2, 2)
        if a.alternatieven:
            _wrap(lines, f"Andere vormen die kunnen: {', '.join(a.alternatieven)}.", 2)
    if r.risicos:
        section(k["risicos"])
        for item in r.risicos:
            _wrap(lines, f"- {item.titel} ({item.label})", 2, 2)
            if item.zinnen:
                _wrap(lines, f"Wat helpt: {' '.join(item.zinnen)}", 4, 2)
    if r.tips:
        section(k["tips"])
        for item in r.tips:
            _wrap(lines, f"- {item.titel}" + (f": {' '.join(item.zinnen)}" if item.zinnen else ""), 2, 2)
    if r.vragen:
        section(k["vragen"])
        for q in r.vragen:
            _wrap(lines, f"- {q.vraag}", 2, 2)
            for effect in q.gevolgen:
                _wrap(lines, effect, 4, 2)
        if r.vragen_meer:
            _wrap(lines, r.vragen_meer, 2, 2)
    if r.waarschuwingen:
        add("")
        for w in r.waarschuwingen:
            _wrap(lines, f"Let op: {w}")
    if r.begrippen:
        section(k["begrippen"])
        for term, uitleg in r.begrippen:
            _wrap(lines, f"- {term}: {uitleg}", 2, 2)
    add("")
    _wrap(lines, r.slot)
    if verantwoording:
        _text_parts(lines, scrub(parts(consult, voor)))
    return "\n".join(lines) + "\n"


def _text_parts(lines: list[str], found: tuple[Part, ...]) -> None:
    lines += ["", "Verantwoording"]
    for part in found:
        _wrap(lines, part.titel, 2)
        for entry in part.regels:
            _wrap(lines, f"- {entry}", 4, 2)


# -- markdown ------------------------------------------------------------------------------------

MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|&~!]")
MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def md(text: object) -> str:
    """Text safe inside a markdown paragraph or table cell: it stays one line and starts nothing.

    Line breaks (LF, CR, U+2028/9, NEL …) become a space, so a value never starts a line; the
    characters that start emphasis, code, links, HTML, entities, headings and table cells are
    escaped wherever they stand, those that start a list or a setext heading at the value's start;
    other control characters are shown as an escape (engine/terminal.py)."""
    out = MD_SPECIAL.sub(lambda m: "\\" + m.group(), BREAKS.sub(" ", str(text)))
    out = MD_LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), out)
    return line(out)


def _md_labelled(lines: list[str], rows: list[tuple[str, str]], indent: str) -> None:
    for label, text in rows:
        lines.append(f"{indent}- *{md(label)}:* {md(text)}" if label else f"{indent}- {md(text)}")


def to_markdown(consult: Consult, voor: Voor = "gemeente", verantwoording: bool = False) -> str:
    r = build(consult, voor)
    k = r.koppen
    head, sub = title_lines(r)
    lines: list[str] = [f"# {md(head)}", ""]
    add = lines.append
    if sub:
        add(md(sub))
        add("")
    add(f"## {k['samenvatting']}")
    add("")
    add(" ".join(md(s) for s in r.samenvatting))
    add("")
    add(f"## {k['nu']}")
    add("")
    if not r.nu_eerst:
        add("Er staan geen stappen open.")
        add("")
    now_ids = {s.id for s in r.nu_eerst}
    for now_group in r.nu_groepen:
        if now_group.kop:
            add(f"### {md(now_group.kop)}")
            add("")
        for s in now_group.stappen:
            add(f"1. **{md(s.titel)}** (stap {s.nr})")
            _md_labelled(lines, now_lines(s), "   ")
        add("")
    if r.plan:
        add(f"## {k['plan']}")
        for group in r.plan:
            add("")
            add(f"### {md(group.titel)}" + (" (nu)" if group.nu else ""))
            add("")
            for i, owned in enumerate(group.groepen):
                if owned.kop:  # the hand-out: steps under who acts
                    lines.extend([""] * bool(i) + [f"#### {md(owned.kop)}", ""])
                for s in owned.stappen:
                    add(f"- [{'x' if s.af else ' '}] **{md(step_head(s))}**")
                    _md_labelled(lines, step_lines(s, s.id in now_ids), "  ")
        add("")
    if r.partners:
        add(f"## {k['partners']}")
        add("")
        for p in r.partners:
            add(f"- **{md(p.titel)}:** {md(' '.join(p.zinnen))}")
        add("")
    if r.afspraak:
        a = r.afspraak
        add(f"## {k['afspraak']}")
        add("")
        add(md(a.zin))
        if a.inhoud:
            add("")
            add("Wat erin hoort:")
            add("")
            lines.extend(f"- {md(i)}" for i in a.inhoud)
        if a.alternatieven:
            add("")
            add(md(f"Andere vormen die kunnen: {', '.join(a.alternatieven)}."))
        add("")
    if r.risicos:
        add(f"## {k['risicos']}")
        add("")
        for item in r.risicos:
            add(f"- **{md(item.titel)}** ({md(item.label)})" + (f". Wat helpt: {md(' '.join(item.zinnen))}" if item.zinnen else ""))
        add("")
    if r.tips:
        add(f"## {k['tips']}")
        add("")
        for item in r.tips:
            add(f"- **{md(item.titel)}**" + (f": {md(' '.join(item.zinnen))}" if item.zinnen else ""))
        add("")
    if r.vragen:
        add(f"## {k['vragen']}")
        add("")
        for q in r.vragen:
            add(f"- **{md(q.vraag)}** {md(' '.join(q.gevolgen))}")
        add("")
        if r.vragen_meer:
            add(md(r.vragen_meer))
            add("")
    if r.waarschuwingen:
        lines.extend(f"> Let op: {md(w)}\n" for w in r.waarschuwingen)
    if r.begrippen:
        add(f"## {k['begrippen']}")
        add("")
        lines.extend(f"- **{md(term)}**: {md(uitleg)}" for term, uitleg in r.begrippen)
        add("")
    add(f"*{md(r.slot)}*")
    if verantwoording:
        add("")
        add("## Verantwoording")
        for part in parts(consult, voor):
            add("")
            add(f"### {md(part.titel)}")
            add("")
            lines.extend(f"- {md(entry)}" for entry in part.regels)
    return "\n".join(lines) + "\n"
