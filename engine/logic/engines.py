"""The two engines and the choice between them: 'durable' (durable_rules, a Rete network in C) and
'python' (the plain-Python evaluator in `floor`). Both give the same `Inference` for the same input.

durable_rules 2.0.28 does not build or import on Python 3.13 and later, nor on a machine without a
C compiler; there only 'python' exists. Without a choice, 'durable' is taken where it imports.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Literal, Protocol

from ..errors import InputError, Problem, best_guess

if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    from .compile import CompiledBase
    from .inference import Inference

EngineName = Literal["durable", "python"]
ENGINES: tuple[EngineName, ...] = ("durable", "python")


class Reasoning(Protocol):
    """What an engine offers: one consultation at a time (thread-safe), and closing."""

    def run(self, keys: dict[str, Any], day: dt.date) -> Inference: ...

    def close(self) -> None: ...


@functools.cache
def durable_available() -> bool:
    """Whether durable_rules imports here (it is not installed on Python 3.13+)."""
    try:
        importlib.import_module("durable_rules_engine")
    except Exception:  # ImportError, or a module built for another Python that fails to load
        return False
    return True


def default_engine() -> EngineName:
    return "durable" if durable_available() else "python"


def choose(engine: object, field: str = "engine") -> EngineName:
    """The engine asked for (None: the default); an unknown name or a missing durable is an InputError
    naming `field` (the argument or the command-line option)."""
    if engine is None:
        return default_engine()
    if not isinstance(engine, str):  # a program's mistake (engine=1): its kind, not a name it never asked for
        raise InputError([Problem(f"verwacht de naam van een regelmachine als tekst, kreeg een {type(engine).__name__}",
                                  field=field, allowed=list(ENGINES))])
    if engine not in ENGINES:
        raise InputError([Problem(f"onbekende regelmachine '{engine}'", field=field, allowed=list(ENGINES),
                                  suggestion=best_guess(engine, list(ENGINES)))])
    if engine == "durable" and not durable_available():
        raise InputError([Problem("de regelmachine 'durable' is hier niet geïnstalleerd (durable-rules werkt niet op "
                                  "Python 3.13 en later, en niet zonder C-compiler); 'python' geeft hetzelfde advies",
                                  field=field, allowed=["python"])])
    return "durable" if engine == "durable" else "python"


def reasoner(compiled: CompiledBase, engine: EngineName) -> Reasoning:
    """A reasoner of the chosen engine over `compiled`."""
    if engine == "durable":
        from .infer import Reasoner

        return Reasoner(compiled)
    from .floor import FloorReasoner

    return FloorReasoner(compiled)
