"""The advice as JSON: the contract that `advies --formaat json` and `POST /api/advies` print.

A module of its own, so that printing JSON does not import the text renderers (reading,
justification) that tekst, markdown and html need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..advice.consult import Consult
    from ..model.advice import Advies


def to_json(consult: Consult, voor: str = "gemeente", verantwoording: bool = False) -> str:
    """The JSON contract: everything, for every audience (the audience and the flag change nothing here)."""
    return advice_json(consult.advice)


def advice_json(advies: Advies) -> str:
    """The advice as the JSON contract prints it (also for an Advies from `Adviseur.adviseer`).

    pydantic's own writer: the same bytes as `json.dumps(advies.model_dump(mode="json"), indent=2,
    ensure_ascii=False)` (tests/test_fast_path.py), five times faster."""
    return advies.model_dump_json(indent=2) + "\n"
