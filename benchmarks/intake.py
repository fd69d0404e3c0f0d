"""What one intake step costs on the shipped base: prints figures (never asserts timings).

    python benchmarks/intake.py [--herhaal N]

Per profile (empty: only a name; half: every other top-level part of each example; full: the
examples as they are) it measures, as the median of N runs on a warm Adviseur, the wall time and
the processor time of this process:
- relevance: all relevant questions with, per answer, what it changes (Relevance.questions);
- advies: one whole consultation (`adviseer`, which includes the relevance for open_vragen);
- zonder: the same consultation without open questions (inference, plan and advice only);
- stap: one intake step (`next_questions`: the consultation, the waiting facts, the done list);
and how many candidate answers were evaluated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.assemble import build
from samenwerkwijzer.engine.advice.intake import next_questions

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 6, 1)


def timed(func: Callable[[], Any], n: int) -> tuple[float, float]:
    """Median wall time and median processor time of this process (ms): on a busy shared machine the
    second is the fairer figure, the first is what a user waits."""
    wall, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def profiles() -> dict[str, list[dict[str, Any]]]:
    examples = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "voorbeelden").glob("*.yaml"))]
    half = [{k: v for n, (k, v) in enumerate(e.items()) if n % 2 == 0 or k == "naam"} for e in examples]
    return {"leeg": [{"naam": "Leeg"}], "half": half, "vol": examples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhaal", type=int, default=20)
    n = parser.parse_args().herhaal
    adviseur = Adviseur()
    print(f"{'profiel':<8} {'kandidaten':>10} {'vragen':>7} {'relevantie ms':>15} {'advies ms':>11} "
          f"{'zonder ms':>11} {'stap ms':>9}   (mediaan: klok, processor)")
    for label, group in profiles().items():
        rows = []
        for facts in group:
            initiatief = adviseur.to_initiatief(facts)
            flat, _keys, result = adviseur.infer(initiatief, DAY)
            questions = adviseur.relevance.questions(flat, result, DAY)
            candidates = sum(len(adviseur.relevance.classes[f]) for f in adviseur.relevance.askable if f not in flat)

            def bare(i: Any = initiatief) -> None:
                f, _k, r = adviseur.infer(i, DAY)
                build(adviseur, i, f, r, DAY, [])

            rows.append((candidates, len(questions),
                         timed(lambda f=flat, r=result: adviseur.relevance.questions(f, r, DAY), n),
                         timed(lambda i=initiatief: adviseur.adviseer(i, DAY), n),
                         timed(bare, n),
                         timed(lambda d=facts: next_questions(adviseur, d, DAY), n)))
        cand = statistics.mean(r[0] for r in rows)
        asked = statistics.mean(r[1] for r in rows)

        def both(i: int, rows: list[Any] = rows) -> str:
            return f"{statistics.mean(r[i][0] for r in rows):6.1f} {statistics.mean(r[i][1] for r in rows):6.1f}"

        print(f"{label:<8} {cand:>10.0f} {asked:>7.1f} {both(2):>15} {both(3):>11} {both(4):>11} {both(5):>9}")


if __name__ == "__main__":
    main()
