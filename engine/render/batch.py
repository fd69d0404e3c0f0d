"""Many facts files at once: `advies MAP --uitvoer MAP` and `overzicht MAP`.

The facts files of a folder (*.yaml, *.yml, *.json, sorted by name) are spread over a process pool;
each worker builds its `Adviseur` once (from the rule-base cache) and handles one file at a time. A
file that is refused becomes one outcome with its error; the others go on. Outcomes come back in
the order of the files, so the output is the same whatever the number of processes. The workers
make the advice files' texts; this process writes them, `GROUP` files at a time with one flush of
the folder per group (writefile.write_group), each file still all or nothing.

Ctrl-C stops a batch within a moment: the workers ignore it and finish the file in hand, the files
not yet started are cancelled, what is made so far is written, and `run` raises `Interrupted` with
those outcomes (the command line says how many advices were written and exits with 130).

An advice file never replaces an input: the identity (device, inode) of every facts, rules and
knowledge-base file is known to every worker, and a target with one of those is refused. Two facts
files never write the same advice file: `a.yaml` and `a.json` both give `a.json` by their stem, so
files whose stems clash are named by their whole name (`a.yaml.json`, `a.json.json`).
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import sigint
from ..advice.api import Adviseur
from ..advice.overview import OverviewRow, overview_row
from ..errors import InputError, Problem, SamenwerkwijzerError
from ..source.folderscan import not_regular, scan
from .formats import render
from .writefile import write_group

FACTS_SUFFIXES = (".yaml", ".yml", ".json")
SUFFIX = {"tekst": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}


@dataclass(frozen=True)
class Job:
    """What every worker needs, sent to it once."""

    regels: str | None
    kennisbank: str | None
    engine: str
    day: dt.date
    formaat: str = "json"
    uitvoer: str | None = None                              # the output folder of `advies MAP`
    inputs: frozenset[tuple[int, int]] = frozenset()        # (device, inode) of every input file
    voor: str = "gemeente"                                  # the audience of the human formats
    verantwoording: bool = False                            # rule ids, facts and sources under the advice
    names: Mapping[str, str] = field(default_factory=dict)  # source -> the file name of its advice (see `output_names`)


@dataclass(frozen=True)
class Outcome:
    source: str
    row: OverviewRow | None = None
    written: str | None = None
    error: SamenwerkwijzerError | None = None
    pending: tuple[str, bytes] | None = None  # (file, text) still to be written by `run`


Task = Callable[[Adviseur, Job, str], Outcome]


class Interrupted(Exception):
    """Ctrl-C during `run`: `done` holds the outcomes made before it (their files written), in file order."""

    def __init__(self, done: list[Outcome]):
        super().__init__(f"onderbroken na {len(done)} bestanden")
        self.done = done


def facts_files(folder: str) -> tuple[list[str], list[Outcome]]:
    """The facts files in `folder`, and an outcome with an error for each entry that is no regular file."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError([Problem("map niet gevonden" if not path.exists() else "is geen map", path=folder)])
    files, refused = scan(path, suffixes=FACTS_SUFFIXES)
    outcomes = [Outcome(str(p.path), error=InputError([p])) for p in refused]
    if not files and not refused:
        raise InputError([Problem("geen feitenbestanden (.yaml, .yml of .json) in deze map", path=folder)])
    return [str(f) for f in files], outcomes


def identities(paths: Iterable[str]) -> frozenset[tuple[int, int]]:
    out = set()
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        out.add((st.st_dev, st.st_ino))
    return frozenset(out)


def output_names(sources: Sequence[str], formaat: str) -> tuple[dict[str, str], list[Outcome]]:
    """The file name of each source's advice, and an outcome with an error for each source that
    would still write over another's advice. A name is the source's stem with the format's
    extension; where stems clash (`a.yaml`, `a.json`), the whole name (`a.yaml.json`). Names are
    compared without case, as folders on Windows and macOS do."""
    suffix = SUFFIX[formaat]
    by_stem = {s: Path(s).stem + suffix for s in sources}
    clash = Counter(n.casefold() for n in by_stem.values())
    names = {s: n if clash[n.casefold()] == 1 else Path(s).name + suffix for s, n in by_stem.items()}
    taken: dict[str, str] = {}
    refused: list[Outcome] = []
    for source in sources:  # in file order: the first keeps its name
        other = taken.setdefault(names[source].casefold(), source)
        if other != source:
            refused.append(Outcome(source, error=InputError([Problem(
                f"het advies zou hetzelfde bestand worden als dat voor '{Path(other).name}' ({names[source]}); "
                "het is niet geschreven; geef een van beide bestanden een andere naam", path=source)])))
    gone = {o.source for o in refused}
    return {s: n for s, n in names.items() if s not in gone}, refused


def target(job: Job, source: str) -> str:
    assert job.uitvoer is not None
    name = job.names.get(source) or Path(source).stem + SUFFIX[job.formaat]
    return str(Path(job.uitvoer) / name)


def advise_file(adviseur: Adviseur, job: Job, source: str) -> Outcome:
    """Advise one facts file and write the advice into the output folder."""
    try:
        out = target(job, source)
        if identities([out]) & job.inputs:
            raise InputError([Problem(f"de uitvoer is hetzelfde bestand als een invoer; het advies voor '{source}' "
                                      "is niet geschreven, anders gaat de invoer verloren; kies een andere map voor "
                                      "--uitvoer", path=out)])
        odd = _special(out)  # writing would wait for a reader without end (a FIFO), or feed a device
        if odd:
            raise InputError([Problem(f"hier staat geen gewoon bestand maar een {odd}; het advies voor '{source}' is "
                                      "niet geschreven; haal het weg of kies een andere map voor --uitvoer", path=out)])
        consult = adviseur.raadpleeg(adviseur.lees_feiten(source), job.day)
        text = render(consult, job.formaat, job.voor, job.verantwoording)  # type: ignore[arg-type]
        return Outcome(source, pending=(out, text.encode("utf-8")))
    except SamenwerkwijzerError as exc:
        return Outcome(source, error=exc)


