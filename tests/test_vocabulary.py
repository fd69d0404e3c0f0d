"""One vocabulary: the operators, ranks and phase order live in engine/vocabulary.py; the rule
model, the checks, the normal form and the fact reference read them from there."""

from __future__ import annotations

import ast
from pathlib import Path

from samenwerkwijzer.engine.authoring.factref import OPERATORS as DOC_OPERATORS
from samenwerkwijzer.engine.model import vocabulary
from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import RuleBase, Voorwaarde

ENGINE = Path(__file__).parents[1] / "engine"
DATA = Path(__file__).parent / "data"


def test_the_condition_model_has_exactly_the_registered_operators() -> None:
    fields = {info.alias or name for name, info in Voorwaarde.model_fields.items()}
    assert fields == {"feit", *vocabulary.FACT_OPERATORS, *vocabulary.PRESENCE, *vocabulary.COMBINATORS}


def test_the_fact_reference_lists_the_operators_of_each_kind() -> None:
    for kind, text in DOC_OPERATORS.items():
        assert text.split(", ") == (vocabulary.operators_for(kind) or [text])


def test_ranks_and_literals_agree() -> None:
    import typing

    assert set(vocabulary.PRIORITY_RANK) == set(typing.get_args(vocabulary.Prioriteit))
    assert set(vocabulary.ERNST_RANK) == set(typing.get_args(vocabulary.Ernst))
    assert set(vocabulary.ZWAARTE_RANK) == set(typing.get_args(vocabulary.Zwaarte))
    assert list(vocabulary.PHASE_RANK) == list(vocabulary.FASEN)


def test_no_module_spells_out_a_shared_enumeration_again() -> None:
    """The Dutch value lists of the vocabulary appear as literal tuples/lists/Literals only there."""
    shared = [tuple(vocabulary.FASEN), tuple(vocabulary.EIGENAREN), ("moet", "zou", "kan"), ("laag", "midden", "hoog"),
              ("licht", "zwaar"), vocabulary.FACT_OPERATORS]
    for path in sorted(ENGINE.glob("*.py")):
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List):
                values = tuple(e.value for e in node.elts if isinstance(e, ast.Constant))
                assert values not in shared, f"{path.name}:{node.lineno} repeats {values}"


def test_kb_id_facts_are_marked_on_the_model_and_the_catalogue_is_not_changed_by_loading() -> None:
    marked = {name: spec.ids.table for name, spec in input_catalogue().items() if spec.ids is not None}
    assert marked == {"partners_betrokken": "partners", "afgerond": "activiteiten"}
    kb = load_kennisbank(DATA / "kb-mini")
    base = RuleBase(kb=kb)  # no rule checked yet: the values still come from the knowledge base
    facts = base.facts()
    assert facts["partners_betrokken"].values == tuple(sorted(kb.partners))
    assert facts["afgerond"].values == tuple(sorted(kb.activiteiten))
    assert base.facts() is facts
    assert input_catalogue()["partners_betrokken"].values == ()  # the shared catalogue itself is untouched
