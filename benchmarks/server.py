"""Load on the server: 16 concurrent clients on localhost, stateless advice and dossier saves,
on SQLite and on PostgreSQL, with 1 and 2 worker processes. Prints p50/p95 and throughput.

    python benchmarks/server.py [--seconden 10] [--clients 16] [--feiten vast|wisselend]

`--feiten vast` (the default) sends one example for every advice, as an adviser's page or a client
that asks again would; the server then keeps its open questions (engine/advice/memo.py).
`--feiten wisselend` sends a different generated profile with every request: every advice is
computed whole, nothing comes from the memo.

Each configuration gets a fresh database (SQLite in a temporary folder; PostgreSQL as a
throwaway cluster started with Debian's initdb/pg_ctl, as the tests do) and a real
`samenwerkwijzer serve`. The clients share the machine's cores with the server, so they must cost
as little as possible: the advice load comes from Debian's `wrk` (C, one thread, 16 keep-alive
connections, a Lua script that rotates the bodies; `--client python` or no `wrk` on the PATH: the
asyncio client below). The dossier saves always use the asyncio client: each save builds on the
version its own client saved before, which wrk's script cannot follow per connection.

Besides throughput and p50/p95 the table gives, per request, the CPU time of the server processes
(read from /proc before and after, every worker counted), the time their threads were ready but
waited for a core (other processes had it: on a shared machine this is where latency comes from),
and the CPU time of the client. CPU time depends little on what else the machine does; wall-clock
figures a lot.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass
class Run:
    latencies_ms: list[float] | None  # every request (asyncio client); None when wrk gave the percentiles
    count: int
    errors: int
    seconds: float
    client_cpu: float  # seconds
    p50: float = 0.0
    p95: float = 0.0

    def percentiles(self) -> tuple[float, float]:
        if self.latencies_ms is None:
            return self.p50, self.p95
        ms = sorted(self.latencies_ms)
        return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def drive_python(port: int, token: str, clients: int, seconds: float, kind: str, varied: list[bytes] | None) -> Run:
    cpu = time.process_time()
    lat, errors = asyncio.run(drive(port, token, clients, seconds, kind, varied))
    return Run([x * 1000 for x in lat], len(lat), errors, seconds, time.process_time() - cpu)


WRK_SCRIPT = r"""
local bodies, n = {}, 0
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end
function request()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n - 1) % #bodies + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.1f %.1f\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(95)))
end
"""


def drive_wrk(port: int, token: str, clients: int, seconds: float, bodies: list[bytes]) -> Run:
    """The advice load from wrk: one thread, `clients` keep-alive connections, the bodies in turn."""
    folder = Path(tempfile.mkdtemp(prefix="sw-wrk-"))
    (folder / "load.lua").write_text(WRK_SCRIPT, encoding="utf-8")
    (folder / "bodies").write_bytes(b"\n".join(bodies) + b"\n")  # json.dumps writes no raw newline
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(folder / "load.lua"),
                          f"http://127.0.0.1:{port}/api/advies", "--", str(folder / "bodies"), token],
                         check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(folder, ignore_errors=True)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    count, micros, errors, p50, p95 = line.split()[1:]
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(None, int(count), int(errors), int(micros) / 1e6, cpu, float(p50) / 1000, float(p95) / 1000)


def server_cpu(session: int) -> tuple[float, float]:
    """Seconds so far of every process of the server (the uvicorn parent and its workers): CPU used, and time its
    threads were ready to run but waited for a core (taken by other processes: a busy machine, not the server)."""
    ticks, waited = 0, 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[3]) != session:  # field 6 of stat: the session id
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
            waited += sum(int((task / "schedstat").read_text().split()[1]) for task in (stat.parent / "task").iterdir())
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK"), waited / 1e9


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


def row(name: str, run: Run, server: tuple[float, float]) -> str:
    p50, p95 = run.percentiles()
    per = 1000 / max(run.count, 1)
    return (f"| {name} | {run.count / run.seconds:.0f} | {p50:.1f} | {p95:.1f} | {run.errors} | "
            f"{server[0] * per:.2f} | {server[1] * per:.2f} | {run.client_cpu * per:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--databases", default="sqlite,postgresql", help="komma-lijst: sqlite, postgresql")
    parser.add_argument("--workers", default="1,2", help="komma-lijst van aantallen serverprocessen")
    parser.add_argument("--feiten", choices=["vast", "wisselend"], default="vast",
                        help="vast: steeds hetzelfde voorbeeld; wisselend: elk verzoek een ander gegenereerd profiel")
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python",
                        help="wie de adviezen vraagt: wrk (zuinig, standaard als het er is) of de asyncio-client")
    parser.add_argument("--soorten", default="advies,opslaan", help="komma-lijst: advies, opslaan")
    args = parser.parse_args()
    varied = None
    if args.feiten == "wisselend":  # more than the run can send: no profile comes twice
        from samenwerkwijzer.engine.model.kennisbank import SHIPPED, load_kennisbank
        varied = [json.dumps(d).encode() for d in generate.profiles(int(2000 * args.seconden), load_kennisbank(SHIPPED), seed=21)]
    load1 = os.getloadavg()[0]
    print(f"{args.clients} clients, {args.seconden:g} s per meting, {os.cpu_count()} kernen, belasting vooraf {load1:.1f}, "
          f"feiten {args.feiten}, client {args.client}\n")
    print("| configuratie | verzoeken/s | p50 ms | p95 ms | fouten | server CPU ms/verzoek | server wacht op kern ms/verzoek "
          "| client CPU ms/verzoek |")
    print("|---|---|---|---|---|---|---|---|")
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
                    warm = varied[-200:] if varied else [json.dumps(FACTS).encode()]  # not in the measured runs
                    drive_wrk(port, token, 2, 1, warm) if args.client == "wrk" else None
                    for scenario in args.soorten.split(","):
                        before = server_cpu(proc.pid)
                        if scenario == "advies" and args.client == "wrk":
                            run = drive_wrk(port, token, args.clients, args.seconden, varied or [json.dumps(FACTS).encode()])
                        else:
                            run = drive_python(port, token, args.clients, args.seconden, scenario, varied)
                        after = server_cpu(proc.pid)
                        print(row(f"{kind}, {workers} worker{'s' if workers > 1 else ''}, {scenario}", run,
                                  (after[0] - before[0], after[1] - before[1])), flush=True)
                finally:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=30)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
