"""The overview page with many initiatives: how long /initiatieven and /initiatieven.csv take for one
gemeente with 10, 100 and 500 dossiers. Each row is read from the stored advice of the latest
version (no new advice is made), so the time grows with the number of dossiers.

    python benchmarks/overzicht.py [--aantallen 10,100,500] [--herhalingen 5]

In-process (Starlette's TestClient), SQLite in a temporary folder. The first request of a process reads
and parses every stored advice ("eerste keer"); later ones only the versions saved since (a saved
version never changes); the median is over the later requests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from starlette.testclient import TestClient  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402
from samenwerkwijzer.engine.server import accounts, dossiers  # noqa: E402
from samenwerkwijzer.engine.server.app import asgi  # noqa: E402
from samenwerkwijzer.engine.server.database import Database  # noqa: E402
from samenwerkwijzer.engine.server.dossier_routes import _advise  # noqa: E402
from samenwerkwijzer.engine.server.state import Server  # noqa: E402
from samenwerkwijzer.engine.source.yamlsource import load  # noqa: E402

PASSWORD = "een heel lang wachtwoord"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantallen", default="10,100,500")
    parser.add_argument("--herhalingen", type=int, default=5)
    args = parser.parse_args()
    adviseur = Adviseur()
    examples = sorted((ROOT / "voorbeelden").glob("*.yaml"))
    print(f"{'dossiers':>8}  {'pagina eerste keer':>18}  {'pagina mediaan':>14}  {'csv mediaan':>11}")
    for count in (int(n) for n in args.aantallen.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{Path(folder) / 'b.sqlite'}")
            db.upgrade()
            server = Server(db=db, adviseur=adviseur, secure="nee")
            saved = [_advise(server, load(str(p)), "2026-01-01") for p in examples]
            with db.write() as session:
                accounts.add_user(session, "Bankstad", "bank", "adviseur", PASSWORD)
            with db.read() as session:
                user = accounts.user_named(session, "bank")
                assert user is not None
                who = accounts.Account(id=user.id, naam="bank", rol="adviseur", gemeente_id=user.gemeente_id,
                                       gemeente="Bankstad")
            with db.write() as session:
                for i in range(count):
                    dossiers.create(session, who, saved[i % len(saved)])
            client = TestClient(asgi(db, adviseur, secure="nee"), base_url="http://testserver")
            assert client.post("/api/sessie", json={"naam": "bank", "wachtwoord": PASSWORD}).status_code == 200
            page, table = [], []
            for _ in range(args.herhalingen + 1):
                start = time.perf_counter()
                assert client.get("/initiatieven").status_code == 200
                page.append(time.perf_counter() - start)
                start = time.perf_counter()
                assert client.get("/initiatieven.csv").status_code == 200
                table.append(time.perf_counter() - start)
            db.dispose()
        print(f"{count:>8}  {page[0] * 1000:>15.1f} ms  {statistics.median(page[1:]) * 1000:>11.1f} ms  "
              f"{statistics.median(table[1:]) * 1000:>8.1f} ms")
    print(f"(Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
