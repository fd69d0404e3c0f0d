from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from samenwerkwijzer import Adviseur

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # test helpers (strategies.py) import as top-level modules
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)

# the rule-base cache goes to a folder of this test run, never to the user's cache folder (set before
# any test module builds an Adviseur at import; child processes inherit it). XDG_CACHE_HOME as well:
# tests that start the CLI without any SAMENWERKWIJZER_* variable still stay out of ~/.cache
CACHE = tempfile.mkdtemp(prefix="samenwerkwijzer-cache-")
os.environ["SAMENWERKWIJZER_CACHE"] = CACHE
os.environ["XDG_CACHE_HOME"] = CACHE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def mini() -> Adviseur:
    """A tiny rule base and knowledge base that exercise every condition and conclusion kind."""
    return Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")


@pytest.fixture(scope="session")
def shipped() -> Adviseur:
    return Adviseur()
