"""Losing what a person gave in the browser: a session that ends while a form is open, a CSRF token of an
earlier session, two saves at once, a double submit. The pages are driven like a browser without
JavaScript (forms posted as they are, cookies kept) on the app over SQLite; one test uses chromium itself,
for the headers a real browser sends with a form."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from serverapp import PASSWORD, USERS, shared_adviseur
from sqlalchemy import select, update
from starlette.testclient import TestClient
from webdossier import example, stored
from webpages import axe_violations, describe, live, open_page  # noqa: F401 - fixtures

from samenwerkwijzer.engine.advice.intake import apply_answer, step
from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database
from samenwerkwijzer.engine.server.tables import Dossier, Sessie

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


class _Form(HTMLParser):
    """What a browser would post for the form with `action`: hidden and text fields, checked boxes."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action and a.get("method") == "post"
        elif tag == "input" and self.inside and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append((str(a["name"]), a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def posted_by(html: str, action: str) -> dict[str, list[str]]:
    parser = _Form(action)
    parser.feed(html)
    assert parser.fields, html
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


def alert(html: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</div>', html, re.S)
    assert found, html
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def answered_dossier(site: Site, client: TestClient, naam: str, **answers: str) -> int:
    ident = new_dossier(client, naam)
    page = client.get(f"/initiatieven/{ident}/meer-feiten").text
    r = client.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": token(page), "basis": "1", **answers})
    assert r.status_code == 303, r.text
    return ident


def test_a_conflict_on_the_answers_page_does_not_undo_a_colleagues_answers(site):
    """After '…heeft intussen opgeslagen' the form came back with the adviser's old values for everything:
    saving it again silently undid the colleague's change and took away the colleague's new answer."""
    anna, carl = site.browser("anna"), site.browser("carl")
    ident = answered_dossier(site, anna, "Samen wijzigen", **{"gemeente.naam": "Utrecht",
                                                              "initiatief.betaalde_krachten": "false"})
    hers = anna.get(f"/initiatieven/{ident}/antwoorden").text
    page = carl.get(f"/initiatieven/{ident}/antwoorden").text
    fields = {**posted_by(page, f"/initiatieven/{ident}/antwoorden"), "gemeente.naam": ["Zeist"]}
    assert carl.post(f"/initiatieven/{ident}/antwoorden", data=fields).status_code == 303
    page = carl.get(f"/initiatieven/{ident}/meer-feiten").text
    assert carl.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": token(page), "basis": "3",
                                                                  "wijk.spanningen": "true"}).status_code == 303
    mine = {**posted_by(hers, f"/initiatieven/{ident}/antwoorden"), "initiatief.betaalde_krachten": ["true"]}
    r = anna.post(f"/initiatieven/{ident}/antwoorden", data=mine)
    assert r.status_code == 409
    said = alert(r.text)
    assert "carl heeft dit initiatief intussen opgeslagen" in said and "Zeist" in said, said
    assert said.startswith("Uw antwoorden zijn niet bewaard."), said  # what matters to her first, then why
    again = posted_by(r.text, f"/initiatieven/{ident}/antwoorden")
    assert again["initiatief.betaalde_krachten"] == ["true"], "her own change is gone"
    assert again["gemeente.naam"] == ["Zeist"] and again.get("wijk.spanningen") == ["true"], again
    assert anna.post(f"/initiatieven/{ident}/antwoorden", data=posted_by(r.text, f"/initiatieven/{ident}/antwoorden")
                     ).status_code == 303
    now = facts(site, ident)
    assert now["gemeente"] == {"naam": "Zeist"} and now["wijk"] == {"spanningen": True}, now
    assert now["initiatief"] == {"betaalde_krachten": True}, now


def test_a_conflict_in_the_intake_never_puts_the_answer_in_another_question(site):
    anna, carl = site.browser("anna"), site.browser("carl")
    ident = new_dossier(anna, "Zelfde vraag")
    hers = anna.get(f"/initiatieven/{ident}/intake").text
    page = carl.get(f"/initiatieven/{ident}/intake").text
    assert carl.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(page), "feit": "gemeente.naam",
                                                             "basis": "1", "gemeente.naam": "Zeist"}).status_code == 303
    r = anna.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(hers), "feit": "gemeente.naam",
                                                          "basis": "1", "gemeente.naam": "Utrechtse Heuvelrug"})
    assert r.status_code == 409
    said = alert(r.text)
    assert "carl heeft dit initiatief intussen opgeslagen" in said and "Zeist" in said, said
    assert "Utrechtse Heuvelrug" in said, "what she typed is gone"
    assert said.startswith("Uw antwoord is niet bewaard."), said
    asked = re.search(r'name="feit" value="([^"]+)"', r.text)
    assert asked and asked.group(1) != "gemeente.naam"


