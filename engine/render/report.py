"""The advice as one self-contained HTML file: inline CSS and SVG, no script, no external URL.

Sections: phase, progress, the plan (picture and list), formalisation, partners, risks, tips,
open questions, derived facts; every item carries its *why* in a <details> block that opens by
itself on paper. Every text is HTML-escaped; output is deterministic.
"""

from __future__ import annotations

from html import escape

from ..advice.consult import Consult
from ..model.advice import Advies, Reden
from ..terminal import block
from .svg import plan_svg
from .text import HOW, progress_line, show, steps

CSS = """
:root { --ink: #1d2b36; --muted: #5b6873; --line: #d5dae0; --accent: #0f6e63; --warm: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; color: var(--ink);
  font: 15px/1.5 "Segoe UI", Helvetica, Arial, sans-serif; background: #ffffff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 8px; }
.fase { display: inline-block; background: var(--warm); border: 1px solid #e8c872; border-radius: 6px;
  padding: 2px 10px; font-weight: 700; }
nav { margin: 12px 0 0; font-size: 14px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: #f6f7f9; font-weight: 600; }
td.nr { width: 2.5em; text-align: right; font-weight: 700; }
tbody.stap tr:first-child td { border-bottom: none; padding-bottom: 0; }
tr.waarom td { padding-top: 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12.5px; font-weight: 600;
  border: 1px solid transparent; white-space: nowrap; }
.moet { background: #e3f1ef; border-color: #0f6e63; color: #0b4f47; }
.zou { background: #eef4fb; border-color: #3f6fa3; color: #2c4f75; }
.kan { background: #ffffff; border-color: #7d8b99; color: #4a5661; border-style: dashed; }
.bereikt { background: #e3f1ef; color: #0b4f47; }
.open { background: #fff4d6; color: #7a5600; }
.onbekend { background: #eceef0; color: #5b6873; }
.hoog { background: #fde8e6; color: #8c1d13; }
.midden { background: #fff4d6; color: #7a5600; }
.laag { background: #eceef0; color: #4a5661; }
.balk { height: 12px; background: #eceef0; border-radius: 6px; overflow: hidden; max-width: 420px; margin: 6px 0; }
.balk > div { height: 100%; background: var(--accent); }
figure { margin: 10px 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
details { margin: 4px 0 0; font-size: 13.5px; }
summary { cursor: pointer; color: var(--accent); }
details ul { margin: 4px 0 6px; padding-left: 20px; }
.regel { color: var(--muted); font-family: Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.feiten { color: var(--muted); }
ul.items > li { margin-bottom: 10px; }
.waarschuwing { background: #fde8e6; border-left: 4px solid #b3261e; padding: 6px 10px; margin: 6px 0; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, summary { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details { font-size: 9pt; }
  @page liggend { size: A4 landscape; margin: 10mm; }
  h2, h3 { break-after: avoid; }
  tbody.stap, li, figure, thead { break-inside: avoid; }
  .plaatje { page: liggend; break-inside: avoid; }
  figure { border: none; padding: 0; overflow: visible; }
  figure svg { width: auto; height: auto; max-width: 100%; max-height: 165mm; margin: 0 auto; }
  a { color: inherit; text-decoration: none; }
}
"""

SECTIONS = [("fase", "Fase"), ("voortgang", "Voortgang"), ("plan", "Stappenplan"), ("formalisatie", "Formalisatie"),
            ("partners", "Partners"), ("risicos", "Risico's"), ("tips", "Tips"), ("open-vragen", "Open vragen"),
            ("afgeleid", "Afgeleide feiten")]


def e(text: object) -> str:
    """Text safe inside HTML: markup escaped, control characters shown (engine/terminal.py)."""
    return escape(block(str(text)), quote=True)


def why(reasons: list[Reden], label: str = "Waarom?") -> str:
    if not reasons:
        return ""
    items = []
    for r in reasons:
        facts = "; ".join(f"{e(k)} = {e(show(v))}" for k, v in r.feiten.items()) or "geldt altijd"
        items.append(f'<li><strong>{e(r.titel)}</strong> <span class="regel">{e(r.regel)}</span><br>{e(r.toelichting.strip())}'
                     f'<br><span class="feiten">Feiten: {facts} · bron: {e(r.bron)}</span></li>')
    return f"<details><summary>{e(label)}</summary><ul>{''.join(items)}</ul></details>"


