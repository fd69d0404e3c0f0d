"""What a password reset and a role change do to the API tokens and sessions made before them, on
SQLite and PostgreSQL (the `api` and `db` fixtures run each test on both).

A beheerder resets a password mostly because an account may be in the wrong hands: every API token of
that account is revoked with its sessions (page and CLI), and the message says how many. The users page
shows each user's active tokens and lets the beheerder revoke them all. A role is read again on every
request, so a lower role holds at once for an old session and an old token. Two races are held here
too, made to happen in a fixed order (no timing): a login whose password check overlaps a reset, and a
token made by a session that a reset ends while the request is under way."""

from __future__ import annotations

import re

from click.testing import CliRunner
from serverapp import PASSWORD, Api, api  # noqa: F401 - fixture
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures
from sqlalchemy import select, text
from starlette.testclient import TestClient

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.server import account_routes, accounts
from samenwerkwijzer.engine.server.database import Database
from samenwerkwijzer.engine.server.tables import ApiToken, Sessie

HTML = {"Accept": "text/html"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NEW = "een heel nieuw wachtwoord"
BAD_DOSSIER = {"feiten": {"naam": "x\x00y"}}  # a writer gets 422 for it, a lezer 403: no engine run needed


def page_login(api: Api, naam: str, wachtwoord: str = PASSWORD) -> TestClient:  # noqa: F811
    client = TestClient(api.client.app, base_url="https://testserver", follow_redirects=False)
    token = CSRF.search(client.get("/inloggen", headers=HTML).text).group(1)
    r = client.post("/inloggen", data={"naam": naam, "wachtwoord": wachtwoord, "csrf_token": token}, headers=HTML)
    assert r.status_code == 303, r.text
    return client


def csrf(client: TestClient) -> str:
    return CSRF.search(client.get("/beheer/gebruikers", headers=HTML).text).group(1)


def id_of(api: Api, naam: str) -> int:  # noqa: F811
    with api.db.read() as session:
        user = accounts.user_named(session, naam)
        assert user is not None
        return user.id


def works(api: Api, headers: dict[str, str]) -> bool:  # noqa: F811
    status = api.client.get("/api/sessie", headers=headers).status_code
    assert status in (200, 401)
    return status == 200


def reset_on_page(client: TestClient, user_id: int) -> str:
    """A new password through the users page; the message of the page it leads to."""
    r = client.post("/beheer/gebruikers/wachtwoord", data={"gebruiker": str(user_id), "wachtwoord": NEW,
                                                           "csrf_token": csrf(client)}, headers=HTML)
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"], headers=HTML)
    assert page.status_code == 200
    found = re.search(r'<p class="utrecht-alert__message utrecht-paragraph">(.*?)</p>', page.text, re.S)
    assert found, page.text
    return found.group(1)


def token_cell(client: TestClient, naam: str) -> str:
    """The users page's 'API-tokens' cell of `naam`."""
    page = client.get("/beheer/gebruikers", headers=HTML).text
    row = re.search(rf'<tr class="utrecht-table__row">\s*<th[^>]*><bdi>{re.escape(naam)}</bdi>(?: \(u\))?</th>(.*?)</tr>', page, re.S)
    assert row, page
    cell = re.search(r'<td class="utrecht-table__cell" data-tokens>(.*?)</td>', row.group(1), re.S)
    assert cell, row.group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())


# -- a password reset ---------------------------------------------------------------------------

def test_a_reset_on_the_page_revokes_every_token_of_that_account(api: Api) -> None:  # noqa: F811
    first, second, other = api.token("anna"), api.token("anna"), api.token("bea")
    assert works(api, first) and works(api, second)
    carl = page_login(api, "carl")
    message = reset_on_page(carl, id_of(api, "anna"))
    assert "2 API-tokens zijn ingetrokken" in message
    assert not works(api, first) and not works(api, second)  # 401: the intruder's token is gone too
    assert works(api, other)  # bea's token is untouched
    # anna logs in with the new password and sees both tokens as revoked
    client = api.fresh()
    r = client.post("/api/sessie", json={"naam": "anna", "wachtwoord": NEW})
    assert r.status_code == 200
    listed = client.get("/api/tokens").json()
    assert len(listed) == 2 and all(t["ingetrokken"] for t in listed)
    # a second reset finds nothing left to revoke and says so
    assert "geen API-tokens" in reset_on_page(carl, id_of(api, "anna"))


def test_a_beheerder_who_resets_the_own_password_stays_logged_in_but_loses_the_tokens(api: Api) -> None:  # noqa: F811
    mine = api.token("carl")
    carl = page_login(api, "carl")
    message = reset_on_page(carl, id_of(api, "carl"))
    assert "U blijft hier ingelogd" in message and "1 API-token is ingetrokken" in message
    assert "sessie" not in message and "carl heeft" not in message, message  # jargon; and she is 'u' here
    assert not works(api, mine)
    assert carl.get("/beheer/gebruikers", headers=HTML).status_code == 200  # this session stays


