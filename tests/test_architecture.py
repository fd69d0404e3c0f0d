"""The shape of the code, read from its own imports (every import, also those inside functions).

- Dependencies point one way: source -> model -> logic -> advice -> render; authoring stands beside
  advice (it may use advice, render may not use authoring); server sits on top beside render (only
  cli.py imports it). errors, terminal and version at the
  top of engine/ are shared by all and import nothing of ours but each other.
- No import cycles between our modules.
- No module imports a private name (`_x`) from another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "engine"
PACKAGE = "samenwerkwijzer"
SHARED = ""  # modules directly in engine/
ALLOWED = {
    SHARED: {SHARED},
    "source": {SHARED, "source"},
    "model": {SHARED, "source", "model"},
    "logic": {SHARED, "source", "model", "logic"},
    "advice": {SHARED, "source", "model", "logic", "advice"},
    "authoring": {SHARED, "source", "model", "logic", "advice", "authoring"},
    "render": {SHARED, "source", "model", "advice", "render"},
    "server": {SHARED, "source", "model", "advice", "render", "server"},  # on top, beside render; nothing imports it
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


MODULES = {module_name(p): p for p in sorted([ROOT / "cli.py", ROOT / "__init__.py", *ENGINE.rglob("*.py")])}


def imports(name: str, path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names) for every import of our own modules in `path`."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                names = [a.name for a in node.names]
                # `from pkg import module`: the module is what is imported
                subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
                out += [(node.lineno, s, []) for s in subs] or [(node.lineno, target, names)]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name, []) for a in node.names if a.name.startswith(PACKAGE + ".")]
    return out


def stage(name: str) -> str | None:
    """The subpackage of an engine module ('' for engine/ itself), None outside engine/."""
    prefix = f"{PACKAGE}.engine"
    if name != prefix and not name.startswith(prefix + "."):
        return None
    rest = name[len(prefix) + 1:].split(".") if name != prefix else []
    return rest[0] if len(rest) > 1 else SHARED


GRAPH = {name: imports(name, path) for name, path in MODULES.items()}


def test_every_engine_module_belongs_to_a_known_stage() -> None:
    unknown = sorted(n for n in MODULES if stage(n) not in (None, *ALLOWED))
    assert unknown == []


def one_way_violations(graph: dict[str, list[tuple[int, str, list[str]]]]) -> list[str]:
    wrong = []
    for name, found in graph.items():
        own = stage(name)
        if own is None:
            continue  # cli.py and the package root may use every stage
        for line, target, _ in found:
            other = stage(target)
            if other is not None and other not in ALLOWED[own]:
                wrong.append(f"{name}:{line}: {own or 'engine'} -> {other or 'engine'} ({target})")
    return wrong


def find_cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return cycles


def test_dependencies_point_one_way() -> None:
    assert one_way_violations(GRAPH) == []


def test_no_import_cycles() -> None:
    edges = {name: sorted({t for _, t, _ in found if t in MODULES and t != name}) for name, found in GRAPH.items()}
    assert find_cycles(edges) == []


def test_no_module_imports_a_private_name_from_another() -> None:
    found = [f"{MODULES[name].relative_to(ROOT)}:{line} {n}" for name, imps in GRAPH.items()
             for line, _, names in imps for n in names if n.startswith("_") and n != "__version__"]
    assert found == []


@pytest.mark.parametrize("stage_", sorted(s for s in ALLOWED if s))
def test_each_stage_is_a_package_that_says_what_it_does(stage_: str) -> None:
    init = ENGINE / stage_ / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and len(doc) > 40


def test_the_checks_can_fail() -> None:
    e = f"{PACKAGE}.engine"
    bad = {f"{e}.render.text": [(3, f"{e}.authoring.checker", [])], f"{e}.model.facts": [(5, f"{e}.logic.compile", [])],
           f"{e}.errors": [(7, f"{e}.source.yamlsource", [])], f"{PACKAGE}.cli": [(1, f"{e}.authoring.checker", [])],
           f"{e}.advice.api": [(2, f"{e}.server.app", [])]}
    assert len(one_way_violations(bad)) == 4
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a"]}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": ["b"], "b": [], "c": ["a"]}) == []
