"""What every request handler shares: the server (database, Adviseur, cookie setting) and the raw body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from ..advice.api import Adviseur
from .database import Database


@dataclass
class Server:
    db: Database
    adviseur: Adviseur
    secure: str = "auto"  # Secure cookies: ja | nee | auto (when the request came over https)


def server_of(request: Request) -> Server:
    found: Server = request.app.state.server
    return found


async def body(request: Request) -> bytes:
    return await request.body()


Body = Annotated[bytes, Depends(body)]
