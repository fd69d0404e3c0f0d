"""Where the data lives: the database URL, the engine with its settings, sessions and migrations.

SQLite (the default, a file in the user's data folder) runs in WAL mode with foreign keys on and
`synchronous=FULL`: a commit returns only after the write-ahead log is on disk, so whatever the
server acknowledged survives a killed process and also a power cut (NORMAL would survive only
the former). Writes start with BEGIN IMMEDIATE, so two writers queue on the lock (busy_timeout)
instead of one failing halfway; within one process they first queue on a Python lock, which is
fair and wakes at once, where SQLite's busy handler sleeps in growing steps (long waits at p95). PostgreSQL is durable by itself and needs none of this.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InputError, Problem

ENV = "SAMENWERKWIJZER_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_MS = 30_000


def default_url() -> str:
    """SQLite in the user's data folder (platformdirs), the folder created when missing."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("samenwerkwijzer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'samenwerkwijzer.db'}"


def database_url(option: str | None = None) -> str:
    """--database, else SAMENWERKWIJZER_DATABASE_URL, else the SQLite file in the user's data folder."""
    url = option or os.environ.get(ENV) or default_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(Problem("geen geldige database-URL (bijvoorbeeld sqlite:///pad/naar.db of "
                                 "postgresql+psycopg://gebruiker@host/naam)", field="--database")) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(Problem(f"database '{parsed.get_backend_name()}' wordt niet ondersteund",
                                 field="--database", allowed=["sqlite", "postgresql"]))
    return url


class Database:
    """One database: an engine for reading and, on SQLite, one that opens every transaction for writing."""

    def __init__(self, url: str):
        self.url = url
        self.sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.sqlite:
            self.engine = _sqlite_engine(url, "BEGIN")
            self.writer = _sqlite_engine(url, "BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
            self.writer = self.engine
        self.queue = threading.Lock() if self.sqlite else None
        self.reads = sessionmaker(self.engine, expire_on_commit=False)
        self.writes = sessionmaker(self.writer, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.reads() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits when the block ends (and only then is the write acknowledged)."""
        if self.queue is None:
            with self.writes() as session, session.begin():
                yield session
            return
        with self.queue, self.writes() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (Alembic); nothing happens when it is current."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.writer.begin() as connection:
            if not self.sqlite:  # several processes starting at once: one migrates, the others wait and find it done
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(724101)")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()
        if self.writer is not self.engine:
            self.writer.dispose()


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _settings(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves (pysqlite's own would defer it)
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", f"busy_timeout={BUSY_MS}"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine
