"""A draft agreement (engine/model/draft.py) as Markdown.

Open fields are written as `[OPEN: question]`: without a link target that is plain text in
Markdown, and the question itself is escaped like every other value (render/text.py `md`).
"""

from __future__ import annotations

from ..model.draft import Alinea, Concept, Open
from ..terminal import block
from .text import md


def piece_md(part: object) -> str:
    if isinstance(part, Open):
        return f"[OPEN: {md(part.vraag)}]"
    return md(getattr(part, "tekst", ""))


def paragraph_md(paragraph: Alinea) -> str:
    return "".join(piece_md(p) for p in paragraph.delen)


def to_markdown(concept: Concept) -> str:
    lines: list[str] = [f"# {md(concept.titel)}", "", paragraph_md(concept.ondertitel), ""]
    for n, notice in enumerate(concept.kop.regels):
        lines.append(f"> {'**' + md(notice) + '**' if n == 0 else md(notice)}")
        lines.append(">")
    lines[-1] = ""
    lines += ["## Partijen", ""]
    for n, partij in enumerate(concept.partijen, 1):
        lines.append(f"{n}. **{paragraph_md(partij.naam)}**" + ("  " if partij.beschrijving else ""))
        lines += [f"   {paragraph_md(a)}" + ("  " if i < len(partij.beschrijving) - 1 else "")
                  for i, a in enumerate(partij.beschrijving)]
    lines += ["", f"## {md(concept.overwegingen_titel)}", ""]
    for letter, paragraph in zip("abcdefghijklmnopqrstuvwxyz", concept.overwegingen, strict=False):
        lines += [f"{letter}) {paragraph_md(paragraph)}", ""]
    for onderdeel in concept.onderdelen:
        lines += [f"## {md(onderdeel.titel)}", ""]
        for artikel in onderdeel.artikelen:
            lines += [f"### Artikel {artikel.nummer}. {md(artikel.titel)}", ""]
            for i, lid in enumerate(artikel.leden, 1):
                lines += [f"{artikel.nummer}.{i} {paragraph_md(lid)}", ""]
    lines += [f"## {md(concept.ondertekening_titel)}", ""]
    lines += [line for a in concept.ondertekening_tekst for line in (paragraph_md(a), "")]
    lines += ["| Partij | Naam en functie | Plaats | Datum | Handtekening |", "|---|---|---|---|---|"]
    for h in concept.ondertekening:
        signer = Alinea(delen=h.regels[0].delen[1:])  # without its label
        lines.append(f"| {paragraph_md(h.kop)} | {paragraph_md(signer)} | | | |")
    lines += ["", "## Open punten", "",
              "Deze vragen zijn nog niet beantwoord. Bij elke vraag staat waar hij staat en, als dat zo is, uit welk "
              "feit van het profiel het antwoord kan komen.", ""]
    for n, veld in enumerate(concept.open_velden, 1):
        where = ", ".join(veld.plekken)
        fact = f" Feit in het profiel: `{veld.feit}`." if veld.feit else ""  # a name from our own fact catalogue
        hint = f" Het advies zegt: {md(veld.hint)}" if veld.hint else ""
        lines.append(f"{n}. [OPEN: {md(veld.vraag)}] Staat in: {md(where)}.{fact}{hint}")
    lines.append("")
    return block("\n".join(lines))
