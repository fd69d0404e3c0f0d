"""Run scenario files for `regels test` and the pytest plugin, and say which rules are involved.

engine/scenarios.py compares one advice with one scenario's expectations. This module runs many
files, keeps broken files apart (exit 2) from failed scenarios (exit 1), and adds to each missing
conclusion the rules that could have drawn it, so the author knows where to look.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..terminal import line, scrub
from .checkreport import short_path
from .scenarios import Outcome, load_scenarios, run_scenario, scenario_files

_MISSING = re.compile(r"^(activiteit|partner|risico|tip) '([^']+)' ontbreekt$")
_FORM = re.compile(r"^formalisatie: verwacht (\S+), kreeg")
_PHASE = re.compile(r"^fase: verwacht (\S+), kreeg")


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


def run_paths(adviseur: Any, paths: Sequence[str | Path]) -> TestRun:
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
            run.outcomes.append(annotate(outcome, adviseur))
    return run


def annotate(outcome: Outcome, adviseur: Any) -> Outcome:
    """Add to each missing conclusion the rules that could conclude it."""
    path = short_path(outcome.path)
    if outcome.ok:
        return Outcome(outcome.scenario, path, outcome.line, [])
    rules = adviseur.base.rules
    out = []
    for failure in outcome.failures:
        ids: list[str] = []
        if m := _MISSING.match(failure):
            kind, item = m.groups()
            ids = [r.id for r in rules if any(c.kind() == kind and c.body().id == item for c in r.dan)]
            failure += (f" [kan komen van: {', '.join(sorted(ids))}; geen daarvan ging af]" if ids
                        else " [geen enkele regel concludeert dit]")
            out.append(failure)
            continue
        if m := _FORM.match(failure):
            ids = [r.id for r in rules if any(c.formalisatie is not None and c.formalisatie.vorm == m.group(1) for c in r.dan)]
        elif m := _PHASE.match(failure):
            ids = [r.id for r in rules if any(c.afleiden is not None and c.afleiden.feit == "fase"
                                              and c.afleiden.waarde == m.group(1) for c in r.dan)]
        else:
            out.append(failure)
            continue
        failure += f" [regels met deze conclusie: {', '.join(sorted(ids))}]" if ids else " [geen enkele regel concludeert dit]"
        out.append(failure)
    return Outcome(outcome.scenario, path, outcome.line, out)


def report_lines(run: TestRun, verbose: bool = False) -> Iterable[str]:
    """The report, line by line; user text cannot start a line or carry a control character (engine/terminal.py)."""
    for problem in run.broken:
        yield line((dataclasses.replace(problem, path=short_path(problem.path)) if problem.path else problem).format())
    for outcome in run.outcomes:
        if verbose or not outcome.ok:
            yield scrub(outcome).format()
    yield run.summary()