def test_after_a_conflict_the_answer_is_not_typed_into_the_next_question(site):
    """The intake page put what was typed for the question answered meanwhile into the next question's field."""
    adviseur, day = shared_adviseur(), dt.date.today()
    feiten: dict[str, object] = {"naam": "Getal erna"}
    while True:  # 'weet ik niet' until a choice comes that is followed by a number question
        first = step(adviseur, feiten, day).vragen[0]
        following = step(adviseur, apply_answer(feiten, first.vraag.feit, None), day).vragen
        if first.soort == "keuze" and following and following[0].soort == "getal":
            break
        feiten = apply_answer(feiten, first.vraag.feit, None)
    anna, carl = site.browser("anna"), site.browser("carl")
    page = anna.get("/initiatieven").text
    r = anna.post("/api/dossiers", json={"feiten": feiten}, headers={"X-CSRF-Token": token(page)})
    assert r.status_code == 201, r.text
    ident, name, number = r.json()["id"], first.vraag.feit, following[0].vraag.feit
    hers = anna.get(f"/initiatieven/{ident}/intake").text
    chosen = re.findall(rf'name="{re.escape(name)}" value="([^"]+)"', hers)[0]
    page = carl.get(f"/initiatieven/{ident}/intake").text
    assert carl.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(page), "feit": name, "basis": "1",
                                                             "actie": "weet_niet"}).status_code == 303
    r = anna.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(hers), "feit": name, "basis": "1",
                                                          name: chosen, "actie": "antwoord"})
    assert r.status_code == 409 and f'name="feit" value="{number}"' in r.text
    typed = re.search(rf'<input id="[^"]*" name="{re.escape(number)}" type="text"[^>]*value="([^"]*)"', r.text)
    assert typed and typed.group(1) == "", f"her answer '{chosen}' was put in the field of '{number}'"


def test_a_conflict_on_the_more_facts_page_names_an_answer_that_left_the_form(site):
    anna, carl = site.browser("anna"), site.browser("carl")
    ident = new_dossier(anna, "Meer tegelijk")
    hers = anna.get(f"/initiatieven/{ident}/meer-feiten").text
    page = carl.get(f"/initiatieven/{ident}/meer-feiten").text
    assert carl.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": token(page), "basis": "1",
                                                                  "wijk.spanningen": "true"}).status_code == 303
    r = anna.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": token(hers), "basis": "1",
                                                               "wijk.spanningen": "false",
                                                               "gemeente.buurtanalyse_gedaan": "true"})
    assert r.status_code == 409
    again = posted_by(r.text, f"/initiatieven/{ident}/meer-feiten")
    assert again.get("gemeente.buurtanalyse_gedaan") == ["true"]
    said = alert(r.text)
    assert "spanningen" in said.lower() and "nee" in said.lower(), said
    assert "Deze vraag is intussen al beantwoord" in said and "Een paar vragen" not in said, said  # one, not 'a few'


