"""A cache of the checked and compiled rule base, so a command does not read, check and compile
the same rules and knowledge base at every start.

An entry holds the loaded and compiled base, the tables the open questions are worked out on
(`relevance.Prepared`) and the core schemas pydantic builds to read a facts file and write the
advice (engine/model/prebuilt.py). The key is a hash of: the package version, the Python version, the
pydantic and pydantic-core versions, the size and time of every module and YAML file of the engine
(so a changed engine, or changed question texts in vragen.yaml, never reads an entry an older one
wrote), and the names and full contents of every file the loaders read from regels/ and kennisbank/.
A file on disk holds a magic line, that key, a SHA-256 of the pickled payload and the payload; an
entry is used only when all of them match and the payload is a `LoadedBase` with the same key (and
the tables and schemas each pass their own check where they are used). Anything else (truncated,
random bytes, another key, a wrong object, an unreadable file) counts as a miss: the base is built
from the YAML and the entry is written anew, atomically (a temporary file, then one rename).

Why pickle is acceptable here: the entries live in the user's own cache folder (platformdirs'
user cache dir, or SAMENWERKWIJZER_CACHE), written only by the user's own runs. Whoever can write
there can also change the user's shell start-up files or installed packages, so reading the folder
adds no new way in. The checks above catch corruption, not an attacker; and to keep a shared folder
(a world-writable /tmp named in SAMENWERKWIJZER_CACHE) from becoming a way in, an entry is read only
if this user owns it and nobody else may write to it. SAMENWERKWIJZER_CACHE=uit turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..logic.compile import CompiledBase
from ..model.facts import FactSpec
from ..model.kennisbank import Kennisbank, yaml_files
from ..model.prebuilt import LIBRARIES, Prebuilt
from ..model.questiontexts import QuestionText
from ..model.rules import RuleBase
from ..source.folderscan import scan
from ..version import VERSION
from .relevance import Prepared

CACHE_ENV = "SAMENWERKWIJZER_CACHE"
OFF = "uit"
MAGIC = b"samenwerkwijzer regelbasis-cache 1\n"
MAX_BYTES = 256 * 2**20   # an entry larger than this is not ours
KEEP = 16                 # entries kept per folder; older ones are removed when a new one is written
STALE = 3600              # seconds after which a temporary file of an unfinished write is removed
ENGINE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class LoadedBase:
    """Everything `Adviseur` derives from the two folders, before the engine is started."""

    key: str
    kb: Kennisbank
    base: RuleBase
    digest: str
    compiled: CompiledBase
    facts: dict[str, FactSpec]
    questions: dict[str, QuestionText]  # engine/model/vragen.yaml, checked against the fact model
    relevance: Prepared | None = None  # the open questions' tables (relevance.py)
    models: tuple[Prebuilt, ...] = ()  # the core schemas of the facts file and the advice (model/prebuilt.py)


def cache_folder() -> Path | None:
    """Where entries live: SAMENWERKWIJZER_CACHE, else the user's cache folder; None when turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip() in ("", OFF) else Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("samenwerkwijzer", appauthor=False))


def fingerprint(rules: str | Path, kb: str | Path) -> str | None:
    """The key for these two folders as they are now; None when a loader would refuse something
    (a missing folder, a pipe, an unreadable file): then the loader runs and says what is wrong."""
    h = hashlib.sha256()
    for part in (VERSION, sys.implementation.cache_tag or "", sys.version, *LIBRARIES):
        h.update(part.encode() + b"\0")
    try:
        for name, size, mtime in _engine_files():
            h.update(f"{name}\0{size}\0{mtime}\0".encode())
        for label, given, listing in (("regels", rules, _rule_files), ("kennisbank", kb, _kb_files)):
            folder = Path(given)
            files = listing(folder)
            if files is None:
                return None
            # the name as given too: the loaded files carry it into every message
            h.update(f"{label}\0{os.fspath(given)}\0{folder.resolve()}\0{len(files)}\0".encode("utf-8", "surrogatepass"))
            for path in files:
                data = path.read_bytes()
                h.update(f"{path}\0{len(data)}\0".encode("utf-8", "surrogatepass"))
                h.update(data)
    except (OSError, ValueError):
        return None
    return h.hexdigest()


