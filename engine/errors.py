"""One exception root with two branches: bad input (caught before any rule runs) and engine faults.

Every problem carries where it was found (file, line, column), what it is about (field, rule id),
what is allowed and a best guess, and formats itself as one Dutch line for the user.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .terminal import line as one_line

MAX_SHOWN = 50  # problems shown per error; the rest are counted in one closing line
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown_path(path: str) -> str:
    """A file name as text that can always be printed: bytes that are not UTF-8 (a name Python
    holds with surrogate escapes) and control characters become \\xNN. Printable names are unchanged."""
    try:
        raw = str(path).encode("utf-8", "surrogateescape")  # the bytes the name has on disk
    except UnicodeEncodeError:  # a lone surrogate that did not come from the file system
        raw = str(path).encode("utf-8", "surrogatepass")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", raw.decode("utf-8", "backslashreplace"))


def quoted(value: object, limit: int = 40) -> str:
    """A value the user gave, in quotes, as a message quotes it: a long one is cut off with '…', so a
    mistake of thousands of characters gives a line that still fits a screen."""
    text = f"'{value}'"
    return text if len(text) < limit else text[:limit - 3] + "…"


def short_path(path: str) -> str:
    """`path` relative to the working directory when it lies below it, else as given."""
    try:
        rel = os.path.relpath(path) if os.path.isabs(path) else path
    except ValueError:  # pragma: no cover - another drive on Windows
        return path
    return path if rel.startswith("..") else rel


@dataclass(frozen=True, eq=False)
class Guess:
    """A best guess computed only when shown: a hostile file can hold a million typos, and a
    difflib match for each would cost minutes. `options` is shared, never copied."""

    word: str
    options: Collection[str]

    def resolve(self) -> str | None:
        return close_match(self.word, self.options)

    def tip(self) -> str | None:
        """The guess as the message says it, when "bedoelde u '…'?" would not say it well; None for that."""
        return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Guess):
            return self.resolve() == other.resolve()
        return self.resolve() == other

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __reduce__(self) -> tuple[object, ...]:  # pickles as its answer, not as the whole option table
        return (_resolved, (self.resolve(),))


def close_match(word: str, options: Collection[str]) -> str | None:
    """The option closest to `word` when it is close enough to be a likely typo (or differs in case only)."""
    import difflib  # only when a message is shown: not on every start

    opts = [str(o) for o in options]
    hits = difflib.get_close_matches(str(word), opts, n=1, cutoff=0.6)
    if hits:
        return hits[0]
    low = str(word).lower()
    for o in opts:
        if o.lower() == low:
            return o
    return None


def _resolved(value: str | None) -> str | None:
    return value


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
    suggestion: str | Guess | None = None
    severity: str = "fout"  # fout | waarschuwing
    count: int = 1  # how often the same problem occurs (the same wrong value in many places)
    also: tuple[int, ...] = ()  # a few other lines where it occurs, so a short list loses no place
    tip: str | None = None  # the best guess as a phrase, when "bedoelde u '<suggestion>'?" does not say it

    def guess(self) -> str | None:
        return self.suggestion.resolve() if isinstance(self.suggestion, Guess) else self.suggestion

    def advice(self) -> str | None:
        """The best guess as every channel shows it (command line, web page, API): the problem's own
        phrase, else the guess's, else "bedoelde u '<guess>'?"; None without a guess."""
        if self.tip:
            return self.tip
        if isinstance(self.suggestion, Guess):
            tip = self.suggestion.tip()
            if tip:
                return tip
        guess = self.guess()
        return f"bedoelde u '{guess}'?" if guess else None

    def advice_sentence(self) -> str | None:
        """`advice` as a sentence of its own, for a web page: a capital letter and a closing mark."""
        advice = self.advice()
        if not advice:
            return None
        text = advice[0].upper() + advice[1:]
        return text if text[-1] in ".?!:" else text + "."

    def format(self) -> str:
        where = shown_path(self.path) if self.path else "<invoer>"
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
        advice = self.advice()
        if advice:
            text += f"; {advice}"
        if self.count > 1:
            lines = ", ".join(map(str, self.also))
            more = "" if not lines else f"; ook op regel {lines}" + (" …" if self.count > len(self.also) + 1 else "")
            text += f" (komt {self.count} keer voor{more})"
        return one_line(text)  # a lone surrogate or control character shown as an escape: always printable

    def group(self) -> tuple[str, str, str, str, str]:
        """Problems that differ only in the list index are one problem that occurs more often."""
        field = self.field or ""
        return (self.path or "", self.severity, self.rule or "", _INDEX.sub("[]", field) if "[" in field else field,
                self.message)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.message)


