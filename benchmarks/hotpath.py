"""The advice split: reasoning, build, JSON (without open questions), and the open questions; CPU time per advice.

    python benchmarks/hotpath.py [--profielen 300] [--rondes 5] [--engine durable|python]

Processor time (`time.process_time_ns`) per step, medians over every profile and round, so a
busy machine changes the figures little. With `--oud`, the build as it was before the fast
build (tests/assemble_reference.py) runs in the same loop, interleaved with the new one.
The open questions (`Relevance.questions`, the Adviseur's memo of whole profiles left out) are
timed on their own: in the first round each profile is new, and only what earlier profiles left
in the rule base's tables is shared (as in a batch of new files); in later rounds every profile
comes back (as in the intake, where the same profile is asked again after every answer).
Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import profiles  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402
from samenwerkwijzer.engine.advice.assemble import build  # noqa: E402
from samenwerkwijzer.engine.render.advicejson import advice_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profielen", type=int, default=300)
    parser.add_argument("--rondes", type=int, default=5)
    parser.add_argument("--engine", default=None)
    parser.add_argument("--oud", action="store_true", help="ook de oude build, om en om")
    args = parser.parse_args()
    old_build = None
    if args.oud:
        sys.path.insert(0, str(ROOT / "tests"))
        from assemble_reference import build as old_build  # type: ignore[import-not-found,no-redef]
    import datetime as dt

    day = dt.date(2026, 6, 1)
    adviseur = Adviseur(engine=args.engine)
    cases = [adviseur.to_initiatief(p) for p in profiles(args.profielen, adviseur.kb, seed=7)]
    clock = time.process_time_ns
    times: dict[str, list[int]] = {"infer": [], "build": [], "json": [], "oud build": [], "oud json": [],
                                   "vragen 1e": [], "vragen ook": []}
    for case in cases:  # warm up
        flat, _k, result = adviseur.infer(case, day)
        build(adviseur, case, flat, result, day, [])
    relevance = adviseur.relevance
    for round_ in range(args.rondes):
        inferred = []
        for case in cases:
            t0 = clock()
            flat, keys, result = adviseur.infer(case, day)
            t1 = clock()
            advies, _plan = build(adviseur, case, flat, result, day, [])
            t2 = clock()
            text = advice_json(advies)
            t3 = clock()
            times["infer"].append(t1 - t0)
            times["build"].append(t2 - t1)
            times["json"].append(t3 - t2)
            inferred.append((case, flat, keys, result))
            if old_build is not None:
                t4 = clock()
                old, _p = old_build(adviseur, case, flat, result, day, [])
                t5 = clock()
                old_text = advice_json(old)
                t6 = clock()
                times["oud build"].append(t5 - t4)
                times["oud json"].append(t6 - t5)
                if old_text != text:
                    print("VERSCHIL in de JSON bij", case.naam)
        # the open questions in a loop of their own, so that they change nothing in the figures above
        for case, flat, keys, result in inferred:
            t7 = clock()
            relevance.questions(flat, result, day, plan_of=lambda n, v, c=case: adviseur.plan_ids(c, n, v, day), keys=keys)
            times["vragen 1e" if round_ == 0 else "vragen ook"].append(clock() - t7)
    n = len(times["infer"])
    print(f"engine {adviseur.engine}, {len(cases)} profielen x {args.rondes} rondes, processortijd, mediaan per advies")
    for name, values in times.items():
        if values:
            print(f"  {name:10} {statistics.median(values) / 1e6:7.3f} ms")
    total = [times["infer"][i] + times["build"][i] + times["json"][i] for i in range(n)]
    print(f"  {'samen':10} {statistics.median(total) / 1e6:7.3f} ms  ({1e9 / statistics.mean(total):,.0f} per s)")
    if times["oud build"]:
        old_total = [times["infer"][i] + times["oud build"][i] + times["oud json"][i] for i in range(n)]
        print(f"  {'oud samen':10} {statistics.median(old_total) / 1e6:7.3f} ms  ({1e9 / statistics.mean(old_total):,.0f} per s)")
    for label, name in (("met vragen, 1e ronde", "vragen 1e"), ("met vragen, later", "vragen ook")):
        asked = times[name]
        if asked:
            offset = 0 if name == "vragen 1e" else len(cases)
            whole = [total[offset + i] + q for i, q in enumerate(asked)]
            print(f"  {label:10} {statistics.median(whole) / 1e6:7.3f} ms  ({1e9 / statistics.mean(whole):,.0f} per s)")


if __name__ == "__main__":
    main()
