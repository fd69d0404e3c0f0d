"""Scale: rule bases far larger than today's compile and give the same answers as the plain-Python floor.

durable has hard limits (a node branching past 512 ways hangs, more than 4,096 rules per ruleset,
256 rules on one identical condition, 64 tests matched by one fact, 16 facts per match); the
compiler's encoding and packing must keep every rule base inside them. The bases here are real
YAML files that pass the same checks as the shipped one (`load_rules`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("durable_rules_engine", reason="durable-rules is hier niet geïnstalleerd (Python 3.13+): "
                    "deze tests vergelijken durable met de vloer op grote regelbases")

from samenwerkwijzer import Initiatief
from samenwerkwijzer.engine.logic import compile as compiler
from samenwerkwijzer.engine.logic.compile import CompiledBase, compile_base
from samenwerkwijzer.engine.logic.conditions import keys_for
from samenwerkwijzer.engine.logic.floor import FloorReasoner
from samenwerkwijzer.engine.logic.infer import Reasoner
from samenwerkwijzer.engine.model.facts import flatten, input_catalogue
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import RuleBase, load_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402

DAY = dt.date(2026, 1, 1)
KB = load_kennisbank(SHIPPED_KB)
TIP = sorted(KB.tips)[0]
BRON = sorted(KB.bronnen)[0]
BOOLS = sorted(n for n, s in input_catalogue().items() if s.kind == "bool")


def assert_within_limits(cb: CompiledBase) -> None:
    """What durable would refuse or hang on, checked on the compiled definitions themselves."""
    for cset in cb.sets:
        assert len(cset.definition) <= 4096 - 96
        root: set[str] = set()
        below: dict[str, set[str]] = {}
        shared: Counter[str] = Counter()
        for name, body in cset.definition.items():
            patterns = body["all"]
            assert len(patterns) <= 15, name
            for pattern in patterns:
                (test,) = pattern.values()
                exists = test["$ex"] if "$ex" in test else test["$and"][0]["$ex"]
                (prop,) = exists
                root.add(prop)
                if "$and" in test:
                    below.setdefault(prop, set()).add(json.dumps(test["$and"][1]))
                shared[json.dumps(test, sort_keys=True)] += 1
        assert len(root) <= 500
        assert all(len(tests) <= 500 for tests in below.values())
        assert max(shared.values()) <= 240


def assert_agrees_with_floor(cb: CompiledBase, base: RuleBase, docs: list[dict[str, Any]]) -> list[int]:
    reasoner, floor = Reasoner(cb), FloorReasoner(cb)
    facts = base.facts()
    counts = []
    try:
        for doc in docs:
            keys = keys_for(flatten(Initiatief.model_validate(doc)), cb.keys, facts)
            got, want = reasoner.run(keys, DAY), floor.run(keys, DAY)
            assert set(got.fired) == set(want.fired)
            assert {k: sorted(map(repr, v)) for k, v in got.derived.items()} == {k: sorted(map(repr, v)) for k, v in want.derived.items()}
            counts.append(len(got.fired))
        assert reasoner.leftover_facts() == []
    finally:
        reasoner.close()
    return counts


def write_base(folder: Path, rules: list[dict[str, Any]], derived: list[dict[str, Any]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"beleid": {"formalisatie_volgorde": sorted(KB.vormen)}, "regels": rules}
    if derived:
        doc["afgeleide_feiten"] = derived
    (folder / "regels.yaml").write_text(generate.dump(doc), encoding="utf-8")
    return folder


def rule(rid: str, als: dict[str, Any], dan: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": rid, "titel": rid, "als": als, "dan": dan or [{"tip": {"id": TIP}}], "bron": BRON, "toelichting": "Schaaltest."}


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {"naam": "schaal"}
    for name, value in flat.items():
        node = doc
        *parents, leaf = name.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return doc


def test_a_thousand_synthetic_rules_agree_with_the_floor(tmp_path: Path) -> None:
    base = load_rules(generate.write_rule_base(tmp_path / "regels", 1000, KB, seed=3), KB)
    cb = compile_base(base, "duizend")
    assert_within_limits(cb)
    fired = assert_agrees_with_floor(cb, base, generate.profiles(40, KB, seed=8))
    assert sum(fired) > 0


def test_six_hundred_rules_on_one_identical_condition(tmp_path: Path) -> None:
    rules = [rule(f"gedeeld-{i}", {"feit": "warmteoplossing", "is": "collectief"}) for i in range(600)]
    base = load_rules(write_base(tmp_path / "regels", rules), KB)
    cb = compile_base(base, "gedeeld")
    assert len(cb.sets) >= 3  # durable links at most 256 rules to one condition
    assert_within_limits(cb)
    assert assert_agrees_with_floor(cb, base, [nested({"warmteoplossing": "collectief"}), nested({"warmteoplossing": "individueel"})]) == [600, 0]


def test_hundreds_of_thresholds_on_one_number(tmp_path: Path) -> None:
    rules = [rule(f"drempel-{op}-{i}", {"feit": "wijk.deelnamebereidheid", op: i})
             for op in ("groter_dan", "kleiner_dan", "minstens", "hoogstens") for i in range(0, 100, 1)]
    rules += [rule(f"tussen-{i}", {"alle": [{"feit": "wijk.deelnamebereidheid", "minstens": i},
                                            {"feit": "wijk.deelnamebereidheid", "hoogstens": i + 7}]}) for i in range(0, 93, 3)]
    rules += [rule(f"niet-{i}", {"niet": {"feit": "wijk.deelnamebereidheid", "groter_dan": i}}) for i in range(0, 100, 9)]
    base = load_rules(write_base(tmp_path / "regels", rules), KB)
    cb = compile_base(base, "drempels")
    assert_within_limits(cb)
    docs = [nested({"wijk.deelnamebereidheid": v}) for v in (0, 1, 13, 50, 77, 99, 100)] + [nested({})]
    fired = assert_agrees_with_floor(cb, base, docs)
    assert fired[3] >= 200  # about half the thresholds hold at 50: far past durable's 64 matched tests


def test_value_sets_on_one_fact_in_every_combination(tmp_path: Path) -> None:
    values = list(input_catalogue()["participatieniveau"].values)
    rules = []
    for mask in range(1, 2 ** len(values) - 1):
        chosen = [v for n, v in enumerate(values) if mask >> n & 1]
        rules.append(rule(f"in-{mask}", {"feit": "participatieniveau", "in": chosen}))
        rules.append(rule(f"nietin-{mask}", {"feit": "participatieniveau", "niet_in": chosen}))
    base = load_rules(write_base(tmp_path / "regels", rules), KB)
    cb = compile_base(base, "waardesets")
    assert_within_limits(cb)
    fired = assert_agrees_with_floor(cb, base, [nested({"participatieniveau": v}) for v in values] + [nested({})])
    assert fired[0] == 2 ** (len(values) - 1) - 1 + 2 ** (len(values) - 1) - 1


def test_a_rule_longer_than_durable_can_match_is_chained(tmp_path: Path) -> None:
    assert len(BOOLS) >= 20
    rules = [rule("lang", {"alle": [{"feit": name, "is": True} for name in BOOLS[:20]]})]
    base = load_rules(write_base(tmp_path / "regels", rules), KB)
    cb = compile_base(base, "lang")
    assert cb.chained  # the first part asserts an internal key that the second part reads
    assert_within_limits(cb)
    everything = {name: True for name in BOOLS[:20]}
    one_false = dict(everything, **{BOOLS[7]: False})
    assert assert_agrees_with_floor(cb, base, [nested(everything), nested(one_false)]) == [1, 0]


def test_more_keys_than_one_ruleset_can_branch_to(tmp_path: Path) -> None:
    derived = [{"naam": f"schaal.feit_{i}", "waarden": ["ja", "nee"], "omschrijving": "Schaal.", "bron": BRON} for i in range(600)]
    rules = []
    for i in range(600):
        rules.append(rule(f"leid-{i}", {"feit": BOOLS[i % len(BOOLS)], "is": i % 2 == 0},
                          [{"afleiden": {"feit": f"schaal.feit_{i}", "waarde": "ja"}}]))
        rules.append(rule(f"lees-{i}", {"feit": f"schaal.feit_{i}", "is": "ja"}))
    base = load_rules(write_base(tmp_path / "regels", rules, derived), KB)
    cb = compile_base(base, "breed")
    assert len(cb.sets) >= 2  # durable hangs when one node branches past 512 ways
    assert_within_limits(cb)
    docs = [nested({name: True for name in BOOLS}), nested({name: False for name in BOOLS}), nested({})]
    assert assert_agrees_with_floor(cb, base, docs)[:2] == [600, 600]


def test_the_packer_respects_tighter_limits(tmp_path: Path, monkeypatch: Any) -> None:
    """The same base packed under much lower limits still gives the same answers."""
    base = load_rules(generate.write_rule_base(tmp_path / "regels", 300, KB, seed=4), KB)
    for name, value in (("MAX_ACTIONS_PER_SET", 60), ("MAX_BRANCHES", 40), ("MAX_SHARED", 12), ("MAX_MATCHED", 4),
                        ("MAX_PATTERNS", 3)):
        monkeypatch.setattr(compiler, name, value)
    cb = compile_base(base, "krap")
    assert len(cb.sets) > 5
    for cset in cb.sets:
        assert len(cset.definition) <= 60
    assert_agrees_with_floor(cb, base, generate.profiles(30, KB, seed=6))


def load_in_parts(folder: Path) -> RuleBase:
    """load_rules over each generated file (with the declarations), merged: the checks are the same,
    and no single call sees 10,000 rules (load_rules itself grows with the square of the rule count)."""
    decl = folder / "synth-0-feiten.yaml"
    parts = [load_rules(folder, KB, files=[decl, path]) for path in sorted(folder.glob("synth-[0-9]*.yaml")) if path != decl]
    base = parts[0]
    for part in parts[1:]:
        base.rules.extend(part.rules)
        base.where.update(part.where)
        base.texts.update(part.texts)
        base.files.extend(f for f in part.files if f not in base.files)
    return base


@pytest.mark.slow
def test_ten_thousand_rules_compile_and_run(tmp_path: Path) -> None:
    base = load_in_parts(generate.write_rule_base(tmp_path / "regels", 10_000, KB, seed=1))
    assert len(base.rules) == 10_000
    cb = compile_base(base, "tienduizend")
    assert len(cb.sets) >= 4
    assert_within_limits(cb)
    fired = assert_agrees_with_floor(cb, base, generate.profiles(12, KB, seed=2))
    assert min(fired) > 0
