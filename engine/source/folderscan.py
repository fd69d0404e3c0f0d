"""The files of a folder that samenwerkwijzer reads: one scan for rules, scenarios and the kennisbank.

Only regular files (or links to them) are read. A FIFO, device or socket with a matching name
is reported as an error instead of opened: opening a FIFO waits for a writer and would hang
the command. Names are sorted (as bytes, so any name sorts the same everywhere) and may be
any bytes: they stay `str` with surrogate escapes, as Python gives them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem

KINDS = {stat.S_IFIFO: "pijp (FIFO)", stat.S_IFCHR: "apparaat", stat.S_IFBLK: "apparaat", stat.S_IFSOCK: "socket"}


def not_regular(mode: int) -> str | None:
    """What a file is when it is not a regular file or folder ('pijp (FIFO)', …), else None."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return KINDS.get(stat.S_IFMT(mode), "bijzonder bestand")


def refusal(path: str, kind: str) -> Problem:
    return Problem(f"dit is geen gewoon bestand maar een {kind}; alleen gewone bestanden worden gelezen", path=path)


def scan(folder: Path, *, suffixes: Sequence[str] = (".yaml",), recursive: bool = False) -> tuple[list[Path], list[Problem]]:
    """Files in `folder` whose name ends in one of `suffixes`, and a problem for each one that is
    not a regular file. Recursive scans descend into real subfolders, not into linked ones."""
    files: list[Path] = []
    problems: list[Problem] = []
    todo = [folder]
    while todo:
        here = todo.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            problems.append(Problem(f"kan de map niet lezen ({exc.strerror})", path=str(here)))
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if recursive and entry.is_dir(follow_symlinks=False):
                subfolders.append(path)
                continue
            if not entry.name.endswith(tuple(suffixes)):
                continue
            try:
                mode = entry.stat().st_mode  # follows a link; a dangling link is reported when read
            except OSError:
                files.append(path)
                continue
            kind = not_regular(mode)
            if kind is not None:
                problems.append(refusal(str(path), kind))
            elif not (recursive and stat.S_ISDIR(mode)):
                files.append(path)  # a folder named *.yaml in a flat scan is reported when read
        todo.extend(reversed(subfolders))
    return sorted(files, key=lambda p: os.fsencode(p)), problems
