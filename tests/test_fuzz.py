"""Fuzzing the loaders and the CLI: whatever comes in, no traceback; a refusal is exit 2 with clear lines.

Volume runs in-process through click's CliRunner against one loaded Adviseur (loading the shipped
base for every example would only measure YAML parsing); a few runs go through a real process.
Also: on random valid profiles the durable engine and the plain-Python floor agree exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from click.testing import CliRunner
from engines import needs_durable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import profiles

import samenwerkwijzer.cli as cli_module
from samenwerkwijzer import Adviseur, Initiatief
from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.logic.floor import FloorReasoner
from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.model.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DAY = dt.date(2026, 1, 1)
SHIPPED = Adviseur()
MINI = Adviseur(regels=DATA / "regels-mini", kennisbank=DATA / "kb-mini")
# SW_FUZZ_VOORBEELDEN=5000 runs a longer, randomised campaign; the suite itself is deterministic
DEEP = int(os.environ.get("SW_FUZZ_VOORBEELDEN", "0"))
FUZZ = settings(max_examples=DEEP or 120, deadline=None, derandomize=not DEEP, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
CATALOGUE = input_catalogue()
NAMES = sorted({part for name in CATALOGUE for part in name.split(".")} | {"naam", "regels", "als", "dan", "feit"})


def run_cli(args: list[str]) -> Any:
    """The CLI in this process, with the shipped Adviseur loaded once."""
    with mock.patch.object(cli_module, "_adviseur", lambda regels, kennisbank, engine=None: SHIPPED):
        return CliRunner().invoke(cli_module.main, args)


def assert_clean_refusal_or_success(result: Any, path: Path) -> None:
    out = result.output
    assert "Traceback" not in out, out
    assert "interne fout" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), (result.exit_code, out)
    if result.exit_code == 2:
        lines = [line for line in out.split("\n") if line.strip()]
        assert lines, "a refusal says why"
        for line in lines:
            assert line.startswith(f"{path}:"), line  # every line names the file (and the line, if known)


# -- random documents ---------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["onbekend", "ja", "collectief", "opstarten", "", "~", "yes", "0x1F"]),
)
keys = st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


@FUZZ
@given(doc=st.one_of(documents, st.dictionaries(keys, documents, min_size=1, max_size=8).map(lambda d: {"naam": "x", **d})),
       as_json=st.booleans())
def test_random_documents_never_crash_the_cli(doc: Any, as_json: bool, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("doc")
    path = folder / ("feiten.json" if as_json else "feiten.yaml")
    try:
        text = json.dumps(doc, allow_nan=True) if as_json else yaml.safe_dump(doc, allow_unicode=True)
    except (ValueError, yaml.YAMLError):
        return
    path.write_text(text, encoding="utf-8")
    assert_clean_refusal_or_success(run_cli(["advies", str(path), "--formaat", "json"]), path)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_the_cli(data: bytes, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("bytes") / "feiten.yaml"
    path.write_bytes(data)
    assert_clean_refusal_or_success(run_cli(["advies", str(path)]), path)


EXAMPLE = (ROOT / "voorbeelden" / "opstarten-collectief.yaml").read_text(encoding="utf-8")
YAML_BITS = [":", "-", " ", "\n", "\t", "'", '"', "[", "]", "{", "}", "&a", "*a", "!!", "<<", "#", "|", ">", "%", "@", "`",
             "!!python/object:os.system", "!!binary", "!!set", "!!timestamp 2020-01-01", "\x00", "\ufeff", "?", ","]


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(EXAMPLE)), st.integers(0, 3), st.sampled_from(YAML_BITS)), min_size=1, max_size=6))
def test_mangled_yaml_never_crashes_the_cli(edits: list[tuple[int, int, str]], tmp_path_factory: Any) -> None:
    text = EXAMPLE
    for pos, cut, bit in edits:
        pos = min(pos, len(text))
        text = text[:pos] + bit + text[pos + cut:]
    path = tmp_path_factory.mktemp("mangled") / "feiten.yaml"
    path.write_text(text, encoding="utf-8")
    assert_clean_refusal_or_success(run_cli(["advies", str(path), "--formaat", "json"]), path)


# -- valid but odd profiles ---------------------------------------------------------------------

# any text YAML can carry (it refuses most control characters, even inside a JSON string: a refusal, exit 2)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from("\t\n"))


def _nested(name: str, value: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"naam": "x"}
    node = doc
    *parents, leaf = name.split(".")
    for p in parents:
        node = node.setdefault(p, {})
    node[leaf] = value
    return doc


def _accepts(name: str, value: Any) -> bool:
    try:
        Initiatief.model_validate(_nested(name, value))
        return True
    except ValueError:
        return False


SAYS_UNKNOWN = {name for name, spec in CATALOGUE.items() if spec.kind == "enum" and _accepts(name, "onbekend")}


def _odd_value(spec: Any, kb: Any) -> st.SearchStrategy[Any]:
    if spec.kind == "bool":
        return st.one_of(st.booleans(), st.none())
    if spec.kind == "enum":
        return st.one_of(st.sampled_from(list(spec.values) + (["onbekend"] if spec.name in SAYS_UNKNOWN else [])), st.none())
    if spec.kind == "int":
        return st.one_of(st.sampled_from([spec.minimum or 0, spec.maximum or 100, 1, 99]), st.integers(0, 100), st.none())
    if spec.kind == "list":
        pool = list(spec.values) or sorted(kb.partners if spec.name == "partners_betrokken" else kb.activiteiten)
        items = st.lists(st.sampled_from(pool), max_size=len(pool) + 2)  # duplicates allowed
        return items if spec.name == "afgerond" else st.one_of(items, st.none())
    return st.one_of(TEXT.filter(lambda t: len(t) <= 40), st.none())


@st.composite
def odd_profiles(draw: Any) -> dict[str, Any]:
    kb = SHIPPED.kb
    doc: dict[str, Any] = {"naam": draw(TEXT.filter(lambda t: 0 < len(t) <= 40))}
    for name, spec in sorted(CATALOGUE.items()):
        if name == "naam" or not draw(st.booleans()):
            continue
        node = doc
        *parents, leaf = name.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = draw(_odd_value(spec, kb))
    return doc


@FUZZ
@given(doc=odd_profiles(), as_json=st.booleans(), formaat=st.sampled_from(["json", "tekst", "markdown", "html"]))
def test_odd_but_valid_profiles_get_an_advice(doc: dict[str, Any], as_json: bool, formaat: str, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("odd") / ("feiten.json" if as_json else "feiten.yaml")
    path.write_text(json.dumps(doc, ensure_ascii=False) if as_json else yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = run_cli(["advies", str(path), "--formaat", formaat, "--peildatum", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    if formaat == "json":
        assert json.loads(result.output)["naam"] == doc["naam"]


# -- rule and knowledge-base loaders ------------------------------------------------------------

RULE_KEYS = ["id", "titel", "fasen", "als", "dan", "bron", "toelichting", "geldig_vanaf", "geldig_tot", "feit", "is",
             "in", "niet", "alle", "een_van", "bekend", "onbekend", "activiteit", "afleiden", "waarde", "regels",
             "afgeleide_feiten", "beleid", "formalisatie_volgorde", "naam", "waarden", "omschrijving", "prioriteit"]
rule_docs = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(RULE_KEYS), inner, max_size=5)),
    max_leaves=25,
)


@FUZZ
@given(doc=st.dictionaries(st.sampled_from(["regels", "afgeleide_feiten", "beleid"]), rule_docs, min_size=1))
def test_random_rule_files_are_refused_cleanly(doc: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("regels")
    path = folder / "regels.yaml"
    try:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    except yaml.YAMLError:
        return
    try:
        load_rules(folder, MINI.kb)
    except InputError as exc:
        for problem in exc.problems:
            assert problem.format().startswith(f"{problem.path or '<invoer>'}")
            assert problem.message


@settings(max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(st.sampled_from(["partners", "vormen", "risicos", "fasen", "bronnen"]), rule_docs, min_size=1))
def test_random_kennisbank_files_are_refused_cleanly(doc: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("kb")
    path = folder / "kb.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli_module.main, ["kennisbank", "controleer", str(folder)])
    assert "Traceback" not in result.output and "interne fout" not in result.output, result.output
    assert result.exit_code in (0, 2), result.output


# -- the engine and its floor agree -------------------------------------------------------------

@needs_durable
@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=profiles(sorted(SHIPPED.kb.partners), sorted(SHIPPED.kb.activiteiten)), day=st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)))
def test_durable_and_the_floor_agree_on_the_shipped_base(doc: dict[str, Any], day: dt.date) -> None:
    _agree(SHIPPED, doc, day)


@needs_durable
@settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=profiles(sorted(MINI.kb.partners), sorted(MINI.kb.activiteiten)), day=st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)))
def test_durable_and_the_floor_agree_on_the_mini_base(doc: dict[str, Any], day: dt.date) -> None:
    _agree(MINI, doc, day)


def _agree(adviseur: Adviseur, doc: dict[str, Any], day: dt.date) -> None:
    _flat, keys, engine = adviseur.infer(Initiatief.model_validate(doc), day)
    floor = FloorReasoner(adviseur.compiled).run(keys, day)
    assert set(engine.fired) == set(floor.fired)
    assert len(engine.fired) == len(set(engine.fired))
    assert {k: sorted(map(repr, v)) for k, v in engine.derived.items()} == {k: sorted(map(repr, v)) for k, v in floor.derived.items()}
    assert sorted(engine.skipped) == sorted(floor.skipped)
    assert set(engine.keys) == set(floor.keys)
    assert engine == floor  # one canonical form: the same order too, so the same advice byte for byte


# -- a few real processes -----------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00", b"naam: [unclosed", b"- een\n- lijst\n", b"naam: x\nwijk: {deelnamebereidheid: 1e400}\n",
    "naam: ü\nfase: opstarten\n".encode("latin-1"), b"!!python/object/apply:os.system ['true']\n", b"a: &a [*a]\n",
])
def test_real_process_refuses_junk_with_exit_2_and_no_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "feiten.yaml"
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith(f"{path}:") for line in lines), proc.stderr
