"""The server's commands: db upgrade, gebruiker toevoegen (password never an argument), and the
request limits around the app (time limit) on a real slow ASGI app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from starlette.testclient import TestClient

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.server.database import Database
from samenwerkwijzer.engine.server.limits import Limits
from samenwerkwijzer.engine.server.tables import Gebruiker, Gemeente


@pytest.mark.parametrize("args", [["serve"], ["db"], ["db", "upgrade"], ["gebruiker"], ["gebruiker", "toevoegen"],
                                  ["gebruiker", "wachtwoord"]],
                         ids=" ".join)
def test_help_of_the_server_commands_is_dutch(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0 and result.output.startswith("Gebruik: ")
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[OPTIONS]", "TEXT", "INTEGER"):
        assert english not in result.output


def test_db_upgrade_and_adding_users(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sw.db'}"
    runner = CliRunner()
    r = runner.invoke(main, ["db", "upgrade", "--database", url])
    assert r.exit_code == 0 and "bijgewerkt" in r.output
    r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "anna", "--rol", "beheerder",
                             "--wachtwoord-stdin", "--database", url], input="een heel lang wachtwoord\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "bea", "--rol", "lezer",
                             "--database", url], env={"SAMENWERKWIJZER_WACHTWOORD": "nog een lang wachtwoord"})
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "cor", "--rol", "adviseur",
                             "--database", url], input="een heel lang wachtwoord\neen heel lang wachtwoord\n")
    assert r.exit_code == 0 and "heel lang" not in r.output  # asked twice, not shown
    r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "anna", "--rol", "adviser",
                             "--wachtwoord-stdin", "--database", url], input="kort\n")
    assert r.exit_code == 2 and "bedoelde u 'adviseur'" in r.output and "al een gebruiker 'anna'" in r.output
    assert "Traceback" not in r.output
    db = Database(url)
    with db.read() as s:
        assert s.scalars(select(Gebruiker.naam).order_by(Gebruiker.naam)).all() == ["anna", "bea", "cor"]
        assert s.scalars(select(Gemeente.naam)).all() == ["Utrecht"]
    db.dispose()


def test_a_forgotten_password_is_replaced_and_every_session_of_that_user_ends(tmp_path: Path) -> None:
    from samenwerkwijzer.engine.server import accounts
    from samenwerkwijzer.engine.server.tables import Inlogpoging, Sessie

    url = f"sqlite:///{tmp_path / 'sw.db'}"
    runner = CliRunner()
    for naam in ("anna", "bea"):
        r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", naam, "--rol", "beheerder",
                                 "--wachtwoord-stdin", "--database", url], input="het oude wachtwoord\n")
        assert r.exit_code == 0, r.output
    db = Database(url)
    with db.write() as s:
        for naam in ("anna", "bea"):
            user = accounts.user_named(s, naam)
            accounts.open_session(s, user)
            accounts.count_failure(s, naam, "10.0.0.1")
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin", "--database", url],
                      input="het nieuwe wachtwoord\n")
    assert r.exit_code == 0, r.output
    assert r.output == ("gebruiker 'anna' heeft een nieuw wachtwoord; deze gebruiker is overal uitgelogd "
                        "en er waren geen API-tokens om in te trekken\n")
    with db.read() as s:
        anna, bea = accounts.user_named(s, "anna"), accounts.user_named(s, "bea")
        assert accounts.password_matches(anna, "het nieuwe wachtwoord")
        assert not accounts.password_matches(anna, "het oude wachtwoord")
        assert accounts.password_matches(bea, "het oude wachtwoord")  # another user is untouched
        assert s.scalars(select(Sessie.gebruiker_id)).all() == [bea.id]
        assert s.scalars(select(Inlogpoging.naam)).all() == ["bea"]
    # asked twice at the prompt, never shown; a short one, an unknown name: exit 2 with the field, nothing changed
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "bea", "--database", url],
                      input="een derde wachtwoord\neen derde wachtwoord\n")
    assert r.exit_code == 0 and "derde" not in r.output
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin", "--database", url],
                      input="kort\n")
    assert r.exit_code == 2 and "minstens 12 tekens" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "ana", "--wachtwoord-stdin", "--database", url],
                      input="het nieuwe wachtwoord\n")
    assert r.exit_code == 2 and "--naam" in r.output and "er is geen gebruiker 'ana'" in r.output
    with db.read() as s:
        assert accounts.password_matches(accounts.user_named(s, "anna"), "het nieuwe wachtwoord")
        assert accounts.password_matches(accounts.user_named(s, "bea"), "een derde wachtwoord")
    db.dispose()


def test_the_default_database_is_sqlite_in_the_user_data_folder(tmp_path: Path, monkeypatch) -> None:
    from samenwerkwijzer.engine.server.database import ENV, database_url

    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'samenwerkwijzer' / 'samenwerkwijzer.db'}"
    monkeypatch.setenv(ENV, "postgresql+psycopg://x@y/z")
    assert database_url() == "postgresql+psycopg://x@y/z"
    assert database_url("sqlite:///elders.db") == "sqlite:///elders.db"


def test_a_bad_database_url_is_one_dutch_line() -> None:
    r = CliRunner().invoke(main, ["db", "upgrade", "--database", "mysql://x@y/z"])
    assert r.exit_code == 2 and "toegestaan: sqlite, postgresql" in r.output


async def slow_app(scope, receive, send) -> None:
    await asyncio.sleep(5)


def test_a_request_over_its_time_limit_gets_503() -> None:
    client = TestClient(Limits(slow_app, seconds=0.2))
    r = client.get("/")
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"


def test_a_port_in_use_is_one_dutch_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert r.exit_code == 2 and f"127.0.0.1:{port} is al in gebruik" in r.output


def test_a_password_is_hashed_before_the_write_lock_is_taken(tmp_path: Path, monkeypatch) -> None:
    # hashing takes ~150 ms of processor time; on SQLite a write holds the one lock every writer waits for
    import contextlib

    from samenwerkwijzer.engine.server import accounts

    url = f"sqlite:///{tmp_path / 'sw.db'}"
    writing = {"now": False, "hashed_inside": 0, "hashed": 0}
    real_write = Database.write

    @contextlib.contextmanager
    def write(self):  # type: ignore[no-untyped-def]
        with real_write(self) as session:
            writing["now"] = True
            try:
                yield session
            finally:
                writing["now"] = False

    real = accounts._HASHER

    class Counting:  # argon2's PasswordHasher has slots: wrap it, counting where `hash` is called
        def hash(self, secret: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            writing["hashed"] += 1
            writing["hashed_inside"] += writing["now"]
            return real.hash(secret, *args, **kwargs)

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(real, name)

    monkeypatch.setattr(Database, "write", write)
    monkeypatch.setattr(accounts, "_HASHER", Counting())
    runner = CliRunner()
    r = runner.invoke(main, ["gebruiker", "toevoegen", "--gemeente", "Utrecht", "--naam", "anna", "--rol", "beheerder",
                             "--wachtwoord-stdin", "--database", url], input="een heel lang wachtwoord\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["gebruiker", "wachtwoord", "--naam", "anna", "--wachtwoord-stdin", "--database", url],
                      input="een ander lang wachtwoord\n")
    assert r.exit_code == 0, r.output
    assert writing["hashed"] == 2 and writing["hashed_inside"] == 0
    db = Database(url)
    with db.read() as s:
        assert accounts.password_matches(accounts.user_named(s, "anna"), "een ander lang wachtwoord")
    db.dispose()
