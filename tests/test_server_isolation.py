"""Isolation for every dossier endpoint, on SQLite and a real PostgreSQL: another gemeente gets 404,
a lezer 403 on every write, no session or token 401, a cookie request without its CSRF token 403."""

from __future__ import annotations

import pytest
from serverapp import DAY, Api, api  # noqa: F401 - fixtures
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures

from samenwerkwijzer.engine.server.app import create_app
from samenwerkwijzer.engine.server.database import Database

# every dossier endpoint: method, path ({id}: a dossier of Utrecht), JSON body, writes?
ENDPOINTS = [
    ("GET", "/api/dossiers", None, False),
    ("POST", "/api/dossiers", {"feiten": {"naam": "Nieuw"}, "peildatum": DAY}, True),
    ("GET", "/api/dossiers/{id}", None, False),
    ("POST", "/api/dossiers/{id}/versies", {"basis": 1, "feiten": {"naam": "Anders"}, "peildatum": DAY}, True),
    ("GET", "/api/dossiers/{id}/versies", None, False),
    ("GET", "/api/dossiers/{id}/versies/1", None, False),
    ("GET", "/api/dossiers/{id}/export", None, False),
    ("GET", "/api/dossiers/{id}/vergelijk", None, False),
]
TEMPLATES = {"/api/dossiers": "/api/dossiers", "/api/dossiers/{dossier_id}": "/api/dossiers/{id}",
             "/api/dossiers/{dossier_id}/versies": "/api/dossiers/{id}/versies",
             "/api/dossiers/{dossier_id}/versies/{nummer}": "/api/dossiers/{id}/versies/1",
             "/api/dossiers/{dossier_id}/export": "/api/dossiers/{id}/export",
             "/api/dossiers/{dossier_id}/vergelijk": "/api/dossiers/{id}/vergelijk"}


def test_the_table_names_every_dossier_endpoint(tmp_path) -> None:
    found = Database(f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(found, adviseur=_adviseur())
    routes = {(m.upper(), TEMPLATES.get(p, p)) for p, item in app.openapi()["paths"].items()
              if p.startswith("/api/dossiers") for m in item}
    found.dispose()
    assert routes == {(m, p) for m, p, _, _ in ENDPOINTS}


def _adviseur():
    from serverapp import shared_adviseur

    return shared_adviseur()


def _dossier_of_anna(api: Api) -> int:  # noqa: F811
    client, csrf = api.login("anna")
    r = client.post("/api/dossiers", json={"feiten": {"naam": "Buurt"}, "peildatum": DAY}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    return int(r.json()["id"])


def _call(client, method: str, path: str, body, headers=None):
    return client.request(method, path, json=body, headers=headers or {})


def test_another_gemeente_gets_404_on_every_endpoint_of_the_dossier(api: Api) -> None:  # noqa: F811
    did = _dossier_of_anna(api)
    dirk, csrf = api.login("dirk")
    token = api.token("dirk")
    for method, path, body, _ in ENDPOINTS:
        if "{id}" not in path:
            continue
        for client, headers in ((dirk, {"X-CSRF-Token": csrf}), (api.fresh(), token)):
            r = _call(client, method, path.format(id=did), body, headers)
            assert r.status_code == 404, (method, path, r.text)
            assert "Buurt" not in r.text
    assert dirk.get("/api/dossiers").json() == []


def test_a_lezer_gets_403_on_every_write(api: Api) -> None:  # noqa: F811
    did = _dossier_of_anna(api)
    bea, csrf = api.login("bea")
    token = api.token("bea")
    for method, path, body, writes in ENDPOINTS:
        for client, headers in ((bea, {"X-CSRF-Token": csrf}), (api.fresh(), token)):
            r = _call(client, method, path.format(id=did), body, headers)
            assert r.status_code == (403 if writes else 200), (method, path, r.text)
    assert [v["nummer"] for v in bea.get(f"/api/dossiers/{did}/versies").json()] == [1]


def test_no_session_or_token_gets_401_everywhere(api: Api) -> None:  # noqa: F811
    did = _dossier_of_anna(api)
    for method, path, body, _ in ENDPOINTS:
        for headers in ({}, {"Authorization": "Bearer sw_onzin"}, {"Cookie": "sw_sessie=onzin"}):
            r = _call(api.fresh(), method, path.format(id=did), body, headers)
            assert r.status_code == 401, (method, path, headers, r.text)
            assert r.headers["content-type"] == "application/problem+json"


def test_a_write_with_a_cookie_needs_its_csrf_token(api: Api) -> None:  # noqa: F811
    did = _dossier_of_anna(api)
    anna, csrf = api.login("anna")
    _other, other_csrf = api.login("carl")  # a valid token, of another session
    for method, path, body, writes in ENDPOINTS:
        if not writes:
            continue
        for headers in ({}, {"X-CSRF-Token": "fout"}, {"X-CSRF-Token": other_csrf}):
            r = _call(anna, method, path.format(id=did), body, headers)
            assert r.status_code == 403 and "CSRF" in r.json()["detail"], (method, path, headers)
        form = anna.post(path.format(id=did), data={"basis": "1"})  # a form without its token
        assert form.status_code == 403 and "CSRF" in form.json()["detail"]
        with_token = anna.post(path.format(id=did), data={"basis": "1", "csrf_token": csrf})
        assert with_token.status_code == 415  # past the CSRF check; the API itself takes JSON
    assert [v["nummer"] for v in anna.get(f"/api/dossiers/{did}/versies").json()] == [1]
    assert len(anna.get("/api/dossiers").json()) == 1
    r = anna.delete("/api/sessie")
    assert r.status_code == 403  # logging out is a change too


@pytest.mark.parametrize("who", ["anna", "bea"])
def test_a_token_needs_no_csrf_token(api: Api, who: str) -> None:  # noqa: F811
    r = api.fresh().post("/api/dossiers", json={"feiten": {"naam": "x"}, "peildatum": DAY}, headers=api.token(who))
    assert r.status_code == (201 if who == "anna" else 403)
