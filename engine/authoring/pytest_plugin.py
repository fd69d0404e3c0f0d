"""pytest plugin: scenario files run as pytest tests, with the same readable output as `regels test`.

Registered through the `pytest11` entry point, so it is there wherever samenwerkwijzer is
installed; it collects nothing until asked, so it never doubles the tests of a project that
already runs its scenarios another way (this repository does, in tests/test_scenarios.py).
Switch it on with `pytest --sw-scenarios` or in the ini file:

    [pytest]
    samenwerkwijzer_scenarios = true
    samenwerkwijzer_regels = mijn-regels            # optional; default: the shipped rules
    samenwerkwijzer_kennisbank = mijn-kennisbank    # optional; default: the shipped kennisbank

Then every YAML file whose top-level key is `scenarios` and that sits in a folder named
`scenarios` (or is named on the command line) becomes a test file, each scenario one test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_ADVISEURS = pytest.StashKey[dict[tuple[str, str], Any]]()
_TOP_LEVEL = re.compile(r"^scenarios\s*:", re.M)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("samenwerkwijzer", "scenariotests van samenwerkwijzer")
    group.addoption("--sw-scenarios", action="store_true", default=False,
                    help="verzamel scenariobestanden van samenwerkwijzer (YAML met 'scenarios:' in een map 'scenarios')")
    parser.addini("samenwerkwijzer_scenarios", type="bool", default=False,
                  help="verzamel scenariobestanden van samenwerkwijzer (zoals --sw-scenarios)")
    parser.addini("samenwerkwijzer_regels", default="", help="map met regels voor de scenario's (standaard: de meegeleverde)")
    parser.addini("samenwerkwijzer_kennisbank", default="",
                  help="map met de kennisbank voor de scenario's (standaard: de meegeleverde)")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("sw_scenarios") or config.getini("samenwerkwijzer_scenarios"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    if file_path.suffix not in (".yaml", ".yml") or not _enabled(parent.config):
        return None
    if file_path.parent.name != "scenarios" and not parent.session.isinitpath(file_path):
        return None
    try:
        text = file_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not _TOP_LEVEL.search(text):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


def _adviseur(config: pytest.Config) -> Any:
    """One Adviseur per rules/kennisbank pair for the whole session."""
    from ..advice.api import Adviseur

    def setting(name: str) -> str:
        value = str(config.getini(name) or "")
        return str(config.rootpath / value) if value else ""

    key = (setting("samenwerkwijzer_regels"), setting("samenwerkwijzer_kennisbank"))
    cache = config.stash.setdefault(_ADVISEURS, {})
    if key not in cache:
        adviseur = Adviseur(regels=key[0] or None, kennisbank=key[1] or None)
        cache[key] = adviseur
        config.add_cleanup(adviseur.close)
    return cache[key]


def shown(exc: Exception) -> str:
    """An error for the terminal: one line per problem, control characters shown (engine/terminal.py)."""
    from ..errors import InputError
    from ..terminal import line

    if isinstance(exc, InputError):
        return "\n".join(line(p.format()) for p in exc.problems)
    return line(exc)


class ScenarioFailed(Exception):
    """A scenario whose expectations did not hold; carries the outcome to print."""

    def __init__(self, outcome: Any):
        from .scenariotext import outcome_text

        super().__init__(outcome_text(outcome))
        self.outcome = outcome


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[ScenarioItem]:
        from ..errors import InputError
        from ..terminal import line
        from .scenarios import load_scenarios

        try:
            loaded = load_scenarios(self.path)
        except InputError as exc:
            raise self.CollectError(shown(exc)) from None
        for scenario, doc, index in loaded:
            yield ScenarioItem.from_parent(self, name=line(scenario.naam), scenario=scenario, doc=doc, index=index)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Any, doc: Any, index: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.scenario, self.doc, self.index = scenario, doc, index

    def runtest(self) -> None:
        from .scenarios import run_scenario

        outcome = run_scenario(_adviseur(self.config), self.scenario, self.doc, self.index)
        if not outcome.ok:
            raise ScenarioFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        from ..errors import SamenwerkwijzerError
        from .scenariotext import outcome_text

        if isinstance(excinfo.value, ScenarioFailed):
            return outcome_text(excinfo.value.outcome)
        if isinstance(excinfo.value, SamenwerkwijzerError):
            return shown(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.doc.where(("scenarios", self.index))[0]
        return self.path, None if line is None else line - 1, f"scenario: {self.name}"
