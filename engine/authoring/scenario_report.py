"""Run scenario files for `regels test` and the pytest plugin, and say which rules are involved.

engine/authoring/scenarios.py compares one advice with one scenario's expectations (failures as
records, with the rules that could have drawn a missing conclusion). This module runs many files,
keeps broken files apart (exit 2) from failed scenarios (exit 1), and gives the report lines
(the words come from engine/authoring/scenariotext.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem, short_path
from ..terminal import line
from .scenarios import Outcome, load_scenarios, run_scenario, scenario_files
from .scenariotext import outcome_text

if TYPE_CHECKING:
    from ..advice.api import Adviseur


@dataclass
class TestRun:
    outcomes: list[Outcome] = field(default_factory=list)
    broken: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        return 2 if self.broken else 1 if self.failed else 0

    def summary(self) -> str:
        passed = len(self.outcomes) - len(self.failed)
        text = f"{passed} geslaagd, {len(self.failed)} mislukt"
        if self.broken:
            files = len({p.path for p in self.broken})
            text += f", {files} {'bestand' if files == 1 else 'bestanden'} met fouten"
        return text


def run_paths(adviseur: Adviseur, paths: Sequence[str | Path]) -> TestRun:
    """Run every scenario in `paths` (files or folders); broken files are reported, not raised."""
    run = TestRun()
    try:
        files = scenario_files(list(paths))
    except InputError as exc:
        run.broken.extend(exc.problems)
        return run
    for path in files:
        try:
            loaded = load_scenarios(path)
        except InputError as exc:
            run.broken.extend(exc.problems)
            continue
        for scenario, doc, index in loaded:
            try:
                outcome = run_scenario(adviseur, scenario, doc, index)
            except InputError as exc:  # facts the scenario gives are invalid: a broken file, not a failure
                run.broken.extend(exc.problems)
                continue
            run.outcomes.append(outcome)
    return run


def report_lines(run: TestRun, verbose: bool = False) -> Iterable[str]:
    """The report, line by line; user text cannot start a line or carry a control character (engine/terminal.py)."""
    for problem in run.broken:
        yield line((dataclasses.replace(problem, path=short_path(problem.path)) if problem.path else problem).format())
    for outcome in run.outcomes:
        if verbose or not outcome.ok:
            yield outcome_text(outcome)
    yield run.summary()
