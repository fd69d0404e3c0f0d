"""The cache of the checked and compiled rule base: used when sound, rebuilt when anything is off.

Every test points SAMENWERKWIJZER_CACHE at its own folder. A broken entry, in whatever way, must
never change the advice: the base is read from the YAML again and the entry written anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice import basecache
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "voorbeelden" / "opstarten-collectief.yaml"
DAY = dt.date(2026, 1, 1)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(basecache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def expected() -> str:
    """The advice for the example from an Adviseur that never saw a cache."""
    old = os.environ.get(basecache.CACHE_ENV)
    os.environ[basecache.CACHE_ENV] = basecache.OFF
    try:
        adviseur = Adviseur()
        return advice(adviseur)
    finally:
        if old is not None:
            os.environ[basecache.CACHE_ENV] = old


def advice(adviseur: Adviseur) -> str:
    return adviseur.adviseer(adviseur.lees_feiten(EXAMPLE), DAY).model_dump_json()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("regelbasis-*.pickle"))


def the_entry(folder: Path) -> tuple[Path, str]:
    [path] = entries(folder)
    key = basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB)
    assert key is not None
    return path, key


def framed(key: str, payload: bytes, checksum: str | None = None) -> bytes:
    """An entry as basecache writes it, with any payload (and, if given, a wrong checksum)."""
    digest = checksum or hashlib.sha256(payload).hexdigest()
    return basecache.MAGIC + key.encode() + b"\n" + digest.encode() + b"\n" + payload


def test_the_first_run_writes_an_entry_the_second_reads_it(cache: Path, expected: str) -> None:
    assert advice(Adviseur()) == expected
    path, key = the_entry(cache)
    assert path.stat().st_mode & 0o077 == 0  # the user's own
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)
    assert advice(Adviseur()) == expected
    assert entries(cache) == [path]


def truncated(data: bytes, key: str) -> bytes:
    return data[: len(data) // 2]


def random_bytes(data: bytes, key: str) -> bytes:
    return random.Random(7).randbytes(len(data))


def empty(data: bytes, key: str) -> bytes:
    return b""


def pickle_of_something_else(data: bytes, key: str) -> bytes:
    return pickle.dumps({"regels": [], "key": key})


def framed_pickle_of_something_else(data: bytes, key: str) -> bytes:
    return framed(key, pickle.dumps({"regels": [], "key": key}))


def framed_base_with_another_key_inside(data: bytes, key: str) -> bytes:
    payload = data.split(b"\n", 3)[3]
    loaded = pickle.loads(payload)
    other = basecache.LoadedBase(**{**loaded.__dict__, "key": "0" * 64})
    return framed(key, pickle.dumps(other))


def old_version_key(data: bytes, key: str) -> bytes:
    payload = data.split(b"\n", 3)[3]
    return framed(hashlib.sha256(b"0.0.1").hexdigest(), payload)


def other_checksum(data: bytes, key: str) -> bytes:
    payload = data.split(b"\n", 3)[3]
    return framed(key, payload, checksum=hashlib.sha256(b"iets anders").hexdigest())


def flipped_byte_in_payload(data: bytes, key: str) -> bytes:
    out = bytearray(data)
    out[-100] ^= 0xFF
    return bytes(out)


CORRUPTIONS: list[Callable[[bytes, str], bytes]] = [
    truncated, random_bytes, empty, pickle_of_something_else, framed_pickle_of_something_else,
    framed_base_with_another_key_inside, old_version_key, other_checksum, flipped_byte_in_payload,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__)
def test_a_broken_entry_is_ignored_and_rebuilt(cache: Path, expected: str, corrupt: Callable[[bytes, str], bytes]) -> None:
    Adviseur()
    path, key = the_entry(cache)
    path.write_bytes(corrupt(path.read_bytes(), key))
    assert basecache.read_entry(path, key) is None  # the check itself refuses it
    assert advice(Adviseur()) == expected            # and the advice is right anyway
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)  # written anew


def test_an_entry_others_may_write_is_not_read(cache: Path, expected: str) -> None:
    Adviseur()
    path, key = the_entry(cache)
    path.chmod(0o666)
    assert basecache.read_entry(path, key) is None
    assert advice(Adviseur()) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_by_the_entry_s_name_is_a_miss_not_a_wait(cache: Path, expected: str) -> None:
    """A FIFO where the entry goes (in a shared SAMENWERKWIJZER_CACHE folder anyone can make one; the key
    is the same for every copy of a release): every command hung in open(), before the owner check."""
    Adviseur()
    path, key = the_entry(cache)
    path.unlink()
    os.mkfifo(path)
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.append(basecache.read_entry(path, key)), daemon=True)
    reader.start()
    reader.join(60)  # not a speed check: the old code never returned
    hung = reader.is_alive()
    if hung:  # be the writer it waits for, so that the test ends
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(60)
    assert not hung and found == [None]
    assert advice(Adviseur()) == expected
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)  # a file again


def test_a_changed_rule_is_a_new_key_and_a_new_advice(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "regels"
    shutil.copytree(SHIPPED_RULES, rules, ignore=shutil.ignore_patterns("scenarios"))
    first = Adviseur(regels=rules)
    victim = sorted(rules.glob("*.yaml"))[-1]
    text = victim.read_text(encoding="utf-8")
    start = text.index("  - id: ")
    end = text.find("\n  - id: ", start + 1)
    victim.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")  # one rule less
    second = Adviseur(regels=rules)
    assert len(second.base.rules) == len(first.base.rules) - 1
    assert second.digest != first.digest
    assert len(entries(cache)) == 2


def test_a_changed_engine_module_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every module below engine/, in subfolders too, is part of the key: a changed engine never reads
    what an older one wrote. (A stand-in engine folder: the real modules are not touched.)"""
    engine = tmp_path / "engine"
    (engine / "logic").mkdir(parents=True)
    (engine / "logic" / "infer.py").write_text("x = 1\n", encoding="utf-8")
    (engine / "api.py").write_text("y = 2\n", encoding="utf-8")
    (engine / "notes.txt").write_text("not a module\n", encoding="utf-8")
    monkeypatch.setattr(basecache, "ENGINE", engine)
    first = basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB)
    assert first is not None and basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB) == first
    (engine / "notes.txt").write_text("still not a module, longer now\n", encoding="utf-8")
    assert basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB) == first
    (engine / "logic" / "infer.py").write_text("x = 10\n", encoding="utf-8")  # one byte more, below a subfolder
    second = basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB)
    assert second not in (None, first)
    (engine / "logic" / "new.py").write_text("", encoding="utf-8")
    third = basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB)
    assert third not in (None, first, second)
    (engine / "vragen.yaml").write_text("a: b\n", encoding="utf-8")  # the question texts are in the entry too
    assert basecache.fingerprint(SHIPPED_RULES, SHIPPED_KB) not in (None, first, second, third)


