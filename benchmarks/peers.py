"""Run ../shared/bench-peers (this project beside CLIPS, durable and experta on one neutral base) with
one more adapter: `samenwerkwijzer_python`, the reasoning of the engine 'python'.

    python benchmarks/peers.py --inputs sww --n 1000 10000 \\
        --engines clips,durable,samenwerkwijzer,samenwerkwijzer_floor,samenwerkwijzer_python

Every argument goes to bench.py unchanged; it prints its table. The shared harness is not ours to
edit, so this script lays out a temporary folder with links to its bench.py and gen.py and an
`engines` module that is the shared one plus the adapter below: bench.py's workers import that.

The shared adapters stay as they are: `samenwerkwijzer` is the durable-backed `Reasoner`,
`samenwerkwijzer_floor` constructs `FloorReasoner` (the engine 'python') itself, after forcing
the durable encoding (its info asks for the durable rule count). `samenwerkwijzer_python` loads
the same way (load_kennisbank, load_rules, compile_base) and asks the library for the engine by
name, `engines.reasoner(cb, choose("python"))`, the path `Adviseur(engine="python")` takes; it
reports `engine: python` in its info, and never builds the durable encoding.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PEERS = Path(__file__).resolve().parents[2] / "shared" / "bench-peers"

ADAPTER = '''"""The shared engines.py plus samenwerkwijzer_python (written by benchmarks/peers.py)."""
import importlib.util as _u
import sys as _s

_spec = _u.spec_from_file_location("_shared_engines", {shared!r})
_shared = _u.module_from_spec(_spec)
_s.modules["_shared_engines"] = _shared
_spec.loader.exec_module(_shared)
globals().update({{k: v for k, v in vars(_shared).items() if not k.startswith("__")}})


class SamenwerkwijzerPython(_shared.Samenwerkwijzer):
    """samenwerkwijzer's engine 'python' (the indexed evaluator), chosen by name through the library."""

    name = "samenwerkwijzer_python"

    def _load(self, folder, kbdir):
        import time
        from samenwerkwijzer.engine.logic.compile import compile_base
        from samenwerkwijzer.engine.logic.conditions import keys_for
        from samenwerkwijzer.engine.logic.engines import choose, reasoner
        from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
        from samenwerkwijzer.engine.model.rules import load_rules
        t = time.perf_counter()
        kbase = load_kennisbank(kbdir)
        t1 = time.perf_counter()
        base = load_rules(folder, kbase)
        t2 = time.perf_counter()
        self.cb = compile_base(base, "peers")
        t3 = time.perf_counter()
        engine = choose("python")
        self.reasoner = reasoner(self.cb, engine)
        t4 = time.perf_counter()
        self.facts = base.facts()
        self._keys_for = keys_for
        self._tips = self._tips_of([cr.rule for cr in self.cb.rules])
        self.info.update(engine=engine, reasoner=type(self.reasoner).__name__, kennisbank_ms=(t1 - t) * 1e3,
                         load_rules_ms=(t2 - t1) * 1e3, compile_base_ms=(t3 - t2) * 1e3, reasoner_ms=(t4 - t3) * 1e3)


ENGINES = dict(_shared.ENGINES, samenwerkwijzer_python=SamenwerkwijzerPython)
'''


def main(argv: list[str]) -> int:
    if not (PEERS / "bench.py").is_file():
        print(f"niet gevonden: {PEERS / 'bench.py'} (../shared/bench-peers naast deze map)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="peers-sww-") as tmp:
        for name in ("bench.py", "gen.py"):
            os.symlink(PEERS / name, Path(tmp) / name)
        (Path(tmp) / "engines.py").write_text(ADAPTER.format(shared=str(PEERS / "engines.py")), encoding="utf-8")
        return subprocess.call([sys.executable, str(Path(tmp) / "bench.py"), *argv], cwd=tmp)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
