"""Every error of the API in one shape: RFC 9457 problem details (application/problem+json).

The messages are the ones the command line gives, without a file name: for each problem the
field, what is allowed and a best guess, also as separate keys for a program to read (`bedoelde_u`
the value or field meant, `tip` the guess as the message words it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from starlette.responses import Response

from ..errors import InputError, Problem

MEDIA = "application/problem+json"
TITLES = {400: "Foute invoer", 401: "Niet ingelogd", 403: "Niet toegestaan", 404: "Niet gevonden",
          405: "Methode niet toegestaan", 409: "Conflict", 413: "Verzoek te groot", 415: "Verkeerd soort inhoud",
          422: "Foute invoer", 429: "Te veel pogingen", 500: "Interne fout", 503: "Duurde te lang"}
TYPES = {400: "invoer", 401: "niet-ingelogd", 403: "niet-toegestaan", 404: "niet-gevonden", 405: "methode",
         409: "conflict", 413: "te-groot", 415: "soort-inhoud", 422: "invoer", 429: "te-veel-pogingen",
         500: "interne-fout", 503: "te-lang"}


def problem(status: int, detail: str, *, fouten: Sequence[Problem] = (), headers: Mapping[str, str] | None = None,
            extra: Mapping[str, object] | None = None) -> Response:
    body: dict[str, object] = {"type": f"/problemen/{TYPES.get(status, 'fout')}", "title": TITLES.get(status, "Fout"),
                               "status": status, "detail": detail}
    if fouten:
        body["fouten"] = [_fout(p) for p in fouten]
    body.update(extra or {})
    return Response(json.dumps(body, ensure_ascii=False, indent=2) + "\n", status_code=status, media_type=MEDIA,
                    headers=dict(headers or {}))


def _fout(p: Problem) -> dict[str, object]:
    out: dict[str, object] = {"melding": p.format(), "bericht": p.message}
    for key, value in (("veld", p.field), ("regel", p.line), ("kolom", p.column)):
        if value is not None:
            out[key] = value
    if p.allowed:
        out["toegestaan"] = list(p.allowed)
    guess = p.guess()
    if guess:
        out["bedoelde_u"] = guess
    advice = p.advice()
    if advice:
        out["tip"] = advice
    return out


def from_input_error(exc: InputError, status: int = 422) -> Response:
    return problem(status, "\n".join(exc.lines()), fouten=exc.problems)


SCHEMA = {
    "type": "object",
    "description": "Probleemdetails volgens RFC 9457, met per fout het veld, wat mag en een waarschijnlijke bedoeling.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Soort probleem."},
        "title": {"type": "string", "description": "Korte titel."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Wat er mis is, zoals de opdrachtregel het meldt (één regel per fout)."},
        "fouten": {"type": "array", "description": "Elke fout apart.", "items": {
            "type": "object", "required": ["melding", "bericht"],
            "properties": {
                "melding": {"type": "string", "description": "De hele melding op één regel."},
                "bericht": {"type": "string", "description": "Wat er mis is."},
                "veld": {"type": "string", "description": "Het veld waar het om gaat."},
                "regel": {"type": "integer", "description": "De regel in de verzonden tekst."},
                "kolom": {"type": "integer", "description": "De kolom in de verzonden tekst."},
                "toegestaan": {"type": "array", "items": {"type": "string"}, "description": "Wat wel mag."},
                "bedoelde_u": {"type": "string", "description": "Een waarschijnlijke bedoeling."},
                "tip": {"type": "string", "description": "Wat u het best kunt doen, zoals de melding het zegt "
                                                        "(bijvoorbeeld: hoort bij 'gemeente': zet het onder gemeente:)."},
            }}},
        "laatste_versie": {"type": "integer", "description": "Bij een conflict: de laatste versie van het dossier."},
    },
}
