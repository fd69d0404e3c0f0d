"""samenwerkwijzer: advies voor de samenwerking tussen gemeente en bewonersinitiatief.

Library API::

    from samenwerkwijzer import Adviseur, Initiatief
    advies = Adviseur().adviseer({"naam": "Buurtwarmte Voorbeeldwijk"})
"""

# absolute imports: pytest imports this file under the checkout folder's name as well, and that
# name need not be a valid package name (a relative import then fails for the whole test run)
from samenwerkwijzer.engine.advice import Advies
from samenwerkwijzer.engine.api import VERSION as __version__
from samenwerkwijzer.engine.api import Adviseur
from samenwerkwijzer.engine.errors import EngineError, InputError, SamenwerkwijzerError
from samenwerkwijzer.engine.facts import Initiatief

__all__ = ["Advies", "Adviseur", "EngineError", "Initiatief", "InputError", "SamenwerkwijzerError", "__version__"]