def test_a_reset_on_the_command_line_revokes_every_token_of_that_account(db: Database) -> None:  # noqa: F811
    with db.write() as session:
        anna = accounts.add_user(session, "Utrecht", "anna", "beheerder", PASSWORD)
        bea = accounts.add_user(session, "Utrecht", "bea", "adviseur", PASSWORD)
        for user in (anna, anna, anna, bea):
            accounts.new_token(session, user.id, "koppeling")
        anna_id, bea_id = anna.id, bea.id
    runner = CliRunner()
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin", "--database", db.url],
                      input=NEW + "\n")
    assert r.exit_code == 0, r.output
    assert r.output == ("gebruiker 'anna' heeft een nieuw wachtwoord; deze gebruiker is overal uitgelogd "
                        "en 3 API-tokens zijn ingetrokken\n")
    with db.read() as session:
        active = session.scalars(select(ApiToken.gebruiker_id).where(ApiToken.ingetrokken.is_(None))).all()
        assert active == [bea_id]
        assert len(accounts.tokens_of(session, anna_id)) == 3  # kept, marked revoked: the owner still sees them
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin", "--database", db.url],
                      input=NEW + "\n")
    assert r.exit_code == 0 and r.output.endswith("er waren geen API-tokens om in te trekken\n"), r.output


def test_a_token_made_before_a_command_line_reset_is_refused_after_it(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    r = CliRunner().invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin",
                                  "--database", api.db.url], input=NEW + "\n")
    assert r.exit_code == 0, r.output
    assert api.client.get("/api/dossiers", headers=headers).status_code == 401


# -- the beheerder revokes a user's tokens ------------------------------------------------------

def test_the_users_page_counts_active_tokens_and_the_beheerder_revokes_them(api: Api) -> None:  # noqa: F811
    first, second, other = api.token("anna"), api.token("anna"), api.token("bea")
    carl = page_login(api, "carl")
    assert "2" in token_cell(carl, "anna") and "1" in token_cell(carl, "bea")
    assert token_cell(carl, "carl") == "0"  # nothing to revoke: no button
    r = carl.post(f"/beheer/gebruikers/{id_of(api, 'anna')}/tokens", data={"csrf_token": csrf(carl)}, headers=HTML)
    assert r.status_code == 303, r.text
    page = carl.get(r.headers["location"], headers=HTML).text
    assert "2 API-tokens van anna zijn ingetrokken." in page
    assert token_cell(carl, "anna") == "0"
    assert not works(api, first) and not works(api, second) and works(api, other)
    with api.db.read() as session:  # anna's sessions are not ended by this: only the tokens
        assert session.scalar(select(Sessie.id).where(Sessie.gebruiker_id == id_of(api, "anna"))) is not None