def test_a_conflict_on_the_checklist_keeps_the_ticks_and_the_colleagues(site):
    """'Zet uw vinkjes opnieuw' threw the ticks away; re-ticking over the new state must not undo a colleague's."""
    anna, carl = site.browser("anna"), site.browser("carl")
    page = anna.get("/initiatieven").text
    r = anna.post("/api/dossiers", json={"feiten": example("opstarten-collectief")}, headers={"X-CSRF-Token": token(page)})
    assert r.status_code == 201, r.text
    ident = r.json()["id"]
    action = f"/initiatieven/{ident}/afvinken"
    hers = posted_by(anna.get(f"/initiatieven/{ident}").text, action)
    his = posted_by(carl.get(f"/initiatieven/{ident}").text, action)
    first, second = hers["getoond"][:2]
    assert carl.post(action, data={**his, "afgerond": [first]}).status_code == 303
    r = anna.post(action, data={**hers, "afgerond": [second]})
    assert r.status_code == 409
    said = alert(r.text)
    assert "carl heeft dit initiatief intussen opgeslagen" in said and "Afgevinkt" in said, said
    assert said.startswith("Uw vinkjes zijn niet bewaard."), said
    again = posted_by(r.text, action)
    assert sorted(again.get("afgerond", [])) == sorted([first, second]), again
    assert anna.post(action, data=again).status_code == 303
    assert sorted(facts(site, ident)["afgerond"]) == sorted([first, second])  # type: ignore[type-var]


def dossiers_named(site: Site, naam: str) -> list[int]:
    with site.db.read() as session:
        return list(session.scalars(select(Dossier.id).where(Dossier.naam == naam)))


def test_beginning_twice_makes_one_initiative_and_says_where_it_is(site):
    """A double click on 'Beginnen' (or 'Beginnen' again after the back button) made a second initiative."""
    tab = site.browser("anna")
    page = tab.get("/initiatieven/nieuw").text
    first = tab.post("/initiatieven/nieuw", data={"naam": "Dubbelklik", "csrf_token": token(page)})
    second = tab.post("/initiatieven/nieuw", data={"naam": "Dubbelklik", "csrf_token": token(page)})
    assert first.status_code == 303 and second.status_code == 409
    assert len(dossiers_named(site, "Dubbelklik")) == 1
    ident = dossiers_named(site, "Dubbelklik")[0]
    assert f'href="/initiatieven/{ident}"' in second.text and "Er is geen nieuw initiatief gemaakt" in alert(second.text)
    assert 'value="Dubbelklik"' in second.text  # the name stays in the field
    again = tab.post("/initiatieven/nieuw", data={**posted_by(second.text, "/initiatieven/nieuw"), "toch": "Dubbelklik"})
    assert again.status_code == 303 and len(dossiers_named(site, "Dubbelklik")) == 2


def test_choosing_another_name_after_the_warning_checks_that_name_too(site):
    tab = site.browser("anna")
    page = tab.get("/initiatieven/nieuw").text
    for naam in ("Eerste naam", "Tweede naam"):
        assert tab.post("/initiatieven/nieuw", data={"naam": naam, "csrf_token": token(page)}).status_code == 303
    r = tab.post("/initiatieven/nieuw", data={"naam": "Tweede naam", "toch": "Eerste naam", "csrf_token": token(page)})
    assert r.status_code == 409 and len(dossiers_named(site, "Tweede naam")) == 1


@pytest.mark.parametrize("how", ["uitgelogd", "nieuw wachtwoord", "verlopen"])
def test_every_way_a_session_ends_keeps_the_form(site, how):
    """Logout elsewhere, a new password from a beheerder (every session stops), or expiry: the same rescue."""
    naam, wachtwoord = f"fenna {how}", PASSWORD
    with site.db.write() as session:
        accounts.add_user(session, "Utrecht", naam, "adviseur", PASSWORD)
    tab = site.browser(naam)
    ident = new_dossier(tab, f"Sessie {how}")
    page = tab.get(f"/initiatieven/{ident}/meer-feiten").text
    if how == "uitgelogd":
        tab.post("/uitloggen", data={"csrf_token": token(page)})
    elif how == "nieuw wachtwoord":
        wachtwoord = "een ander lang wachtwoord"
        with site.db.write() as session:
            user = accounts.user_named(session, naam)
            assert user is not None
            accounts.set_password(session, user, wachtwoord)
    else:
        with site.db.write() as session:
            user = accounts.user_named(session, naam)
            assert user is not None
            session.execute(update(Sessie).where(Sessie.gebruiker_id == user.id)
                            .values(verloopt=accounts.now() - dt.timedelta(seconds=1)))
    r = tab.post(f"/initiatieven/{ident}/meer-feiten", data={"csrf_token": token(page), "basis": "1",
                                                              "gemeente.naam": "Houten", "wijk.spanningen": "false"})
    assert r.status_code == 401 and "Log opnieuw in" in alert(r.text)
    assert "sessie" not in alert(r.text), alert(r.text)  # a word for the programmers, not for an adviser
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', r.text))
    wrong = tab.post("/inloggen", data={**fields, "naam": naam, "wachtwoord": "niet het goede wachtwoord"})
    assert wrong.status_code == 401 and 'value="Houten"' in wrong.text  # a typo in the password loses nothing
    assert "niet weg" in alert(wrong.text), alert(wrong.text)  # and the page still says so
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', wrong.text))
    again = tab.post("/inloggen", data={**fields, "naam": naam, "wachtwoord": wachtwoord})
    assert again.status_code == 200 and "Houten" in again.text
    assert tab.post(f"/initiatieven/{ident}/meer-feiten",
                    data=posted_by(again.text, f"/initiatieven/{ident}/meer-feiten")).status_code == 303
    assert facts(site, ident)["gemeente"] == {"naam": "Houten"} and facts(site, ident)["wijk"] == {"spanningen": False}


