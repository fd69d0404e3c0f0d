"""A worker's app owns its database: when the server stops, the app closes the connections (the
program may end at once after its command, without Python closing them one by one). An app that
was given a database it does not own leaves it open for whoever made it."""

from __future__ import annotations

from pathlib import Path

from serverapp import shared_adviseur
from sqlalchemy import text
from starlette.testclient import TestClient

from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database


def pooled(db: Database) -> int:
    return int(db.engine.pool.checkedin())  # type: ignore[attr-defined]


def test_an_app_that_owns_its_database_closes_it_when_the_server_stops(tmp_path: Path) -> None:
    for owns, left in ((True, 0), (False, 1)):
        db = Database(f"sqlite:///{tmp_path / f'{owns}.db'}")
        db.upgrade()
        db.dispose()
        with TestClient(asgi(db, shared_adviseur(), owns_db=owns)) as client:
            assert client.get("/api/schema/feiten").status_code == 200
            with db.engine.connect() as conn:
                conn.execute(text("select 1"))
            assert pooled(db) == 1
        assert pooled(db) == left, owns
        db.dispose()
