"""Ctrl-C held back for a moment: `held()` blocks SIGINT in this thread for a block of code and lets it
come right after, where there are signal masks (POSIX); elsewhere the block runs as it is.

Used where an interruption halfway would leave a mess: starting the workers of a batch (a worker forked
in that moment would get Ctrl-C before it ignores it, and end with a traceback; engine/render/batch.py)
and removing a batch's temporary files (engine/render/writefile.py). Blocked in this thread only: a
signal another thread takes is handled as Python always does.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
