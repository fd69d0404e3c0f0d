"""The fact reference for rule authors, generated from the facts model and the shipped declarations.

docs/regels-schrijven.md holds the tables between two marker comments; tests/test_docs.py fails
when they differ from what this module generates, so the reference cannot drift from the model.
Regenerate with:  python -m samenwerkwijzer.engine.authoring.factref
The JSON Schema for rules (engine/schemas.py) offers the same fact names for completion.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model.facts import FactSpec, input_catalogue
from ..model.rules import SHIPPED as SHIPPED_RULES
from ..model.vocabulary import operators_for
from ..source.folderscan import scan
from ..source.yamlsource import load

DOC = Path(__file__).resolve().parents[2] / "docs" / "regels-schrijven.md"
BEGIN = "<!-- feitenreferentie:begin (gegenereerd: python -m samenwerkwijzer.engine.authoring.factref; niet met de hand bewerken) -->"
END = "<!-- feitenreferentie:eind -->"

KIND_WORDS = {"bool": "ja/nee", "enum": "keuze", "int": "getal", "list": "lijst", "text": "tekst"}
OPERATORS = {kind: ", ".join(operators_for(kind)) or "alleen bekend / onbekend" for kind in KIND_WORDS}


@dataclass(frozen=True)
class Declaration:
    """A derived fact as declared under `afgeleide_feiten` in a rules file."""

    name: str
    values: tuple[Any, ...]
    description: str
    file: str


def derived_declarations(folder: Path = SHIPPED_RULES) -> list[Declaration]:
    """Derived facts declared in the rules folder, read leniently (a broken file is skipped)."""
    out: dict[str, Declaration] = {}
    for path in scan(folder)[0]:
        try:
            data = load(str(path), regular_only=True).data  # read as the rules loader and an editor read it (YAML 1.2)
        except InputError:
            continue
        items = data.get("afgeleide_feiten") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("naam"), str) and item["naam"] not in out:
                raw = item.get("waarden")
                values: list[Any] = raw if isinstance(raw, list) else []
                out[item["naam"]] = Declaration(item["naam"], tuple(values), " ".join(str(item.get("omschrijving", "")).split()),
                                                f"regels/{path.name}")
    return [out[k] for k in sorted(out)]


def _value(v: Any) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def _values(spec: FactSpec) -> str:
    if spec.ids is not None:
        return f"ids van {spec.ids.table} uit de kennisbank"
    if spec.kind == "bool":
        return "true, false (in een feitenbestand ook ja, nee)"
    if spec.kind == "int":
        lo = "" if spec.minimum is None else str(spec.minimum)
        hi = "" if spec.maximum is None else str(spec.maximum)
        return f"{lo} t/m {hi}" if lo or hi else "geheel getal"
    if spec.kind == "text":
        return "vrije tekst"
    return ", ".join(_value(v) for v in spec.values)


def reference() -> str:
    """The Markdown between the markers: input facts, then the shipped derived facts."""
    lines = [
        "#### Invoerfeiten",
        "",
        "| Feit | Soort | Waarden | Toetsen | Omschrijving |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, spec in sorted(input_catalogue().items()):
        kind = KIND_WORDS[spec.kind]
        lines.append(f"| `{name}` | {kind} | {_cell(_values(spec))} | {OPERATORS[spec.kind]} | {_cell(spec.description)} |")
    lines += [
        "",
        "#### Afgeleide feiten in de meegeleverde regels",
        "",
        "| Feit | Waarden | Omschrijving | Gedeclareerd in |",
        "| --- | --- | --- | --- |",
    ]
    for decl in derived_declarations():
        values = ", ".join(_value(v) for v in decl.values)
        lines.append(f"| `{decl.name}` | {_cell(values)} | {_cell(decl.description)} | `{decl.file}` |")
    return "\n".join(lines) + "\n"


def render(doc_text: str) -> str:
    """`doc_text` with the part between the markers replaced by the generated reference."""
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
    if not pattern.search(doc_text):
        raise ValueError(f"markeringen niet gevonden: {BEGIN} … {END}")
    return pattern.sub(lambda _: f"{BEGIN}\n{reference()}{END}", doc_text, count=1)


def fact_names() -> dict[str, list[str]]:
    """Fact names for editor completion: every fact, input facts only, and facts a rule may derive."""
    inputs = input_catalogue()
    derived = [d.name for d in derived_declarations()]
    derivable_inputs = [n for n, s in inputs.items() if s.kind in ("bool", "enum")]
    return {
        "alle": sorted(set(inputs) | set(derived)),
        "invoer": sorted(inputs),
        "afleidbaar": sorted(set(derived) | set(derivable_inputs)),
    }


def main(argv: list[str] | None = None) -> int:
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"feitenreferentie bijgewerkt in {DOC}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
