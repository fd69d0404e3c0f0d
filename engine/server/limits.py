"""Limits every request meets before the app sees it: a body of at most 1 MB and a time limit.

The body is read from the stream and counted as it comes, so a client that sends more than it
announced (or announces nothing, with chunked transfer) is cut off at the limit all the same.
A request that takes longer than the limit gets 503 (when its answer has not begun yet).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .problems import problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 1_000_000
TIME_LIMIT = 30.0  # seconds


class TooLarge(Exception):
    pass


class Limits:
    """ASGI wrapper: the body is read whole (at most `max_body` bytes) before the app runs, within `seconds`."""

    def __init__(self, app: App, max_body: int = MAX_BODY, seconds: float = TIME_LIMIT):
        self.app = app
        self.max_body = max_body
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                try:
                    body = await self._body(scope, receive)
                except TooLarge:
                    await _answer(problem(413, f"het verzoek is groter dan {self.max_body // 1_000_000} MB"), scope,
                                  receive, send)
                    return
                await self.app(scope, _replay(body, receive), tracked_send)
        except TimeoutError:
            if not started:
                await _answer(problem(503, f"het verzoek duurde langer dan {self.seconds:g} seconden"), scope, receive, send)

    async def _body(self, scope: Scope, receive: Receive) -> bytes:
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                raise TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the client to go away, as a server would say

    return replay


async def _answer(response: Any, scope: Scope, receive: Receive, send: Send) -> None:
    response.headers["connection"] = "close"
    await response(scope, receive, send)
