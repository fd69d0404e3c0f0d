"""The bench-peers adapter (../shared/bench-peers/engines.py, not ours to edit) keeps working.

It reaches into the engine's modules by their old flat paths (samenwerkwijzer.engine.compile, …);
engine/moved.py keeps those importing. Here its agreement check runs for our three adapters on a
small synthetic base: every one must reach the plain-Python floor's conclusions on every profile.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from engines import needs_durable

PEERS = Path(__file__).resolve().parents[2] / "shared" / "bench-peers"


@needs_durable  # the adapter's own engine is durable
@pytest.mark.skipif(not (PEERS / "bench.py").is_file(), reason="../shared/bench-peers is not beside this checkout")
def test_bench_peers_adapter_agrees_with_the_floor(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "bench.py", "--inputs", "sww", "--n", "100", "--consults", "3",
                           "--engines", "plain,samenwerkwijzer,samenwerkwijzer_floor,samenwerkwijzer_advies",
                           "--out", str(tmp_path / "r.json")],
                          cwd=PEERS, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for engine in ("samenwerkwijzer", "samenwerkwijzer_floor", "samenwerkwijzer_advies"):
        assert f"N=100 {engine}: agrees with plain on all 50 profiles" in proc.stdout + proc.stderr, proc.stdout[-3000:]


@needs_durable  # the shared adapter it builds on imports the durable reasoner
@pytest.mark.skipif(not (PEERS / "bench.py").is_file(), reason="../shared/bench-peers is not beside this checkout")
def test_the_python_engine_adapter_agrees_and_says_which_engine_it_is(tmp_path: Path) -> None:
    """benchmarks/peers.py adds samenwerkwijzer_python: the engine 'python', chosen by name, reported as such."""
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "peers.py"), "--inputs", "sww", "--n", "100",
                           "--consults", "3", "--engines", "plain,samenwerkwijzer_python", "--out", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=900, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "N=100 samenwerkwijzer_python: agrees with plain on all 50 profiles" in out, out[-3000:]
    assert "'engine': 'python', 'reasoner': 'FloorReasoner'" in out, out[-3000:]
