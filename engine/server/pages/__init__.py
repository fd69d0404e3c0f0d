"""The web pages for advisers: server-rendered HTML (Jinja2) on the same accounts and dossiers as the API.

Every page works without JavaScript. Forms post back with the session's CSRF token as the hidden
field `csrf_token`. A page asked for without a session sends the browser to /inloggen.
Each area has its own module with its own router; `router` here joins them.
"""

from __future__ import annotations

from fastapi import APIRouter

from .advies import router as advies_router
from .geschiedenis import router as geschiedenis_router
from .intake import router as intake_router
from .knowledge import router as knowledge_router
from .login import router as login_router
from .portfolio import router as portfolio_router
from .users import router as users_router

router = APIRouter(include_in_schema=False)
router.include_router(login_router)
router.include_router(portfolio_router)
router.include_router(users_router)
router.include_router(knowledge_router)
router.include_router(intake_router)
router.include_router(advies_router)
router.include_router(geschiedenis_router)

__all__ = ["router"]
