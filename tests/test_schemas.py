"""The JSON Schemas in schemas/ equal what the models generate, every shipped YAML points its editor at
the right one, and the rules schema completes rule keys and fact names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.authoring.factref import derived_declarations
from samenwerkwijzer.engine.authoring.schemas import SCHEMA_DIR, models, schema_text
from samenwerkwijzer.engine.model.facts import input_catalogue

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "werk bij met: python -m samenwerkwijzer.engine.authoring.schemas"
SHIPPED_YAML = {
    "regels": sorted((ROOT / "regels").glob("*.yaml")),
    "test": sorted((ROOT / "regels" / "scenarios").glob("*.yaml")),
    "kennisbank": sorted((ROOT / "kennisbank").rglob("*.yaml")),
    "feiten": sorted((ROOT / "voorbeelden").glob("*.yaml")),
}
CASES = [(kind, path) for kind, paths in SHIPPED_YAML.items() for path in paths]
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


@pytest.mark.parametrize("kind", sorted(models()))
def test_shipped_schema_equals_the_generated_one(kind: str):
    for folder in (ROOT / "schemas", SCHEMA_DIR):  # the repository's files and the installed copies
        shipped = (folder / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert shipped == schema_text(kind), f"{folder}/{kind}.schema.json is verouderd; {REGENERATE}"


def test_every_kind_of_shipped_yaml_is_present():
    assert all(SHIPPED_YAML.values()), {k: len(v) for k, v in SHIPPED_YAML.items()}


@pytest.mark.parametrize("kind,path", CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_shipped_yaml_starts_with_a_schema_line_that_resolves(kind: str, path: Path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    match = SCHEMA_LINE.fullmatch(first)
    assert match, f"{path.relative_to(ROOT)}: eerste regel moet '# yaml-language-server: $schema=…' zijn, niet {first!r}"
    target = (path.parent / match.group(1)).resolve()
    # the repository's own schemas/ (an installed package ships the same files, checked above)
    assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve(), f"{path.relative_to(ROOT)} wijst naar {target}"
    assert target.is_file()
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == models()[kind].model_config["title"]


@pytest.fixture(scope="module")
def rules_schema() -> dict:
    return json.loads((SCHEMA_DIR / "regels.schema.json").read_text(encoding="utf-8"))


def _offered(prop: dict) -> set[str]:
    enums = [branch["enum"] for branch in prop["anyOf"] if "enum" in branch]
    assert len(enums) == 1 and set(enums[0]) == set(prop["examples"])
    assert any(branch == {"type": "string"} for branch in prop["anyOf"]), "elke naam blijft geldig; de controle oordeelt"
    return set(enums[0])


def test_rules_schema_completes_rule_keys(rules_schema: dict):
    regel = rules_schema["$defs"]["Regel"]
    assert regel["additionalProperties"] is False
    assert {"id", "titel", "fasen", "als", "dan", "bron", "toelichting", "geldig_vanaf", "geldig_tot"} <= set(regel["properties"])
    voorwaarde = rules_schema["$defs"]["Voorwaarde"]["properties"]
    assert {"feit", "is", "in", "is_niet", "niet_in", "bevat", "leeg", "bekend", "onbekend", "alle", "een_van", "niet"} <= set(voorwaarde)


def test_rules_schema_completes_fact_names(rules_schema: dict):
    inputs = set(input_catalogue())
    derived = {d.name for d in derived_declarations()}
    assert derived, "de meegeleverde regels declareren afgeleide feiten"
    props = rules_schema["$defs"]["Voorwaarde"]["properties"]
    assert _offered(props["feit"]) == inputs | derived
    assert _offered(props["bekend"]) == inputs | derived
    assert _offered(props["onbekend"]) == inputs
    afleiden = _offered(rules_schema["$defs"]["AfleidenConclusie"]["properties"]["feit"])
    assert derived <= afleiden and {"fase", "initiatief.volwassenheid"} <= afleiden
    assert "partners_betrokken" not in afleiden and "naam" not in afleiden


@pytest.mark.parametrize("kind", sorted(models()))
def test_schema_command_prints_the_generated_schema(kind: str):
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    assert result.output == schema_text(kind)


@pytest.mark.parametrize("kind,path", CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_shipped_yaml_validates_against_its_schema_as_an_editor_would(kind: str, path: Path):
    """What the YAML language server checks while an author types: the file against its schema line."""
    import jsonschema

    from samenwerkwijzer.engine.source.yamlsource import load

    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    data = load(str(path)).data  # read as YAML 1.2, like the editor's YAML language server
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert not errors, f"{path.relative_to(ROOT)}: {errors[:3]}"
