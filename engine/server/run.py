"""Starting the server: `samenwerkwijzer serve` migrates the database once, then runs uvicorn.

With several workers each process builds the app itself (`app_from_env`, a factory uvicorn
calls in every worker) around the database named in SAMENWERKWIJZER_DATABASE_URL. On Linux
every worker has a socket of its own (`workers.py`), so the connections are spread over them.
"""

from __future__ import annotations

import errno
import os
import socket

from ..errors import InputError, Problem
from .database import ENV, Database, database_url
from .limits import Limits

FACTORY = "samenwerkwijzer.engine.server.run:app_from_env"


def app_from_env() -> Limits:
    import gc

    from .app import asgi

    app = asgi(Database(database_url()), owns_db=True)  # closes its connections when the worker stops
    # what is loaded now (the modules, the rule base, the app) lives as long as the worker: frozen, the
    # collector does not walk it again at every collection while requests come in
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)  # one advice makes thousands of small objects: collect less often
    return app


def upgrade(url: str | None) -> str:
    """Migrate the database at `url` (or the default one) to the newest schema; returns the URL used."""
    found = database_url(url)
    db = Database(found)
    try:
        db.upgrade()
    finally:
        db.dispose()
    return found


def free(host: str, port: int) -> None:
    """InputError (in Dutch, exit 2) when the address cannot be used, before anything starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "is al in gebruik" if exc.errno == errno.EADDRINUSE else f"is niet te gebruiken ({exc.strerror})"
            raise InputError(Problem(f"adres {host}:{port} {reason}; kies een andere --port of --host",
                                     field="--port")) from None


def serve(host: str, port: int, url: str | None, workers: int, log_level: str) -> int:
    """Run the server until it is stopped; the exit code (see `workers.supervise`)."""
    import uvicorn

    from . import workers as processes

    free(host, port)
    os.environ[ENV] = upgrade(url)  # the workers read it
    if workers > 1 and processes.balanced():  # every worker its own socket: the kernel spreads the connections
        return processes.supervise(FACTORY, host, port, workers, {"log_level": log_level, "proxy_headers": True})
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, log_level=log_level, proxy_headers=True,
                timeout_graceful_shutdown=processes.GRACE)
    return 0
