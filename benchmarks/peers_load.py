"""Where loading a large neutral base goes, phase by phase: wall time, CPU time and peak memory.

    python benchmarks/peers_load.py 10000            # the engine python (no durable encoding)
    python benchmarks/peers_load.py 10000 --durable  # and the durable encoding and rulesets

The base is ../shared/bench-peers' gen.py base (--inputs sww, seed 1), written to YAML by its
adapter, then read the way the adapters read it: load_kennisbank, load_rules, compile_base, the
reasoner. CPU time (user + system of this process) is the steadier figure on a shared machine;
peak memory is ru_maxrss, as the bench reports it. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import time
from pathlib import Path

PEERS = Path(__file__).resolve().parents[2] / "shared" / "bench-peers"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--durable", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(PEERS))
    import engines  # the shared adapters
    import gen

    def now() -> tuple[float, float, float]:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return time.perf_counter(), ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024

    rows: list[tuple[str, float, float, float]] = []
    last = now()

    def phase(label: str) -> None:
        nonlocal last
        t = now()
        rows.append((label, t[0] - last[0], t[1] - last[1], t[2]))
        last = t

    kb = gen.rules(args.n, 1, "sww")
    profiles = gen.profiles(60, 2, "sww")
    phase("gen.py: base en profielen")
    from samenwerkwijzer.engine.logic.compile import compile_base
    from samenwerkwijzer.engine.logic.conditions import keys_for
    from samenwerkwijzer.engine.logic.engines import reasoner
    from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
    from samenwerkwijzer.engine.model.rules import load_rules
    phase("importeren")
    tmp, folder, kbdir = engines.Samenwerkwijzer._translate(kb)
    phase("adapter: YAML schrijven")
    kbase = load_kennisbank(kbdir)
    phase("load_kennisbank")
    base = load_rules(folder, kbase)
    phase("load_rules (lezen, controleren)")
    cb = compile_base(base, "peers")
    phase("compile_base (normaliseren)")
    if args.durable:
        cb.durable_rule_count()
        phase("durable-codering")
    engine = "durable" if args.durable else "python"
    r = reasoner(cb, engine)
    phase(f"regelmachine {engine} starten")
    shutil.rmtree(tmp, ignore_errors=True)
    facts = base.facts()
    times = []
    for p in profiles:
        keys = keys_for(p, cb.keys, facts)
        t = time.perf_counter()
        r.run(keys, dt.date(2026, 1, 1))
        times.append(time.perf_counter() - t)
    phase(f"{len(profiles)} keer redeneren")
    print(f"| {args.n} regels, {engine} | wand s | CPU s | piek-RSS MB |")
    print("|---|---:|---:|---:|")
    for label, wall, cpu, rss in rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")
    load = [row for row in rows if row[0] not in ("gen.py: base en profielen",) and "redeneren" not in row[0]]
    print(f"| laden samen (importeren t/m starten) | {sum(w for _, w, _, _ in load):.2f} | "
          f"{sum(c for _, _, c, _ in load):.2f} | {rows[-1][3]:.0f} |")
    times.sort()
    print(f"redeneren: mediaan {times[len(times) // 2] * 1e3:.2f} ms over {len(times)} profielen")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
