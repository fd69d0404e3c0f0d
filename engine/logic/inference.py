"""What one run of forward chaining found, in one canonical form whichever engine found it.

Both engines (durable_rules in `infer`, plain Python in `floor`) fire the same rules and derive
the same facts, but in an order of their own: durable by its network, the python engine by its index. The
advice must not depend on that order, so every reasoner ends with `settle`: rules fired sorted by
(rule, term), each derived fact's values sorted by (rule, value), and the value a derived key
holds is the first of those. Same input, same `Inference`, byte for byte, on either engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Inference:
    """What fired, and the facts derived on the way (with the rule that derived each)."""

    fired: list[tuple[int, int]] = field(default_factory=list)
    derived: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # rules that matched but are not valid on the day
    keys: dict[str, Any] = field(default_factory=dict)  # every key asserted, input and derived

    def record(self, ri: int, ti: int, derives: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """Rule `ri` fired through term `ti`: note it and its derived facts; return what to assert next."""
        self.fired.append((ri, ti))
        for fact, value in derives:
            values = self.derived.setdefault(fact, [])
            if (value, ri) not in values:
                values.append((value, ri))
        return list(derives)


def settle(result: Inference, inputs: dict[str, Any]) -> Inference:
    """The canonical form of `result` for the input keys `inputs` (see the module text)."""
    derived = {fact: sorted(values, key=lambda vr: (vr[1], type(vr[0]).__name__, repr(vr[0])))
               for fact, values in sorted(result.derived.items())}
    keys = {}
    for key in sorted(result.keys):
        if key in inputs:
            keys[key] = inputs[key]
        elif key in derived:
            keys[key] = derived[key][0][0]
        else:  # pragma: no cover - every key is an input or derived
            keys[key] = result.keys[key]
    return Inference(fired=sorted(result.fired), derived=derived, skipped=sorted(result.skipped), keys=keys)