def test_revoking_tokens_needs_the_csrf_token_and_a_beheerder(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    anna_id = id_of(api, "anna")
    carl = page_login(api, "carl")
    r = carl.post(f"/beheer/gebruikers/{anna_id}/tokens", data={}, headers=HTML)
    assert r.status_code == 403
    adviseur = page_login(api, "anna")
    own = CSRF.search(adviseur.get("/initiatieven", headers=HTML).text).group(1)
    r = adviseur.post(f"/beheer/gebruikers/{anna_id}/tokens", data={"csrf_token": own}, headers=HTML)
    assert r.status_code == 403
    program = TestClient(api.client.app, base_url="https://testserver", follow_redirects=False)
    r = program.post(f"/beheer/gebruikers/{anna_id}/tokens", headers={**HTML, **api.token("carl")})
    # pages take no API token: the login page comes at once (it keeps a posted form: engine/server/pages/keep.py)
    assert r.status_code == 401 and 'action="/inloggen"' in r.text
    assert works(api, headers)


def test_a_beheerder_of_another_gemeente_cannot_revoke_the_tokens(api: Api) -> None:  # noqa: F811
    with api.db.write() as session:
        accounts.add_user(session, "Zwolle", "zeger", "beheerder", PASSWORD)
    headers = api.token("anna")  # Utrecht
    zeger = page_login(api, "zeger")
    for user_id in (id_of(api, "anna"), 999_999):
        r = zeger.post(f"/beheer/gebruikers/{user_id}/tokens", data={"csrf_token": csrf(zeger)}, headers=HTML)
        assert r.status_code == 404, r.text
    assert works(api, headers)
    assert "anna" not in zeger.get("/beheer/gebruikers", headers=HTML).text


# -- a lower role holds at once -----------------------------------------------------------------

def test_a_lower_role_holds_at_once_for_an_old_session_and_an_old_token(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    client, token = api.login("anna")
    cookie = {"X-CSRF-Token": token}
    assert api.client.post("/api/dossiers", json=BAD_DOSSIER, headers=headers).status_code == 422
    assert client.post("/api/dossiers", json=BAD_DOSSIER, headers=cookie).status_code == 422
    carl = page_login(api, "carl")
    r = carl.post(f"/beheer/gebruikers/{id_of(api, 'anna')}/rol", data={"rol": "lezer", "csrf_token": csrf(carl)},
                  headers=HTML)
    assert r.status_code == 303
    assert api.client.post("/api/dossiers", json=BAD_DOSSIER, headers=headers).status_code == 403
    assert client.post("/api/dossiers", json=BAD_DOSSIER, headers=cookie).status_code == 403
    assert client.get("/api/sessie").json()["rol"] == "lezer"


def test_a_former_beheerder_loses_the_users_page_at_once(api: Api) -> None:  # noqa: F811
    with api.db.write() as session:
        accounts.add_user(session, "Utrecht", "hanna", "beheerder", PASSWORD)
    hanna = page_login(api, "hanna")
    hanna_csrf = csrf(hanna)
    carl = page_login(api, "carl")
    r = carl.post(f"/beheer/gebruikers/{id_of(api, 'hanna')}/rol", data={"rol": "adviseur", "csrf_token": csrf(carl)},
                  headers=HTML)
    assert r.status_code == 303
    assert hanna.get("/beheer/gebruikers", headers=HTML).status_code == 403
    r = hanna.post(f"/beheer/gebruikers/{id_of(api, 'carl')}/rol", data={"rol": "lezer", "csrf_token": hanna_csrf},
                   headers=HTML)
    assert r.status_code == 403


# -- races, in a fixed order --------------------------------------------------------------------

def test_a_login_whose_password_check_overlaps_a_reset_gets_no_session(api: Api, monkeypatch) -> None:  # noqa: F811
    """The old password is checked outside any transaction (it takes ~150 ms); a reset that lands in
    that moment must win: the login with the old password opens no session after it."""
    checked = accounts.password_matches

    def reset_meanwhile(user, wachtwoord):
        right = checked(user, wachtwoord)
        hashed = accounts.password_hash(NEW)
        with api.db.write() as session:
            found = accounts.user_named(session, "anna")
            accounts.set_password(session, found, NEW, hashed=hashed)
        return right

    monkeypatch.setattr(accounts, "password_matches", reset_meanwhile)
    r = api.fresh().post("/api/sessie", json={"naam": "anna", "wachtwoord": PASSWORD})
    assert r.status_code == 401, r.text
    monkeypatch.setattr(accounts, "password_matches", checked)
    with api.db.read() as session:
        assert session.scalar(select(Sessie.id).where(Sessie.gebruiker_id == id_of(api, "anna"))) is None
    assert api.fresh().post("/api/sessie", json={"naam": "anna", "wachtwoord": NEW}).status_code == 200


def test_a_token_asked_for_by_a_session_that_a_reset_ends_meanwhile_is_not_made(api: Api, monkeypatch) -> None:  # noqa: F811
    """A token request is checked first and written after: a reset in between ends the session, and the
    token it asked for must not be made (it would outlive the reset)."""
    client, token = api.login("anna")
    read = account_routes.envelope

    def reset_meanwhile(*args, **kwargs):
        given = read(*args, **kwargs)
        hashed = accounts.password_hash(NEW)
        with api.db.write() as session:
            accounts.set_password(session, accounts.user_named(session, "anna"), NEW, hashed=hashed)
        return given

    monkeypatch.setattr(account_routes, "envelope", reset_meanwhile)
    r = client.post("/api/tokens", json={"naam": "achterdeur"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 401, r.text
    with api.db.read() as session:
        assert accounts.tokens_of(session, id_of(api, "anna")) == []


def test_on_postgresql_a_reset_and_a_new_session_or_token_wait_for_each_other(pg_cluster) -> None:  # noqa: F811
    """On SQLite every write holds the one write lock; PostgreSQL lets writes run side by side, so a reset
    and a login (or a token request) must queue on the account's row. Shown without timing: while one
    holds the row, the other cannot get it even for a moment (lock_timeout), and nothing of it is kept."""
    from sqlalchemy.exc import OperationalError

    db = Database(pg_cluster.new_database())  # noqa: F811 - PostgreSQL only, not the fixture
    db.upgrade()
    try:
        with db.write() as session:
            anna = accounts.add_user(session, "Utrecht", "anna", "adviseur", PASSWORD)
            anna_id = anna.id
        hashed = accounts.password_hash(NEW)
        # 1. a login or token request holds the row (lock_user): a reset cannot change the password meanwhile
        with db.write() as first:
            assert accounts.lock_user(first, anna_id) is not None
            try:
                with db.write() as second:
                    second.execute(text("SET LOCAL lock_timeout = '1ms'"))
                    accounts.set_password(second, accounts.user_named(second, "anna"), NEW, hashed=hashed)
                raise AssertionError("the reset changed the account while a login held it")
            except OperationalError as exc:
                assert "lock" in str(exc).lower()
        # 2. a reset under way holds the row: a login or token request cannot take it meanwhile
        with db.write() as first:
            accounts.set_password(first, accounts.user_named(first, "anna"), NEW, hashed=hashed)
            try:
                with db.write() as second:
                    second.execute(text("SET LOCAL lock_timeout = '1ms'"))
                    accounts.lock_user(second, anna_id)
                raise AssertionError("a login took the account while a reset was under way")
            except OperationalError as exc:
                assert "lock" in str(exc).lower()
        with db.read() as session:
            assert accounts.password_matches(accounts.user_named(session, "anna"), NEW)
    finally:
        db.dispose()