_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The closing line when more problems were found than are shown; sorts after every problem."""

    def format(self) -> str:
        word = "probleem" if self.count == 1 else "problemen"
        return f"… en nog {self.count} {word} (alleen de eerste {MAX_SHOWN} worden getoond)"

    def sort_key(self) -> tuple[str, int, int, str]:
        return ("\U0010ffff", 0, 0, "")


def condense(problems: Iterable[Problem], limit: int = MAX_SHOWN) -> list[Problem]:
    """Sorted problems, one per repeated problem (with its count), at most `limit` of them plus
    one closing line; best guesses resolved for the shown problems only."""
    groups: dict[tuple[str, ...], Problem] = {}
    hidden = 0
    for p in problems:
        if isinstance(p, MoreProblems):
            hidden += p.count
            continue
        key = p.group()
        first = groups.get(key)
        if first is None:
            groups[key] = p
        else:
            groups[key] = merged(first, p)
    ordered = sorted(groups.values(), key=Problem.sort_key)
    shown = [dataclasses.replace(p, suggestion=p.guess(), tip=p.tip or p.suggestion.tip())
             if isinstance(p.suggestion, Guess) else p for p in ordered[:limit]]
    hidden += len(ordered) - len(shown)
    if hidden:
        shown.append(MoreProblems("", count=hidden))
    return shown


MAX_ALSO = 5  # other lines named for a repeated problem


def merged(a: Problem, b: Problem) -> Problem:
    """One problem for two occurrences of the same one: the first place, the count, a few other lines."""
    first, other = (a, b) if a.sort_key() <= b.sort_key() else (b, a)
    lines = {n for n in (*first.also, other.line, *other.also) if n is not None and n != first.line}
    return dataclasses.replace(first, count=a.count + b.count, also=tuple(sorted(lines)[:MAX_ALSO]))


class SamenwerkwijzerError(Exception):
    """Root of every error this package raises on purpose.

    Like click's exceptions, each error knows its exit code (`exit_code`) and formats itself
    (`format()`, `lines()`), so the command line decides in one place. Every error pickles to an
    equal error (a process pool hands errors back to the parent through pickle).
    """

    exit_code = 1

    def format(self) -> str:
        return one_line(str(self))

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

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, str):  # InputError("message"), as a library user writes it: one problem
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = condense(problems)
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
        return one_line(f"fout in de regelmachine: {self}")


def best_guess(word: str, options: Collection[str]) -> Guess:
    """The closest allowed word, if one is close enough to be a likely typo; worked out only when
    the problem is shown (`Guess.resolve`). Pass the option table itself: it is not copied."""
    return Guess(str(word), options)


@dataclass
class ProblemList:
    """Collects problems so that one run reports all of them; a repeated problem is kept once, counted."""

    problems: list[Problem] = field(default_factory=list)
    _index: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def add(self, problem: Problem) -> None:
        key = problem.group()
        at = self._index.get(key)
        if at is not None and at < len(self.problems) and self.problems[at].group() == key:
            first = self.problems[at]
            self.problems[at] = merged(first, problem)
            return
        self._index[key] = len(self.problems)
        self.problems.append(problem)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]

    def raise_if_any(self) -> None:
        if self.errors():
            raise InputError(self.problems)
