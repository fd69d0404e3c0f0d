"""Keeping what a person typed when a form cannot be taken as it comes: the session ended while the form
was open (logout in another tab, a new password from a beheerder, expiry), or its CSRF token is no longer
the session's (they logged in again in another tab).

Nothing is saved without the person: the fields travel along as hidden fields, through the login form
when the session is gone, to a page that shows them and sends them again to the same address with the
session's token ('Versturen'). The form's own checks then run as always: a colleague's save in between
is a conflict (the form carries the version it was based on), a wrong value is shown with the form.

Only a form from this site is kept (Sec-Fetch-Site and Origin say where a post came from); a post from
another site stays refused, or a forged form would become one click on 'Versturen'. A password is never
written into a page: its field is shown empty, to type again.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ...model.facts import input_catalogue
from ...model.questiontexts import question_text
from .. import accounts, dossiers
from ..accounts import Account
from ..auth import CSRF_FIELD
from ..state import server_of
from .answers import DONT_KNOW as DONT_KNOW_VALUE
from .answers import given_in_words
from .templating import render

SECRET = ("wachtwoord",)  # fields never written into a page
NOT_SHOWN = (CSRF_FIELD, "basis", "feit", "actie", "getoond", "terug")  # the form's own bookkeeping
LABELS = {"naam": "Naam", "rol": "Rol", "gebruiker": "Gebruiker", "afgerond": "Afgevinkt"}
PREFIX = "mee:"  # a kept field on the login form, beside the login form's own fields


def from_this_site(request: Request) -> bool:
    """Whether the browser says the post came from a page of this site (a browser that says nothing: yes).

    Sec-Fetch-Site, which no page can set, decides where a browser sends it. Only without it is Origin
    compared with Host: behind a proxy that passes Host without the port (the README's nginx lines), a
    site on a port of its own would otherwise never keep a form."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def kept_fields(request: Request, form: FormData) -> list[tuple[str, str]] | None:
    """The fields of `form` to keep (without its CSRF token and passwords), or None when it may not be kept."""
    if not from_this_site(request) or any(not isinstance(v, str) for _k, v in form.multi_items()):
        return None
    return [(k, str(v)) for k, v in form.multi_items() if k != CSRF_FIELD and k not in SECRET]


def secret_fields(form: FormData) -> list[str]:
    return [k for k in SECRET if k in form]


def target(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _in_words(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What the person filled in, as (question, answer in words), for the page to show."""
    names = list(dict.fromkeys(k for k, _v in fields if k not in NOT_SHOWN))
    dont_know = ("actie", "weet_niet") in fields  # the intake's button 'weet ik niet'
    asked = next((v for k, v in fields if k == "feit"), "")
    if dont_know and asked in input_catalogue() and asked not in names:
        names.append(asked)
    out = []
    for name in names:
        given = [DONT_KNOW_VALUE] if dont_know and name == asked else [v for k, v in fields if k == name]
        if name in input_catalogue():
            words = given_in_words(name, given)
            if words is not None:
                out.append((question_text(name).vraag, words))
        elif any(given):
            out.append((LABELS.get(name, name), ", ".join(given)))
    return out


USER_PAGE = re.compile(r"/beheer/gebruikers/(\d{1,10})/")  # a beheerder's form about one account
DOSSIER_PAGE = re.compile(r"/initiatieven/(\d{1,10})(?:[/?]|$)")  # a form about one initiative


def _initiative(request: Request, who: Account, action: str) -> str | None:
    """The name of the initiative a form at `action` is about (None: no such initiative of the gemeente)."""
    found = DOSSIER_PAGE.match(action)
    if found is None:
        return None
    with server_of(request).db.read() as session:
        row = dossiers.find(session, who, int(found.group(1)))
        return None if row is None else row.naam


def _with_user_names(request: Request, who: Account, action: str, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fields to show, with an account's number (the field 'gebruiker', or the number in the address of a
    form about one account) as its name: 'Gebruiker: 1' told a beheerder nothing."""
    found = USER_PAGE.match(action)
    numbers = [v for k, v in fields if k == "gebruiker"] + ([found.group(1)] if found else [])
    if not numbers:
        return fields
    names: dict[str, str] = {}
    with server_of(request).db.read() as session:
        for number in numbers:
            user = accounts.user_of(session, who.gemeente_id, int(number)) if number.isascii() and number.isdigit() \
                and len(number) <= 10 else None
            if user is not None:
                names[number] = user.naam
    shown = [(k, names.get(v, v) if k == "gebruiker" else v) for k, v in fields]
    return [("gebruiker", names.get(found.group(1), found.group(1))), *shown] if found else shown


def resend_page(request: Request, who: Account, action: str, fields: list[tuple[str, str]], secrets: list[str], *,
                reason: str, status: int) -> HTMLResponse:
    """The page that shows what was filled in and sends it again to `action` with the session's token."""
    return render(request, "opnieuw.html", who, title="Nog niet bewaard", status=status, reden=reason, doel=action,
                  velden=fields, getoond=_in_words(_with_user_names(request, who, action, fields)), geheim=secrets,
                  initiatief=_initiative(request, who, action))
