"""Several server processes on one port, each with a listening socket of its own.

uvicorn's own `--workers` lets every process accept from one shared socket. A process that wakes
first accepts every connection that is waiting, so clients that keep their connection open (a
reverse proxy, a case system, a browser) end up on one or two processes: with 16 such clients and
2 processes, we saw 15 or all 16 on one process, and the second core stayed idle.

Here every worker binds its own socket with SO_REUSEPORT, and the kernel spreads new connections
over the sockets of the port evenly. The parent only starts the workers, starts a new one when a
worker dies, and stops them all on SIGINT or SIGTERM (each finishes its open requests first). Linux
only: elsewhere SO_REUSEPORT does not spread connections, and `serve` uses uvicorn's workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

logger = logging.getLogger("uvicorn.error")

STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that could not start: starting it again would fail too
GRACE = 10  # seconds a worker gets to finish its open requests when the server stops


def balanced() -> bool:
    """Whether this system spreads connections over sockets that share a port."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) that other workers of this user may bind too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def worker(app: str, host: str, port: int, options: dict[str, Any]) -> None:
    """One server process: its own socket, the app from the factory `app`, uvicorn serving it."""
    import uvicorn

    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        logger.error("kan niet luisteren op %s:%d (%s)", host, port, exc.strerror)
        sys.exit(STARTUP_FAILURE)
    config = uvicorn.Config(app, factory=True, host=host, port=port, timeout_graceful_shutdown=GRACE, **options)
    uvicorn.Server(config).run(sockets=[sock])


def supervise(app: str, host: str, port: int, count: int, options: dict[str, Any]) -> int:
    """Run `count` workers until SIGINT or SIGTERM; a worker that dies is replaced. Returns the exit
    code: 0, or 1 when a worker could not start (then the others are stopped too)."""
    import uvicorn

    uvicorn.Config(app, log_level=options.get("log_level"))  # sets up uvicorn's logging here, as in the workers
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of the parent is shared

    def start() -> multiprocessing.process.BaseProcess:
        process = spawn.Process(target=worker, args=(app, host, port, options), daemon=False)
        process.start()
        return process

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    failed = False
    processes = [start() for _ in range(count)]
    shown = f"[{host}]" if ":" in host else host
    logger.info("%d serverprocessen gestart op http://%s:%d (Ctrl+C stopt ze; proces %d)", count, shown, port, os.getpid())
    try:
        while not stop.wait(0.5):
            for n, process in enumerate(processes):
                if process.is_alive():
                    continue
                process.join()
                if process.exitcode == STARTUP_FAILURE:
                    logger.error("serverproces %s kon niet starten; de server stopt", process.pid)
                    failed = True
                    stop.set()
                    break
                logger.warning("serverproces %s stopte (code %s); er start een nieuw", process.pid, process.exitcode)
                time.sleep(0.2)  # a worker that dies at once is not restarted in a tight loop
                processes[n] = start()
    finally:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            process.join(GRACE + 5)
            if process.is_alive():
                process.kill()
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed else 0
