"""Hostile input, second round of bounds (issue 18): what cannot be a static corpus folder.

- a derived fact with tens of thousands of declared values and one rule `in:` all of them: the
  compiler and the loader were quadratic in the values (65 s for 24,000); a real process under the
  CPU limit of tests/test_vijandig.py, with n so large that the old code exceeded it;
- huge integers and bad explicitly tagged scalars in facts files, scenarios and library calls;
- libyaml's English syntax messages, raw control characters, over-long keys;
- one line for one mistake when a rules or knowledge-base file cannot be read.

Big inputs are generated in tmp_path, never committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.terminal import text_of
from samenwerkwijzer.engine.logic.conditions import SHOWN_VALUES
from samenwerkwijzer.tests.test_vijandig import check_refusal, run_cli

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "voorbeelden" / "opstarten-collectief.yaml"


def rules_with_a_wide_in_list(tmp_path: Path, n: int) -> Path:
    rules = tmp_path / "regels"
    shutil.copytree(ROOT / "regels", rules, ignore=shutil.ignore_patterns("scenarios"))
    values = ", ".join(f"w{i}" for i in range(n))
    (rules / "groot.yaml").write_text(
        "afgeleide_feiten:\n  - naam: groot\n    waarden: [" + values + "]\n    omschrijving: o\n    bron: mogelijkheden\n"
        "regels:\n  - id: groot-in\n    titel: t\n    als: {feit: groot, in: [" + values + "]}\n"
        "    dan:\n      - tip: {id: tip-uit-bijsturen}\n    bron: mogelijkheden\n    toelichting: t\n", encoding="utf-8")
    return rules


# -- 1. linear in the values of an in-list ---------------------------------------------------------

def test_an_in_list_of_45000_declared_values_is_compiled_within_the_cpu_limit(tmp_path: Path) -> None:
    """Was 65 s CPU for 24,000 values (every value scanned the whole domain); 45,000 would be ~4 minutes."""
    rules = rules_with_a_wide_in_list(tmp_path, 45_000)
    proc = run_cli(["advies", str(FACTS), "--regels", str(rules)], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", errors="replace")[-2000:]


def test_the_checker_on_a_wide_in_list_is_bounded_and_its_message_short(tmp_path: Path) -> None:
    rules = rules_with_a_wide_in_list(tmp_path, 45_000)
    proc = run_cli(["regels", "controleer", str(rules)], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "kanaal": "stdout", "regels_max": 2,
                         "bevat": [f"… en nog {45_000 - SHOWN_VALUES}"]}, "controleer")
    assert len(proc.stdout) < 5_000


# -- 2. a number of thousands of digits is an input error everywhere --------------------------------

@pytest.mark.parametrize("facts", [
    {"naam": "x", "wijk": {"deelnamebereidheid": 10**5000}},
    {"naam": 10**5000},
    {"naam": "x", "afgerond": [10**5000]},
    {"naam": "x", "fase": 10**5000},
    {"naam": "x", 10**5000: 1},
], ids=["bereik", "tekst", "lijst", "keuze", "sleutel"])
def test_a_huge_int_in_a_library_call_is_an_input_error(facts: dict[Any, Any]) -> None:
    """Was a bare ValueError from str(): Python refuses to write an int of more than 4300 digits."""
    with pytest.raises(InputError) as caught:
        Adviseur().adviseer(facts)
    assert "een getal van 5001 cijfers" in str(caught.value)
    assert "unprintable" not in str(caught.value)


def test_text_of_counts_digits_without_str() -> None:
    for n in (0, 7, 10, 99, 100, 10**50 - 1, 10**50, -(10**20)):
        assert text_of(n) == str(n)
    assert text_of(10**4300) == "een getal van 4301 cijfers"
    assert text_of(-(10**6000) + 1) == "een getal van 6000 cijfers"
