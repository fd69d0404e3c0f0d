"""The plan as an inline SVG picture: phases as columns, the six development tracks as rows.

A box per activity: the open steps of the plan (numbered as in the plan, border by priority) and
the activities already done (grey, dashed, ticked). Arrows: dependencies between open steps
(solid for `na`, dashed for a rule's `volgorde`) and, faint, from a done activity to the steps it
unblocked. No external references; every text is XML-escaped; output is deterministic.
"""

from __future__ import annotations

import textwrap
from html import escape
from typing import TypedDict

from ..advice.consult import Consult
from ..model.advice import Advies
from ..model.vocabulary import FASEN
from ..terminal import block

LABEL_W, COL_W, EMPTY_W, BOX_W, BOX_H, GAP, HEADER_H, PAD = 150, 236, 130, 190, 70, 10, 48, 12
LEGEND_H = 86
CHARS = 26
LINES = 3


def _e(text: object) -> str:
    return escape(block(str(text)), quote=True)


class Box(TypedDict):
    """One box of the picture: a step of the plan (numbered) or an activity already done."""

    id: str
    titel: str
    fase: str
    spoor: str
    nr: int | None
    prioriteit: str | None
    eigenaar: str | None
    af: bool


def _tracks(consult: Consult, boxes: list[Box]) -> list[tuple[str, str]]:
    if consult.titles.tracks:
        return [(t, f"{nummer}. {titel}") for t, nummer, titel in consult.titles.tracks]
    return [(t, t) for t in sorted({b["spoor"] for b in boxes})]


def _boxes(advies: Advies) -> list[Box]:
    out: list[Box] = []
    n = 0
    for group in advies.plan:
        for step in group.stappen:
            n += 1
            out.append({"id": step.id, "titel": step.titel, "fase": group.fase, "spoor": step.spoor, "nr": n,
                        "prioriteit": step.prioriteit, "eigenaar": step.eigenaar, "af": False})
    done = advies.voortgang.afgerond if advies.voortgang is not None else []
    for a in done:
        out.append({"id": a.id, "titel": a.titel, "fase": a.fase, "spoor": a.spoor, "nr": None,
                    "prioriteit": None, "eigenaar": None, "af": True})
    return out


def plan_svg(consult: Consult) -> str:
    """The picture as an <svg> element (scales to its container, prints on one page width)."""
    advies = consult.advice
    boxes = _boxes(advies)
    tracks = _tracks(consult, boxes)
    track_ids = [t for t, _ in tracks]
    cells: dict[tuple[str, str], list[Box]] = {}
    for b in boxes:
        if b["fase"] in FASEN and b["spoor"] in track_ids:
            cells.setdefault((b["fase"], b["spoor"]), []).append(b)
    row_h = {t: max([len(cells.get((f, t), [])) for f in FASEN] + [1]) * (BOX_H + GAP) + PAD for t in track_ids}
    col_w = {f: COL_W if any(p == f for p, _ in cells) else EMPTY_W for f in FASEN}  # a phase without boxes is narrow
    col_x = {f: LABEL_W + sum(col_w[g] for g in FASEN[:i]) for i, f in enumerate(FASEN)}
    width = LABEL_W + sum(col_w.values()) + 10
    height = HEADER_H + sum(row_h.values()) + LEGEND_H
    current = advies.fase.waarde
    out = [f'<svg class="plan" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="Stappenplan per fase en ontwikkelspoor" font-family="Segoe UI, Helvetica, Arial, sans-serif">',
           "<defs>",
           '<marker id="pijl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#3c4650"/></marker>',
           '<marker id="pijl-zacht" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#a7adb3"/></marker>',
           "</defs>"]
    for i, phase in enumerate(FASEN):
        x = col_x[phase]
        fill = "#fff4d6" if phase == current else ("#f6f7f9" if i % 2 == 0 else "#ffffff")
        out.append(f'<rect x="{x}" y="0" width="{col_w[phase]}" height="{height - LEGEND_H}" fill="{fill}"/>')
        title = consult.titles.phase(phase)
        weight = "700" if phase == current else "600"
        label = f"{i + 1}. {title}" + (" (nu)" if phase == current else "")
        out.append(f'<text x="{x + 10}" y="28" font-size="15" font-weight="{weight}" fill="#1d2b36">{_e(label)}</text>')
    pos: dict[str, tuple[float, float]] = {}
    y = HEADER_H
    for t, title in tracks:
        out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5dae0"/>')
        for k, line in enumerate(textwrap.wrap(title, 19)[:3]):
            out.append(f'<text x="10" y="{y + 22 + 15 * k}" font-size="12" font-weight="600" fill="#33414d">{_e(line)}</text>')
        for phase in FASEN:
            for k, b in enumerate(cells.get((phase, t), [])):
                bx, by = col_x[phase] + 12, y + PAD + k * (BOX_H + GAP)
                pos[b["id"]] = (bx, by)
                out.extend(_box(b, bx, by))
        y += row_h[t]
    out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5dae0"/>')
    out.extend(_arrows(consult, pos))
    out.extend(_legend(y + 16))
    out.append("</svg>")
    return "\n".join(out)


