"""What `vergelijk` costs: two consultations plus the comparison, on the shipped base (prints figures).

    python benchmarks/compare.py [--paren N]

Pairs are random profiles (benchmarks/generate.py) against the same profile with one fact
changed, and two unrelated random profiles; the comparison itself is timed apart from the two
consultations it reads.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402
from samenwerkwijzer.engine.advice.compare import compare  # noqa: E402
from samenwerkwijzer.engine.render.comparetext import render_comparison  # noqa: E402

DAY = dt.date(2026, 1, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paren", type=int, default=200, help="aantal paren per soort")
    args = parser.parse_args(argv)
    a = Adviseur()
    rng = random.Random(12)
    for kind in ("één feit anders", "twee profielen"):
        consult_ms, compare_ms, text_ms, sizes = [], [], [], []
        for _ in range(args.paren):
            first = generate.random_profile(rng, a.kb)
            if kind == "één feit anders":
                second = copy.deepcopy(first)
                second["afspraken"] = dict(second.get("afspraken", {}), intentieovereenkomst=rng.random() < 0.5)
            else:
                second = generate.random_profile(rng, a.kb)
            t = time.perf_counter()
            ca, cb = a.raadpleeg(first, DAY), a.raadpleeg(second, DAY)
            consult_ms.append((time.perf_counter() - t) * 1000 / 2)
            t = time.perf_counter()
            v = compare(ca, cb)
            compare_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            render_comparison(v, "tekst")
            text_ms.append((time.perf_counter() - t) * 1000)
            sizes.append(len(v.verschillen))
        print(f"{kind:<16} {args.paren} paren: raadpleging {statistics.median(consult_ms):.2f} ms, "
              f"vergelijking {statistics.median(compare_ms):.2f} ms (p95 {sorted(compare_ms)[int(0.95 * len(compare_ms))]:.2f}), "
              f"tekst {statistics.median(text_ms):.2f} ms, verschillen mediaan {statistics.median(sizes):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
