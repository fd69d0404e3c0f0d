"""Issue 18, mechanism 5: the models and the published JSON Schemas give the same verdict on every
document, 'ja'/'nee' are booleans on purpose, and every message is Dutch and one line per mistake.

The JSON Schema side reads the data as an editor does (YAML 1.2, which is what our loader reads too)
and follows the JSON Schema rules: formats are checked and `pattern` is an ECMA-262 regex, where
`$` means the end of the text (Python's `$` also matches before a final newline).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from samenwerkwijzer.engine.advice.api import Adviseur
from samenwerkwijzer.engine.authoring.schemas import models, schema_text
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.model.facts import Initiatief
from samenwerkwijzer.engine.source.translate import MESSAGES, translate
from samenwerkwijzer.engine.source.yamlsource import Document, load, parse

# the hostile-corpus helpers, imported by path: tests are not a package
sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SHIPPED = {
    "feiten": sorted((ROOT / "voorbeelden").glob("*.yaml")),
    "regels": sorted((ROOT / "regels").glob("*.yaml")),
    "kennisbank": sorted((ROOT / "kennisbank").rglob("*.yaml")),
    "test": sorted((ROOT / "regels" / "scenarios").glob("*.yaml")),
}
BROKEN = {
    "feiten": sorted((DATA / "feiten-kapot").rglob("*.y*ml")) + sorted((DATA / "feiten-kapot").rglob("*.json")),
    "regels": sorted((DATA / "regels-kapot").rglob("*.yaml")),
    "kennisbank": sorted((DATA / "kb-kapot").rglob("*.yaml")),
}
INPUT_KINDS = ("feiten", "regels", "kennisbank", "test")
ENGLISH = re.compile(r"\b(should|Input|input|valid|must|expected|got|field|required|error|instance|character|least|"
                     r"provided|number|string|integer|boolean|dictionary|Value|Datetimes?|zero)\b")


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if isinstance(instance, str) and not re.search(re.sub(r"(?<!\\)\$", r"\\Z", pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


SchemaValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def schema_validator(kind: str) -> Any:
    schema = json.loads(schema_text(kind))
    assert schema == json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return SchemaValidator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_says(kind: str, data: Any) -> bool:
    return next(iter(schema_validator(kind).iter_errors(data)), None) is None


def model_errors(kind: str, data: Any) -> list[dict[str, Any]]:
    try:
        models()[kind].model_validate(data)
    except ValidationError as exc:
        return list(exc.errors(include_url=False))
    return []


def same_verdict(kind: str, data: Any, where: str) -> None:
    by_schema = schema_says(kind, data)
    errors = model_errors(kind, data)
    assert by_schema == (not errors), (
        f"{where}: JSON Schema says {'valid' if by_schema else 'invalid'}, the model says "
        f"{'valid' if not errors else errors[:2]}\n{json.dumps(data, default=str)[:600]}")


def loaded(path: Path) -> Document | None:
    try:
        return load(str(path))
    except InputError:
        return None  # not YAML at all: neither the schema nor the model gets to see it


SHIPPED_CASES = [(kind, p) for kind, paths in SHIPPED.items() for p in paths]
BROKEN_CASES = [(kind, p) for kind, paths in BROKEN.items() for p in paths]


@pytest.mark.parametrize("kind,path", SHIPPED_CASES, ids=[str(p.relative_to(ROOT)) for _, p in SHIPPED_CASES])
def test_shipped_files_are_valid_for_schema_and_model(kind: str, path: Path) -> None:
    doc = loaded(path)
    assert doc is not None
    same_verdict(kind, doc.data, str(path))
    assert not model_errors(kind, doc.data)


@pytest.mark.parametrize("kind,path", BROKEN_CASES, ids=[str(p.relative_to(DATA)) for _, p in BROKEN_CASES])
def test_broken_files_get_the_same_verdict(kind: str, path: Path) -> None:
    doc = loaded(path)
    if doc is not None:
        same_verdict(kind, doc.data, str(path))


# -- the findings, one by one -------------------------------------------------------------------

LAX_BEFORE = [  # values pydantic's lax mode took and the schema refused
    ("feiten", {"naam": "x", "wijk": {"deelnamebereidheid": True}}),
    ("feiten", {"naam": "x", "wijk": {"deelnamebereidheid": "40"}}),
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": "yes"}}),
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": "on"}}),
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": 1}}),
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": "1"}}),
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": 0}}),
    ("feiten", {"naam": "x", "wijk": {"deelnamebereidheid": 40.5}}),
    ("feiten", {"naam": "x", "technieken": ("warmtepomp",)}),
    ("regels", {"regels": [{"id": "r", "titel": "t", "bron": "b", "toelichting": "t", "dan": [{"tip": {"id": "t"}}],
                            "als": {"feit": "wijk.deelnamebereidheid", "groter_dan": True}}]}),
    ("regels", {"regels": [{"id": "r", "titel": "t", "bron": "b", "toelichting": "t", "dan": [{"tip": {"id": "t"}}],
                            "als": {"feit": "wijk.deelnamebereidheid", "groter_dan": "40"}}]}),
    ("kennisbank", {"sporen": [{"id": "s", "nummer": "1", "titel": "t", "omschrijving": "o", "bron": "b"}]}),
    ("test", {"scenarios": [{"naam": "s", "feiten": {}, "verwacht": {}, "peildatum": 20260101}]}),
]


@pytest.mark.parametrize("kind,data", LAX_BEFORE, ids=[json.dumps(d, default=str)[-60:] for _, d in LAX_BEFORE])
def test_lax_values_are_refused_by_schema_and_model(kind: str, data: dict[str, Any]) -> None:
    assert not schema_says(kind, data) or kind == "feiten" and isinstance(data.get("technieken"), tuple)
    assert model_errors(kind, data)


JA_NEE_ACCEPTED = [
    ("feiten", {"naam": "x", "gemeente": {"raad_betrokken": "ja", "wethouder_betrokken": "nee"}}),
    ("feiten", {"naam": "x", "wijk": {"deelnamebereidheid": 40.0}}),  # JSON Schema's integer: 40.0 is 40
    ("regels", {"regels": [{"id": "r", "titel": "t", "bron": "b", "toelichting": "t", "dan": [{"tip": {"id": "t"}}],
                            "als": {"feit": "technieken", "leeg": "nee"}}]}),
]


@pytest.mark.parametrize("kind,data", JA_NEE_ACCEPTED, ids=[json.dumps(d)[-50:] for _, d in JA_NEE_ACCEPTED])
def test_ja_nee_and_whole_floats_are_accepted_by_schema_and_model(kind: str, data: dict[str, Any]) -> None:
    assert schema_says(kind, data)
    assert not model_errors(kind, data)


def test_ja_nee_normalise_to_true_false() -> None:
    with_words = Initiatief.model_validate({"naam": "x", "gemeente": {"raad_betrokken": "ja"}, "wijk": {"spanningen": "nee"}})
    with_bools = Initiatief.model_validate({"naam": "x", "gemeente": {"raad_betrokken": True}, "wijk": {"spanningen": False}})
    assert with_words == with_bools
    assert with_words.gemeente.raad_betrokken is True and with_words.wijk.spanningen is False


@pytest.fixture(scope="module")
def adviseur() -> Adviseur:
    return Adviseur()


def test_ja_nee_in_a_facts_file_gives_the_same_advice_json_as_true_false(adviseur: Adviseur) -> None:
    import datetime as dt

    text = (ROOT / "voorbeelden" / "opstarten-collectief.yaml").read_text(encoding="utf-8")
    assert ": true" in text or ": false" in text
    words = text.replace(": true", ": ja").replace(": false", ": nee")
    day = dt.date(2026, 1, 1)
    by_bools = adviseur.adviseer(adviseur.check_facts(parse(text, "a.yaml")), day).model_dump_json()
    by_words = adviseur.adviseer(adviseur.check_facts(parse(words, "a.yaml")), day).model_dump_json()
    assert by_words == by_bools


def test_unquoted_yes_on_stay_text_and_are_refused_with_a_guess() -> None:
    """YAML 1.1 made `yes` true; an editor (YAML 1.2) and our loader read the word 'yes'."""
    doc = parse("naam: x\ngemeente:\n  raad_betrokken: yes\n  wethouder_betrokken: off\n", "f.yaml")
    assert doc.data["gemeente"] == {"raad_betrokken": "yes", "wethouder_betrokken": "off"}
    with pytest.raises(InputError) as exc:
        Adviseur().check_facts(doc)
    lines = exc.value.format().splitlines()
    assert lines == [
        "f.yaml:3:3: fout: veld 'gemeente.raad_betrokken': verwacht een ja/nee-waarde (true, false, ja of nee), "
        "kreeg 'yes'; bedoelde u 'ja'?",
        "f.yaml:4:3: fout: veld 'gemeente.wethouder_betrokken': verwacht een ja/nee-waarde (true, false, ja of nee), "
        "kreeg 'off'; bedoelde u 'nee'?",
    ]


def _one_message(kind: str, text: str) -> list[str]:
    doc = parse(text, "b.yaml")
    try:
        models()[kind].model_validate(doc.data)
    except ValidationError as exc:
        return [p.format() for p in translate(exc, doc, models()[kind])]
    return []


RULE = "regels:\n  - id: r\n    titel: t\n    bron: b\n    toelichting: t\n    dan: [{tip: {id: t}}]\n"


def test_one_mistake_in_a_union_is_one_message() -> None:
    assert _one_message("regels", RULE + "    als: {feit: x, is: [1]}\n") == [
        "b.yaml:7:20: fout: veld 'regels[0].als.is': verwacht een true/false, geheel getal of tekst, kreeg een lijst"]
    assert _one_message("test", "scenarios:\n  - naam: a\n    feiten: {}\n    verwacht: {activiteiten: 5}\n") == [
        "b.yaml:4:16: fout: veld 'scenarios[0].verwacht.activiteiten': verwacht een lijst of groep velden (veld: waarde), kreeg 5"]
    # the member that fits the shape speaks: a mapping with one bad priority
    assert _one_message("test", "scenarios:\n  - naam: a\n    feiten: {}\n    verwacht: {activiteiten: {a: 1}}\n") == [
        "b.yaml:4:31: fout: veld 'scenarios[0].verwacht.activiteiten.a': verwacht een tekst, kreeg 1 "
        "(schrijf '1' tussen aanhalingstekens)"]


def test_a_date_that_does_not_exist_says_so_with_a_guess() -> None:
    assert _one_message("regels", RULE + "    als: {bekend: naam}\n    geldig_vanaf: 2026-02-30\n") == [
        "b.yaml:8:5: fout: veld 'regels[0].geldig_vanaf': '2026-02-30' is geen bestaande datum: februari 2026 heeft "
        "28 dagen (JJJJ-MM-DD); bedoelde u '2026-02-28'?"]
    assert _one_message("regels", RULE + "    als: {bekend: naam}\n    geldig_tot: 30-1-2026\n") == [
        "b.yaml:8:5: fout: veld 'regels[0].geldig_tot': '30-1-2026' is geen datum in de vorm JJJJ-MM-DD; "
        "bedoelde u '2026-01-30'?"]
    assert "er is geen maand 13" in _one_message("regels", RULE + "    als: {bekend: naam}\n    geldig_tot: 2026-13-01\n")[0]


# -- every error type the models can raise, in Dutch ---------------------------------------------

PROVOKE = [  # (kind, YAML text): together they raise every error type the input models can raise
    ("feiten", "naam: ''\n"),                                        # string_too_short
    ("feiten", "wijk: {}\n"),                                        # missing
    ("feiten", "naam: x\nwijk: {deelnamebereidheid: true}\n"),       # int_type
    ("feiten", "naam: x\nwijk: {deelnamebereidheid: 400}\n"),        # less_than_equal
    ("feiten", "naam: x\nwijk: {deelnamebereidheid: -4}\n"),         # greater_than_equal
    ("feiten", "naam: x\nwijk: {spanningen: misschien}\n"),          # bool_type
    ("feiten", "naam: 5\n"),                                         # string_type
    ("feiten", "naam: x\ntechnieken: warmtepomp\n"),                 # list_type
    ("feiten", "naam: x\nfase: klaar\n"),                            # literal_error
    ("feiten", "naam: x\nwijk: [1]\n"),                              # model_type
    ("feiten", "naam: x\nwjik: {}\n"),                               # extra_forbidden
    ("feiten", "- naam\n"),                                          # model_type at the top
    ("regels", RULE + "    als: {feit: x}\n"),                       # value_error (one form)
    ("regels", RULE + "    als: {feit: x, is: null}\n"),             # leeg_veld
    ("regels", RULE + "    als: {bekend: x}\n    geldig_vanaf: 2026-02-30\n"),  # datum_bestaat_niet
    ("regels", RULE + "    als: {bekend: x}\n    geldig_vanaf: morgen\n"),      # datum_vorm
    ("regels", RULE + "    als: {bekend: x}\n    geldig_vanaf: !!timestamp 2026-01-01 10:00:00\n"),  # datum_met_tijd
    ("regels", RULE + "    als: {bekend: x}\n    geldig_vanaf: 20260101\n"),    # date_type
    ("regels", RULE.replace("id: r", "id: R!") + "    als: {bekend: x}\n"),   # string_pattern_mismatch
    ("regels", RULE.replace("dan: [{tip: {id: t}}]", "dan: []") + "    als: {bekend: x}\n"),  # too_short
    ("regels", RULE + "    als: {bekend: x}\n    dan: [{}]\n".replace("    dan", "    xdan")),  # extra
    ("regels", RULE.replace("dan: [{tip: {id: t}}]", "dan: [{tip: {id: t}, risico: {id: r}}]") + "    als: {bekend: x}\n"),
    ("regels", RULE + "    als: {feit: x, is: {a: 1}}\n"),           # a union of three types
    ("test", "scenarios:\n  - naam: a\n    feiten: [1]\n    verwacht: {}\n"),  # dict_type
    ("test", "scenarios: {}\n"),                                     # list_type
]


def _types_and_messages(kind: str, text: str) -> tuple[set[str], list[str]]:
    doc = parse(text, "b.yaml")
    try:
        models()[kind].model_validate(doc.data)
    except ValidationError as exc:
        return {e["type"] for e in exc.errors()}, [p.format() for p in translate(exc, doc, models()[kind])]
    return set(), []


def _english(message: str) -> list[str]:
    # what the author wrote is shown between quotes; only our own words must be Dutch
    return ENGLISH.findall(re.sub(r"'[^']*'", "''", message))


def test_every_error_type_the_models_raise_has_a_dutch_message() -> None:
    seen: set[str] = set()
    for kind, text in PROVOKE:
        types, messages = _types_and_messages(kind, text)
        assert messages, f"{text!r} gives no error"
        seen |= types
        for message in messages:
            assert not _english(message), f"English in {message!r}"
    expected = {"string_too_short", "missing", "int_type", "less_than_equal", "greater_than_equal", "bool_type",
                "string_type", "list_type", "literal_error", "model_type", "extra_forbidden", "value_error", "leeg_veld",
                "datum_bestaat_niet", "datum_vorm", "datum_met_tijd", "date_type", "string_pattern_mismatch", "too_short",
                "dict_type"}
    assert expected <= seen, expected - seen
    assert seen <= set(MESSAGES), f"no message of its own (only the fallback) for {seen - set(MESSAGES)}"


def test_an_unknown_error_type_gets_the_dutch_fallback_not_the_english_text() -> None:
    from pydantic_core import InitErrorDetails, PydanticCustomError

    error = PydanticCustomError("nieuw_soort", "Input should be something new")
    exc = ValidationError.from_exception_data("x", [InitErrorDetails(type=error, loc=("naam",), input=3)])
    doc = parse("naam: 3\n", "c.yaml")
    (problem,) = translate(exc, doc, Initiatief)
    assert problem.format() == "c.yaml:1:1: fout: veld 'naam': ongeldige waarde 3"


# -- generated documents: every field gets values of the wrong type ------------------------------

BAIT = st.sampled_from([  # what lax validation took and the schema refuses, what both must take, and near misses
    True, False, None, 0, 1, -1, 40, 100, 101, 40.0, 40.5, 1e300, float("inf"), float("nan"), -0.0,
    "ja", "nee", "Ja", "yes", "no", "on", "off", "y", "1", "0", "40", "40.0", "true", "True", "", " ", "x\n",
    "2026-01-01", "2026-02-30", "2026-1-1", "2026-01-01T10:00:00", "opstarten", "collectief", "warmtepomp", "moet",
    "ops-a", "Ops A", "a$", "-a"])
HOSTILE_SCALARS = st.one_of(BAIT, BAIT, BAIT, st.integers(min_value=-(2**70), max_value=2**70), st.floats(),
                            st.text(alphabet="abcj019 -_.$\n", max_size=6))
HOSTILE = st.one_of(HOSTILE_SCALARS, HOSTILE_SCALARS, st.recursive(HOSTILE_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["naam", "id", "x", "feit", "is", "tip", "a"]), inner, max_size=3)), max_leaves=6))


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, here + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, here + (i,))
    return out


@cache
def _bases(kind: str) -> list[Any]:
    """Small valid documents to spoil: the smallest shipped files and a few made-up ones."""
    smallest = sorted(SHIPPED[kind], key=lambda p: p.stat().st_size)[: 1 if kind in ("regels", "test") else 2]
    mini = {"regels": [DATA / "regels-mini" / "regels.yaml"], "kennisbank": [DATA / "kb-mini" / "kb.yaml"]}.get(kind, [])
    docs = [load(str(p)).data for p in smallest + mini]
    if kind == "regels":
        docs.append({"regels": [{"id": "r", "titel": "t", "bron": "b", "toelichting": "t", "dan": [{"tip": {"id": "t"}}],
                                 "als": {"alle": [{"feit": "wijk.deelnamebereidheid", "groter_dan": 40},
                                                  {"niet": {"feit": "technieken", "leeg": True}}]},
                                 "geldig_vanaf": "2026-01-01"}],
                     "afgeleide_feiten": [{"naam": "route", "waarden": ["a", True, 3], "omschrijving": "o", "bron": "b"}],
                     "beleid": {"formalisatie_volgorde": ["a"]}})
    if kind == "test":
        docs.append({"scenarios": [{"naam": "s", "feiten": {"naam": "x"}, "peildatum": "2026-01-01",
                                    "verwacht": {"activiteiten": {"a": "moet"}, "formalisatie": {"vorm": None}}}]})
    docs = [_pruned(doc) for doc in docs]
    for doc in docs:
        assert schema_says(kind, doc) and not model_errors(kind, doc), kind
    return docs


def _pruned(data: Any) -> Any:
    """The same fields with every list cut to its first item: small documents check fast."""
    if isinstance(data, dict):
        return {k: _pruned(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_pruned(v) for v in data[:1]]
    return data


def _shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def spoiled(draw: Any, kind: str) -> Any:
    """A valid document with one or two places spoiled; each field (not each occurrence) is
    equally likely to be chosen, so a field that occurs once is tried as often as a long list."""
    data = copy.deepcopy(draw(st.sampled_from(_bases(kind))))
    for _ in range(draw(st.integers(1, 2))):
        by_shape: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        for found in _paths(data):
            by_shape.setdefault(_shape(found), []).append(found)
        leaves = sorted((k for k, v in by_shape.items() if not isinstance(_at(data, v[0]), dict | list)), key=repr)
        shapes = leaves if leaves and draw(st.integers(0, 3)) else sorted(by_shape, key=repr)
        path = draw(st.sampled_from(by_shape[draw(st.sampled_from(shapes))]))
        action = draw(st.sampled_from(["replace"] * 6 + ["drop", "add"]))
        if not path:
            data = draw(HOSTILE) if action == "replace" else data
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if action == "replace":
            parent[path[-1]] = draw(HOSTILE)
        elif action == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["is", "in", "niet", "extra", "naam", "leeg", "tip", "groter_dan"]))] = draw(HOSTILE)
        else:
            parent.append(draw(HOSTILE))
    return data


@pytest.mark.parametrize("kind", INPUT_KINDS)
@settings(derandomize=True, database=None, max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_documents_get_the_same_verdict_and_dutch_messages(kind: str, data: Any) -> None:
    doc = data.draw(spoiled(kind))
    same_verdict(kind, doc, "generated")
    try:
        models()[kind].model_validate(doc)
    except ValidationError as exc:
        for problem in translate(exc, Document(data=doc, source="g.yaml"), models()[kind]):
            assert not _english(problem.format()), problem.format()


BAIT_VALUES = BAIT.wrapped_strategy.elements if hasattr(BAIT, "wrapped_strategy") else BAIT.elements


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_every_field_with_every_bait_value_gets_the_same_verdict(kind: str) -> None:
    """Systematic, not random: each field of each small valid document gets each bait value once."""
    done: set[tuple[Any, ...]] = set()
    for base in _bases(kind):
        firsts: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for found in _paths(base):
            if _shape(found) not in done:
                firsts.setdefault(_shape(found), found)
        done |= set(firsts)
        for path in sorted(firsts.values(), key=repr):
            if not path:
                continue
            for value in [*BAIT_VALUES, [1], {"a": 1}]:
                data = copy.deepcopy(base)
                _at(data, path[:-1])[path[-1]] = value
                same_verdict(kind, data, f"{'.'.join(map(str, path))} = {value!r}")
