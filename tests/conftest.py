from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from samenwerkwijzer import Adviseur

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # test helpers (strategies.py) import as top-level modules
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def mini() -> Adviseur:
    """A tiny rule base and knowledge base that exercise every condition and conclusion kind."""
    return Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")


@pytest.fixture(scope="session")
def shipped() -> Adviseur:
    return Adviseur()
