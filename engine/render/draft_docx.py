"""A draft agreement (engine/model/draft.py) as a Word file (.docx), for legal departments to edit.

Headings for the sections, 'Artikel N' headings with numbered paragraphs (N.1, N.2 …), the
parties, a signature table, and every open field as `[OPEN: question]` highlighted in yellow.

Same draft, same bytes: the document properties carry the advice's peildatum instead of the
clock, and the zip is written again with one fixed date for every member (python-docx stamps
each member with the time of saving).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from ..model.draft import Alinea, Concept, Open
from ..terminal import prose

OPEN_PREFIX = "[OPEN: "


def fill(paragraph: Paragraph, content: Alinea, lead: str = "") -> Paragraph:
    """Write the pieces of `content` as runs; open fields highlighted."""
    if lead:
        paragraph.add_run(lead)
    for part in content.delen:
        if isinstance(part, Open):
            run = paragraph.add_run(f"{OPEN_PREFIX}{prose(part.vraag)}]")
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.bold = True
        else:
            paragraph.add_run(prose(part.tekst))
    return paragraph


def to_docx(concept: Concept) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    doc.add_heading(prose(concept.titel), level=0)
    fill(doc.add_paragraph(), concept.ondertitel)
    for n, notice in enumerate(concept.kop.regels):
        run = doc.add_paragraph().add_run(prose(notice))
        run.italic = True
        run.bold = n == 0
    doc.add_heading("Partijen", level=1)
    for n, partij in enumerate(concept.partijen, 1):
        fill(doc.add_paragraph(), partij.naam, f"{n}. ").runs[0].bold = True
        for paragraph in partij.beschrijving:
            fill(doc.add_paragraph(), paragraph).paragraph_format.left_indent = Pt(18)
    doc.add_heading(prose(concept.overwegingen_titel), level=1)
    for letter, paragraph in zip("abcdefghijklmnopqrstuvwxyz", concept.overwegingen, strict=False):
        fill(doc.add_paragraph(), paragraph, f"{letter}) ")
    for onderdeel in concept.onderdelen:
        doc.add_heading(prose(onderdeel.titel), level=1)
        for artikel in onderdeel.artikelen:
            doc.add_heading(f"Artikel {artikel.nummer}. {prose(artikel.titel)}", level=2)
            for i, lid in enumerate(artikel.leden, 1):
                fill(doc.add_paragraph(), lid, f"{artikel.nummer}.{i} ")
    doc.add_heading(prose(concept.ondertekening_titel), level=1)
    for paragraph in concept.ondertekening_tekst:
        fill(doc.add_paragraph(), paragraph)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for block in concept.ondertekening:
        cells = table.add_row().cells
        fill(cells[0].paragraphs[0], block.kop).runs[0].bold = True
        for n, line in enumerate(block.regels):
            fill(cells[1].paragraphs[0] if n == 0 else cells[1].add_paragraph(), line)
    doc.add_heading("Open punten", level=1)
    doc.add_paragraph("Deze vragen zijn nog niet beantwoord. Bij elke vraag staat waar hij staat en, als dat zo is, "
                      "uit welk feit van het profiel het antwoord kan komen.")
    for n, veld in enumerate(concept.open_velden, 1):
        where = ", ".join(veld.plekken)
        fact = f" Feit in het profiel: {veld.feit}." if veld.feit else ""
        hint = f" Het advies zegt: {veld.hint}" if veld.hint else ""
        fill(doc.add_paragraph(), Alinea(delen=[Open(id=veld.id, vraag=veld.vraag)]), f"{n}. ")
        doc.paragraphs[-1].add_run(prose(f" Staat in: {where}.{fact}{hint}"))
    stamp = dt.datetime.combine(concept.kop.peildatum, dt.time(), tzinfo=dt.UTC)
    props = doc.core_properties
    props.author = props.last_modified_by = "samenwerkwijzer"
    props.title = prose(concept.titel)
    props.subject = f"Concept, regelbasis {concept.kop.regelbasis}"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    raw = io.BytesIO()
    doc.save(raw)
    return fixed_zip(raw.getvalue(), concept.kop.peildatum)


def fixed_zip(data: bytes, day: dt.date) -> bytes:
    """The same zip with every member dated `day` (no earlier than 1980, the zip format's start)."""
    when = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 0
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