def _special(path: str) -> str | None:
    """What is at `path` (through links) when it is neither a regular file nor a folder: 'pijp (FIFO)', …"""
    try:
        return not_regular(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def overview_file(adviseur: Adviseur, job: Job, source: str) -> Outcome:
    """One row of the overview for one facts file."""
    try:
        initiatief = adviseur.lees_feiten(source)
        advies = adviseur.raadpleeg(initiatief, job.day, open_vragen=False).advice  # the overview shows none
        return Outcome(source, row=overview_row(Path(source).name, initiatief, advies))
    except SamenwerkwijzerError as exc:
        return Outcome(source, error=exc)


_worker: tuple[Adviseur, Job] | None = None  # the worker process's own Adviseur (one per process)
_stop: Any = None  # set by the parent on Ctrl-C: the files still in a worker's hands are skipped


def _start_worker(job: Job, stop: Any) -> None:
    global _worker, _stop
    # Ctrl-C on a terminal reaches the whole process group: a worker would abandon the file in hand
    # and take the next. The parent stops the batch (`run`) and tells the workers through `stop`.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by `run` while the workers start
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker, _stop = (Adviseur(regels=job.regels, kennisbank=job.kennisbank, engine=job.engine), job), stop


def _in_worker(task: Task, source: str) -> Outcome | None:
    assert _worker is not None
    if _stop is not None and _stop.is_set():  # the batch was stopped: nobody reads this outcome
        return None
    return task(_worker[0], _worker[1], source)


def run(adviseur: Adviseur, job: Job, task: Task, sources: Sequence[str], processes: int,
        step: Callable[[int], None] = lambda n: None) -> list[Outcome]:
    """`task` for every source, in the order of `sources`; `step(1)` after each. One process uses
    `adviseur`; more start a pool whose workers build their own. What a task leaves to be written
    is written here, `GROUP` files at a time."""
    results: list[Outcome] = []
    waiting: list[int] = []  # indexes in `results` of outcomes whose file is still to be written
    written: dict[str, tuple[str, str]] = {}  # the file each advice went to (links followed): its source, its path
    stopped = False

    def take(outcome: Outcome) -> None:
        if outcome.pending is not None:
            waiting.append(len(results))
        results.append(outcome)
        if len(waiting) >= GROUP:
            _write(results, waiting, written)
        step(1)

    try:
        if processes <= 1 or len(sources) <= 1:
            for source in sources:
                take(task(adviseur, job, source))
        else:
            workers = min(processes, len(sources))
            chunk = max(1, min(64, len(sources) // (workers * 8)))
            context = multiprocessing.get_context()
            stop = context.Event()
            with cf.ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(job, stop)) as pool:
                try:
                    for outcome in _mapped(pool, task, sources, chunk):
                        assert outcome is not None  # only None after `stop`
                        take(outcome)
                except KeyboardInterrupt:
                    # leaving the block waits for every file handed out: the workers skip the rest of
                    # their share, and the files not yet handed out are cancelled
                    stop.set()
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    except KeyboardInterrupt:
        stopped = True
    finally:  # what was made is written, also after Ctrl-C or an error
        _write(results, waiting, written)
    if stopped:
        raise Interrupted(results)
    return results


def _mapped(pool: cf.ProcessPoolExecutor, task: Task, sources: Sequence[str], chunk: int) -> Iterable[Outcome | None]:
    """`pool.map` of `task` over `sources`, with Ctrl-C held back while the workers start: a worker
    forked in that moment would get it before it ignores it, and end with a traceback. Held back,
    it comes right after, in `run`."""
    with sigint.held():
        return pool.map(_in_worker, [task] * len(sources), sources, chunksize=chunk)


GROUP = 64  # advice files written with one flush of their folder


def _write(results: list[Outcome], waiting: list[int], written: dict[str, tuple[str, str]]) -> None:
    """Write the files of the outcomes at `waiting` in one group; each becomes 'written' or its error.

    An advice whose file (through a symbolic link in the output folder) is one an earlier advice of
    this batch went to is refused: it would replace that advice, and both would be reported written."""
    if not waiting:
        return
    going: list[int] = []
    for i in waiting:
        pending = results[i].pending
        if pending is None:
            continue
        source = results[i].source
        first, via = written.setdefault(os.path.realpath(pending[0]), (source, pending[0]))
        if first != source:
            results[i] = Outcome(source, error=InputError([Problem(
                f"via een link is dit hetzelfde bestand als '{via}', waar het advies voor '{Path(first).name}' staat; "
                f"het advies voor '{Path(source).name}' is niet geschreven, anders gaat dat advies verloren; haal de "
                "link weg of kies een andere map voor --uitvoer", path=pending[0])]))
            continue
        going.append(i)
    files = [pending for i in going if (pending := results[i].pending) is not None]
    for i, (path, _text), problem in zip(going, files, write_group(files), strict=True):
        source = results[i].source
        results[i] = Outcome(source, written=path) if problem is None else Outcome(source, error=problem)
    waiting.clear()
