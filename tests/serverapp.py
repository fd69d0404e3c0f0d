"""The server app on a fresh database of each kind, with accounts in two gemeenten, for the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures
from starlette.testclient import TestClient

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database

PASSWORD = "een heel lang wachtwoord"
USERS = {"anna": ("Utrecht", "adviseur"), "bea": ("Utrecht", "lezer"), "carl": ("Utrecht", "beheerder"),
         "dirk": ("Zwolle", "adviseur")}
DAY = "2026-01-01"


@dataclass
class Api:
    db: Database
    client: TestClient

    def fresh(self) -> TestClient:
        """Another browser: a client without cookies."""
        return TestClient(self.client.app, base_url="https://testserver")

    def login(self, naam: str) -> tuple[TestClient, str]:
        """A client with a session cookie for `naam`, and its CSRF token."""
        client = self.fresh()
        r = client.post("/api/sessie", json={"naam": naam, "wachtwoord": PASSWORD})
        assert r.status_code == 200, r.text
        return client, r.json()["csrf_token"]

    def token(self, naam: str) -> dict[str, str]:
        """Authorization headers with a new API token of `naam`."""
        client, csrf = self.login(naam)
        r = client.post("/api/tokens", json={"naam": "koppeling"}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}


_ADVISEUR: list[Adviseur] = []


def shared_adviseur() -> Adviseur:
    if not _ADVISEUR:
        _ADVISEUR.append(Adviseur())
    return _ADVISEUR[0]


@pytest.fixture
def api(db: Database) -> Iterator[Api]:  # noqa: F811
    with db.write() as session:
        for naam, (gemeente, rol) in USERS.items():
            accounts.add_user(session, gemeente, naam, rol, PASSWORD)
    client = TestClient(asgi(db, shared_adviseur()), base_url="https://testserver")
    yield Api(db=db, client=client)
