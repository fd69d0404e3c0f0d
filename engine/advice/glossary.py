"""The glossary terms an advice uses: for a short word list under the advice (kennisbank/begrippen.yaml).

`used_terms(advies, kb)` reads only the text a person sees (titles, descriptions, roles, measures,
tips, questions), never rule ids, facts or sources, and returns each term once, in the order in
which it first appears. A term matches as a whole word, in any of its forms (`varianten`); an
abbreviation (a term with a capital after its first letter, such as SOK or PIANOo) matches only
as written, other terms in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.advice import Advies
from ..model.kennisbank import Begrip, Kennisbank


def visible_texts(advies: Advies) -> Iterator[str]:
    """The advice's texts for people, in the order a reader meets them."""
    if advies.voortgang is not None:
        for doel in advies.voortgang.doelen:
            yield doel.titel
    for a in advies.activiteiten:
        yield from (a.titel, a.omschrijving, a.rol or "", a.klaar_als or "", a.doorlooptijd or "")
    if advies.formalisatie is not None:
        yield advies.formalisatie.titel
        yield from advies.formalisatie.inhoud
    for p in advies.partners:
        yield p.naam
        yield from p.rollen
    for r in advies.risicos:
        yield r.titel
        yield from r.maatregelen
    for t in advies.tips:
        yield from (t.titel, t.omschrijving)
    for q in advies.open_vragen:
        yield from (q.vraag or q.omschrijving, q.uitleg)
        for antwoord in q.antwoorden:
            yield antwoord.label
            yield from antwoord.verandert
    for w in advies.waarschuwingen:
        yield w.tekst


def is_abbreviation(term: str) -> bool:
    return any(c.isupper() for c in term[1:])


def term_pattern(begrip: Begrip) -> re.Pattern[str]:
    """One pattern for a term and its forms; longer forms first, so 'LSA bewoners' wins over 'LSA'."""
    forms = sorted({begrip.term, *begrip.varianten}, key=lambda f: (-len(f), f))
    parts = [re.escape(f) if is_abbreviation(f) else f"(?i:{re.escape(f)})" for f in forms]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def used_terms(advies: Advies, kb: Kennisbank) -> list[Begrip]:
    """The glossary terms that occur in the advice's visible text, each once, by first occurrence."""
    text = "\n".join(t for t in visible_texts(advies) if t)
    found: list[tuple[int, str, Begrip]] = []
    for begrip in kb.begrippen.values():
        match = term_pattern(begrip).search(text)
        if match is not None:
            found.append((match.start(), begrip.term.casefold(), begrip))
    return [begrip for _, _, begrip in sorted(found, key=lambda f: (f[0], f[1]))]
