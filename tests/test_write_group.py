"""Writing a batch's files in groups (writefile.write_group): each file all or nothing, one flush of
the folder per group, and a file that cannot be written keeps its old text while the others go on."""

from __future__ import annotations

import errno
import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.render import batch, writefile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))


def test_every_file_written_and_each_folder_flushed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    flushed: list[str] = []
    real = writefile._sync_folder
    monkeypatch.setattr(writefile, "_sync_folder", lambda folder: (flushed.append(folder), real(folder)))
    files = [(str(tmp_path / folder / f"{i}.json"), f"advies {i}\n".encode()) for folder in "ab" for i in range(5)]
    assert writefile.write_group(files) == [None] * 10
    for path, data in files:
        assert Path(path).read_bytes() == data
    assert sorted(flushed) == [str(tmp_path / "a"), str(tmp_path / "b")]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [f"{i}.json" for i in range(5)]


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_one_failing_file_keeps_its_old_text_and_the_others_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         failing: str) -> None:
    files = [(str(tmp_path / f"{i}.json"), f"nieuw {i}\n".encode()) for i in range(4)]
    for path, _ in files:
        Path(path).write_bytes(b"oud\n")
    calls = {"n": 0}

    def second_fails(real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)
        return call

    if failing == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = real_fdopen(fd, mode, *args, **kwargs)
            calls["n"] += 1
            if calls["n"] == 2:
                fh.write = lambda data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device"))
            return fh

        monkeypatch.setattr(writefile.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(writefile.os, failing, second_fails(getattr(os, failing)))
    problems = writefile.write_group(files)
    assert [p is None for p in problems] == [True, False, True, True]
    assert problems[1] is not None and problems[1].format() == (
        f"{files[1][0]}: fout: kan niet schrijven (de schijf is vol); een eerder bestand is niet veranderd")
    assert [Path(path).read_bytes() for path, _ in files] == [b"nieuw 0\n", b"oud\n", b"nieuw 2\n", b"nieuw 3\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.json" for i in range(4)], "a temporary file was left"


def test_an_interruption_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "0.json").write_bytes(b"oud\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writefile.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writefile.write_group([(str(tmp_path / f"{i}.json"), b"nieuw\n") for i in range(3)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.json"]
    assert (tmp_path / "0.json").read_bytes() == b"oud\n"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_a_second_ctrl_c_while_cleaning_up_leaves_no_temporary_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C twice in quick succession during a batch left '.f270.json.*.tmp' files: the first stopped the
    write, the second arrived while the temporary files were being removed and stopped that. A real
    SIGINT is sent while the first descriptor is closed."""
    real = os.close
    sent = {"n": 0}

    def close_with_a_second_ctrl_c(fd: int) -> None:
        sent["n"] += 1
        if sent["n"] == 1:  # to this thread: sent to the process, another thread of pytest's (a server, a
            # pool from an earlier test) could take it at once, and the handler would run outside the test
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        real(fd)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        monkeypatch.setattr(writefile.os, "fsync", interrupted)
        monkeypatch.setattr(writefile.os, "close", close_with_a_second_ctrl_c)
        with pytest.raises(KeyboardInterrupt):
            writefile.write_group([(str(tmp_path / f"{i}.json"), b"nieuw\n") for i in range(3)])
    finally:
        signal.signal(signal.SIGINT, previous)
    monkeypatch.undo()
    assert sent["n"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [1, 2])
def test_a_ctrl_c_just_after_a_temporary_file_was_made_leaves_none_behind(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         after: int) -> None:
    """Ctrl-C halfway through a big batch (advies MAP --uitvoer) left a '.f0001.txt.*.tmp' in the output
    folder now and then: the signal arrives while the temporary file is opened, which is most of the
    time the first pass takes, and tempfile.mkstemp had made the file but not yet told its name."""
    (tmp_path / "0.json").write_bytes(b"oud\n")
    real = os.open
    opened = {"n": 0}

    def open_then_interrupted(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        fd = real(path, flags, mode, **kwargs)
        opened["n"] += 1
        if opened["n"] == after:  # the file exists; the interruption comes before its name is known
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(writefile.os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        writefile.write_group([(str(tmp_path / f"{i}.json"), b"nieuw\n") for i in range(3)])
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.json"]
    assert (tmp_path / "0.json").read_bytes() == b"oud\n"


def test_a_full_disk_or_a_folder_one_may_not_write_in_is_said_in_dutch(tmp_path: Path) -> None:
    """The reason came from the system in English ('No space left on device', 'Permission denied')."""
    (tmp_path / "map.json").mkdir()
    problems = writefile.write_group([(str(tmp_path / "map.json"), b"nieuw\n"),
                                      (str(tmp_path / "nergens" / "a.json"), b"nieuw\n")])
    assert [p.format() if p else None for p in problems] == [
        f"{tmp_path / 'map.json'}: fout: kan niet schrijven (er staat een map met die naam); een eerder bestand is "
        "niet veranderd",
        f"{tmp_path / 'nergens' / 'a.json'}: fout: kan niet schrijven (de map bestaat niet); een eerder bestand is "
        "niet veranderd"]


@pytest.mark.parametrize("processen", ["1", "2"])
def test_a_batch_larger_than_a_group_writes_every_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            processen: str) -> None:
    monkeypatch.setattr(batch, "GROUP", 2)  # 5 files: groups of 2, 2 and the last 1 at the end
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"i{i}.yaml").write_bytes(EXAMPLES[i % len(EXAMPLES)].read_bytes())
    groups: list[int] = []
    real = writefile.write_group
    monkeypatch.setattr(batch, "write_group", lambda files: (groups.append(len(files)), real(files))[1])
    result = CliRunner().invoke(main, ["advies", str(folder), "--uitvoer", str(tmp_path / "uit"), "--formaat", "json",
                                       "--peildatum", "2026-01-01", "--processen", processen])
    assert result.exit_code == 0, result.stderr
    assert groups == [2, 2, 1]
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [f"i{i}.json" for i in range(5)]
    for i in range(5):
        one = CliRunner().invoke(main, ["advies", str(folder / f"i{i}.yaml"), "--formaat", "json", "--peildatum", "2026-01-01"])
        assert (tmp_path / "uit" / f"i{i}.json").read_text(encoding="utf-8") == one.stdout


def test_an_output_folder_below_a_file_is_said_in_dutch(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_bytes(b"")
    result = CliRunner().invoke(main, ["advies", str(EXAMPLES[0].parent), "--uitvoer", str(tmp_path / "bestand" / "uit")])
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path / 'bestand' / 'uit'}: fout: kan de map voor --uitvoer niet maken (een deel van "
                             "het pad is een bestand, geen map)\n")


@pytest.mark.parametrize("name", ["x" * 251 + ".md", "é" * 124 + ".md"])
def test_a_name_near_the_limit_gets_its_file(tmp_path: Path, name: str) -> None:
    """A facts file with a long name (allowed: 255 bytes) got no advice: the temporary file's name, the
    name with '.' before and '.XXXXXXXX.tmp' after it, was too long ('File name too long')."""
    assert len(os.fsencode(name)) in (254, 251)
    assert writefile.write_group([(str(tmp_path / name), b"nieuw\n")]) == [None]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert (tmp_path / name).read_bytes() == b"nieuw\n"


@pytest.mark.parametrize("processen", ["1", "2"])
def test_a_link_that_makes_two_advices_one_file_is_refused_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          processen: str) -> None:
    """out/i0.json a symbolic link to out/i3.json: the advice for i3 replaced the one for i0 (in another
    group, or in the same), and both were reported written. Now the second is refused and the first stays."""
    monkeypatch.setattr(batch, "GROUP", 2)
    folder, out = tmp_path / "in", tmp_path / "uit"
    folder.mkdir()
    out.mkdir()
    for i in range(5):
        (folder / f"i{i}.yaml").write_bytes(EXAMPLES[i % len(EXAMPLES)].read_bytes())
    (out / "i0.json").symlink_to("i3.json")
    result = CliRunner().invoke(main, ["advies", str(folder), "--uitvoer", str(out), "--formaat", "json",
                                       "--peildatum", "2026-01-01", "--processen", processen])
    assert result.exit_code == 2
    assert f"4 adviezen geschreven in {out}\n" in result.stderr
    assert result.stderr.endswith(f"{out / 'i3.json'}: fout: via een link is dit hetzelfde bestand als '{out / 'i0.json'}', "
                             "waar het advies voor 'i0.yaml' staat; het advies voor 'i3.yaml' is niet geschreven, anders "
                             "gaat dat advies verloren; haal de link weg of kies een andere map voor --uitvoer\n")
    one = CliRunner().invoke(main, ["advies", str(folder / "i0.yaml"), "--formaat", "json", "--peildatum", "2026-01-01"])
    assert (out / "i3.json").read_text(encoding="utf-8") == one.stdout
