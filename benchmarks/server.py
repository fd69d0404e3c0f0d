"""Load on the server: 16 concurrent clients on localhost, stateless advice and dossier saves,
on SQLite and on PostgreSQL, with 1 and 2 worker processes. Prints p50/p95 and throughput.

    python benchmarks/server.py [--seconden 10] [--clients 16] [--feiten vast|wisselend]

`--feiten vast` (the default) sends one example for every advice, as an adviser's page or a client
that asks again would; the server then keeps its open questions (engine/advice/memo.py).
`--feiten wisselend` sends a different generated profile with every request: every advice is
computed whole, nothing comes from the memo.

Each configuration gets a fresh database (SQLite in a temporary folder; PostgreSQL as a
throwaway cluster started with Debian's initdb/pg_ctl, as the tests do) and a real
`samenwerkwijzer serve`. The clients are one asyncio process speaking plain HTTP/1.1 with
keep-alive, so they cost the machine as little as possible (they share its cores with the server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
from serverdb import Cluster  # noqa: E402

from samenwerkwijzer.engine.server import accounts  # noqa: E402
from samenwerkwijzer.engine.server.database import Database  # noqa: E402
from samenwerkwijzer.engine.source.yamlsource import load  # noqa: E402

FACTS = load(str(ROOT / "voorbeelden" / "opstarten-collectief.yaml")).data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Conn:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        head = (f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                f"Authorization: Bearer {self.token}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        data = await self.reader.readexactly(length)
        return int(status_line.split()[1]), data

    def close(self) -> None:
        self.writer.close()


async def drive(port: int, token: str, clients: int, seconds: float, kind: str,
                varied: list[bytes] | None = None) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    advice_body = json.dumps(FACTS).encode()
    sent = 0

    async def client(n: int) -> None:
        nonlocal errors, sent
        conn = Conn(port, token)
        await conn.open()
        basis = 0
        dossier = 0
        if kind == "opslaan":
            status, data = await conn.post("/api/dossiers", json.dumps({"feiten": FACTS}).encode())
            assert status == 201, data
            dossier, basis = json.loads(data)["id"], 1
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t = time.perf_counter()
            if kind == "advies":
                body = advice_body if varied is None else varied[sent % len(varied)]
                sent += 1
                status, data = await conn.post("/api/advies", body)
                ok = status == 200
            else:
                facts = dict(FACTS, wijk=dict(FACTS.get("wijk", {}), deelnamebereidheid=basis % 100))
                status, data = await conn.post(f"/api/dossiers/{dossier}/versies",
                                               json.dumps({"basis": basis, "feiten": facts}).encode())
                ok = status == 201
                if ok:
                    basis = json.loads(data)["nummer"]
            latencies.append(time.perf_counter() - t)
            errors += not ok
        conn.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "samenwerkwijzer.cli", "serve", "--port", str(port), "--database", url,
                             "--workers", str(workers), "--log-niveau", "warning"], start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(2 * workers)  # every worker builds its Adviseur
                return proc
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server kwam niet op")


def prepare(url: str) -> str:
    db = Database(url)
    db.upgrade()
    with db.write() as s:
        user = accounts.add_user(s, "Utrecht", "bench", "adviseur", "een heel lang wachtwoord")
        token = accounts.new_token(s, user.id, "bench")[1]
    db.dispose()
    return token


def row(name: str, latencies: list[float], errors: int, seconds: float) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    return f"| {name} | {len(ms) / seconds:.0f} | {statistics.median(ms):.1f} | {p95:.1f} | {errors} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--databases", default="sqlite,postgresql", help="komma-lijst: sqlite, postgresql")
    parser.add_argument("--workers", default="1,2", help="komma-lijst van aantallen serverprocessen")
    parser.add_argument("--feiten", choices=["vast", "wisselend"], default="vast",
                        help="vast: steeds hetzelfde voorbeeld; wisselend: elk verzoek een ander gegenereerd profiel")
    args = parser.parse_args()
    varied = None
    if args.feiten == "wisselend":  # more than the run can send: no profile comes twice
        from samenwerkwijzer.engine.model.kennisbank import SHIPPED, load_kennisbank
        varied = [json.dumps(d).encode() for d in generate.profiles(int(2000 * args.seconden), load_kennisbank(SHIPPED), seed=21)]
    load1 = os.getloadavg()[0]
    print(f"{args.clients} clients, {args.seconden:g} s per meting, {os.cpu_count()} kernen, belasting vooraf {load1:.1f}, "
          f"feiten {args.feiten}\n")
    print("| configuratie | verzoeken/s | p50 ms | p95 ms | fouten |")
    print("|---|---|---|---|---|")
    cluster = Cluster()
    try:
        for kind in args.databases.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                url = (f"sqlite:///{tempfile.mkdtemp(prefix='sw-bench-')}/sw.db" if kind == "sqlite"
                       else cluster.new_database())
                token = prepare(url)
                port = free_port()
                proc = serve(url, port, workers)
                try:
                    for scenario in ("advies", "opslaan"):
                        lat, errors = asyncio.run(drive(port, token, args.clients, args.seconden, scenario, varied))
                        print(row(f"{kind}, {workers} worker{'s' if workers > 1 else ''}, {scenario}", lat, errors,
                                  args.seconden), flush=True)
                finally:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=30)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
