"""One exception root with two branches: bad input (caught before any rule runs) and engine faults.

Every problem carries where it was found (file, line, column), what it is about (field, rule id),
what is allowed and a best guess, and formats itself as one Dutch line for the user.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file the user gave us."""

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    rule: str | None = None
    allowed: Sequence[str] = ()
    suggestion: str | None = None
    severity: str = "fout"  # fout | waarschuwing

    def format(self) -> str:
        where = self.path or "<invoer>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [f"{where}: {self.severity}:"]
        if self.rule:
            parts.append(f"regel '{self.rule}':")
        if self.field:
            parts.append(f"veld '{self.field}':")
        parts.append(self.message)
        text = " ".join(parts)
        if self.allowed:
            shown = list(self.allowed)
            more = "" if len(shown) <= 12 else f", … ({len(shown)} in totaal)"
            text += f" (toegestaan: {', '.join(shown[:12])}{more})"
        if self.suggestion:
            text += f"; bedoelde u '{self.suggestion}'?"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.message)


class SamenwerkwijzerError(Exception):
    """Root of every error this package raises on purpose.

    Like click's exceptions, each error knows its exit code (`exit_code`) and formats itself
    (`format()`, `lines()`), so the command line decides in one place. Every error pickles to an
    equal error (a process pool hands errors back to the parent through pickle).
    """

    exit_code = 1

    def format(self) -> str:
        return str(self)

    def lines(self) -> list[str]:
        """The message as the lines to show, one per problem."""
        return [self.format()]

    def _state(self) -> tuple[object, ...]:
        return self.args

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, SamenwerkwijzerError)
        return self._state() == other._state()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.format()))


class InputError(SamenwerkwijzerError):
    """Bad input or bad authoring, anything the user or author can fix. The CLI exits 2."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(self.format())

    def __reduce__(self) -> tuple[Any, ...]:
        # the default rebuilds from self.args (the formatted text), which __init__ cannot take
        return (type(self), (list(self.problems),), self.__dict__)

    def _state(self) -> tuple[object, ...]:
        return tuple(self.problems)

    def format(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class EngineError(SamenwerkwijzerError):
    """A fault while reasoning (a bug or an engine limit). The CLI exits 1."""

    exit_code = 1

    def format(self) -> str:
        return f"fout in de regelmachine: {self}"


def best_guess(word: str, options: Iterable[str]) -> str | None:
    """The closest allowed word, if one is close enough to be a likely typo."""
    opts = [str(o) for o in options]
    hits = difflib.get_close_matches(str(word), opts, n=1, cutoff=0.6)
    if hits:
        return hits[0]
    low = str(word).lower()
    for o in opts:
        if o.lower() == low:
            return o
    return None


@dataclass
class ProblemList:
    """Collects problems so that one run reports all of them."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]

    def raise_if_any(self) -> None:
        if self.errors():
            raise InputError(self.problems)
