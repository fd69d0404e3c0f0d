"""Who is looking at a page: the account behind the session cookie, or a redirect to the login page.

Pages use only the session cookie (never an API token). A form that changes something must carry
the session's CSRF token as the field `csrf_token`; `form_of` reads the form and checks it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from ..accounts import Account, by_cookie, same
from ..auth import COOKIE, CSRF_FIELD, Refused
from ..problems import problem
from . import keep
from .loginform import login_keeping


def current(request: Request) -> Account | None:
    """The account of the session cookie, or None."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    with request.app.state.server.db.read() as session:
        return by_cookie(session, cookie)


async def signed_in(request: Request) -> Account:
    """The account, or (no valid session) a 303 to /inloggen that comes back here afterwards.

    A form posted without a session (it ended while the form was open) gets the login form at once,
    carrying what was filled in (pages/keep.py): after logging in it can be sent again, not lost."""
    who = current(request)
    if who is None:
        if request.method == "POST":
            form = await request.form()
            fields = keep.kept_fields(request, form)
            if fields is not None:
                raise Refused(login_keeping(request, keep.target(request), fields, keep.secret_fields(form)))
            raise Refused(RedirectResponse("/inloggen", status_code=303))  # a post from elsewhere: nothing to keep
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise Refused(RedirectResponse(f"/inloggen?terug={quote(back, safe='')}", status_code=303))
    return who


async def form_of(request: Request, who: Account) -> FormData:
    """The posted form, after checking its CSRF token (403 when it is missing or wrong).

    No page takes a file: a form with one is refused (415) before anything reads it, or a file sent
    as the field `wachtwoord` or as an answer would be stored as the text 'UploadFile(…)'."""
    form = await request.form()
    if any(not isinstance(value, str) for _key, value in form.multi_items()):
        await form.close()
        raise Refused(problem(415, "dit formulier neemt geen bestanden aan; vul de velden in op de pagina"))
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or who.csrf is None or not same(given, who.csrf):
        fields = keep.kept_fields(request, form) if who.csrf is not None else None
        if fields is not None:  # a form of this site from an earlier session: keep what was typed
            raise Refused(keep.resend_page(
                request, who, keep.target(request), fields, keep.secret_fields(form), status=403,
                reason="Dit formulier was verlopen, bijvoorbeeld omdat u intussen opnieuw hebt ingelogd."))
        raise Refused(problem(403, "dit formulier is verlopen of niet van deze site; laad de pagina opnieuw"))
    return form


def may_write(who: Account) -> Account:
    if not who.may_write:
        raise Refused(problem(403, f"met de rol '{who.rol}' kunt u alleen lezen"))
    return who


PageUser = Annotated[Account, Depends(signed_in)]
