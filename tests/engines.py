"""Test helpers for the two engines: which exist here, and a mark for tests that need durable_rules."""

from __future__ import annotations

import pytest

from samenwerkwijzer.engine.logic.engines import ENGINES, durable_available

HERE = [e for e in ENGINES if e != "durable" or durable_available()]  # the engines this Python has

needs_durable = pytest.mark.skipif(
    not durable_available(),
    reason="durable-rules is hier niet geïnstalleerd (Python 3.13+ of geen C-compiler): alleen de regelmachine python")
