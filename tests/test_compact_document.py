"""A document read without positions, or compacted after checking, gives the same data and lines back
from its text when asked: messages about a large rule base still name the right line."""

from __future__ import annotations

import pickle

import pytest

from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.source.yamlsource import parse

TEXT = "regels:\n  - id: a\n    als:\n      feit: x\n      is: true\n  - id: b\n    dan: [1, 2]\n"


def test_positions_and_data_come_back_from_the_text() -> None:
    full = parse(TEXT, "r.yaml")
    for lean in (parse(TEXT, "r.yaml", positions=False), parse(TEXT, "r.yaml")):
        lean.compact()
        assert "positions" not in vars(lean) and "data" not in vars(lean)
        copy = pickle.loads(pickle.dumps(lean))  # the rule-base cache stores compacted documents
        for doc in (lean, copy):
            assert doc.where(("regels", 1, "dan", 1)) == full.where(("regels", 1, "dan", 1)) == (7, 14)
            assert doc.positions == full.positions
            assert doc.data == full.data


def test_a_parse_without_positions_still_names_the_first_line_of_a_duplicate_key() -> None:
    with pytest.raises(InputError) as err:
        parse("a: 1\nb: 2\na: 3\n", "d.yaml", positions=False)
    assert "eerder op regel 1" in str(err.value.problems[0].message)
    assert err.value.problems[0].line == 3


def test_a_compacted_document_holds_its_text_packed_and_gives_it_back_unchanged() -> None:
    text = TEXT + "# één regel met tekens buiten ASCII: ‘ë’ €\n"
    doc = parse(text, "r.yaml")
    doc.compact()
    assert "text" not in vars(doc) and isinstance(vars(doc)["_packed"], bytes)
    assert doc.text == text
    assert pickle.loads(pickle.dumps(doc)).text == text
    assert doc.where(("regels", 1, "dan", 1)) == (7, 14)
