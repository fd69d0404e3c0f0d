"""Standard streams that misbehave: closed at start, or a reader that went away.

A process can start with fd 0, 1 or 2 closed (`cmd <&-`, `cmd >&-`); Python then sets sys.stdin or
sys.stdout to None, and the first file we open takes the free number. A pipe's reader can leave
early (`| head`). Neither is a fault: standard input and output get stand-ins that say in Dutch
what is wrong when they are used, and a closed pipe ends the process quietly, as Unix tools do.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Any, NoReturn

from ..errors import InputError, Problem

PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool stopped by a closed pipe


def pipe_closed() -> NoReturn:
    """The reader went away (`| head`): stop quietly, as Unix tools do, without a last failing flush."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    raise SystemExit(PIPE_CLOSED)


class ClosedInput(io.TextIOBase):
    """Stands in for standard input when the process started with it closed: reading is an InputError."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = self  # yamlsource reads sys.stdin.buffer

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> Any:
        raise InputError([Problem("de standaardinvoer is gesloten; geef een bestand op of stuur de feiten via een pijp (|)",
                                  path="<stdin>")])


class ClosedOutput(io.TextIOBase):
    """Stands in for standard output when it was closed: writing is an InputError, not silent loss."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise InputError([Problem("de standaarduitvoer is gesloten, dus het resultaat kan nergens heen; laat haar open "
                                  "of gebruik --uitvoer BESTAND", path="<stdout>")])


def repair_std_streams() -> None:
    """A closed standard stream (fd 0, 1 or 2) gets /dev/null underneath, so no file we open lands on
    its number, and sys.stdin/sys.stdout (None then) a stand-in that says so when used."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                new = os.open(os.devnull, os.O_RDWR)
                if new != fd:
                    os.dup2(new, fd)
                    os.close(new)
    if sys.stdin is None:
        sys.stdin = ClosedInput()
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