def test_beginning_twice_in_chromium_makes_one_initiative_on_an_accessible_page(open_page, live):  # noqa: F811
    """A double click (Chromium sends one of the two), then 'Beginnen' again with the same name."""
    page = open_page("anna", axe=True)
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", "Snel dubbel")
    page.dblclick("form.vraag button[type=submit]")
    page.wait_for_selector('[role=alert], input[name="feit"]', state="attached")  # the intake, or the page saying it exists already
    with live.db.read() as session:
        assert len(list(session.scalars(select(Dossier.id).where(Dossier.naam == "Snel dubbel")))) == 1
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", "Snel dubbel")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    assert "Er is al een initiatief met deze naam" in page.inner_text("[role=alert]")
    found = axe_violations(page)
    assert not found, describe(found)


def test_the_page_that_keeps_a_form_has_no_serious_accessibility_problem(open_page, live):  # noqa: F811
    page = open_page("anna", axe=True)
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", "Toegankelijk bewaard")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    other = page.context.new_page()
    other.goto("/initiatieven")
    other.click("form.logout button")
    other.wait_for_load_state()
    page.fill('form.vraag input[name="gemeente.naam"]', "Utrecht")
    page.click('button[value="antwoord"]')
    page.wait_for_load_state()
    found = axe_violations(page)
    assert not found, describe(found)
    page.fill("#naam", "anna")
    page.fill("#wachtwoord", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Versturen" in page.inner_text("main")
    found = axe_violations(page)
    assert not found, describe(found)


def test_a_kept_form_about_an_account_names_the_account_not_its_number(site):
    """A new password for anna, sent after the beheerder was logged out: the page that sends it again said
    'Gebruiker: 1' (the account's number in the form's list), and 'Rol: lezer' without saying whose."""
    with site.db.read() as session:
        anna = accounts.user_named(session, "anna")
        assert anna is not None
        number = anna.id
    carl = site.browser("carl")
    page = carl.get("/beheer/gebruikers").text
    carl.post("/uitloggen", data={"csrf_token": token(page)})
    for action, posted in (("/beheer/gebruikers/wachtwoord", {"gebruiker": str(number), "wachtwoord": "x" * 20}),
                           (f"/beheer/gebruikers/{number}/rol", {"rol": "lezer"})):
        r = carl.post(action, data={"csrf_token": token(page), **posted})
        assert r.status_code == 401, r.text
        again = log_in(carl, "carl", r.text)
        assert again.status_code == 200 and "Nog niet bewaard" in again.text
        shown = re.search(r'<dl class="utrecht-data-list facts">(.*?)</dl>', again.text, re.S)
        assert shown, again.text
        words = " ".join(re.sub(r"<[^>]+>", " ", shown.group(1)).split())
        assert "Gebruiker anna" in words, words
        page = carl.get("/beheer/gebruikers").text
        carl.post("/uitloggen", data={"csrf_token": token(page)})


def test_a_warning_of_the_pages_stands_out_from_the_text_around_it(open_page, live):  # noqa: F811
    """The pages' own warnings (class "alert": a conflict, 'Nog niet bewaard', a name that exists) lost their
    border and background when the pages moved to NL Design System: 'not saved' read as one more paragraph."""
    page = open_page("anna")
    for _ in range(2):
        page.goto("/initiatieven/nieuw")
        page.fill("#naam", "Opvallend")
        page.click("form.vraag button[type=submit]")
        page.wait_for_load_state()
    warning = page.locator("main .alert[role=alert]")
    assert "Er is al een initiatief met deze naam" in warning.inner_text()
    style = warning.evaluate("e => [getComputedStyle(e).borderLeftWidth, getComputedStyle(e).backgroundColor]")
    assert style[0] != "0px" and style[1] != "rgba(0, 0, 0, 0)", style


def test_the_logout_button_of_a_tab_from_before_a_new_login_logs_out(site):
    """It showed 'Nog niet bewaard … Versturen' for a logout: there was nothing to keep."""
    tab = site.browser("anna")
    old = tab.get("/initiatieven").text
    tab.post("/uitloggen", data={"csrf_token": token(old)})
    log_in(tab, "anna")
    r = tab.post("/uitloggen", data={"csrf_token": token(old)})
    assert r.status_code == 303 and r.headers["location"] == "/inloggen"
    assert tab.get("/initiatieven").status_code == 303  # logged out
    other = site.browser("anna")
    r = other.post("/uitloggen", data={"csrf_token": "fout"}, headers={"origin": "http://elders.example"})
    assert r.status_code == 403 and other.get("/initiatieven").status_code == 200  # a forged logout does nothing


def test_a_kept_answer_with_a_direction_mark_comes_back_exactly(site):
    """The pages show a control or direction character as an escape (`\\u202e`, engine/server/pages/
    templating.py); the hidden fields that carry a kept form must give the typed text back unchanged, or
    sending it stores the six letters of the escape instead."""
    typed = "Utr\u202eecht\u2066"
    tab = site.browser("anna")
    ident = new_dossier(tab, "Richting")
    page = tab.get(f"/initiatieven/{ident}/intake").text
    tab.post("/uitloggen", data={"csrf_token": token(page)})
    r = tab.post(f"/initiatieven/{ident}/intake", data={"csrf_token": token(page), "feit": "gemeente.naam",
                                                          "basis": "1", "gemeente.naam": typed, "actie": "antwoord"})
    assert r.status_code == 401
    again = log_in(tab, "anna", r.text)
    assert again.status_code == 200 and "\\u202e" in again.text  # shown as an escape where it is read
    sent = tab.post(f"/initiatieven/{ident}/intake", data=form_fields(again.text, f"/initiatieven/{ident}/intake"))
    assert sent.status_code == 303
    assert facts(site, ident)["gemeente"] == {"naam": typed}


def test_a_login_form_posted_from_another_site_carries_no_form_to_send(site):
    """A forged post to /inloggen (its own CSRF check fails: no cookie) showed our login page with the
    attacker's fields hidden in it; the victim logs in there, and 'Versturen' sends them with the
    victim's session. A cross-site login post keeps nothing, as a cross-site form post keeps nothing."""
    victim = site.browser()
    forged = {"terug": "/initiatieven/nieuw", "mee:naam": "Ondergeschoven", "mee:basis": "1"}
    r = victim.post("/inloggen", data=forged, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403 and 'name="mee:' not in r.text and "Ondergeschoven" not in r.text
    r = victim.post("/inloggen", data=forged, headers={"origin": "http://elders.example"})
    assert 'name="mee:' not in r.text
    after = log_in(victim, "anna", r.text)
    assert after.status_code == 303 and "Ondergeschoven" not in after.text


def test_a_kept_field_cannot_be_named_like_the_token_or_a_password(site):
    """'mee:csrf_token' put a second token after the session's (the form then read the wrong one), and
    'mee:wachtwoord' wrote a password into the page that keeps a form."""
    tab = site.browser()
    page = tab.get("/inloggen").text
    kept = {"mee:naam": "Gewoon", "mee:csrf_token": "vreemd", "mee:wachtwoord": "geheim-in-de-pagina"}
    r = log_in(tab, "anna", page, **kept)
    assert r.status_code == 200 and "Gewoon" in r.text
    assert "vreemd" not in r.text and "geheim-in-de-pagina" not in r.text


@pytest.mark.parametrize("second", ["warmtenet  NOORD", " Warmtenet\u00a0Noord", "Warmtenet\u200f Noord",
                                    "Warmtene\u0301t Noord"])
def test_a_name_that_looks_the_same_is_the_same_name(site, second):
    """Case, a double or no-break space (one space on the page), a direction mark (invisible in the name
    field) or an accent written as a separate character: typed, the name looks the same, so the second
    'Beginnen' must warn as for the very same name."""
    first = "Warmtenet Noord" if "\u0301" not in second else "Warmtenét Noord"
    tab = site.browser("dirk")
    page = tab.get("/initiatieven/nieuw").text
    before = len(dossiers_named(site, first))
    tab.post("/initiatieven/nieuw", data={"naam": first, "csrf_token": token(page)})
    r = tab.post("/initiatieven/nieuw", data={"naam": second, "csrf_token": token(page)})
    assert r.status_code == 409 and "Er is geen nieuw initiatief gemaakt" in alert(r.text)
    assert len(dossiers_named(site, first)) in (1, before)
    other = tab.post("/initiatieven/nieuw", data={"naam": f"{first} {ord(max(second))}", "csrf_token": token(page)})
    assert other.status_code == 303


@pytest.mark.parametrize("terug", ["/\t/elders.example", "/\n/elders.example", "/\r/elders.example/x"])
def test_a_target_with_a_tab_or_line_break_is_no_way_to_another_site(site, terug):
    """A browser drops tabs and line breaks from an address: '/<tab>/elders.example' is '//elders.example',
    another site. As the action of the page that sends a kept form, it would send the session's token there."""
    tab = site.browser()
    page = tab.get("/inloggen", params={"terug": terug}).text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert fields["terug"] == "/"
    r = log_in(tab, "anna", page.replace('name="terug" value="/"', f'name="terug" value="{terug}"'),
               **{"mee:naam": "x"})
    assert r.status_code == 200 and '<form method="post" action="/" ' in r.text


@pytest.mark.parametrize("page", ["meer-feiten", "afvinken"])
def test_a_version_number_int_cannot_read_is_no_server_error(site, page):
    """'basis' (the version a form was based on) of '²' passed str.isdigit and made int() fail: a 500 page."""
    tab = site.browser("anna")
    ident = new_dossier(tab, f"Superschrift {page}")
    form = tab.get(f"/initiatieven/{ident}/antwoorden").text
    r = tab.post(f"/initiatieven/{ident}/{page}", data={"csrf_token": token(form), "basis": "\u00b2",
                                                        "gemeente.naam": "Zeist", "getoond": "x"})
    assert r.status_code < 500


def test_a_site_behind_a_proxy_on_its_own_port_keeps_the_form_and_names_the_initiative(site):
    """The README's nginx lines pass Host without the port: a site at https://host:8443 got Origin
    'host:8443' against Host 'host', so a browser's own form was taken for another site's and not kept.
    A browser's Sec-Fetch-Site decides; the page with the kept form says which initiative it is about."""
    tab = site.browser("anna")
    ident = new_dossier(tab, "Achter de proxy")
    page = tab.get(f"/initiatieven/{ident}/intake").text
    tab.post("/uitloggen", data={"csrf_token": token(page)})
    browser_says = {"sec-fetch-site": "same-origin", "origin": "https://testserver:8443"}
    r = tab.post(f"/initiatieven/{ident}/intake", headers=browser_says,
                 data={"csrf_token": token(page), "feit": "gemeente.naam", "basis": "1", "gemeente.naam": "Utrecht",
                       "actie": "antwoord"})
    assert r.status_code == 401 and "niet weg" in r.text
    again = log_in(tab, "anna", r.text)
    assert again.status_code == 200 and "Utrecht" in again.text
    assert "Bij het initiatief <strong><bdi>Achter de proxy</bdi></strong>." in again.text
