"""What the pages of one initiative cost on the server, one request at a time (no browser, no network):
the intake page, saving one intake answer, the advice page with its checklist, saving a tick, the history
and comparing two versions. Prints p50/p95 in milliseconds per page.

    python benchmarks/webpages.py [--keer 30]

The app runs in-process (Starlette's TestClient) on a fresh SQLite database in a temporary folder,
logged in as an adviser; the dossier is one of the bundled examples.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from starlette.testclient import TestClient  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402
from samenwerkwijzer.engine.server import accounts  # noqa: E402
from samenwerkwijzer.engine.server.app import asgi  # noqa: E402
from samenwerkwijzer.engine.server.database import Database  # noqa: E402
from samenwerkwijzer.engine.source.yamlsource import load  # noqa: E402

PASSWORD = "een heel lang wachtwoord"
HTML = {"accept": "text/html"}


def timed(n: int, step: Callable[[int], object]) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        step(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keer", type=int, default=30, help="hoe vaak elke pagina (standaard 30)")
    n = parser.parse_args().keer
    folder = Path(tempfile.mkdtemp(prefix="sw-bench-web-"))
    db = Database(f"sqlite:///{folder / 'web.sqlite'}")
    db.upgrade()
    with db.write() as session:
        accounts.add_user(session, "Utrecht", "anna", "adviseur", PASSWORD)
    client = TestClient(asgi(db, Adviseur(), secure="nee"), base_url="http://testserver")
    csrf = client.post("/api/sessie", json={"naam": "anna", "wachtwoord": PASSWORD}).json()["csrf_token"]
    facts = load(str(ROOT / "voorbeelden" / "uitwerken-individueel.yaml")).data
    ident = client.post("/api/dossiers", json={"feiten": facts}, headers={"X-CSRF-Token": csrf}).json()["id"]
    fresh = client.post("/api/dossiers", json={"feiten": {"naam": "Nieuw"}}, headers={"X-CSRF-Token": csrf}).json()["id"]
    version = {"advies": 1, "intake": 1}
    ids = re.findall(r'name="afgerond" value="([^"]+)"', client.get(f"/initiatieven/{ident}", headers=HTML).text)

    def answer(_i: int) -> None:  # the text question of gemeente.naam, answered again and again on top of the latest
        r = client.post(f"/initiatieven/{fresh}/intake", headers=HTML, follow_redirects=False,
                        data={"csrf_token": csrf, "basis": str(version["intake"]), "feit": "gemeente.naam",
                              "gemeente.naam": f"Stad {version['intake']}", "actie": "antwoord"})
        assert r.status_code == 303, r.text[:500]
        version["intake"] += 1

    def tick(i: int) -> None:
        chosen = ids[: 1 + i % 2]
        r = client.post(f"/initiatieven/{ident}/afvinken", headers=HTML, follow_redirects=False,
                        data={"csrf_token": csrf, "basis": str(version["advies"]), "afgerond": chosen, "getoond": ids})
        assert r.status_code == 303, r.text[:500]
        version["advies"] += 1

    pages: list[tuple[str, Callable[[int], object]]] = [
        ("intake (vraag + advies ernaast)", lambda _i: client.get(f"/initiatieven/{fresh}/intake", headers=HTML)),
        ("antwoord opslaan", answer),
        ("advies met afvinklijst", lambda _i: client.get(f"/initiatieven/{ident}", headers=HTML)),
        ("vinkje opslaan", tick),
        ("wat als", lambda _i: client.get(f"/initiatieven/{ident}/wat-als?vraag=gemeente.procesbegeleider", headers=HTML)),
        ("geschiedenis", lambda _i: client.get(f"/initiatieven/{ident}/geschiedenis", headers=HTML)),
        ("vergelijken", lambda _i: client.get(f"/initiatieven/{ident}/vergelijk", headers=HTML)),
    ]
    print(f"{'pagina':34} {'p50 ms':>8} {'p95 ms':>8}   ({n} keer elk, één tegelijk, SQLite)")
    for name, step in pages:
        times = sorted(timed(n, step))
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{name:34} {statistics.median(times):8.1f} {p95:8.1f}")
    db.dispose()


if __name__ == "__main__":
    main()
