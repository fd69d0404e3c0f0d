"""What a loaded rule base keeps in less memory reads back exactly as it was: the source texts
(compressed in their documents), the rules' field values (key-sharing dicts) and the durable
definitions (compressed). The memory figures themselves are measured by benchmarks/peers_load.py."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from samenwerkwijzer.engine.logic.compile import compile_base
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
from samenwerkwijzer.engine.model.rules import SHIPPED, Regel, load_rules
from samenwerkwijzer.engine.source.yamlsource import load


def _base():  # type: ignore[no-untyped-def]
    return load_rules(SHIPPED, load_kennisbank(SHIPPED_KB))


def test_the_texts_are_the_files_as_read_and_held_compressed() -> None:
    base = _base()
    assert base.files and [d.source for d in base.documents] == base.files
    for doc in base.documents:
        assert "text" not in vars(doc) and "data" not in vars(doc)  # compacted: only the packed text is held
    texts = base.texts
    assert sorted(texts) == sorted(base.files)
    for name, text in texts.items():
        assert text == Path(name).read_text(encoding="utf-8-sig")


def test_each_rule_reads_as_a_fresh_validation_of_its_source() -> None:
    base = _base()
    checked = 0
    for doc in base.documents:
        fresh = load(doc.source).data.get("regels", [])
        for raw in fresh:
            rule = base.rule(raw["id"])
            again = Regel.model_validate(raw)
            assert rule == again
            assert list(rule.__dict__.items()) == list(again.__dict__.items())  # same fields, same order
            assert rule.model_dump(mode="json") == again.model_dump(mode="json")
            checked += 1
    assert checked == len(base.rules)


def test_the_durable_definitions_unpack_to_json_with_every_rule_counted() -> None:
    cb = compile_base(_base(), "t")
    assert cb.sets
    for cset in cb.sets:
        text = cset.text
        assert text == zlib.decompress(cset.packed).decode("utf-8")
        definition = json.loads(text)
        assert definition == cset.definition and len(definition) == cset.size
    assert cb.durable_rule_count() == sum(len(s.definition) for s in cb.sets)
    assert len(cb.actions) == cb.durable_rule_count() - len(cb.sets)  # every rule but each set's end rule
