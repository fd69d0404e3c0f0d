"""Storage of the server on SQLite and a real PostgreSQL: migrations, append-only versions, the
optimistic lock (also under a real race between threads), accounts, SQLite's durability settings."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures
from sqlalchemy import inspect, select

from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.server import accounts, dossiers
from samenwerkwijzer.engine.server.database import Database
from samenwerkwijzer.engine.server.tables import Base, Versie

SAVED = dossiers.Saved(naam="Buurt", peildatum=dt.date(2026, 1, 1), feiten='{"naam": "Buurt"}', regelbasis_versie="0.1.0",
                       regelbasis_hash="abc", advies='{"naam": "Buurt"}\n')


def who(session, naam: str = "anna", gemeente: str = "Utrecht", rol: str = "adviseur") -> accounts.Account:
    user = accounts.add_user(session, gemeente, naam, rol, "een heel lang wachtwoord")
    place = session.get(accounts.Gemeente, user.gemeente_id)
    return accounts.account(user, place)


def test_migration_makes_the_schema_of_the_models_and_runs_twice(db: Database) -> None:  # noqa: F811
    db.upgrade()  # a second time: nothing to do
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diffs == []
    assert {"gemeente", "gebruiker", "sessie", "api_token", "inlogpoging", "dossier", "versie", "alembic_version"} <= tables


def test_versions_are_appended_and_a_stale_basis_is_a_conflict(db: Database) -> None:  # noqa: F811
    with db.write() as s:
        anna = who(s)
        dossier, first = dossiers.create(s, anna, SAVED)
    with db.write() as s:
        d = dossiers.find(s, anna, dossier.id)
        second = dossiers.add_version(s, anna, d, 1, SAVED)
    assert (first.nummer, second.nummer) == (1, 2)
    with pytest.raises(dossiers.Conflict) as caught, db.write() as s:
        dossiers.add_version(s, anna, dossiers.find(s, anna, dossier.id), 1, SAVED)
    assert caught.value.latest == 2
    with db.read() as s:
        assert [v.nummer for v, _ in dossiers.history(s, dossiers.find(s, anna, dossier.id))] == [1, 2]


def test_two_writers_on_the_same_basis_one_wins(db: Database) -> None:  # noqa: F811
    with db.write() as s:
        anna = who(s)
        dossier, _ = dossiers.create(s, anna, SAVED)
    start = threading.Barrier(8)
    outcome: list[str] = []

    def save() -> None:
        start.wait()
        try:
            with db.write() as s:
                dossiers.add_version(s, anna, dossiers.find(s, anna, dossier.id), 1, SAVED)
            outcome.append("ok")
        except dossiers.Conflict:
            outcome.append("conflict")

    threads = [threading.Thread(target=save) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == ["conflict"] * 7 + ["ok"]
    with db.read() as s:
        assert s.scalars(select(Versie.nummer).where(Versie.dossier_id == dossier.id)).all() == [1, 2]


def test_another_gemeente_does_not_find_the_dossier(db: Database) -> None:  # noqa: F811
    with db.write() as s:
        anna, dirk = who(s), who(s, "dirk", "Zwolle")
        dossier, _ = dossiers.create(s, anna, SAVED)
    with db.read() as s:
        assert dossiers.find(s, dirk, dossier.id) is None
        assert dossiers.listing(s, dirk) == []
        assert [d.id for d, _, _ in dossiers.listing(s, anna)] == [dossier.id]


def test_passwords_are_argon2_hashes_and_wrong_ones_are_counted(db: Database) -> None:  # noqa: F811
    with db.write() as s:
        who(s)
    with db.write() as s:
        user = s.scalar(select(accounts.Gebruiker))
        assert user.wachtwoord.startswith("$argon2") and "lang" not in user.wachtwoord
        assert not accounts.password_matches(user, "fout")
        assert accounts.password_matches(user, "een heel lang wachtwoord")
        assert not accounts.password_matches(None, "een heel lang wachtwoord")
        for _ in range(accounts.FREE_FAILURES):
            accounts.count_failure(s, "anna", "1.2.3.4")
    with db.write() as s:
        assert accounts.wait_left(s, "anna", "1.2.3.4") > 0
        assert accounts.wait_left(s, "anna", "5.6.7.8") == 0  # per account and address
        accounts.forget_failures(s, "anna", "1.2.3.4")
        assert accounts.wait_left(s, "anna", "1.2.3.4") == 0


def test_a_bad_user_is_refused_with_every_problem(db: Database) -> None:  # noqa: F811
    with pytest.raises(InputError) as caught, db.write() as s:
        accounts.add_user(s, "Utrecht", "", "adviser", "kort")
    text = caught.value.format()
    assert "bedoelde u 'adviseur'" in text and "minstens 12 tekens" in text and "leeg" in text


def test_tokens_and_sessions_are_stored_as_hashes_and_can_be_revoked(db: Database) -> None:  # noqa: F811
    with db.write() as s:
        anna = who(s)
        user = s.get(accounts.Gebruiker, anna.id)
        row, token = accounts.new_token(s, anna.id, "koppeling")
        cookie, _csrf = accounts.open_session(s, user)
    with db.read() as s:
        assert accounts.by_token(s, token).naam == "anna"
        assert accounts.by_cookie(s, cookie).naam == "anna"
        assert row.sleutel != token and token not in str(s.scalars(select(accounts.ApiToken.sleutel)).all())
    with db.write() as s:
        s.get(accounts.ApiToken, row.id).ingetrokken = accounts.now()
        accounts.close_session(s, cookie)
    with db.read() as s:
        assert accounts.by_token(s, token) is None and accounts.by_cookie(s, cookie) is None


def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path) -> None:
    found = Database(f"sqlite:///{tmp_path / 'x.db'}")
    found.upgrade()
    with found.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    found.dispose()


def test_a_bad_database_url_is_an_input_error() -> None:
    from samenwerkwijzer.engine.server.database import database_url

    with pytest.raises(InputError, match="toegestaan: sqlite, postgresql"):
        database_url("mysql://x@y/z")
    with pytest.raises(InputError, match="geen geldige database-URL"):
        database_url("geen url")
