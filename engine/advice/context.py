"""What assembling an advice reads of a loaded rule base: a structural type `Adviseur` satisfies.

Kept apart from engine/api.py so the assembly (engine/advice.py, engine/plan.py) can name its
input without importing the class that calls it.
"""

from __future__ import annotations

from typing import Protocol

from ..logic.compile import CompiledBase
from ..logic.engines import EngineName
from ..model.facts import FactSpec
from ..model.kennisbank import Kennisbank
from ..model.rules import RuleBase


class RuleContext(Protocol):
    """A compiled rule base with its knowledge base, version, content hash and the engine that reasons."""

    kb: Kennisbank
    base: RuleBase
    compiled: CompiledBase
    facts: dict[str, FactSpec]
    version: str
    digest: str
    engine: EngineName
