"""Hostile input on the web pages, found by an attack on them and held here, on SQLite and PostgreSQL
(the `api` fixture runs each test on both): a NUL in a name, answers that exclude each other, accounts
that could never log in, names past the limit, a semicolon in the CSV, a bad address value, and a
stream of failed logins with made-up names. Each one gets a clear refusal, never a 500, and nothing is
stored or lost silently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from serverapp import PASSWORD, api  # noqa: F401 - fixture
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures
from starlette.testclient import TestClient

from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.tables import Gebruiker, Inlogpoging, Versie

HTML = {"Accept": "text/html"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def page_login(api, naam: str, wachtwoord: str = PASSWORD) -> tuple[TestClient, int]:  # noqa: F811
    client = TestClient(api.client.app, base_url="https://testserver", follow_redirects=False)
    form = client.get("/inloggen", headers=HTML)
    token = TOKEN.search(form.text).group(1)
    r = client.post("/inloggen", data={"naam": naam, "wachtwoord": wachtwoord, "csrf_token": token}, headers=HTML)
    return client, r.status_code


def csrf(client: TestClient) -> str:
    return TOKEN.search(client.get("/initiatieven", headers=HTML).text).group(1)


def versions_of(api, dossier: int) -> list[Versie]:  # noqa: F811
    with api.db.read() as session:
        return list(session.query(Versie).filter(Versie.dossier_id == dossier).order_by(Versie.nummer))


def new_dossier(client: TestClient, naam: str) -> int:
    r = client.post("/initiatieven/nieuw", data={"naam": naam, "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].split("/")[2])


@pytest.mark.parametrize("naam", ["an\x00na", "anna\x00", "\x00"])
def test_a_nul_in_the_login_name_is_a_wrong_name_not_a_crash(api, naam):  # noqa: F811
    _client, status = page_login(api, naam)
    assert status == 401
    with api.db.read() as session:
        assert session.query(Inlogpoging).count() == 0  # nothing to count: no such account can exist


def test_a_name_with_spaces_around_logs_in_as_it_was_stored(api):  # noqa: F811
    assert page_login(api, " anna ")[1] == 303


def test_a_nul_in_a_new_initiative_or_an_answer_is_refused_with_its_field(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    r = client.post("/initiatieven/nieuw", data={"naam": "a\x00b", "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 400 and "NUL" in r.text
    ident = new_dossier(client, "Goed")
    r = client.post(f"/initiatieven/{ident}/intake", headers=HTML,
                    data={"csrf_token": csrf(client), "basis": "1", "feit": "gemeente.naam", "gemeente.naam": "U\x00"})
    assert r.status_code == 400 and "NUL" in r.text and "gemeente.naam" in r.text
    assert len(versions_of(api, ident)) == 1


def test_a_nul_through_the_api_is_a_problem_with_its_field(api):  # noqa: F811
    headers = api.token("anna")
    r = api.client.post("/api/dossiers", json={"feiten": {"naam": "x\x00y"}}, headers=headers)
    assert r.status_code == 422
    assert [f.get("veld") for f in r.json()["fouten"]] == ["naam"]


@pytest.mark.parametrize("fields", [
    {"naam": "eva", "wachtwoord": "w" * 1001},
    {"naam": "e" * 201, "wachtwoord": PASSWORD},
    {"naam": "e\x00va", "wachtwoord": PASSWORD},
    {"naam": "e\u0007va", "wachtwoord": PASSWORD},
    {"naam": "eva\u202e", "wachtwoord": PASSWORD},  # turns the text after it around
    {"naam": "e\u200bva", "wachtwoord": PASSWORD},  # invisible: looks like 'eva'
])
def test_beheer_cannot_make_an_account_that_could_never_log_in(api, fields):  # noqa: F811
    client, _ = page_login(api, "carl")
    r = client.post("/beheer/gebruikers", data={**fields, "rol": "adviseur", "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 400
    with api.db.read() as session:  # (a NUL cannot even be asked for on PostgreSQL: compare in Python)
        assert fields["naam"] not in [u.naam for u in session.query(Gebruiker)]


def test_answers_that_exclude_each_other_are_refused_not_resolved(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    ident = new_dossier(client, "Tegenstrijdig")
    for feit, given in (("technieken", ["warmtepomp", "[]"]), ("technieken", ["warmtepomp", "?"]),
                        ("wijk.deelnamebereidheid", ["40", "?"]), ("warmteoplossing", ["individueel", "collectief"])):
        r = client.post(f"/initiatieven/{ident}/intake", headers=HTML,
                        data={"csrf_token": csrf(client), "basis": "1", "feit": feit, feit: given})
        assert r.status_code == 400, (feit, given)
        assert "sluiten elkaar uit" in r.text
    assert len(versions_of(api, ident)) == 1


def test_a_new_initiative_name_past_the_limit_is_refused_not_cut(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    r = client.post("/initiatieven/nieuw", data={"naam": "n" * 201, "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 400 and "te lang" in r.text
    assert "n" * 201 in r.text  # what was typed stays in the form


def test_a_semicolon_in_a_name_cannot_start_a_cell_in_a_dutch_spreadsheet(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    new_dossier(client, "x;=1+1")
    text = client.get("/initiatieven.csv", headers=HTML).text
    row = next(line for line in text.splitlines() if "x;=1+1" in line)
    assert '"x;=1+1"' in row and row.startswith('"')


def test_a_bad_address_value_is_a_page_for_a_browser_and_json_for_a_program(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    ident = new_dossier(client, "Adres")
    r = client.get(f"/initiatieven/{ident}/vergelijk?van=abc", headers=HTML)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html") and "<h1" in r.text
    assert "van" in r.text  # the problem's own words: which value
    r = client.get(f"/initiatieven/{ident}/vergelijk?van=abc")
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert json.loads(r.text)["status"] == 422


def test_an_address_trying_many_names_waits_and_the_table_stays_small(api, monkeypatch):  # noqa: F811
    monkeypatch.setattr(accounts, "ADDRESS_NAMES", 5)
    for n in range(5):
        assert page_login(api, f"verzonnen{n}")[1] == 401
    assert page_login(api, "anna")[1] == 429  # even the right password: this address is trying names
    with api.db.read() as session:
        assert session.query(Inlogpoging).count() == 5


def test_old_failures_are_deleted_when_a_new_one_is_counted(api):  # noqa: F811
    import datetime as dt

    with api.db.write() as session:
        session.add(Inlogpoging(naam="oud", adres="elders", mislukt=9, laatste=accounts.now() - dt.timedelta(days=2)))
    assert page_login(api, "nieuw")[1] == 401
    with api.db.read() as session:
        assert [r.naam for r in session.query(Inlogpoging)] == ["nieuw"]


def test_the_examples_still_round_trip_through_the_change_page(api):  # noqa: F811
    # the contradiction check must not refuse what the change page itself fills in
    from samenwerkwijzer.engine.advice.intake import answered
    from samenwerkwijzer.engine.server.pages.answers import CONTRADICTS, value_of
    from samenwerkwijzer.engine.server.pages.intake import _answered_facts, as_given

    facts = yaml.safe_load(Path("voorbeelden/ontwikkelen-collectief.yaml").read_text(encoding="utf-8"))
    values, _unknown = answered(facts)
    for name in _answered_facts(facts):
        assert value_of(name, as_given(name, values.get(name))) is not CONTRADICTS, name


def test_the_csv_and_its_refusal_are_never_sniffed_as_a_page(api):  # noqa: F811
    client, _ = page_login(api, "anna")
    for query, status in (("", 200), ("?fase=<script>alert(1)</script>", 400)):
        r = client.get("/initiatieven.csv" + query)
        assert r.status_code == status, r.text
        assert r.headers["x-content-type-options"] == "nosniff"
        assert not r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("path", "field"), [("/beheer/gebruikers/wachtwoord", "wachtwoord"),
                                             ("/beheer/gebruikers", "wachtwoord"), ("/initiatieven/nieuw", "naam")])
def test_a_file_in_a_page_form_is_refused_not_stored_as_its_description(api, path, field):  # noqa: F811
    """A form posted as multipart with a file for a field: the page read it as str(UploadFile), so a new
    password (or a first one, or an initiative's name) became 'UploadFile(filename=…)'. No page takes a file."""
    client, status = page_login(api, "carl")
    assert status == 303
    with api.db.read() as session:
        anna = accounts.user_named(session, "anna").id
        before = session.query(Gebruiker).count()
    fields = {"csrf_token": csrf(client), "gebruiker": str(anna), "naam": "femke", "rol": "adviseur"}
    r = client.post(path, data={k: v for k, v in fields.items() if k != field},
                    files={field: ("wachtwoord.txt", b"een wachtwoord uit een bestand")}, headers=HTML)
    assert r.status_code == 415, r.text
    assert "geen bestanden" in r.text
    with api.db.read() as session:
        assert accounts.password_matches(accounts.user_named(session, "anna"), PASSWORD)
        assert session.query(Gebruiker).count() == before
    assert client.get("/initiatieven", headers=HTML).text.count("UploadFile") == 0


def test_names_with_markup_direction_marks_and_control_characters_on_compare_and_history(api):  # noqa: F811
    """The compare page and the history's 'Wat veranderde' put a name into a sentence ('Bij A: … Bij B: …').
    Markup was escaped, but a right-to-left override (U+202E) was passed on: the browser then showed the
    rest of the sentence backwards, the other version's answer too. Now every such character is shown as
    \\u202e (as the CLI shows it), markup stays escaped, and the whole value, 20,000 characters, is there."""
    client, token = api.login("anna")
    facts = yaml.safe_load(Path("voorbeelden/ontwikkelen-collectief.yaml").read_text(encoding="utf-8"))
    made = client.post("/api/dossiers", json={"feiten": facts}, headers={"X-CSRF-Token": token})
    assert made.status_code == 201, made.text
    dossier = made.json()["id"]
    long = "<script>alert(1)</script>\u202eoorD\u202c\x1b[31m" + "lang" * 5000
    changed = dict(facts, naam="<b>Wijk</b>\u202eA", gemeente=dict(facts["gemeente"], naam=long))
    r = client.post(f"/api/dossiers/{dossier}/versies", json={"basis": 1, "feiten": changed},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    for path in (f"/initiatieven/{dossier}/vergelijk?van=1&naar=2", f"/initiatieven/{dossier}/vergelijk?van=2&naar=1",
                 f"/initiatieven/{dossier}/geschiedenis"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200, page.text
        lists = "".join(re.findall(r'<ul class="(?:verschil-lijst|wijzigingen)">.*?</ul>', page.text, re.S))
        lists += re.search(r"regels van nu.</p>\s*<ul>.*?</ul>|$", page.text, re.S).group()  # the two sides
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f]", lists), path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;\\u202eoorD\\u202c\\u001b[31m" + "lang" * 5000 in page.text, path
        assert "<script>alert" not in page.text and "<b>Wijk" not in page.text
    assert "&lt;b&gt;Wijk&lt;/b&gt;\\u202eA" in page.text  # the history names the new name too


@pytest.mark.parametrize("wachtwoord", ["een lang\nwachtwoord", "een lang wachtwoord\r", "w" * 1001, "een\x00lang wachtwoord"])
def test_a_new_password_that_could_never_be_typed_at_the_login_is_refused(api, wachtwoord):  # noqa: F811
    """As for a new account: a browser leaves line breaks out of a password field, so a password with one
    (posted by a script, or from SAMENWERKWIJZER_WACHTWOORD) locked the account out of the login page."""
    client, _ = page_login(api, "carl")
    with api.db.read() as session:
        anna = accounts.user_named(session, "anna").id
    r = client.post("/beheer/gebruikers/wachtwoord", data={"gebruiker": str(anna), "wachtwoord": wachtwoord,
                                                           "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 400
    assert 'id="nieuw-wachtwoord-fout"' in r.text and 'aria-invalid="true"' in r.text
    with api.db.read() as session:
        assert accounts.password_matches(accounts.user_named(session, "anna"), PASSWORD)
