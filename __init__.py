"""samenwerkwijzer: advies voor de samenwerking tussen gemeente en bewonersinitiatief.

Library API::

    from samenwerkwijzer import Adviseur, Initiatief
    advies = Adviseur().adviseer({"naam": "Buurtwarmte Voorbeeldwijk"})
"""

from .engine.advice import Advies
from .engine.api import VERSION as __version__
from .engine.api import Adviseur
from .engine.errors import EngineError, InputError, SamenwerkwijzerError
from .engine.facts import Initiatief

__all__ = ["Advies", "Adviseur", "EngineError", "Initiatief", "InputError", "SamenwerkwijzerError", "__version__"]