def to_html(consult: Consult) -> str:
    advies, titles = consult.advice, consult.titles
    out: list[str] = []
    add = out.append
    add('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>Advies voor {e(advies.naam)}</title>\n<style>{CSS}</style>\n</head>\n<body>")
    fase = advies.fase
    add(f"<header><h1>Advies voor {e(advies.naam)}</h1>")
    gemeente = f' · gemeente <span class="gemeente">{e(advies.gemeente)}</span>' if advies.gemeente else ""
    add(f'<p class="sub">Samenwerking gemeente en bewonersinitiatief{gemeente} · fase <span class="fase">'
        f"{e(titles.phase(fase.waarde))}</span></p>")
    add("<nav>" + "".join(f'<a href="#{sid}">{e(title)}</a>' for sid, title in SECTIONS) + "</nav></header>")
    add(f'<section id="fase"><h2>Fase: {e(titles.phase(fase.waarde))}</h2>')
    add(f"<p>De fase is {e(HOW[fase.bepaald_door])}.</p>{why(fase.waarom, 'Hoe is de fase bepaald?')}</section>")
    _progress(out, advies)
    _plan(out, consult)
    _formalisation(out, advies)
    _items(out, "partners", "Partners", [(p.naam, "; ".join(p.rollen), "", p.waarom) for p in advies.partners])
    _items(out, "risicos", "Risico's", [(r.titel, "; ".join(r.maatregelen), f'<span class="badge {e(r.ernst)}">ernst: '
                                         f"{e(r.ernst)}</span>", r.waarom) for r in advies.risicos])
    _items(out, "tips", "Tips", [(t.titel, t.omschrijving, "", t.waarom) for t in advies.tips])
    add('<section id="open-vragen"><h2>Open vragen</h2>')
    if advies.open_vragen:
        add("<p>Deze feiten zijn onbekend; als ze bekend worden, kan het advies veranderen.</p><table>")
        add("<tr><th>Feit</th><th>Wat het is</th><th>Mogelijke waarden</th><th>Raakt regels</th></tr>")
        for q in advies.open_vragen:
            add(f'<tr><td><span class="regel">{e(q.feit)}</span></td><td>{e(q.omschrijving)}</td>'
                f"<td>{e(show(q.waarden))}</td><td>{e(', '.join(q.regels))}</td></tr>")
        add("</table>")
    else:
        add("<p>Geen: wat onbekend is, verandert het advies niet.</p>")
    add("</section>")
    add('<section id="afgeleid"><h2>Afgeleide feiten</h2>')
    if advies.afgeleide_feiten:
        add("<table><tr><th>Feit</th><th>Waarde</th><th>Afgeleid door</th></tr>")
        for d in advies.afgeleide_feiten:
            add(f'<tr><td><span class="regel">{e(d.feit)}</span></td><td>{e(show(d.waarde))}</td>'
                f'<td class="regel">{e(", ".join(d.regels))}</td></tr>')
        add("</table>")
    else:
        add("<p>Geen.</p>")
    add("</section>")
    add("<footer>")
    for w in advies.waarschuwingen:
        add(f'<p class="waarschuwing">Let op: {e(w.tekst)}</p>')
    rb = advies.regelbasis
    add(f"<p>Regelbasis {e(rb.versie)} · {rb.regels} regels · hash {e(rb.hash)} · peildatum {e(rb.peildatum.isoformat())}"
        f" · regelmachine {e(rb.engine)}"
        f"<br>Beleid bij botsende conclusies: {e('; '.join(rb.beleid))}.</p>")
    add("</footer>\n</body>\n</html>")
    return "\n".join(out) + "\n"


def _progress(out: list[str], advies: Advies) -> None:
    out.append('<section id="voortgang"><h2>Voortgang in deze fase</h2>')
    v, line = advies.voortgang, progress_line(advies)
    if v is None or line is None:
        out.append("<p>De fase is onbekend, dus de voortgang ook.</p></section>")
        return
    share = v.aandeel_afgerond if v.aandeel_afgerond is not None else 0
    out.append(f"<p>{e(line[0].upper() + line[1:])}.</p>")
    out.append(f'<div class="balk" role="img" aria-label="{share}% af"><div style="width: {share}%"></div></div>')
    out.append("<table><tr><th>Doel</th><th>Status</th><th>Afgerond</th><th>Nog open</th></tr>")
    for d in v.doelen:
        out.append(f'<tr><td>{e(d.titel)}</td><td><span class="badge {e(d.status)}">{e(d.status)}</span></td>'
                   f"<td>{e(', '.join(d.afgerond)) or '–'}</td><td>{e(', '.join(d.open)) or '–'}</td></tr>")
    out.append("</table></section>")


def _plan(out: list[str], consult: Consult) -> None:
    advies, titles = consult.advice, consult.titles
    out.append('<section id="plan"><div class="plaatje"><h2>Stappenplan</h2>')
    out.append(f"<figure>{plan_svg(consult)}<figcaption>Kolommen: de fasen; rijen: de ontwikkelsporen. "
               "Genummerde vakken zijn de stappen van het plan; grijze, gestippelde vakken zijn al afgerond. "
               "Een pijl wijst van wat eerst moet naar wat erop wacht.</figcaption></figure></div>")
    if not advies.plan:
        out.append("<p>Geen openstaande stappen.</p></section>")
        return
    by_id = {a.id: a for a in advies.activiteiten}
    out.append("<p>Stappen met hetzelfde groepsnummer kunnen tegelijk; <em>na</em> noemt wat eerst moet.</p>")
    for group in advies.plan:
        out.append(f"<h3>{e(titles.phase(group.fase))}</h3><table>")
        out.append("<thead><tr><th>#</th><th>Stap</th><th>Prioriteit</th><th>Wie</th><th>Spoor</th><th>Groep</th>"
                   "<th>Na</th></tr></thead>")
        for n, step, phase in steps(advies):
            if phase != group.fase:
                continue
            reasons = why(by_id[step.id].waarom) if step.id in by_id else ""
            out.append(f'<tbody class="stap"><tr id="stap-{e(step.id)}"><td class="nr">{n}</td><td>{e(step.titel)} '
                       f'<span class="regel">{e(step.id)}</span></td>'
                       f'<td><span class="badge {e(step.prioriteit)}">{e(step.prioriteit)}</span></td>'
                       f"<td>{e(step.eigenaar)}</td><td>{e(titles.track(step.spoor))}</td><td>{step.generatie}</td>"
                       f"<td>{e(', '.join(step.na)) or '–'}</td></tr>"
                       f'<tr class="waarom"><td></td><td colspan="6">{reasons}</td></tr></tbody>')
        out.append("</table>")
    out.append("</section>")


def _formalisation(out: list[str], advies: Advies) -> None:
    out.append('<section id="formalisatie"><h2>Formalisatie</h2>')
    f = advies.formalisatie
    if f is None:
        out.append("<p>Geen regel stelt een vorm voor.</p></section>")
        return
    weight = f" ({e(f.zwaarte)})" if f.zwaarte else ""
    out.append(f"<p>Werk toe naar: <strong>{e(f.titel)}</strong>{weight}.</p>")
    if f.inhoud:
        out.append("<p>Wat erin hoort:</p><ul>" + "".join(f"<li>{e(i)}</li>" for i in f.inhoud) + "</ul>")
    if f.alternatieven:
        out.append(f"<p>Alternatieven: {e(', '.join(f.alternatieven))}.</p>")
    if f.verworpen:
        lost = ", ".join(f"{v.vorm} (regel {v.regel})" for v in f.verworpen)
        out.append(f"<p>Ook voorgesteld, maar verliest volgens het beleid: {e(lost)}.</p>")
    out.append(why(f.waarom) + "</section>")


def _items(out: list[str], sid: str, title: str, rows: list[tuple[str, str, str, list[Reden]]]) -> None:
    out.append(f'<section id="{sid}"><h2>{e(title)}</h2>')
    if not rows:
        out.append("<p>Geen.</p></section>")
        return
    out.append('<ul class="items">')
    for head, detail, badge, reasons in rows:
        out.append(f"<li><strong>{e(head)}</strong> {badge}" + (f"<br>{e(detail)}" if detail else "") + why(reasons) + "</li>")
    out.append("</ul></section>")
