"""A real server (uvicorn subprocess) killed with SIGKILL in the middle of saving versions: after a
restart every acknowledged version is there, the history has no gaps and the database is consistent."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from serverdb import db_url, pg_cluster  # noqa: F401 - fixtures

from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.database import Database

WRITERS = 4
ACKED_BEFORE_KILL = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(url: str, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`samenwerkwijzer serve` in a session of its own, once it answers."""
    cmd = [sys.executable, "-m", "samenwerkwijzer.cli", "serve", "--port", str(port), "--database", url,
           "--log-niveau", "warning", *extra]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"server stopte: {log.read_text(errors='replace')}")
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("server kwam niet op")


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_version(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    db = Database(db_url)
    db.upgrade()
    with db.write() as s:
        user = accounts.add_user(s, "Utrecht", "anna", "adviseur", "een heel lang wachtwoord")
        token = accounts.new_token(s, user.id, "crash")[1]
    db.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(db_url, port, tmp_path / "server.log")
    dossier_ids = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for n in range(WRITERS):
            r = client.post("/api/dossiers", json={"feiten": {"naam": f"Buurt {n}"}, "peildatum": "2026-01-01"})
            assert r.status_code == 201
            dossier_ids.append(r.json()["id"])
    acked: dict[int, list[int]] = {d: [1] for d in dossier_ids}
    lock = threading.Lock()
    stop = threading.Event()
    refused: list[str] = []

    def writer(did: int) -> None:
        basis = 1
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            while not stop.is_set():
                try:
                    r = client.post(f"/api/dossiers/{did}/versies", json={"basis": basis, "peildatum": "2026-01-01",
                                                                         "feiten": {"naam": f"Buurt {did}", "wijk": {"deelnamebereidheid": basis % 100}}})
                except httpx.HTTPError:
                    return  # the server is gone: this save was never acknowledged
                if r.status_code != 201:
                    refused.append(r.text)
                    return
                with lock:
                    acked[did].append(r.json()["nummer"])
                basis = r.json()["nummer"]

    threads = [threading.Thread(target=writer, args=(d,)) for d in dossier_ids]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 300
    while sum(len(v) for v in acked.values()) < ACKED_BEFORE_KILL + WRITERS and not refused:
        assert time.monotonic() < deadline, "the writers made no progress"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the server and its worker, mid-stream
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert refused == []

    proc = start(db_url, port, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for did, numbers in acked.items():
                history = [v["nummer"] for v in client.get(f"/api/dossiers/{did}/versies").json()]
                assert set(numbers) <= set(history)  # every acknowledged version is there
                assert history == list(range(1, len(history) + 1))  # no gaps, nothing half-written
                assert client.get(f"/api/dossiers/{did}").json()["versie"]["nummer"] == history[-1]
                r = client.post(f"/api/dossiers/{did}/versies", json={"basis": history[-1], "peildatum": "2026-01-01"})
                assert r.status_code == 201  # it works on, without repair
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    if db_url.startswith("sqlite"):
        check = Database(db_url)
        with check.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        check.dispose()
