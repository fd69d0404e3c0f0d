"""The advice as one self-contained HTML file: inline CSS and SVG, no script, no external URL.

Reading order (engine/render/reading.py): summary and "Nu eerst" first, the plan per phase as a
checklist with its picture, partners, the agreement, risks, tips, open questions, warnings; the
"Verantwoording" (rule ids, facts, sources) folded at the end. Printed: A4 with page numbers,
the picture on its own landscape page, everything folded stays folded. Every text is
HTML-escaped; output is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..advice.consult import Consult
from ..terminal import block
from .justification import parts
from .reading import OWNER_SHORT, Reading, Step, Voor, build
from .svg import plan_svg
from .text import now_lines, step_head, step_lines, title_lines

CSS = """
:root { --ink: #1d2b36; --muted: #5b6873; --line: #d5dae0; --accent: #0f6e63; --warm: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px 28px 48px; color: var(--ink);
  font: 16px/1.5 "Segoe UI", Helvetica, Arial, sans-serif; background: #ffffff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 8px; }
.samenvatting { background: var(--warm); border: 1px solid #e8c872; border-radius: 8px; padding: 10px 16px; }
.samenvatting p { margin: 4px 0; }
.samenvatting h2 { margin-top: 4px; }
ol.nu { padding-left: 0; list-style: none; counter-reset: nu; }
ol.nu > li { border: 2px solid var(--accent); border-radius: 8px; padding: 8px 14px; margin: 8px 0; }
ol.nu > li > strong { font-size: 17px; }
dl { margin: 4px 0 0; display: grid; grid-template-columns: 5.5em 1fr; gap: 2px 12px; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
ul.lijst { list-style: none; padding-left: 0; }
ul.lijst > li { position: relative; padding: 6px 0 8px 34px; border-bottom: 1px solid var(--line); }
ul.lijst > li::before { content: ""; position: absolute; left: 4px; top: 9px; width: 16px; height: 16px;
  border: 2px solid var(--ink); border-radius: 3px; background: #fff; }
ul.lijst > li.af { color: var(--muted); }
ul.lijst > li.af::before { content: "✓"; font-size: 14px; line-height: 15px; text-align: center; font-weight: 700; }
.nr { font-weight: 700; }
.prio { color: var(--muted); font-size: 14px; }
.later { color: var(--muted); font-style: italic; }
ul.items > li { margin-bottom: 8px; }
figure { margin: 10px 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
/* on a phone the picture keeps a readable size and scrolls sideways (the figure takes focus for the keyboard) */
@media screen and (max-width: 48rem) { figure svg { max-width: none; width: 48rem; } }
figcaption { color: var(--muted); font-size: 14px; margin-bottom: 6px; }
.waarschuwing { background: #fde8e6; border-left: 4px solid #b3261e; padding: 6px 10px; margin: 6px 0; }
details.verantwoording { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; font-size: 14px; }
details.verantwoording summary { cursor: pointer; color: var(--accent); font-weight: 600; font-size: 17px; }
details.verantwoording li { margin-bottom: 4px; }
footer { margin-top: 24px; color: var(--muted); font-size: 14px; }
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font: 9pt Helvetica, Arial, sans-serif; color: #5b6873; } }
@page liggend { size: A4 landscape; margin: 10mm 10mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { font-size: 14pt; margin-top: 16pt; } h3 { font-size: 12pt; }
  h2, h3 { break-after: avoid; }
  ol.nu > li, ul.lijst > li, ul.items > li { break-inside: avoid; }
  .plaatje { page: liggend; break-before: page; break-after: page; }
  figure { border: none; padding: 0; overflow: visible; margin: 0; }
  figure svg { width: 100%; height: auto; max-height: 162mm; }
  figcaption { font-size: 9pt; margin-bottom: 2mm; }
  .plaatje h3 { margin: 0 0 2mm; }
  a { color: inherit; text-decoration: none; }
}
"""
# the hand-out only: the headings that say who acts ("Wat jullie doen" …) over the lists of "Nu eerst" and each phase
HANDOUT_CSS = """
h4 { font-size: 16px; margin: 14px 0 2px; color: var(--accent); }
#nu-eerst h3, h4 { color: var(--accent); }
@media print { h4 { font-size: 11pt; break-after: avoid; } }
"""

# the last sentence under the plan picture, in the voice of the audience (u for the gemeente, jullie in the hand-out)
SIDEWAYS = {"gemeente": "Op een smal scherm schuift u het plaatje opzij.",
            "initiatief": "Op een smal scherm schuiven jullie het plaatje opzij."}


def e(text: object) -> str:
    """Text safe inside HTML: markup escaped, control characters shown (engine/terminal.py)."""
    return escape(block(str(text)), quote=True)


def named(text: str, name: str | None) -> str:
    """`text` as HTML with `name` (its last place in it) inside <bdi>: a name in Arabic or Hebrew letters is
    shown right to left without turning the words and signs around it (the heading, 'Gemeente: ...')."""
    i = text.rfind(name) if name else -1
    if not name or i < 0:
        return e(text)
    return f"{e(text[:i])}<bdi>{e(name)}</bdi>{e(text[i + len(name):])}"


def _rows(rows: list[tuple[str, str]]) -> str:
    cells = []
    for label, text in rows:
        if label:
            cells.append(f"<dt>{e(label)}</dt><dd>{e(text)}</dd>")
        else:
            cells.append(f'<dt></dt><dd class="later">{e(text)}</dd>')
    return "<dl>" + "".join(cells) + "</dl>" if cells else ""


@dataclass(frozen=True)
class Checklist:
    """The plan's steps as boxes of a form (the web page): `before` opens the form, `box(step)` is the checkbox
    with its label that takes the place of the step's title, `after` closes the form."""

    before: str
    box: Callable[[Step], str]
    after: str


def to_html(consult: Consult, voor: Voor = "gemeente", verantwoording: bool = True) -> str:
    """The report. The Verantwoording is always there, folded; `verantwoording` only makes the signature the
    same as that of tekst and markdown (engine/render/formats.py)."""
    r = build(consult, voor)
    head, _sub = title_lines(r)
    out = ['<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(head)}</title>\n<style>{CSS}{HANDOUT_CSS if voor == 'initiatief' else ''}</style>\n</head>\n<body>", *body(consult, r),
           "</body>\n</html>"]
    return "\n".join(out) + "\n"


def body(consult: Consult, r: Reading, checklist: Checklist | None = None,
         what_if: Callable[[str], str] | None = None) -> list[str]:
    """The parts of the report inside <body>, in reading order; with `checklist` the plan is a form of checkboxes,
    with `what_if` each open question ends with what `what_if(fact)` gives (a link on the web page)."""
    k = r.koppen
    head, sub = title_lines(r)
    out: list[str] = []
    add = out.append
    add(f"<header><h1>{named(head, r.naam)}</h1>" + (f'<p class="sub">{named(sub, r.gemeente)}</p>' if sub else "")
        + "</header>")
    add(f'<section id="samenvatting" class="samenvatting"><h2>{e(k["samenvatting"])}</h2>'
        + "".join(f"<p>{e(s)}</p>" for s in r.samenvatting) + "</section>")
    add(f'<section id="nu-eerst"><h2>{e(k["nu"])}</h2>')
    for now_group in r.nu_groepen:
        add((f"<h3>{e(now_group.kop)}</h3>" if now_group.kop else "") + '<ol class="nu">'
            + "".join(f"<li><strong>{e(s.titel)}</strong> <span class=\"prio\">(stap {s.nr})</span>"
                      f"{_rows(now_lines(s))}</li>" for s in now_group.stappen) + "</ol>")
    if not r.nu_eerst:
        add("<p>Er staan geen stappen open.</p>")
    add("</section>")
    _plan(out, consult, r, checklist)
    if r.partners:
        add(f'<section id="partners"><h2>{e(k["partners"])}</h2><ul class="items">'
            + "".join(f"<li><strong>{e(p.titel)}</strong><br>{e(' '.join(p.zinnen))}</li>" for p in r.partners)
            + "</ul></section>")
    if r.afspraak:
        a = r.afspraak
        add(f'<section id="afspraak"><h2>{e(k["afspraak"])}</h2><p>{e(a.zin)}</p>')
        if a.inhoud:
            add("<p>Wat erin hoort:</p><ul>" + "".join(f"<li>{e(i)}</li>" for i in a.inhoud) + "</ul>")
        if a.alternatieven:
            add(f"<p>Andere vormen die kunnen: {e(', '.join(a.alternatieven))}.</p>")
        add("</section>")
    if r.risicos:
        add(f'<section id="risicos"><h2>{e(k["risicos"])}</h2><ul class="items">'
            + "".join(f"<li><strong>{e(i.titel)}</strong> <span class=\"prio\">({e(i.label)})</span>"
                      + (f"<br>Wat helpt: {e(' '.join(i.zinnen))}" if i.zinnen else "") + "</li>" for i in r.risicos)
            + "</ul></section>")
    if r.tips:
        add(f'<section id="tips"><h2>{e(k["tips"])}</h2><ul class="items">'
            + "".join(f"<li><strong>{e(i.titel)}</strong>" + (f"<br>{e(' '.join(i.zinnen))}" if i.zinnen else "")
                      + "</li>" for i in r.tips) + "</ul></section>")
    if r.vragen:
        add(f'<section id="open-vragen"><h2>{e(k["vragen"])}</h2><ul class="items">'
            + "".join(f"<li><strong>{e(q.vraag)}</strong><br>{e(' '.join(q.gevolgen))}"
                      + (what_if(q.feit) if what_if is not None else "") + "</li>" for q in r.vragen)
            + "</ul>" + (f"<p>{e(r.vragen_meer)}</p>" if r.vragen_meer else "") + "</section>")
    if r.waarschuwingen:
        add(f'<section id="let-op"><h2>{e(k["let_op"])}</h2>'
            + "".join(f'<p class="waarschuwing">{e(w)}</p>' for w in r.waarschuwingen) + "</section>")
    if r.begrippen:
        add(f'<section id="begrippen"><h2>{e(k["begrippen"])}</h2><dl class="begrippen">'
            + "".join(f"<dt>{e(term)}</dt><dd>{e(uitleg)}</dd>" for term, uitleg in r.begrippen) + "</dl></section>")
    add(f"<footer><p>{e(r.slot)}</p></footer>")
    add('<details class="verantwoording" id="verantwoording"><summary>Verantwoording: regels, feiten en bronnen'
        "</summary>")
    for part in parts(consult, r.voor):
        add(f"<h3>{e(part.titel)}</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in part.regels) + "</ul>")
    add("</details>")
    return out


def _plan(out: list[str], consult: Consult, r: Reading, checklist: Checklist | None) -> None:
    if not r.plan:
        return
    out.append(f'<section id="plan"><h2>{e(r.koppen["plan"])}</h2>')
    if checklist is not None:
        out.append(checklist.before)
    now_ids = {s.id for s in r.nu_eerst}
    for group in r.plan:
        phase = f"<h3>{e(group.titel)}" + (" (nu)" if group.nu else "") + "</h3>"
        for owned in group.groepen:  # the hand-out: a list per who acts, under its own heading
            out.append(phase + (f"<h4>{e(owned.kop)}</h4>" if owned.kop else "") + '<ul class="lijst">')
            phase = ""
            for s in owned.stappen:
                head = checklist.box(s) if checklist is not None else f"<strong>{e(step_head(s))}</strong>"
                out.append(f'<li class="{"af" if s.af else "open"}">{head}{_rows(step_lines(s, s.id in now_ids))}</li>')
            out.append("</ul>")
    if checklist is not None:
        out.append(checklist.after)
    numbers = {s.id: s.nr for g in r.plan for s in g.stappen if s.nr is not None}
    done = {s.id for g in r.plan for s in g.stappen if s.af}
    out.append('<div class="plaatje"><h3>Het plan als plaatje</h3><figure tabindex="0"><figcaption>Kolommen zijn de fasen, '
               "rijen de ontwikkelsporen (thema's). Een vak met een nummer is een stap uit de lijst. Een grijs, gestippeld "
               "vak is al gedaan. Een pijl wijst van wat eerst moet naar wat erop wacht. "
               f"{SIDEWAYS[r.voor]}</figcaption>"
               f"{plan_svg(consult, numbers, done, OWNER_SHORT[r.voor])}</figure></div></section>")
