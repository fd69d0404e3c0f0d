"""Standard streams that misbehave: closed at start, a reader that went away, or a full disk.

A process can start with fd 0, 1 or 2 closed (`cmd <&-`, `cmd >&-`); Python then sets sys.stdin or
sys.stdout to None, and the first file we open takes the free number. A pipe's reader can leave
early (`| head`). Neither is a fault: standard input and output get stand-ins that say in Dutch
what is wrong when they are used, and a closed pipe (on standard output or error) ends the process
quietly, as Unix tools do. A stream that fails otherwise (`> /dev/full`, a full disk) ends it with
exit 2 and one line on standard error, or silently when standard error itself fails.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from ..errors import InputError, Problem
from ..terminal import StreamFailed

PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool stopped by a closed pipe


WRITE_FAILED = 2  # a full disk or failing device is the user's to fix, like any other refusal
REASONS = {errno.ENOSPC: "de schijf is vol", errno.EDQUOT: "de schijfruimte (quota) is op",
           errno.EIO: "het apparaat gaf een schrijffout", errno.EFBIG: "het bestand wordt te groot",
           errno.EACCES: "u mag hier niet schrijven", errno.EPERM: "u mag hier niet schrijven",
           errno.EROFS: "de schijf is alleen-lezen", errno.EISDIR: "er staat een map met die naam",
           errno.ENOENT: "de map bestaat niet", errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
           errno.ENAMETOOLONG: "de naam is te lang"}  # why writing failed, in Dutch (also for writefile)


def _silence() -> None:
    """Point fd 1 and 2 at /dev/null, so that the interpreter's last flush at exit cannot fail again."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)


def pipe_closed() -> NoReturn:
    """The reader went away (`| head`, also on standard error): stop quietly, as Unix tools do."""
    _silence()
    raise SystemExit(PIPE_CLOSED)


def write_failed(stream: str, error: OSError) -> NoReturn:
    """Standard output or error cannot be written: one Dutch line on standard error if it still can, exit 2."""
    if stream == "stdout":  # a failing standard error has nowhere to say so: only the exit code tells
        reason = REASONS.get(error.errno or 0, error.strerror or str(error))
        problem = Problem(f"kan niet naar de standaarduitvoer schrijven ({reason}); het resultaat is niet (helemaal) "
                          "geschreven", path="<stdout>")
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(problem.format() + "\n")
            sys.stderr.flush()
    _silence()
    raise SystemExit(WRITE_FAILED)


@contextlib.contextmanager
def guarded_streams(*, every_oserror: bool = False) -> Iterator[None]:
    """A broken pipe ends quietly (141); a stream that fails otherwise ends with exit 2.

    With `every_oserror`, also a plain OSError counts as a failing stream: for the outermost
    layer, where only click's own printing (help, version, usage errors) and the last flush run."""
    try:
        yield
    except BrokenPipeError:
        pipe_closed()
    except StreamFailed as exc:
        write_failed(exc.stream, exc.error)
    except OSError as exc:
        if not every_oserror:
            raise
        write_failed("stdout", exc)


def stdin_identity() -> tuple[int, int] | None:
    """(device, inode) of standard input when it is a regular file (`< feiten.yaml`), else None.

    A pipe (`cat feiten.yaml |`) cannot be traced back to a file, and a terminal or device loses nothing."""
    try:
        info = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


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

    def readline(self, size: int | None = -1) -> Any:  # a password with --wachtwoord-stdin
        return self.read(size)


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
