"""samenwerkwijzer: advies voor de samenwerking tussen gemeente en bewonersinitiatief.

Library API::

    from samenwerkwijzer import Adviseur, Initiatief
    advies = Adviseur().adviseer({"naam": "Buurtwarmte Voorbeeldwijk"})
    consult = Adviseur().raadpleeg({"naam": "Buurtwarmte Voorbeeldwijk"})   # the whole record

The names are loaded on first use (PEP 562), so `samenwerkwijzer --help` and
`samenwerkwijzer schema feiten` start without the rule engine (durable_rules) or networkx.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samenwerkwijzer.engine.advice.api import Adviseur
    from samenwerkwijzer.engine.advice.consult import Consult
    from samenwerkwijzer.engine.errors import EngineError, InputError, SamenwerkwijzerError
    from samenwerkwijzer.engine.model.advice import Advies
    from samenwerkwijzer.engine.model.facts import Initiatief
    from samenwerkwijzer.engine.version import VERSION as __version__

# absolute module names: pytest imports this file under the checkout folder's name as well, and that
# name need not be a valid package name (a relative import then fails for the whole test run)
_WHERE = {
    "Advies": ("samenwerkwijzer.engine.advice.assemble", "Advies"),
    "Adviseur": ("samenwerkwijzer.engine.advice.api", "Adviseur"),
    "Consult": ("samenwerkwijzer.engine.advice.consult", "Consult"),
    "EngineError": ("samenwerkwijzer.engine.errors", "EngineError"),
    "InputError": ("samenwerkwijzer.engine.errors", "InputError"),
    "Initiatief": ("samenwerkwijzer.engine.model.facts", "Initiatief"),
    "SamenwerkwijzerError": ("samenwerkwijzer.engine.errors", "SamenwerkwijzerError"),
    "__version__": ("samenwerkwijzer.engine.version", "VERSION"),
}

__all__ = ["Advies", "Adviseur", "Consult", "EngineError", "Initiatief", "InputError", "SamenwerkwijzerError",
           "__version__"]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'samenwerkwijzer' has no attribute '{name}'")
    module, attr = _WHERE[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
