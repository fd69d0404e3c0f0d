"""The shared words of the machine, once: phases, priorities, owners, severities, weights and
the condition operators. Models, checks, assembly, plan, renderers and the generated docs read
them from here (Dutch values, as users write and read them).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

# -- enumerations (the Literal is the type; the tuple is the order) -------------------------------
Fase = Literal["opstarten", "uitwerken", "ontwikkelen", "uitvoeren", "beheren"]
FASEN: tuple[str, ...] = typing.get_args(Fase)
PHASE_RANK: dict[str, int] = {f: n for n, f in enumerate(FASEN)}   # earlier phase, lower rank

Prioriteit = Literal["moet", "zou", "kan"]
PRIORITY_RANK: dict[str, int] = {"moet": 3, "zou": 2, "kan": 1}     # higher wins

Eigenaar = Literal["gemeente", "initiatief", "samen", "partner"]
EIGENAREN: tuple[str, ...] = typing.get_args(Eigenaar)

Ernst = Literal["laag", "midden", "hoog"]
ERNST_RANK: dict[str, int] = {"hoog": 3, "midden": 2, "laag": 1}    # higher wins

Zwaarte = Literal["licht", "zwaar"]
ZWAARTE_RANK: dict[str, int] = {"zwaar": 2, "licht": 1}             # heavier wins

FactKind = Literal["bool", "enum", "int", "list", "text"]

# what a rule's `waarschuwing` says is wrong with the facts (engine-made warnings have their own codes)
WaarschuwingSoort = Literal["fase-botst", "fase-overgeslagen", "tegenstrijdig"]
# every soort an advice's warnings can have: the rules' and those the engine makes itself
WAARSCHUWING_SOORTEN: tuple[str, ...] = (*typing.get_args(WaarschuwingSoort), "datum-onzeker", "eigenaar-botst",
                                         "regel-niet-geldig",
                                         "tegenstrijdig-afgeleid", "volgorde-afgerond")
# the soorten that are about when rules hold (the peildatum), not about the facts
DATUM_SOORTEN: tuple[str, ...] = ("datum-onzeker", "regel-niet-geldig")


# -- knowledge-base references in the facts -------------------------------------------------------
@dataclass(frozen=True)
class KbIds:
    """Marks an input fact whose values are ids from a knowledge-base table (on the fact model,
    as `Annotated[..., KbIds("partners", "partner")]`): its allowed values come from that table."""

    table: str   # attribute of the Kennisbank: partners, activiteiten
    item: str    # what one id names, for messages: partner, activiteit


# -- condition operators --------------------------------------------------------------------------
@dataclass(frozen=True)
class Operator:
    """One fact test in a condition (`{feit: X, <name>: value}`).

    kinds: the fact kinds it applies to; negates: for a negative test, the positive test it is
    the negation of (normal form: `is_niet: v` is `not (is: v)`); bounds: for a number test, how
    the value becomes an inclusive range (offset of the lower and the upper bound, None for open).
    """

    name: str
    kinds: tuple[str, ...]
    negates: str | None = None
    bounds: tuple[int | None, int | None] | None = None


_VALUE = ("bool", "enum", "int")
OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator("is", _VALUE),
    Operator("is_niet", _VALUE, negates="is"),
    Operator("in", _VALUE),
    Operator("niet_in", _VALUE, negates="in"),
    Operator("groter_dan", ("int",), bounds=(1, None)),
    Operator("kleiner_dan", ("int",), bounds=(None, -1)),
    Operator("minstens", ("int",), bounds=(0, None)),
    Operator("hoogstens", ("int",), bounds=(None, 0)),
    Operator("bevat", ("list",)),
    Operator("bevat_niet", ("list",), negates="bevat"),
    Operator("bevat_een", ("list",)),
    Operator("leeg", ("list",)),
)}
FACT_OPERATORS: tuple[str, ...] = tuple(OPERATORS)
COMBINATORS = ("alle", "een_van", "niet")
PRESENCE = ("bekend", "onbekend")


def operators_for(kind: str) -> list[str]:
    """The tests a fact of `kind` takes: those made for the kind first, then the shared ones."""
    ops = [op for op in OPERATORS.values() if kind in op.kinds]
    return [op.name for op in sorted(ops, key=lambda op: len(op.kinds) > 1)]
