"""`serve --workers 2` on Linux: every worker has a socket of its own, so clients that keep their
connection open are spread over the workers (with one shared socket, 15 or 16 of 16 connections went
to one worker); a worker that dies is replaced; SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from test_server_crash import free_port, start

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT spreads connections on Linux")

FACTS = {"naam": "Buurtwarmte", "fase": "opstarten"}


def workers(parent: int) -> list[int]:
    """The worker processes of the server `parent` (not multiprocessing's helper processes)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(entry))
    return sorted(found)


def sockets(pid: int, port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets on local `port` that process `pid` holds, in `state`
    ('01' established, '0A' listening)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cells = row.split()
            if int(cells[1].rsplit(":", 1)[1], 16) == port and cells[3] == state and cells[9] in inodes:
                found.add(cells[9])
    return found


def connections(pid: int, port: int) -> int:
    return len(sockets(pid, port, "01"))


def wait_for(check, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "wachten duurde te lang"
        time.sleep(0.1)


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    proc = start(f"sqlite:///{tmp_path / 'db.sqlite'}", port, tmp_path / "server.log", "--workers", "2")
    wait_for(lambda: len(workers(proc.pid)) == 2 and all(sockets(pid, port, "0A") for pid in workers(proc.pid)))
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_every_worker_listens_on_a_socket_of_its_own(server) -> None:  # type: ignore[no-untyped-def]
    proc, port = server
    listening = [sockets(pid, port, "0A") for pid in workers(proc.pid)]
    assert [len(found) for found in listening] == [1, 1]
    assert listening[0] != listening[1]  # one shared socket would be the same inode in both


def test_kept_connections_are_spread_over_both_workers(server) -> None:  # type: ignore[no-untyped-def]
    """Sixteen clients connect at once, as a load balancer or wrk does, and keep their connection."""
    proc, port = server
    burst = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
    try:
        pids = workers(proc.pid)
        wait_for(lambda: sum(connections(pid, port) for pid in pids) == 16)
        held = {pid: connections(pid, port) for pid in pids}
        # the kernel hashes each connection to a socket: all 16 on one of two has a chance of 1 in 32,768
        assert all(n > 0 for n in held.values()), held
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:  # and they answer
            r = client.post("/api/advies", json=FACTS)
            assert r.status_code == 200 and r.json()["fase"]["waarde"] == "opstarten"
    finally:
        for sock in burst:
            sock.close()


def test_a_worker_that_dies_is_replaced(server) -> None:  # type: ignore[no-untyped-def]
    proc, port = server
    before = workers(proc.pid)
    os.kill(before[0], signal.SIGKILL)
    wait_for(lambda: len(workers(proc.pid)) == 2 and before[0] not in workers(proc.pid)
             and all(sockets(pid, port, "0A") for pid in workers(proc.pid)))
    wait_for(lambda: all(httpx.get(f"http://127.0.0.1:{port}/api/schema/feiten", timeout=30).status_code == 200
                         for _ in range(8)))
    assert proc.poll() is None


def test_sigterm_stops_every_worker(server) -> None:  # type: ignore[no-untyped-def]
    proc, _port = server
    running = workers(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    for pid in running:
        wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3],
                 seconds=30)


def test_a_worker_that_cannot_start_stops_the_server() -> None:
    """A worker whose app cannot load exits with uvicorn's start-up code: starting it again would fail
    the same way, so the server stops (exit code 1) instead of restarting it without end."""
    from samenwerkwijzer.engine.server.workers import supervise

    started = time.monotonic()
    assert supervise("samenwerkwijzer.bestaat_niet:app", "127.0.0.1", free_port(), 2, {"log_level": "critical"}) == 1
    assert time.monotonic() - started < 120
