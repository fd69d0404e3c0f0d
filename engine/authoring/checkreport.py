"""The outcome of `regels controleer` as text: one sorted Dutch line per problem and a summary.

Also names the rule a rule-less problem sits in (a YAML syntax or schema error inside a rule),
found from the file's text, so every message about a rule says which one.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import terminal
from ..errors import Problem, condense, short_path
from ..model.rules import RuleBase


@dataclass
class Report:
    """The outcome of one check: problems (errors and warnings) and how the searches went."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # warnings about the check itself: always shown, never capped
    rules: int = 0
    files: int = 0
    searches: Counter[str] = field(default_factory=Counter)
    examples: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "fout"] + self.notes

    @property
    def exit_code(self) -> int:
        return 2 if self.errors() else 0

    def lines(self) -> list[str]:
        """One Dutch line per problem, errors first, each sorted by file and line; paths relative to the
        working directory; at most MAX_SHOWN errors and MAX_SHOWN warnings, a repeated one counted once.

        Each line has its control characters and line breaks shown (engine/terminal.py), so a title or
        source with a line break cannot forge a line of its own (such as a summary)."""
        shown = [dataclasses.replace(p, path=short_path(p.path)) if p.path else p for p in self.problems]
        errors = [p for p in shown if p.severity == "fout"]
        warnings = [p for p in shown if p.severity != "fout"]
        notes = [dataclasses.replace(p, path=short_path(p.path)) if p.path else p for p in self.notes]
        return [terminal.line(p.format()) for p in [*condense(errors), *notes, *condense(warnings)]]

    def summary(self) -> str:
        n_err, n_warn = len(self.errors()), len(self.warnings())
        pairs = self.searches["volledig"] + self.searches["gericht"]
        verdict = "regels in orde" if not n_err else "regels NIET in orde"
        return (f"{verdict}: {n_err} {'fout' if n_err == 1 else 'fouten'}, {n_warn} "
                f"{'waarschuwing' if n_warn == 1 else 'waarschuwingen'}; {self.rules} regels in {self.files} "
                f"{'bestand' if self.files == 1 else 'bestanden'}; {pairs} regelparen op tegenspraak onderzocht "
                f"({self.searches['volledig']} volledig doorzocht, {self.searches['gericht']} gericht gezocht)"
                + ("; niet alle regelparen onderzocht: rekenbudget op" if self.searches["onbeslist"] else ""))


_RULE_ID = re.compile(r"""^\s*-\s+id:\s*("[^"]+"|'[^']+'|[^\s#'"][^#]*?)\s*(?:#.*)?$""")  # the whole id: 'Extra D' too


def with_rule(problem: Problem, base: RuleBase) -> Problem:
    """Name the rule a rule-less problem sits in (a YAML or schema error inside a rule), from the text."""
    if problem.rule or not problem.path or problem.line is None:
        return problem
    try:
        text = base.texts.get(problem.path) or Path(problem.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return problem
    in_rules, found = False, None
    for line in text.splitlines()[: problem.line]:
        if re.match(r"^[A-Za-z_]", line):
            in_rules, found = line.startswith("regels:"), None
        elif in_rules and (m := _RULE_ID.match(line)):
            found = m.group(1).strip("'\"")
    return dataclasses.replace(problem, rule=found) if found else problem
