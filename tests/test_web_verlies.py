"""Losing what a person gave in the browser: a session that ends while a form is open, a CSRF token of an
earlier session, two saves at once, a double submit. The pages are driven like a browser without
JavaScript (forms posted as they are, cookies kept) on the app over SQLite; one test uses chromium itself,
for the headers a real browser sends with a form."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serverapp import PASSWORD, USERS, shared_adviseur
from starlette.testclient import TestClient
from webdossier import stored
from webpages import live, open_page  # noqa: F401 - fixtures

from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database

from webpages import chromium  # noqa: F401  isort: skip

HTML = {"accept": "text/html"}


@dataclass
class Site:
    db: Database
    app: object

    def browser(self, naam: str | None = None) -> TestClient:
        """A browser without JavaScript: cookies kept, redirects not followed; logged in as `naam`."""
        client = TestClient(self.app, base_url="http://testserver", follow_redirects=False, headers=HTML)
        if naam is not None:
            r = log_in(client, naam)
            assert r.status_code == 303, r.text
        return client


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    folder = Path(tempfile.mkdtemp(prefix="sw-verlies-"))
    db = Database(f"sqlite:///{folder / 'web.sqlite'}")
    db.upgrade()
    with db.write() as session:
        for naam, (gemeente, rol) in USERS.items():
            accounts.add_user(session, gemeente, naam, rol, PASSWORD)
    yield Site(db, asgi(db, shared_adviseur(), secure="nee"))
    db.dispose()
    shutil.rmtree(folder, ignore_errors=True)


def log_in(client: TestClient, naam: str, page: str | None = None, **kept: str) -> object:
    """Post the login form of `page` (a fresh one when None), with the hidden fields it carries."""
    html = page if page is not None else client.get("/inloggen").text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return client.post("/inloggen", data={**fields, "naam": naam, "wachtwoord": PASSWORD, **kept})


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def form_fields(html: str, action: str) -> dict[str, list[str]]:
    """The hidden fields of the form posting to `action`."""
    found = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert found, html
    out: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', found.group(1)):
        out.setdefault(name, []).append(value)
    return out


def new_dossier(client: TestClient, naam: str) -> int:
    r = client.post("/initiatieven/nieuw", data={"naam": naam, "csrf_token": token(client.get("/initiatieven/nieuw").text)})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].split("/")[2])


def facts(site: Site, ident: int) -> dict[str, object]:
    return dict(json.loads(stored(site.db, ident)[-1].feiten))


def test_an_answer_posted_after_logout_elsewhere_is_kept_through_the_login(site):
    """Logged out in another tab while the intake was open: the answer comes back after logging in, and
    is saved only when the adviser sends it."""
    tab = site.browser("anna")
    ident = new_dossier(tab, "Uitgelogd")
    page = tab.get(f"/initiatieven/{ident}/intake").text
    assert 'name="feit" value="gemeente.naam"' in page
    tab.post("/uitloggen", data={"csrf_token": token(page)})  # the other tab shares the cookie
    r = tab.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(page), "feit": "gemeente.naam",
                                                          "basis": "1", "gemeente.naam": "Utrecht", "actie": "antwoord"})
    assert r.status_code == 401 and "Log opnieuw in" in r.text and "niet weg" in r.text
    assert len(stored(site.db, ident)) == 1
    again = log_in(tab, "anna", r.text)
    assert again.status_code == 200 and "Utrecht" in again.text and "Hoe heet de gemeente?" in again.text
    assert len(stored(site.db, ident)) == 1, "saved without being asked"
    sent = tab.post(f"/initiatieven/{ident}/intake", data=form_fields(again.text, f"/initiatieven/{ident}/intake"))
    assert sent.status_code == 303
    assert facts(site, ident)["gemeente"] == {"naam": "Utrecht"}


def test_a_form_of_an_earlier_session_is_shown_again_not_refused_empty(site):
    """Logged in again in another tab: the open form's CSRF token is the old session's."""
    tab = site.browser("anna")
    ident = new_dossier(tab, "Ander token")
    old = tab.get(f"/initiatieven/{ident}/antwoorden").text
    tab.post("/uitloggen", data={"csrf_token": token(old)})
    log_in(tab, "anna")
    posted = {"csrf_token": token(old), "basis": "1", "gemeente.naam": "Zeist"}
    r = tab.post(f"/initiatieven/{ident}/meer-feiten", data=posted)
    assert r.status_code == 403 and "Nog niet bewaard" in r.text and "Zeist" in r.text
    assert token(r.text) != token(old)
    sent = tab.post(f"/initiatieven/{ident}/meer-feiten", data=form_fields(r.text, f"/initiatieven/{ident}/meer-feiten"))
    assert sent.status_code == 303
    assert facts(site, ident)["gemeente"] == {"naam": "Zeist"}


def test_a_password_is_never_written_into_the_page_that_keeps_a_form(site):
    beheer = site.browser("carl")
    page = beheer.get("/beheer/gebruikers").text
    beheer.post("/uitloggen", data={"csrf_token": token(page)})
    secret = "een geheim wachtwoord van carl"
    r = beheer.post("/beheer/gebruikers", data={"csrf_token": token(page), "naam": "eva", "rol": "adviseur",
                                                "wachtwoord": secret})
    assert r.status_code == 401 and "eva" in r.text and secret not in r.text
    again = log_in(beheer, "carl", r.text)
    assert again.status_code == 200 and secret not in again.text
    assert 'type="password"' in again.text and "Typ het opnieuw" in again.text


def test_a_form_from_another_site_is_not_kept(site):
    """A forged form must not become one click on 'Versturen'."""
    tab = site.browser("anna")
    ident = new_dossier(tab, "Vreemd")
    r = tab.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": "fout", "basis": "1",
                                                                "gemeente.naam": "Zeist"},
                 headers={"origin": "http://elders.example"})
    assert r.status_code == 403 and "Versturen" not in r.text
    r = tab.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": "fout", "gemeente.naam": "Zeist"},
                 headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403 and "Versturen" not in r.text
    stranger = site.browser()
    r = stranger.post(f"/initiatieven/{ident}/meer-feiten", data={"gemeente.naam": "Zeist"},
                      headers={"origin": "http://elders.example"})
    assert r.status_code == 303 and "Zeist" not in r.text


def test_logging_out_when_already_logged_out_is_no_error(site):
    """The logout button of a tab whose session ended: after logging in, /uitloggen was a 405 page."""
    tab = site.browser("anna")
    page = tab.get("/initiatieven").text
    tab.post("/uitloggen", data={"csrf_token": token(page)})
    r = tab.post("/uitloggen", data={"csrf_token": token(page)})
    assert r.status_code == 303 and r.headers["location"] == "/inloggen"


def test_a_real_browser_keeps_the_answer_after_a_logout_in_another_tab(open_page, live):  # noqa: F811
    """Chromium sends Origin and Sec-Fetch-Site with a form; the kept form must pass them."""
    page = open_page("anna")
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", "Twee tabbladen")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    ident = int(page.url.split("/")[4])
    other = page.context.new_page()
    other.goto("/initiatieven")
    other.click("form.logout button")
    other.wait_for_load_state()
    page.fill('form.vraag input[name="gemeente.naam"]', "Utrecht")
    page.click('button[value="antwoord"]')
    page.wait_for_load_state()
    assert "Log opnieuw in" in page.inner_text("[role=alert]")
    page.fill("#wachtwoord", PASSWORD)
    page.fill("#naam", "anna")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Utrecht" in page.inner_text("main")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(f"/initiatieven/{ident}/intake")
    assert json.loads(stored(live.db, ident)[-1].feiten)["gemeente"] == {"naam": "Utrecht"}

