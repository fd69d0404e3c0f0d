"""Render an advice: json (the contract), tekst (terminal), markdown (memo), html (report).

Every renderer is deterministic: no timestamps, everything in the advice's own (sorted) order.
Each takes the consultation record (engine/consult.py) and reads it only: the advice, the titles
of phases and tracks it shows and, for pictures, the plan graph. engine/formats.py names them.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence

from ..advice.consult import Consult
from ..model.advice import Advies, PlanStap, Reden
from ..terminal import BREAKS, line, scrub

WIDTH = 100
HOW = {"invoer": "opgegeven in de invoer", "regel": "afgeleid", "onbekend": "niet te bepalen"}
STATUS = {"bereikt": "bereikt", "open": "open", "onbekend": "onbekend"}


def to_json(consult: Consult) -> str:
    return advice_json(consult.advice)


def advice_json(advies: Advies) -> str:
    """The advice as the JSON contract prints it (also for an Advies from `Adviseur.adviseer`)."""
    data = advies.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def steps(advies: Advies) -> list[tuple[int, PlanStap, str]]:
    """(number, step, phase) for every step of the plan, numbered 1, 2, … in plan order."""
    out: list[tuple[int, PlanStap, str]] = []
    for group in advies.plan:
        for step in group.stappen:
            out.append((len(out) + 1, step, group.fase))
    return out


def show(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value) or "(leeg)"
    return "onbekend" if value is None else str(value)


def facts_text(reden: Reden) -> str:
    return "; ".join(f"{k} = {show(v)}" for k, v in reden.feiten.items()) or "geldt altijd"


def progress_line(advies: Advies) -> str | None:
    v = advies.voortgang
    if v is None or v.fase is None:
        return None
    n = {s: sum(d.status == s for d in v.doelen) for s in STATUS}
    goals = f"doelen: {n['bereikt']} bereikt, {n['open']} open, {n['onbekend']} onbekend"
    if v.aandeel_afgerond is None:
        return f"nog niets afgerond of aanbevolen in deze fase; {goals}"
    return (f"{v.activiteiten_afgerond} van {v.activiteiten_afgerond + v.activiteiten_open} activiteiten af "
            f"({v.aandeel_afgerond}%); {goals}")


# -- tekst ---------------------------------------------------------------------------------------

def _wrap(lines: list[str], text: str, indent: int = 0, hang: int = 2) -> None:
    lines.extend(textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                               break_on_hyphens=False, break_long_words=False) or [""])


def _why(reasons: Sequence[Reden]) -> str:
    return ", ".join(r.regel for r in reasons)


def to_text(consult: Consult) -> str:
    """The advice for a terminal. Every string of the advice and its titles is scrubbed first
    (engine/terminal.py), so no value can start a line of its own or carry a control character."""
    advies, titles = scrub(consult.advice), scrub(consult.titles)
    lines: list[str] = []
    add = lines.append
    _wrap(lines, f"Advies voor {advies.naam}")
    if advies.gemeente:
        _wrap(lines, f"Gemeente: {advies.gemeente}")
    add("=" * min(max(len(text) for text in lines), WIDTH))
    fase = advies.fase
    why = f": {_why(fase.waarom)}" if fase.waarom else ""
    _wrap(lines, f"Fase: {titles.phase(fase.waarde)} ({HOW[fase.bepaald_door]}{why})")
    progress = progress_line(advies)
    if progress and advies.voortgang is not None:
        add("")
        _wrap(lines, f"Voortgang in deze fase: {progress}")
        for d in advies.voortgang.doelen:
            rest = f" — nog: {', '.join(d.open)}" if d.open else ""
            _wrap(lines, f"{d.status:<9} {d.titel}{rest}", 2, 10)
    by_id = {a.id: a for a in advies.activiteiten}
    if advies.plan:
        add("")
        add("Stappenplan (stappen met hetzelfde groepsnummer kunnen tegelijk)")
        current = None
        for n, step, phase in steps(advies):
            if phase != current:
                current = phase
                add(f"  {titles.phase(phase)}")
            _wrap(lines, f"{n:>3}. [{step.prioriteit}] {step.titel}", 2, 12)
            detail = f"{step.eigenaar} · spoor {titles.track(step.spoor)} · groep {step.generatie}"
            if step.na:
                detail += f" · na: {', '.join(step.na)}"
            _wrap(lines, detail, 9, 2)
            if step.id in by_id:
                _wrap(lines, f"waarom: {_why(by_id[step.id].waarom)}", 9, 2)
    if advies.formalisatie:
        f = advies.formalisatie
        add("")
        _wrap(lines, f"Formalisatie: {f.titel}" + (f" ({f.zwaarte})" if f.zwaarte else ""))
        if f.alternatieven:
            _wrap(lines, f"alternatieven: {', '.join(f.alternatieven)}", 2)
        for v in f.verworpen:
            _wrap(lines, f"verworpen: {v.vorm} (regel {v.regel})", 2)
        _wrap(lines, f"waarom: {_why(f.waarom)}", 2)
    _section(lines, "Partners", [(p.naam, "; ".join(p.rollen), p.waarom) for p in advies.partners])
    _section(lines, "Risico's", [(f"{r.titel} [{r.ernst}]", r.maatregelen[0] if r.maatregelen else "", r.waarom)
                                 for r in advies.risicos])
    _section(lines, "Tips", [(t.titel, "", t.waarom) for t in advies.tips])
    if advies.open_vragen:
        add("")
        add("Open vragen (wat het advies kan veranderen)")
        for q in advies.open_vragen:
            _wrap(lines, f"- {q.feit}: {q.omschrijving} ({len(q.regels)} regel(s))", 2, 4)
    if advies.waarschuwingen:
        add("")
        for w in advies.waarschuwingen:
            _wrap(lines, f"Let op: {w.tekst}")
    rb = advies.regelbasis
    add("")
    _wrap(lines, f"Regelbasis {rb.versie}, {rb.regels} regels, hash {rb.hash}, peildatum {rb.peildatum.isoformat()}, "
                 f"regelmachine {rb.engine}")
    return "\n".join(lines) + "\n"


def _section(lines: list[str], title: str, rows: list[tuple[str, str, list[Reden]]]) -> None:
    if not rows:
        return
    lines.append("")
    lines.append(title)
    for head, detail, why in rows:
        _wrap(lines, f"- {head}" + (f": {detail}" if detail else ""), 2, 4)
        _wrap(lines, f"waarom: {_why(why)}", 6, 2)


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


def to_markdown(consult: Consult) -> str:
    advies, titles = consult.advice, consult.titles
    lines: list[str] = [f"# Advies voor {md(advies.naam)}", ""]
    add = lines.append
    if advies.gemeente:
        add(f"**Gemeente:** {md(advies.gemeente)}")
        add("")
    fase = advies.fase
    why = f" (regel: {', '.join(f'`{r.regel}`' for r in fase.waarom)})" if fase.waarom else ""
    add(f"**Fase:** {md(titles.phase(fase.waarde))}, {HOW[fase.bepaald_door]}{why}")
    add("")
    progress = progress_line(advies)
    if progress and advies.voortgang is not None:
        add("## Voortgang in deze fase")
        add("")
        add(md(progress[0].upper() + progress[1:]) + ".")
        add("")
        add("| Doel | Status | Nog te doen |")
        add("|---|---|---|")
        for d in advies.voortgang.doelen:
            add(f"| {md(d.titel)} | {d.status} | {md(', '.join(d.open)) or '–'} |")
        add("")
    by_id = {a.id: a for a in advies.activiteiten}
    if advies.plan:
        add("## Stappenplan")
        add("")
        add("Stappen met hetzelfde groepsnummer kunnen tegelijk; *na* noemt de stappen die eerst moeten.")
        for group in advies.plan:
            add("")
            add(f"### {md(titles.phase(group.fase))}")
            add("")
            add("| # | Stap | Prioriteit | Wie | Spoor | Groep | Na | Waarom |")
            add("|---:|---|---|---|---|---:|---|---|")
            for n, step, phase in steps(advies):
                if phase != group.fase:
                    continue
                reasons = ", ".join(f"`{r.regel}`" for r in by_id[step.id].waarom) if step.id in by_id else ""
                add(f"| {n} | {md(step.titel)} | {step.prioriteit} | {step.eigenaar} | {md(titles.track(step.spoor))} "
                    f"| {step.generatie} | {md(', '.join(step.na)) or '–'} | {reasons} |")
        add("")
    if advies.formalisatie:
        f = advies.formalisatie
        add("## Formalisatie")
        add("")
        add(f"**{md(f.titel)}**" + (f" ({f.zwaarte})" if f.zwaarte else "")
            + f" — regel: {', '.join(f'`{r.regel}`' for r in f.waarom)}")
        if f.inhoud:
            add("")
            add("Wat erin hoort: " + md("; ".join(f.inhoud)) + ".")
        if f.alternatieven:
            add("")
            add("Alternatieven: " + md(", ".join(f.alternatieven)) + ".")
        add("")
    _md_list(lines, "Partners", [(p.naam, "; ".join(p.rollen), p.waarom) for p in advies.partners])
    _md_list(lines, "Risico's", [(f"{r.titel} (ernst: {r.ernst})", "; ".join(r.maatregelen), r.waarom) for r in advies.risicos])
    _md_list(lines, "Tips", [(t.titel, t.omschrijving, t.waarom) for t in advies.tips])
    if advies.open_vragen:
        add("## Open vragen")
        add("")
        for q in advies.open_vragen:
            add(f"- `{q.feit}`: {md(q.omschrijving)}")
        add("")
    _md_rules(lines, advies)
    for w in advies.waarschuwingen:
        add(f"> Let op: {md(w.tekst)}")
        add("")
    rb = advies.regelbasis
    add(f"*Regelbasis {md(rb.versie)}, {rb.regels} regels, hash `{rb.hash}`, peildatum {rb.peildatum.isoformat()}, "
        f"regelmachine {rb.engine}.*")
    return "\n".join(lines) + "\n"


def _md_list(lines: list[str], title: str, rows: list[tuple[str, str, list[Reden]]]) -> None:
    if not rows:
        return
    lines += [f"## {title}", ""]
    for head, detail, why in rows:
        rules = ", ".join(f"`{r.regel}`" for r in why)
        lines.append(f"- **{md(head)}**" + (f": {md(detail)}" if detail else "") + f" — regel: {rules}")
    lines.append("")


def _md_rules(lines: list[str], advies: Advies) -> None:
    """Every rule the advice rests on, once, with its rationale and the facts it read."""
    seen: dict[str, Reden] = {}
    for r in advies.fase.waarom:
        seen.setdefault(r.regel, r)
    groups: list[list[Reden]] = [a.waarom for a in advies.activiteiten] + [p.waarom for p in advies.partners]
    groups += [r.waarom for r in advies.risicos] + [t.waarom for t in advies.tips]
    if advies.formalisatie:
        groups.append(advies.formalisatie.waarom)
    for reasons in groups:
        for r in reasons:
            seen.setdefault(r.regel, r)
    if not seen:
        return
    lines += ["## Verantwoording", ""]
    for rule_id in sorted(seen):
        r = seen[rule_id]
        lines.append(f"- `{rule_id}` — {md(r.titel)}: {md(r.toelichting.strip())} "
                     f"*(bron: {md(r.bron)}; feiten: {md(facts_text(r))})*")
    lines.append("")