def _engine_files() -> list[tuple[str, int, int]]:
    """Every module and YAML file of the engine (engine/model/vragen.yaml) as (path below engine/, size,
    time), sorted by path.

    os.scandir rather than Path.rglob: a quarter of the time, and no pattern to compile at every start."""
    found: list[tuple[str, int, int]] = []
    todo = [""]
    while todo:
        below = todo.pop()
        with os.scandir(ENGINE / below) as entries:
            for entry in entries:
                name = f"{below}/{entry.name}" if below else entry.name
                if entry.is_dir(follow_symlinks=False):
                    todo.append(name)
                elif entry.name.endswith((".py", ".yaml")):
                    st = entry.stat()
                    found.append((name, st.st_size, st.st_mtime_ns))
    found.sort()
    return found


def _rule_files(folder: Path) -> list[Path] | None:
    if not folder.is_dir():
        return None
    files, refused = scan(folder)
    return None if refused or not files else files


def _kb_files(folder: Path) -> list[Path] | None:
    if folder.is_dir():
        files, refused = yaml_files(folder)
        return None if refused or not files else files
    return [folder] if folder.is_file() else None


def load_or_build(rules: str | Path, kb: str | Path, build: Callable[[str], LoadedBase]) -> LoadedBase:
    """The cached base for these folders if a sound entry exists, else `build(key)`, then stored."""
    folder = cache_folder()
    key = fingerprint(rules, kb) if folder is not None else None
    if folder is None or key is None:
        return build("")
    path = folder / f"regelbasis-{key[:40]}.pickle"
    found = read_entry(path, key)
    if found is not None:
        return found
    loaded = build(key)
    write_entry(folder, path, key, loaded)
    return loaded


def read_entry(path: Path, key: str) -> LoadedBase | None:
    """The entry at `path` if every check passes, else None (see the module text).

    The payload is hashed and then unpickled from the same open file, a piece at a time: no copy of
    it in memory (a megabyte at the shipped base, tens at 10,000 rules). A writer never changes an
    entry in place, it renames a new file over it, so the open file stays the one that was hashed;
    a file whose size or time changes while it is read counts as a miss all the same."""
    head = MAGIC + key.encode() + b"\n"
    enabled = gc.isenabled()
    try:
        # without waiting: a FIFO by the entry's name (in a shared folder, anyone's) would hold open() until a writer came
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return None
            if st.st_size > MAX_BYTES or fh.read(len(head)) != head:
                return None
            checksum = fh.readline(65)  # 64 hex digits and the end of the line
            if len(checksum) != 65 or not checksum.endswith(b"\n"):
                return None
            start = fh.tell()
            if hashlib.file_digest(fh, "sha256").hexdigest().encode() != checksum[:-1]:
                return None
            fh.seek(start)
            gc.disable()  # many small objects: the collector would run often while they are made
            obj = pickle.load(fh)
            now = os.fstat(fh.fileno())
            if (now.st_size, now.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
                return None
    except Exception:  # unreadable, or a payload pickle cannot read
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(obj, LoadedBase) or obj.key != key:
        return None
    return obj


def write_entry(folder: Path, path: Path, key: str, loaded: LoadedBase) -> None:
    """Store `loaded` atomically; a cache that cannot be written is no error (the next run builds again).

    The payload is pickled straight into the file and hashed from there (the checksum has a fixed
    length: its place is kept and filled in after), so it is never one more copy in memory."""
    import tempfile  # only when an entry is written; shutil and random come with it

    head = MAGIC + key.encode() + b"\n"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regelbasis-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w+b") as fh:
                fh.write(head + b"0" * 64 + b"\n")
                start = fh.tell()
                pickle.dump(loaded, fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.seek(start)
                checksum = hashlib.file_digest(fh, "sha256").hexdigest()
                fh.seek(len(head))
                fh.write(checksum.encode())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder, path)
    except Exception:  # a full disk, a read-only folder, an object pickle cannot take: no cache this time
        return


def _prune(folder: Path, keep: Path) -> None:
    """Keep the `KEEP` newest entries; remove temporary files that a killed run left (SIGKILL, power
    loss: Ctrl-C removes its own) once they are older than `STALE` seconds (another run may be writing one)."""
    entries = sorted(folder.glob("regelbasis-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        if old != keep:
            old.unlink(missing_ok=True)
    # the clock of the file system (a network folder's clock may differ from ours): `keep` was just written
    now = keep.stat().st_mtime
    for left in folder.glob(".regelbasis-*.tmp"):
        try:
            if now - left.stat().st_mtime > STALE:
                left.unlink()
        except OSError:  # gone already, or not ours to remove
            continue
