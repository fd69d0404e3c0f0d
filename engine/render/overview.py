"""The overview of many initiatives as one table: tekst (aligned columns), csv or html.

User text (names, titles) passes `terminal.prose` like every other output; in csv a cell that a
spreadsheet would read as a formula (starting with =, +, -, @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from html import escape

from ..advice.overview import COLUMNS, OverviewRow
from ..terminal import block, prose

FORMATS = ("tekst", "csv", "html")


def overview_table(rows: Sequence[OverviewRow], formaat: str) -> str:
    cells = [tuple(prose(c) for c in row.cells()) for row in rows]
    if formaat == "csv":
        return csv_table(COLUMNS, cells)
    if formaat == "html":
        return _html(cells)
    return _text(cells)


def _text(cells: list[tuple[str, ...]]) -> str:
    table = [COLUMNS, *cells]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(_count(len(cells)))
    return "\n".join(lines) + "\n"


def csv_table(header: Sequence[str], cells: Sequence[Sequence[str]]) -> str:
    """A CSV table; a cell a spreadsheet would read as a formula gets a leading apostrophe. A row with a
    semicolon in a cell is written with every cell quoted: a Dutch spreadsheet splits on ';', and would
    otherwise read the part after it as a cell of its own (a formula, too)."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    plain.writerow(header)
    for row in cells:
        safe = ["'" + c if c[:1] in ("=", "+", "-", "@") and c != "-" else c for c in row]
        (quoted if any(";" in c for c in safe) else plain).writerow(safe)
    return out.getvalue()


def _html(cells: list[tuple[str, ...]]) -> str:
    def e(text: str) -> str:
        return escape(block(text), quote=True)

    head = "".join(f'<th scope="col">{e(c)}</th>' for c in COLUMNS)
    body = "\n".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in cells)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Overzicht van de initiatieven</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}"
        "table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.3rem .6rem;text-align:left;"
        "vertical-align:top}th{background:#f0f0f0}</style>\n</head>\n<body>\n"
        "<h1>Overzicht van de initiatieven</h1>\n"
        f"<table>\n<caption>{_count(len(cells))}: fase, afspraken, "
        "voortgang en grootste risico</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def _count(n: int) -> str:
    return f"{n} initiatief" if n == 1 else f"{n} initiatieven"
