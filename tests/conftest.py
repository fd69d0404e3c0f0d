from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samenwerkwijzer import Adviseur

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def mini() -> Adviseur:
    """A tiny rule base and knowledge base that exercise every condition and conclusion kind."""
    return Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")


@pytest.fixture(scope="session")
def shipped() -> Adviseur:
    return Adviseur()
