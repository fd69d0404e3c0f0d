"""Readability of the advice text (issue 11): prints one row per bundled example and a summary
over the shipped scenario profiles; never asserts (tests/test_leesbaarheid.py does).

    python benchmarks/leesbaarheid.py              # examples + scenario summary
    python benchmarks/leesbaarheid.py --alles      # also one row per scenario profile
    python benchmarks/leesbaarheid.py --regels MAP --kennisbank MAP   # another rule base or knowledge base,
                                                   # e.g. an older commit's, for a before/after comparison

Figures per text: Flesch-Douma (textstat, language nl; B1 is about 60 and up), words per sentence,
share of words with three or more syllables, number of words. Measured over the tekst output
without the parts that go to the Verantwoording (tests/readability.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from readability import measure, profiles, tekst  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alles", action="store_true", help="ook een regel per scenarioprofiel")
    parser.add_argument("--regels", default=None, help="map met regels (standaard: de meegeleverde)")
    parser.add_argument("--kennisbank", default=None, help="map met de kennisbank (standaard: de meegeleverde)")
    args = parser.parse_args()
    adviseur = Adviseur(regels=args.regels, kennisbank=args.kennisbank)
    print(f"{'profiel':<60} {'Flesch-Douma':>12} {'woorden/zin':>11} {'% ≥3 lett.':>10} {'woorden':>8}")
    scenario_rows = []
    for name, facts in profiles():
        f = measure(tekst(adviseur, facts))
        is_example = isinstance(facts, Path)
        if not is_example:
            scenario_rows.append(f)
        if is_example or args.alles:
            print(f"{name[:60]:<60} {f.flesch_douma:>12.1f} {f.words_per_sentence:>11.1f} "
                  f"{f.long_words_pct:>10.1f} {f.words:>8}")
    if scenario_rows:
        fd = [f.flesch_douma for f in scenario_rows]
        ws = [f.words_per_sentence for f in scenario_rows]
        print(f"scenario's ({len(scenario_rows)}): Flesch-Douma min {min(fd):.1f}, mediaan {statistics.median(fd):.1f}; "
              f"woorden/zin max {max(ws):.1f}, mediaan {statistics.median(ws):.1f}")


if __name__ == "__main__":
    main()
