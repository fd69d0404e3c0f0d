"""The web pages in a real browser: the app served by uvicorn on a free localhost port (SQLite in a
temporary folder, the accounts of serverapp.USERS), and Playwright driving Debian's chromium
(/usr/bin/chromium; never a downloaded browser). axe-core comes from tests/npm (npm ci).

When chromium or axe-core is missing the browser tests fail with what to install; they never skip.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from serverapp import PASSWORD, USERS, shared_adviseur

from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent / "npm" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WIDE, NARROW = 1280, 390


@dataclass
class Live:
    url: str
    db: Database


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    """The whole app on http://127.0.0.1:<free port>, on a fresh SQLite database with the test accounts."""
    import uvicorn

    folder = Path(tempfile.mkdtemp(prefix="sw-web-"))
    db = Database(f"sqlite:///{folder / 'web.sqlite'}")
    db.upgrade()
    with db.write() as session:
        for naam, (gemeente, rol) in USERS.items():
            accounts.add_user(session, gemeente, naam, rol, PASSWORD)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(asgi(db, shared_adviseur(), secure="nee"), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("de webserver voor de browsertests startte niet")
        time.sleep(0.05)
    yield Live(url=f"http://127.0.0.1:{port}", db=db)
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()
    db.dispose()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Playwright's chromium API on Debian's chromium binary, headless."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt; installeer Debians pakket chromium (apt-get install chromium)")
    if not _BROWSER:
        import atexit

        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        _BROWSER.append(pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS))
        atexit.register(pw.stop)
    yield _BROWSER[0]


# Each test module imports the fixture, so pytest holds one "session" fixture per module; Playwright's sync API
# can run only once per thread, so they all share this one browser (stopped when the test process ends).
_BROWSER: list[Any] = []


@pytest.fixture
def open_page(live: Live, chromium: Any) -> Iterator[Callable[..., Any]]:
    """open_page(naam=None, width=1280, javascript=True, axe=False): a page in a fresh browser context,
    logged in as `naam` through the login form when one is given. axe=True lets axe-core be injected
    (the pages' Content-Security-Policy would block it otherwise)."""
    contexts: list[Any] = []

    def make(naam: str | None = None, width: int = WIDE, javascript: bool = True, axe: bool = False) -> Any:
        context = chromium.new_context(base_url=live.url, viewport={"width": width, "height": 900},
                                       java_script_enabled=javascript, bypass_csp=axe, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        if naam is not None:
            login(page, naam)
        return page

    yield make
    for context in contexts:
        context.close()


def login(page: Any, naam: str, wachtwoord: str = PASSWORD) -> None:
    page.goto("/inloggen")
    page.fill("#naam", naam)
    page.fill("#wachtwoord", wachtwoord)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """The axe-core violations of the page as it is now with one of `impacts` (WCAG 2.1 A and AA rules)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} ontbreekt; draai eerst: npm ci --prefix tests/npm")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document,
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [v for v in result["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                        "waar": [n["target"] for n in v["nodes"][:3]]} for v in violations], ensure_ascii=False, indent=1)
