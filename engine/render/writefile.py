"""Write a result file safely: never over one of the inputs, and all or nothing.

The text goes to a temporary file in the same folder, is flushed to disk and then takes the
place of the old file in one step (os.replace). A full disk or a crash leaves the old file as it
was, and the temporary file is removed. Output that names an input (also through a symbolic or
hard link, and the file on standard input for '-') is refused before anything is written: the
input would be lost. Standard input from a pipe cannot be traced back to its file. A batch writes
its files in groups (`write_group`): each file as above, each folder flushed once per group.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Sequence

from .. import sigint
from ..errors import InputError, Problem
from ..source.streams import REASONS, stdin_identity


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (same device and inode, so links count); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def same_as_stdin(path: str) -> bool:
    """Whether `path` is the regular file that standard input reads (`< feiten.yaml`)."""
    identity = stdin_identity()
    if identity is None:
        return False
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return (info.st_dev, info.st_ino) == identity


def refuse_input(path: str, inputs: Iterable[str]) -> None:
    """InputError when `path` is the same file as one of `inputs` ('-': the file on standard input)."""
    for source in inputs:
        if same_as_stdin(path) if source == "-" else same_file(path, source):
            what = "de standaardinvoer" if source == "-" else f"de invoer '{source}'"
            raise InputError([Problem(f"de uitvoer is hetzelfde bestand als {what}; kies een ander "
                                      "bestand voor --uitvoer, anders gaat de invoer verloren", path=path)])


def write_output(path: str, text: str, inputs: Iterable[str] = ()) -> None:
    """Write `text` (UTF-8) to `path` atomically; refuse when `path` is one of `inputs`."""
    write_output_bytes(path, text.encode("utf-8"), inputs)


def write_output_bytes(path: str, data: bytes, inputs: Iterable[str] = ()) -> None:
    """Write `data` to `path` atomically (a Word file, for one); refuse when `path` is one of `inputs`."""
    refuse_input(path, inputs)
    problem = write_group([(path, data)])[0]
    if problem is not None:
        raise problem


def write_group(files: Sequence[tuple[str, bytes]]) -> list[InputError | None]:
    """Write several files, each atomically as `write_output_bytes` does, with one flush of each folder
    for the group instead of one per file (a batch writes thousands; on a laptop's disk or a network
    share a flush can take milliseconds). Every text first goes to its temporary file; then each is
    flushed and takes its place (the first flush takes the others' data along in one journal commit);
    then each folder is flushed once. Per file: None, or the error that kept it from being written
    (the old file is then as it was, and no temporary file is left). The caller checks that no path
    is an input."""
    problems: list[InputError | None] = [None] * len(files)
    staged: list[tuple[int, str, str, int]] = []  # (index, target, temporary file, its descriptor)
    made: list[str] = []  # every temporary file this call may have created, named before it is created

    def fail(i: int, exc: OSError) -> None:
        problems[i] = InputError([Problem(f"kan niet schrijven ({reason(exc)}); een eerder bestand is niet veranderd",
                                          path=files[i][0])])

    try:
        for i, (path, data) in enumerate(files):
            target = os.path.realpath(path)  # through a symbolic link: replace the file it points to, not the link
            try:
                if os.path.exists(target) and not stat.S_ISREG(os.stat(target).st_mode):
                    # a device or pipe (/dev/stdout, a FIFO): nothing to keep, nothing to replace
                    with open(target, "wb") as fh:
                        fh.write(data)
                    continue
                tmp, fd = _temporary(target, made)
            except OSError as exc:
                fail(i, exc)
                continue
            staged.append((i, target, tmp, fd))
            try:
                with os.fdopen(fd, "wb", closefd=False) as fh:
                    fh.write(data)
            except OSError as exc:
                fail(i, exc)
        folders: set[str] = set()
        for i, target, tmp, fd in staged:
            if problems[i] is not None:
                continue
            try:
                os.fsync(fd)
                os.chmod(tmp, _mode(target))
                os.replace(tmp, target)
            except OSError as exc:
                fail(i, exc)
                continue
            folders.add(os.path.dirname(target) or ".")
        for folder in sorted(folders):
            _sync_folder(folder)
    finally:  # also after an interruption (Ctrl-C): close every descriptor, remove what did not take its place
        with sigint.held():  # a second Ctrl-C comes after this, or it would leave the rest behind
            for _i, _target, _tmp, fd in staged:
                with contextlib.suppress(OSError):
                    os.close(fd)
            for tmp in made:  # one that took its place is gone; one interrupted before it was made is not there
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return problems


NAME_ROOM = 255 - len("..12345678.tmp")  # most file systems allow 255 bytes in a name
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _temporary(target: str, made: list[str]) -> tuple[str, int]:
    """A new temporary file beside `target` ('.advies.txt.3f9a1c2e.tmp', only for this user) and its descriptor.

    Its name goes into `made` before the file exists: a Ctrl-C that arrives just after the file was
    created (as it did with tempfile.mkstemp, which learns the name only on return) still leaves
    the caller a name to remove."""
    folder, name = os.path.split(target)
    while len(os.fsencode(name)) > NAME_ROOM:  # a name near the limit (255 bytes) must still get a temporary file
        name = name[:-1]
    while True:
        tmp = os.path.join(folder or ".", f".{name}.{secrets.token_hex(4)}.tmp")
        made.append(tmp)
        try:
            return tmp, os.open(tmp, _FLAGS, 0o600)
        except FileExistsError:  # another's file by that name: never removed, try another name
            made.pop()
        except OSError:
            made.pop()
            raise


def reason(exc: OSError) -> str:
    """Why writing failed, in Dutch where the cause is a common one (a full disk), else the system's words."""
    return REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _mode(target: str) -> int:
    """The old file's permissions, or what a new file gets under the umask (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
