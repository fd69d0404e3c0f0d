"""/inloggen and /uitloggen, and / (the start page: the overview of initiatives). The form itself is
built in loginform.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from .. import accounts
from ..accounts import same
from ..auth import COOKIE, CSRF_FIELD
from ..signin import NotSignedIn, address_of, set_session_cookie, sign_in
from ..state import server_of
from . import keep
from .loginform import LOGIN_COOKIE, login_form_page, safe_target
from .session import PageUser, current, form_of

router = APIRouter()


@router.get("/")
def start(_who: PageUser) -> Response:
    return RedirectResponse("/initiatieven", status_code=303)


@router.get("/inloggen")
def login_form(request: Request, terug: Annotated[str | None, Query(max_length=2000)] = None) -> Response:
    if current(request) is not None:
        return RedirectResponse(safe_target(terug), status_code=303)
    return login_form_page(request, terug, None, 200)


def _kept(request: Request, form: FormData) -> tuple[list[tuple[str, str]], list[str]]:
    """The fields a login form carries for an earlier form (pages/keep.py), and that form's password fields.

    Nothing from a login posted by another site: it would put that site's fields on our login page, and
    the person who logs in there would be offered them to send. A carried field is never the token or a
    password, as keep.kept_fields never keeps them."""
    if not keep.from_this_site(request):
        return [], []
    fields = [(name, v) for k, v in form.multi_items() if k.startswith(keep.PREFIX) and isinstance(v, str)
              and (name := k[len(keep.PREFIX):]) != CSRF_FIELD and name not in keep.SECRET]
    secret = [k for k in keep.SECRET if form.get("geheim:" + k) == "1"]
    return fields, secret


@router.post("/inloggen")
async def login(request: Request, naam: Annotated[str, Form(max_length=200)] = "",
                wachtwoord: Annotated[str, Form(max_length=1000)] = "", terug: Annotated[str, Form(max_length=2000)] = "/",
                csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    mee, geheim = _kept(request, await request.form())
    kept = " Wat u eerder invulde, is nog niet bewaard, maar het is niet weg." if mee or geheim else ""
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not same(csrf_token, expected):
        return login_form_page(request, terug, "Het formulier was verlopen. Probeer het nog een keer." + kept, 403, naam, mee, geheim)
    if not naam.strip() or not wachtwoord:
        return login_form_page(request, terug, "Vul uw naam en uw wachtwoord in." + kept, 400, naam, mee, geheim)
    server = server_of(request)
    found = await run_in_threadpool(sign_in, server, naam, wachtwoord, address_of(request))
    if isinstance(found, NotSignedIn):
        text = ("Uw naam of wachtwoord klopt niet. Let op hoofdletters en kleine letters, en probeer het opnieuw. "
                "Lukt het niet? Vraag de beheerder van samenwerkwijzer in uw gemeente om hulp." if found.status == 401
                else f"Te veel mislukte pogingen. Wacht {found.wait} seconden en probeer het dan opnieuw.")
        return login_form_page(request, terug, text + kept, found.status, naam, mee, geheim)
    response: Response = RedirectResponse(safe_target(terug), status_code=303)
    if mee or geheim:  # logged in again for a form that was open: show it to send again, never send it unasked
        with server.db.read() as session:
            who = accounts.by_cookie(session, found.cookie)
        if who is not None:
            response = keep.resend_page(request, who, safe_target(terug), mee, geheim, status=200,
                                        reason="U bent weer ingelogd.")
    set_session_cookie(response, server, request, found.cookie)
    response.delete_cookie(LOGIN_COOKIE, path="/inloggen")
    return response


@router.post("/uitloggen")
async def logout(request: Request) -> Response:
    who = current(request)
    if who is None:  # already logged out (in another tab, or the session ended): nothing to keep
        return RedirectResponse("/inloggen", status_code=303)
    form = await request.form()
    given = form.get(CSRF_FIELD)
    stale = not isinstance(given, str) or who.csrf is None or not same(given, who.csrf)
    if not stale or not keep.from_this_site(request):  # the button of a tab from before a new login still logs out
        await form_of(request, who)
    cookie = request.cookies.get(COOKIE)
    if cookie:
        with server_of(request).db.write() as session:
            accounts.close_session(session, cookie)
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