def _box(b: Box, x: float, y: float) -> list[str]:
    if b["af"]:
        style = 'fill="#eceef0" stroke="#9aa3ab" stroke-width="1.2" stroke-dasharray="5 3"'
        color, sub = "#6b757e", "✓ afgerond"
    else:
        assert b["prioriteit"] is not None  # every step of the plan has one
        style = {"moet": 'fill="#e3f1ef" stroke="#0f6e63" stroke-width="2.6"',
                 "zou": 'fill="#eef4fb" stroke="#3f6fa3" stroke-width="1.5"',
                 "kan": 'fill="#ffffff" stroke="#7d8b99" stroke-width="1.2" stroke-dasharray="2 2"'}[b["prioriteit"]]
        color, sub = "#1d2b36", f"{b['prioriteit']} · {b['eigenaar']}"
    lines = _wrap_words(b["titel"], CHARS)
    if len(lines) > LINES:
        lines = lines[: LINES - 1] + [lines[LINES - 1][: CHARS - 1].rstrip() + "…"]
    tx = x + (30 if b["nr"] else 8)
    out = [f'<g class="stap{" af" if b["af"] else ""}"><title>{_e(b["titel"])} ({_e(b["id"])})</title>',
           f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" {style}/>']
    if b["nr"]:
        out.append(f'<circle cx="{x + 14}" cy="{y + 15}" r="10" fill="#1d2b36"/>')
        out.append(f'<text x="{x + 14}" y="{y + 19}" font-size="10.5" font-weight="700" fill="#ffffff" '
                   f'text-anchor="middle">{b["nr"]}</text>')
    for k, line in enumerate(lines):
        out.append(f'<text x="{tx}" y="{y + 17 + 14 * k}" font-size="11.5" fill="{color}">{_e(line)}</text>')
    out.append(f'<text x="{tx}" y="{y + BOX_H - 8}" font-size="11" fill="{color}" font-style="italic">{_e(sub)}</text>')
    out.append("</g>")
    return out


def _arrows(consult: Consult, pos: dict[str, tuple[float, float]]) -> list[str]:
    advies, graph = consult.advice, consult.plan.graph
    edges = [(u, v, d["soort"]) for u, v, d in graph.edges(data=True) if d["soort"] != "fase"]
    done = {a.id for a in advies.voortgang.afgerond} if advies.voortgang is not None else set()
    na = {a.id: a.na for a in advies.activiteiten}  # the knowledge base's `na` of every recommended activity
    for v in graph.nodes:
        for u in na.get(v, []):
            if u in done:
                edges.append((u, v, "af"))
    out = []
    lanes: dict[float, int] = {}
    for u, v, kind in sorted(edges, key=lambda e: (pos.get(e[0], (0, 0)), pos.get(e[1], (0, 0)), e)):
        if u not in pos or v not in pos:
            continue
        (x1, y1), (x2, y2) = pos[u], pos[v]
        if abs(x1 - x2) < 1 and abs(y2 - (y1 + BOX_H + GAP)) < 1:  # the box right below: straight down
            d = f"M{x1 + BOX_W / 2},{y1 + BOX_H} L{x2 + BOX_W / 2},{y2}"
        elif abs(x1 - x2) < 1:  # same phase: loop through the gutter on the right, each loop in its own lane
            lane = lanes[x1] = lanes.get(x1, -1) + 1
            sx, ex = x1 + BOX_W, x2 + BOX_W
            sy, ey = y1 + BOX_H * 0.78, y2 + BOX_H * 0.22
            bend = 10 + 6 * (lane % 5)
            turn = 6 * _sign(ey - sy)
            d = (f"M{sx},{sy} L{sx + bend - 6},{sy} Q{sx + bend},{sy} {sx + bend},{sy + turn} "
                 f"L{ex + bend},{ey - turn} Q{ex + bend},{ey} {ex + bend - 6},{ey} L{ex + 1},{ey}")
        else:
            sx, ex, sy, ey = x1 + BOX_W, x2, y1 + BOX_H / 2, y2 + BOX_H / 2
            mid = (ex - sx) / 2
            d = f"M{sx},{sy} C{sx + mid},{sy} {ex - mid},{ey} {ex},{ey}"
        style = {"na": 'stroke="#3c4650" stroke-width="1.4" marker-end="url(#pijl)"',
                 "regel": 'stroke="#3f6fa3" stroke-width="1.4" stroke-dasharray="6 3" marker-end="url(#pijl)"',
                 "af": 'stroke="#a7adb3" stroke-width="1.1" stroke-dasharray="2 3" marker-end="url(#pijl-zacht)"'}[kind]
        out.append(f'<path d="{d}" fill="none" {style}><title>{_e(u)} → {_e(v)}</title></path>')
    return out


def _wrap_words(text: str, width: int) -> list[str]:
    """Wrap at spaces; a word longer than a line is cut with a hyphen."""
    words: list[str] = []
    for word in text.split():
        while len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _sign(x: float) -> int:
    return 1 if x >= 0 else -1


def _legend(y: float) -> list[str]:
    items = [("moet", 'fill="#e3f1ef" stroke="#0f6e63" stroke-width="2.6"'),
             ("zou", 'fill="#eef4fb" stroke="#3f6fa3" stroke-width="1.5"'),
             ("kan", 'fill="#ffffff" stroke="#7d8b99" stroke-width="1.2" stroke-dasharray="2 2"'),
             ("afgerond", 'fill="#eceef0" stroke="#9aa3ab" stroke-width="1.2" stroke-dasharray="5 3"')]
    out = [f'<text x="10" y="{y + 14}" font-size="12" font-weight="600" fill="#33414d">Legenda</text>']
    x = LABEL_W
    for label, style in items:
        out.append(f'<rect x="{x}" y="{y}" width="34" height="20" rx="4" {style}/>')
        out.append(f'<text x="{x + 42}" y="{y + 14}" font-size="12" fill="#33414d">{label}</text>')
        x += 120
    x, y = LABEL_W, y + 32
    for label, style in (("moet eerst (na)", 'stroke="#3c4650"'), ("volgorde uit een regel", 'stroke="#3f6fa3" stroke-dasharray="6 3"'),
                         ("afgerond, ontgrendelt", 'stroke="#a7adb3" stroke-dasharray="2 3"')):
        out.append(f'<line x1="{x}" y1="{y + 10}" x2="{x + 36}" y2="{y + 10}" stroke-width="1.4" {style}/>')
        out.append(f'<text x="{x + 44}" y="{y + 14}" font-size="12" fill="#33414d">{label}</text>')
        x += 200
    return out
