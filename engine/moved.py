"""Old module paths (the flat engine/ of 0.1) keep importing, for tools written against them.

    from samenwerkwijzer.engine.compile import compile_base     # still works

Each old name is an alias of the module at its new place: the same module object, loaded on
first use, so nothing is imported before someone asks for it.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Loader as _Loader
else:
    _Loader = object

PACKAGE = "samenwerkwijzer.engine"
MOVED: dict[str, str] = {  # old name -> place below samenwerkwijzer.engine
    "api": "advice.api",
    "arguments": "advice.arguments",
    "checker": "authoring.checker",
    "checkreport": "authoring.checkreport",
    "clitaal": "render.clitaal",
    "compile": "logic.compile",
    "conditions": "logic.conditions",
    "consult": "advice.consult",
    "context": "advice.context",
    "dates": "source.dates",
    "explain": "advice.explain",
    "explaintext": "render.explaintext",
    "export": "render.export",
    "factref": "authoring.factref",
    "facts": "model.facts",
    "floor": "logic.floor",
    "folderscan": "source.folderscan",
    "formats": "render.formats",
    "infer": "logic.infer",
    "kbtext": "render.kbtext",
    "kennisbank": "model.kennisbank",
    "ordercheck": "authoring.ordercheck",
    "plan": "advice.plan",
    "progress": "advice.progress",
    "pytest_plugin": "authoring.pytest_plugin",
    "report": "render.report",
    "rules": "model.rules",
    "scenario_report": "authoring.scenario_report",
    "scenarios": "authoring.scenarios",
    "schemas": "authoring.schemas",
    "streams": "source.streams",
    "strictfields": "model.strictfields",
    "svg": "render.svg",
    "validation": "source.validation",
    "vocabulary": "model.vocabulary",
    "witness": "authoring.witness",
    "writefile": "render.writefile",
    "yamlcore": "source.yamlcore",
    "yamlsource": "source.yamlsource",
}


# Not subclasses of importlib.abc at run time: that module loads importlib.resources, tempfile, shutil
# and random (about 4 ms of every start), and the import system needs only these methods.
class AliasLoader(_Loader):
    def __init__(self, target: str):
        self.target = target
        self.spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self.spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """The target ran when it was imported; give it back the spec the import machinery replaced."""
        module.__spec__ = self.spec


class AliasFinder:
    def find_spec(self, fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        prefix, _, name = fullname.rpartition(".")
        if prefix != PACKAGE or name not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, AliasLoader(f"{PACKAGE}.{MOVED[name]}"))


def install() -> None:
    if not any(isinstance(f, AliasFinder) for f in sys.meta_path):
        sys.meta_path.append(AliasFinder())
