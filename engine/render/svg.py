"""The plan as an inline SVG picture: phases as columns, the six development tracks as rows.

A box per activity: the open steps of the plan (numbered as in the plan, border by priority) and
the activities already done (grey, dashed, ticked). Arrows: dependencies between open steps
(solid for `na`, dashed for a rule's `volgorde`) and, faint, from a done activity to the steps it
unblocked. No external references; every text is XML-escaped; output is deterministic.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Collection, Mapping
from html import escape
from typing import TypedDict

from ..advice.consult import Consult
from ..model.advice import Advies
from ..model.vocabulary import FASEN
from ..terminal import block
from .reading import PRIORITY

LABEL_W, EMPTY_W, BOX_W, BOX_H, GAP, HEADER_H, PAD = 146, 90, 192, 74, 12, 44, 10
CELL_W = BOX_W + GAP  # one column of boxes inside a phase
CHARS = 21
LINES = 3
EMPTY_H = 58  # a track without boxes: room for its label of up to three lines
MAX_COLS = 4
FONT = 13  # the smallest text; printed on A4 landscape the picture keeps it at 8 pt or more (tests/test_lezen.py)
PRINT_W, PRINT_H = 1040, 612  # the room for the picture on an A4 landscape page, in CSS pixels (report.py: 162mm high)


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


def _boxes(advies: Advies, numbers: Mapping[str, int] | None, done_ids: Collection[str] | None) -> list[Box]:
    out: list[Box] = []
    n = 0
    for group in advies.plan:
        for step in group.stappen:
            n += 1
            if numbers is not None and step.id not in numbers:
                continue
            out.append({"id": step.id, "titel": step.titel, "fase": group.fase, "spoor": step.spoor,
                        "nr": numbers[step.id] if numbers is not None else n,
                        "prioriteit": step.prioriteit, "eigenaar": step.eigenaar, "af": False})
    done = advies.voortgang.afgerond if advies.voortgang is not None else []
    for a in done:  # drawn only in the current phase; other phases count them in their heading (plan_svg)
        if (done_ids is None or a.id in done_ids) and a.fase == advies.fase.waarde:
            out.append({"id": a.id, "titel": a.titel, "fase": a.fase, "spoor": a.spoor, "nr": None,
                        "prioriteit": None, "eigenaar": None, "af": True})
    return out


def track_heights(cells: dict[tuple[str, str], list[Box]], cols: dict[str, int], track_ids: list[str]) -> dict[str, int]:
    """The height of each track's band: its rows of boxes, or just room for its label when it has no box."""
    out = {}
    for t in track_ids:
        rows = max([-(-len(cells.get((f, t), [])) // c) for f, c in cols.items() if c] + [0])
        out[t] = rows * (BOX_H + GAP) + PAD if rows else EMPTY_H
    return out


def layout(cells: dict[tuple[str, str], list[Box]], track_ids: list[str]) -> dict[str, int]:
    """How many boxes stand side by side in each phase: the choice (at most MAX_COLS) that prints the picture
    largest on A4 landscape, and of those the narrowest; so no phase becomes one long column."""
    count = {f: max([len(cells.get((f, t), [])) for t in track_ids] + [0]) for f in FASEN}
    cols = {f: 1 if count[f] else 0 for f in FASEN}

    def size() -> tuple[int, int]:
        width = LABEL_W + sum(c * CELL_W + 10 if c else EMPTY_W for c in cols.values()) + 10
        return width, HEADER_H + sum(track_heights(cells, cols, track_ids).values()) + legend_height(width)

    def scale() -> float:
        width, height = size()
        return min(PRINT_W / width, PRINT_H / height)

    used = [f for f in FASEN if count[f]]
    best: tuple[float, int, tuple[int, ...]] | None = None
    for choice in itertools.product(*(range(1, min(count[f], MAX_COLS) + 1) for f in used)):
        cols.update(zip(used, choice, strict=True))
        key = (round(scale(), 6), -sum(choice), tuple(-c for c in choice))
        if best is None or key > best:
            best = key
    if best is not None:
        cols.update(zip(used, (-c for c in best[2]), strict=True))
    return cols


def print_scale(svg: str) -> float:
    """How much the picture shrinks when printed on A4 landscape (report.py's print style): 1.0 is full size."""
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    return min(1.0, PRINT_W / width, PRINT_H / height)


def plan_svg(consult: Consult, numbers: Mapping[str, int] | None = None, done: Collection[str] | None = None,
             owners: Mapping[str, str] | None = None) -> str:
    """The picture as an <svg> element (scales to its container, prints on one A4 landscape page).

    `numbers`: the step numbers as the reader sees them (only those steps are drawn); `done`: the
    activities already done that are drawn (default: all of them); `owners`: the word for each owner."""
    advies = consult.advice
    boxes = _boxes(advies, numbers, done)
    for b in boxes:
        if b["eigenaar"] is not None:
            b["eigenaar"] = (owners or {}).get(b["eigenaar"], b["eigenaar"])
    tracks = _tracks(consult, boxes)
    track_ids = [t for t, _ in tracks]
    cells: dict[tuple[str, str], list[Box]] = {}
    for b in boxes:
        if b["fase"] in FASEN and b["spoor"] in track_ids:
            cells.setdefault((b["fase"], b["spoor"]), []).append(b)
    cols = layout(cells, track_ids)
    finished: dict[str, int] = {}  # per phase: activities done that have no box of their own
    for a in advies.voortgang.afgerond if advies.voortgang is not None else []:
        if (done is None or a.id in done) and not any(b["id"] == a.id for b in boxes):
            finished[a.fase] = finished.get(a.fase, 0) + 1
    col_w = {f: cols[f] * CELL_W + 10 if cols[f] else EMPTY_W for f in FASEN}  # a phase without boxes is narrow
    col_x = {f: LABEL_W + sum(col_w[g] for g in FASEN[:i]) for i, f in enumerate(FASEN)}
    row_h = track_heights(cells, cols, track_ids)
    width = LABEL_W + sum(col_w.values()) + 10
    legend_h = legend_height(width)
    height = HEADER_H + sum(row_h.values()) + legend_h
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
        out.append(f'<rect x="{x}" y="0" width="{col_w[phase]}" height="{height - legend_h}" fill="{fill}"/>')
        title = consult.titles.phase(phase)
        weight = "700" if phase == current else "600"
        label = f"{i + 1}. {title}" + (" (nu)" if phase == current and cols[phase] else "")
        size = 15 if cols[phase] else FONT
        for k, part in enumerate(label.split(" ", 1) if not cols[phase] else [label]):
            out.append(f'<text x="{x + 8}" y="{22 + 15 * k}" font-size="{size}" font-weight="{weight}" '
                       f'fill="#1d2b36">{_e(part)}</text>')
        if cols[phase] and finished.get(phase):
            out.append(f'<text x="{x + 8}" y="38" font-size="{FONT}" fill="#5b6873">✓ {finished[phase]} al gedaan</text>')
        elif finished.get(phase):
            out.append(f'<text x="{x + 8}" y="{HEADER_H + 22}" font-size="{FONT}" fill="#5b6873">✓ {finished[phase]}</text>')
            out.append(f'<text x="{x + 8}" y="{HEADER_H + 38}" font-size="{FONT}" fill="#5b6873">al gedaan</text>')
    pos: dict[str, tuple[float, float]] = {}
    y = HEADER_H
    for t, title in tracks:
        out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5dae0"/>')
        for k, text in enumerate(textwrap.wrap(title, 17, break_long_words=False)[:4]):
            out.append(f'<text x="8" y="{y + 22 + 16 * k}" font-size="{FONT}" font-weight="600" fill="#33414d">{_e(text)}</text>')
        for phase in FASEN:
            for k, b in enumerate(cells.get((phase, t), [])):
                row, col = divmod(k, cols[phase])
                bx, by = col_x[phase] + 10 + col * CELL_W, y + PAD + row * (BOX_H + GAP)
                pos[b["id"]] = (bx, by)
                out.extend(_box(b, bx, by))
        y += row_h[t]
    out.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5dae0"/>')
    out.extend(_arrows(consult, pos))
    out.extend(_legend(y + 14, width))
    out.append("</svg>")
    return "\n".join(out)


def _box(b: Box, x: float, y: float) -> list[str]:
    if b["af"]:
        style = 'fill="#eceef0" stroke="#9aa3ab" stroke-width="1.2" stroke-dasharray="5 3"'
        color, sub = "#6b757e", "✓ al gedaan"
    else:
        assert b["prioriteit"] is not None  # every step of the plan has one
        style = {"moet": 'fill="#e3f1ef" stroke="#0f6e63" stroke-width="2.6"',
                 "zou": 'fill="#eef4fb" stroke="#3f6fa3" stroke-width="1.5"',
                 "kan": 'fill="#ffffff" stroke="#7d8b99" stroke-width="1.2" stroke-dasharray="2 2"'}[b["prioriteit"]]
        color, sub = "#1d2b36", f"{PRIORITY.get(b['prioriteit'], b['prioriteit'])} · {b['eigenaar']}"
    lines = _wrap_words(b["titel"], CHARS)
    if len(lines) > LINES:
        lines = lines[: LINES - 1] + [lines[LINES - 1][: CHARS - 1].rstrip() + "…"]
    tx = x + (30 if b["nr"] else 8)
    out = [f'<g class="stap{" af" if b["af"] else ""}"><title>{_e(b["titel"])}</title>',
           f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" {style}/>']
    if b["nr"]:
        out.append(f'<circle cx="{x + 14}" cy="{y + 16}" r="11" fill="#1d2b36"/>')
        out.append(f'<text x="{x + 14}" y="{y + 20.5}" font-size="{FONT}" font-weight="700" fill="#ffffff" '
                   f'text-anchor="middle">{b["nr"]}</text>')
    for k, line in enumerate(lines):
        out.append(f'<text x="{tx}" y="{y + 17 + 15 * k}" font-size="{FONT}" fill="{color}">{_e(line)}</text>')
    out.append(f'<text x="{tx}" y="{y + BOX_H - 7}" font-size="{FONT}" fill="{color}" font-style="italic">{_e(sub)}</text>')
    out.append("</g>")
    return out


def _arrows(consult: Consult, pos: dict[str, tuple[float, float]]) -> list[str]:
    advies, graph, name = consult.advice, consult.plan.graph, consult.titles.name
    edges = [(u, v, d["soort"]) for u, v, d in graph.edges(data=True) if d["soort"] != "fase"]
    done = {a.id for a in advies.voortgang.afgerond} if advies.voortgang is not None else set()
    na = {a.id: a.na for a in advies.activiteiten}  # the knowledge base's `na` of every recommended activity
    for v in graph.nodes:
        for u in na.get(v, []):
            if u in done:
                edges.append((u, v, "af"))
    out = []
    lanes: dict[tuple[str, float], int] = {}
    for u, v, kind in sorted(edges, key=lambda e: (pos.get(e[0], (0, 0)), pos.get(e[1], (0, 0)), e)):
        if u not in pos or v not in pos:
            continue
        d = route(pos[u], pos[v], lanes)
        style = {"na": 'stroke="#3c4650" stroke-width="1.4" marker-end="url(#pijl)"',
                 "regel": 'stroke="#3f6fa3" stroke-width="1.4" stroke-dasharray="6 3" marker-end="url(#pijl)"',
                 "af": 'stroke="#a7adb3" stroke-width="1.1" stroke-dasharray="2 3" marker-end="url(#pijl-zacht)"'}[kind]
        out.append(f'<path d="{d}" fill="none" {style}><title>{_e(name(u))} → {_e(name(v))}</title></path>')
    return out


def route(start: tuple[float, float], end: tuple[float, float], lanes: dict[tuple[str, float], int]) -> str:
    """The path of an arrow from the box at `start` to the box at `end` (top-left corners), never through a box.

    The next box in the row: straight right; the box right below: straight down. Otherwise the arrow
    runs in the gutters: out of the right side into the gap beside the box, along that gap up or down
    to the gap above the target's row, along that gap to the target, and down into its top. Arrows that
    share a gap each get their own lane, so they run side by side instead of on top of each other."""
    (x1, y1), (x2, y2) = start, end
    half_w, half_h = BOX_W / 2, BOX_H / 2
    if abs(y1 - y2) < 1 and abs(x2 - x1 - CELL_W) < 1:
        return f"M{x1 + BOX_W},{y1 + half_h} L{x2},{y2 + half_h}"
    if abs(x1 - x2) < 1 and abs(y2 - y1 - BOX_H - GAP) < 1:
        return f"M{x1 + half_w},{y1 + BOX_H} L{x2 + half_w},{y2}"

    def lane(kind: str, at: float) -> float:
        n = lanes[(kind, at)] = lanes.get((kind, at), -1) + 1
        return 2 + 3 * (n % 3)

    gx = x1 + BOX_W + lane("x", x1 + BOX_W)  # the gap right of the start box
    gy = y2 - GAP + lane("y", y2)  # the gap above the target's row
    sy = y1 + half_h
    ex = x2 + 24 + 4 * (lanes[("y", y2)] % 3)  # into the target's top, left of its middle
    return f"M{x1 + BOX_W},{sy} L{gx},{sy} L{gx},{gy} L{ex},{gy} L{ex},{y2}"


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


LEGEND = [("box", PRIORITY["moet"], 'fill="#e3f1ef" stroke="#0f6e63" stroke-width="2.6"'),
          ("box", PRIORITY["zou"], 'fill="#eef4fb" stroke="#3f6fa3" stroke-width="1.5"'),
          ("box", PRIORITY["kan"], 'fill="#ffffff" stroke="#7d8b99" stroke-width="1.2" stroke-dasharray="2 2"'),
          ("box", "al gedaan", 'fill="#eceef0" stroke="#9aa3ab" stroke-width="1.2" stroke-dasharray="5 3"'),
          ("line", "wacht op die stap", 'stroke="#3c4650"'),
          ("line", "volgorde uit een regel", 'stroke="#3f6fa3" stroke-dasharray="6 3"'),
          ("line", "al gedaan, maakt de weg vrij", 'stroke="#a7adb3" stroke-dasharray="2 3"')]


def _legend_places(width: float) -> list[tuple[float, int]]:
    """(x, row) of every legend item: they flow from left to right and wrap to a new row at the picture's edge."""
    places: list[tuple[float, int]] = []
    x, row = float(LABEL_W), 0
    for _, label, _ in LEGEND:
        item_w = 44 + len(label) * FONT * 0.55 + 24
        if x + item_w > width and x > LABEL_W:
            x, row = float(LABEL_W), row + 1
        places.append((x, row))
        x += item_w
    return places


def legend_height(width: float) -> int:
    return 14 + 30 * (_legend_places(width)[-1][1] + 1) + 10


def _legend(y: float, width: float) -> list[str]:
    out = [f'<text x="10" y="{y + 14}" font-size="{FONT}" font-weight="600" fill="#33414d">Legenda</text>']
    for (kind, label, style), (x, row) in zip(LEGEND, _legend_places(width), strict=True):
        top = y + 30 * row
        if kind == "box":
            out.append(f'<rect x="{x}" y="{top}" width="34" height="20" rx="4" {style}/>')
        else:
            out.append(f'<line x1="{x}" y1="{top + 10}" x2="{x + 36}" y2="{top + 10}" stroke-width="1.4" {style}/>')
        out.append(f'<text x="{x + 44}" y="{top + 15}" font-size="{FONT}" fill="#33414d">{_e(label)}</text>')
    return out