CHILD = """
import sys
from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.model import questiontexts
adviseur = Adviseur()
parsed = questiontexts.load_texts.cache_info().currsize  # vragen.yaml read in this process?
texts = questiontexts.question_texts()
fresh = questiontexts.load_texts.__wrapped__(questiontexts.TEXTS)
assert texts == fresh and list(texts) == list(fresh), "adopted texts differ from the file"
print(parsed, len(texts))
"""


def test_the_question_texts_come_from_the_entry(cache: Path) -> None:
    """A run that reads an entry does not read and check vragen.yaml again, and gets the same texts."""
    def child() -> list[str]:
        proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=False,
                              env={**os.environ, basecache.CACHE_ENV: str(cache)})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    parsed, count = child()  # no entry yet: built from the YAML, vragen.yaml read
    assert parsed == "1" and int(count) > 40
    assert child() == ["0", count]  # from the entry


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: str) -> None:
    monkeypatch.setenv(basecache.CACHE_ENV, basecache.OFF)
    monkeypatch.chdir(tmp_path)
    assert advice(Adviseur()) == expected
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: str) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    monkeypatch.setenv(basecache.CACHE_ENV, str(blocker / "cache"))
    assert advice(Adviseur()) == expected


def test_broken_rules_are_reported_not_cached(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "regels"
    rules.mkdir()
    (rules / "kapot.yaml").write_text("regels: [\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        Adviseur(regels=rules)
    assert "kapot.yaml:" in str(err.value.format())  # type: ignore[attr-defined]
    assert entries(cache) == []


def test_models_in_an_entry_come_back_the_same() -> None:
    """The input models pickle compactly (engine/model/pickled.py) and come back equal, with the same
    fields given, so a base from the cache behaves as one read from the YAML."""
    from samenwerkwijzer.engine.model.facts import Initiatief
    from samenwerkwijzer.engine.model.kennisbank import load_kennisbank
    from samenwerkwijzer.engine.model.rules import load_rules

    kb = load_kennisbank(SHIPPED_KB)
    rules = load_rules(SHIPPED_RULES, kb).rules
    initiatief = Initiatief.model_validate({"naam": "Buurtwarmte", "gemeente": {"capaciteit": "beperkt"}})
    for model in (rules[0], rules[-1], next(iter(kb.activiteiten.values())), initiatief):
        data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        assert b"__pydantic_fields_set__" not in data  # the compact form, not pydantic's four-key dict
        back = pickle.loads(data)
        assert type(back) is type(model) and back == model
        assert back.model_fields_set == model.model_fields_set
        assert back.model_dump(exclude_unset=True) == model.model_dump(exclude_unset=True)
    with pytest.raises(ValidationError):  # still frozen
        back.naam = "anders"  # type: ignore[misc]


def _plain(value: object) -> object:
    """A table as data: the worlds (no equality of their own) by their attributes."""
    from samenwerkwijzer.engine.advice.worlds import Worlds

    return {k: _plain(v) for k, v in vars(value).items()} if isinstance(value, Worlds) else value


def test_the_open_questions_tables_come_from_the_entry_equal_to_fresh_ones(cache: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from samenwerkwijzer.engine.advice.relevance import Prepared

    made: list[int] = []
    prepare = Prepared.__init__

    def counting(self: Prepared, *args: Any) -> None:
        made.append(1)
        prepare(self, *args)

    monkeypatch.setattr(Prepared, "__init__", counting)
    Adviseur()
    assert len(made) == 1  # no entry yet: made once, for the entry and this Adviseur both
    path, key = the_entry(cache)
    loaded = basecache.read_entry(path, key)
    assert loaded is not None and isinstance(loaded.relevance, Prepared)
    adviseur = Adviseur()
    assert len(made) == 1  # from the entry: not made again
    monkeypatch.setattr(Prepared, "__init__", prepare)
    fresh = Prepared(adviseur.compiled, adviseur.facts, adviseur.kb, adviseur.base)
    tables = vars(fresh)
    assert len(tables) > 20
    for name, value in tables.items():
        assert _plain(vars(adviseur.relevance)[name]) == _plain(value), name


def _relevance_of_other_rules(loaded: basecache.LoadedBase) -> object:
    other = pickle.loads(pickle.dumps(loaded.relevance))
    other.rule_ids = other.rule_ids[:-1]  # as if made for a rule base with a rule less
    return other


WRONG_TABLES: dict[str, Callable[[basecache.LoadedBase], object]] = {
    "none": lambda loaded: None,
    "another-object": lambda loaded: {"classes": {}},
    "other-rules": _relevance_of_other_rules,
}


@pytest.mark.parametrize("name", list(WRONG_TABLES))
def test_open_questions_tables_that_do_not_fit_are_made_anew(cache: Path, expected: str, name: str) -> None:
    """An entry that is sound as a frame, with tables that are missing, of another kind or of other
    rules: the Relevance makes its own and the advice (with its open questions) is the same."""
    Adviseur()
    path, key = the_entry(cache)
    loaded = basecache.read_entry(path, key)
    assert loaded is not None
    broken = basecache.LoadedBase(**{**loaded.__dict__, "relevance": WRONG_TABLES[name](loaded)})
    path.write_bytes(framed(key, pickle.dumps(broken, protocol=pickle.HIGHEST_PROTOCOL)))
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)
    adviseur = Adviseur()
    assert advice(adviseur) == expected
    assert len(adviseur.relevance.rule_ids) == len(adviseur.compiled.rules)


def test_an_entry_that_changes_while_it_is_read_is_not_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payload is hashed, then read from the same open file: if the file changes in between (its
    size or time differs after reading), the entry is a miss."""
    Adviseur()
    path, key = the_entry(cache)
    assert isinstance(basecache.read_entry(path, key), basecache.LoadedBase)
    real = os.fstat
    calls: list[int] = []

    class Later:
        def __init__(self, st: os.stat_result) -> None:
            self.st_uid, self.st_mode, self.st_size = st.st_uid, st.st_mode, st.st_size
            self.st_mtime_ns = st.st_mtime_ns + 1

    def fstat(fd: int) -> object:
        calls.append(fd)
        st = real(fd)
        return Later(st) if len(calls) > 1 else st

    monkeypatch.setattr(basecache.os, "fstat", fstat)
    assert basecache.read_entry(path, key) is None
    assert len(calls) == 2


def test_temporary_files_a_killed_run_left_are_removed_later(cache: Path, expected: str) -> None:
    """A run killed while it wrote an entry (SIGKILL, power loss) leaves `.regelbasis-*.tmp` of up to
    tens of MB; the next entry written removes it once it is old, and leaves a young one (another run
    may be writing it right now)."""
    cache.mkdir(mode=0o700)
    old, young = cache / ".regelbasis-oud.tmp", cache / ".regelbasis-jong.tmp"
    for left in (old, young):
        left.write_bytes(b"half")
    an_hour_and_more = os.stat(young).st_mtime - basecache.STALE - 60
    os.utime(old, (an_hour_and_more, an_hour_and_more))
    assert advice(Adviseur()) == expected
    assert entries(cache) and not old.exists() and young.exists()
