"""Benchmarks for samenwerkwijzer: prints one table of figures (never asserts timings).

    python benchmarks/run.py           # the full run (about a quarter of an hour)
    python benchmarks/run.py --snel    # a short run with smaller counts (about a minute)
    python benchmarks/run.py --engine python --onderdelen machine,warm,cli,batch   # the plain-Python engine

Cold-start figures give wall time and CPU time (user + system of the child): on a shared, busy
machine the CPU time is the steadier of the two. The rule-base cache is measured cold (an empty
cache folder) and warm (an entry written by the run before).

Measures the warm consultation on the shipped rule base against the plain-Python floor, the
cold CLI against the import floor, compile time, batch throughput (one process and a process
pool), synthetic rule bases of 100, 1,000 and 10,000 rules, eight threads against the
sequential answers, memory over many consultations and over reloads of a changed rule base.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import ctypes
import datetime as dt
import gc
import importlib.metadata
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from samenwerkwijzer import Adviseur  # noqa: E402
from samenwerkwijzer.engine.logic.compile import compile_base  # noqa: E402
from samenwerkwijzer.engine.logic.conditions import keys_for  # noqa: E402
from samenwerkwijzer.engine.logic.engines import default_engine, durable_available, reasoner  # noqa: E402
from samenwerkwijzer.engine.logic.floor import FloorReasoner  # noqa: E402
from samenwerkwijzer.engine.model.facts import Initiatief, flatten  # noqa: E402
from samenwerkwijzer.engine.model.kennisbank import SHIPPED as SHIPPED_KB  # noqa: E402
from samenwerkwijzer.engine.model.kennisbank import load_kennisbank  # noqa: E402
from samenwerkwijzer.engine.model.rules import SHIPPED as SHIPPED_RULES  # noqa: E402
from samenwerkwijzer.engine.model.rules import load_rules  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "voorbeelden" / "opstarten-collectief.yaml"
DAY = dt.date(2026, 1, 1)


# -- measuring helpers --------------------------------------------------------------------------

def rss_mb() -> float:
    """Resident memory of this process in MB, after handing freed heap back to the system
    (glibc keeps freed memory otherwise). Linux /proc; elsewhere the peak from resource."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def each(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[float]:
    """The time of fn(item) for every item."""
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def med(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def p95(xs: Sequence[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def ms(x: float) -> str:
    return f"{x * 1e3:.3f} ms" if x < 0.01 else f"{x * 1e3:.1f} ms" if x < 1 else f"{x:.2f} s"


class Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.on = sys.stderr.isatty()
        self.last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.on and (now - self.last > 0.1 or self.done >= self.total):
            self.last = now
            width = 30
            filled = int(width * self.done / max(1, self.total))
            sys.stderr.write(f"\r  {self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def section(self, title: str) -> None:
        self.rows.append(("", "", ""))
        self.rows.append((f"== {title}", "", ""))
        print(f"\n== {title}", flush=True)

    def row(self, what: str, value: str, note: str = "") -> None:
        self.rows.append((what, value, note))
        print(f"  {what:<46} {value:>22}  {note}", flush=True)


def consult_keys(adviseur: Adviseur, docs: Iterable[dict[str, Any] | Initiatief]) -> list[dict[str, Any]]:
    out = []
    for doc in docs:
        flat = flatten(adviseur.to_initiatief(doc))
        out.append(keys_for(flat, adviseur.compiled.keys, adviseur.facts))
    return out


# -- sections -----------------------------------------------------------------------------------

def machine(t: Table, args: argparse.Namespace) -> None:
    t.section("Machine")
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover
        pass
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "niet geïnstalleerd"

    t.row("processor", cpu)
    t.row("cores", str(os.cpu_count()))
    t.row("load average (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in os.getloadavg()), "drukte door andere processen")
    t.row("python", platform.python_version())
    t.row("regelmachine", args.engine)
    t.row("durable-rules / pydantic", f"{version('durable-rules')} / {version('pydantic')}")
    t.row("command", "python benchmarks/run.py" + (" --snel" if args.snel else ""))


def shipped(t: Table, args: argparse.Namespace) -> Adviseur:
    t.section("Meegeleverde regelbasis: laden, compileren, warm advies")
    kb = load_kennisbank(SHIPPED_KB)
    times = timed(lambda: load_rules(SHIPPED_RULES, kb), 3)
    base = load_rules(SHIPPED_RULES, kb)
    t.row("regels laden en controleren (load_rules)", ms(med(times)), f"{len(base.rules)} regels")
    comp = timed(lambda: compile_base(base, "bench"), 5)
    t.row("compileren (compile_base)", ms(med(comp)))
    cb = compile_base(base, "bench")
    reg = []
    for _ in range(5):
        s = time.perf_counter()
        r = reasoner(cb, args.engine)
        reg.append(time.perf_counter() - s)
        r.close()
    t.row(f"regelmachine {args.engine} starten", ms(med(reg)), f"{cb.durable_rule_count()} durable-regels in {len(cb.sets)} ruleset(s)")
    before = os.environ.get("SAMENWERKWIJZER_CACHE")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["SAMENWERKWIJZER_CACHE"] = "uit"
        t.row("Adviseur() zonder cache (kennisbank+regels+compileren)", ms(med(timed(lambda: Adviseur(engine=args.engine).close(), 3))))
        os.environ["SAMENWERKWIJZER_CACHE"] = cache
        Adviseur(engine=args.engine).close()
        t.row("Adviseur() uit de cache", ms(med(timed(lambda: Adviseur(engine=args.engine).close(), 5))))
    if before is None:
        del os.environ["SAMENWERKWIJZER_CACHE"]
    else:
        os.environ["SAMENWERKWIJZER_CACHE"] = before
    a = Adviseur(engine=args.engine)

    n = 300 if args.snel else 2000
    docs = [generate.random_profile(random.Random(i), a.kb, n=i) for i in range(n)]
    example = a.lees_feiten(str(EXAMPLE))
    keys = consult_keys(a, docs)
    ex_keys = consult_keys(a, [example])[0]
    floor = FloorReasoner(a.compiled)
    mismatch = sum(set(a.reasoner.run(k, DAY).fired) != set(floor.run(k, DAY).fired) for k in keys)
    for _ in range(3):  # warm up
        a.adviseer(example, DAY)
    ex_adv = timed(lambda: a.adviseer(example, DAY), 500 if args.snel else 2000)
    size, a.memo.size = a.memo.size, 0  # the same profile again: without the memo every advice is computed whole
    ex_whole = timed(lambda: a.adviseer(example, DAY), 200 if args.snel else 1000)
    a.memo.size = size
    ex_dur = timed(lambda: a.reasoner.run(ex_keys, DAY), 500 if args.snel else 2000)
    ex_flo = timed(lambda: floor.run(ex_keys, DAY), 500 if args.snel else 2000)
    t.row("voorbeeld: advies (adviseer), mediaan / p95", f"{ms(med(ex_adv))} / {ms(p95(ex_adv))}",
          f"{EXAMPLE.name}, open vragen uit het geheugen")
    t.row("voorbeeld: advies zonder geheugen, mediaan / p95", f"{ms(med(ex_whole))} / {ms(p95(ex_whole))}",
          "alles berekend, ook de open vragen")
    t.row(f"voorbeeld: redeneren {args.engine}, mediaan / p95", f"{ms(med(ex_dur))} / {ms(p95(ex_dur))}")
    t.row("voorbeeld: redeneren vloer (Python), mediaan", ms(med(ex_flo)), f"durable/vloer = {med(ex_dur) / med(ex_flo):.2f}")
    dur = each(lambda k: a.reasoner.run(k, DAY), keys)
    flo = each(lambda k: floor.run(k, DAY), keys)
    initiatieven = [a.to_initiatief(d) for d in docs]
    adv = each(lambda i: a.adviseer(i, DAY), initiatieven)
    fired = statistics.mean(len(a.reasoner.run(k, DAY).fired) for k in keys[:200])
    t.row(f"{n} profielen: redeneren {args.engine}, mediaan / p95", f"{ms(med(dur))} / {ms(p95(dur))}",
          f"gem. {statistics.mean(len(k) for k in keys):.0f} feiten, {fired:.0f} regels af")
    t.row(f"{n} profielen: redeneren vloer, mediaan / p95", f"{ms(med(flo))} / {ms(p95(flo))}",
          f"durable/vloer = {med(dur) / med(flo):.2f}; verschillen: {mismatch}")
    t.row(f"{n} profielen: advies (adviseer), mediaan / p95", f"{ms(med(adv))} / {ms(p95(adv))}",
          "elk profiel anders: niets uit het geheugen")
    engine = a.reasoner
    a.reasoner = floor  # the same advice with the floor underneath
    # other profiles of the same kind: the same ones again would find their open questions in the memo
    others = [a.to_initiatief(generate.random_profile(random.Random(n + i), a.kb, n=n + i)) for i in range(n)]
    adv_floor = each(lambda i: a.adviseer(i, DAY), others)
    a.reasoner = engine
    t.row(f"{n} andere profielen: advies met de vloer, mediaan", ms(med(adv_floor)), f"verhouding {med(adv) / med(adv_floor):.2f}")
    return a


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one child process; stops the run if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - s
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} faalde: {proc.stderr.strip()[:300]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_command() -> list[str]:
    exe = shutil.which("samenwerkwijzer", path=str(Path(sys.executable).parent)) or shutil.which("samenwerkwijzer")
    return [exe] if exe else [sys.executable, "-m", "samenwerkwijzer.cli"]


def compile_package() -> None:
    """Write the bytecode of the package's own modules, as pip does when it installs a package.

    The libraries of the import floor have theirs from their install; without this step a
    PYTHONDONTWRITEBYTECODE in the environment (or a read-only checkout) makes every cold run
    compile the package's modules from source again, a cost no installed copy pays."""
    import compileall

    import samenwerkwijzer

    package = Path(samenwerkwijzer.__file__).resolve().parent
    compileall.compile_file(str(package / "__init__.py"), quiet=1)
    compileall.compile_file(str(package / "cli.py"), quiet=1)
    compileall.compile_dir(str(package / "engine"), quiet=1)


def cold_cli(t: Table, args: argparse.Namespace) -> None:
    t.section("Koude start van de CLI (wand / CPU)")
    compile_package()
    cli = cli_command()
    cmd = cli + ["advies", str(EXAMPLE), "--formaat", "json", "--peildatum", DAY.isoformat(), "--engine", args.engine]
    # two floors: the project's libraries (the design card's runtime set, as the issue measured it:
    # importing less than that is one of the ways down), and what this command imports now (networkx and
    # durable's Python layer no longer: the plan is plain Python, the reasoner calls durable's C extension)
    project = "durable.lang, pydantic, networkx, click" if args.engine == "durable" else "pydantic, networkx, click"
    used = ("durable_rules_engine, pydantic, click, yaml, platformdirs" if args.engine == "durable"
            else "pydantic, click, yaml, platformdirs")
    floor = [sys.executable, "-c", f"import {project}"]
    floor_used = [sys.executable, "-c", f"import {used}"]
    runs = 5 if args.snel else 15
    with tempfile.TemporaryDirectory() as tmp:
        warm_env = {**os.environ, "SAMENWERKWIJZER_CACHE": str(Path(tmp) / "warm")}
        off_env = {**os.environ, "SAMENWERKWIJZER_CACHE": "uit"}
        run_child(cmd, warm_env)  # the entry the warm runs read
        kinds: dict[str, tuple[list[str], dict[str, str] | None]] = {
            "bare": ([sys.executable, "-c", "pass"], None), "floor": (floor, None), "used": (floor_used, None),
            "help": (cli + ["--help"], None),
            "warm": (cmd, warm_env), "off": (cmd, off_env), "cold": (cmd, None)}
        out: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
        for r in range(runs):
            for name, (c, env) in kinds.items():
                if name == "cold":  # an empty cache folder: reads the YAML and writes the entry
                    env = {**os.environ, "SAMENWERKWIJZER_CACHE": str(Path(tmp) / f"koud{r}")}
                out[name].append(run_child(c, env))

    def both(name: str) -> tuple[float, float]:
        return med([w for w, _ in out[name]]), med([c for _, c in out[name]])

    def row(what: str, name: str, note: str = "") -> None:
        wall, cpu = both(name)
        t.row(what, f"{ms(wall)} / {ms(cpu)}", note)

    fw, fc = both("floor")
    uw, uc = both("used")
    row("python -c pass", "bare")
    row(f"importvloer ({project})", "floor")
    row(f"wat de opdracht importeert ({used})", "used")
    row("samenwerkwijzer --help", "help", "doel ≤ 150 ms")
    for name, what in (("warm", "advies … --formaat json, cache gevuld"), ("cold", "advies … --formaat json, cache leeg"),
                       ("off", "advies … --formaat json, cache uit")):
        wall, cpu = both(name)
        t.row(what, f"{ms(wall)} / {ms(cpu)}", f"tot de vloer {wall / fw:.2f} / {cpu / fc:.2f} (doel ≤ 1,3); "
                                              f"tot wat ze importeert {wall / uw:.2f} / {cpu / uc:.2f}")


def _worker_init(engine: str) -> None:
    global _ADVISEUR
    _ADVISEUR = Adviseur(engine=engine)


def _worker(docs: list[dict[str, Any]]) -> list[int]:
    return [len(_ADVISEUR.adviseer(d, DAY).model_dump_json()) for d in docs]


def batch(t: Table, args: argparse.Namespace, a: Adviseur) -> None:
    n = 1000 if args.snel else 10_000
    t.section(f"Batch: {n} gegenereerde profielen (advies + JSON)")
    docs = generate.profiles(n, a.kb, seed=11)
    bar = Progress(n, "één proces")
    s = time.perf_counter()
    seq = []
    for d in docs:
        seq.append(len(a.adviseer(d, DAY).model_dump_json()))
        bar.step()
    one = time.perf_counter() - s
    bar.close()
    t.row("één proces", f"{n / one:,.0f} /s", f"{ms(one)} in totaal")
    workers = os.cpu_count() or 1
    chunks = [docs[i:i + 50] for i in range(0, n, 50)]
    with cf.ProcessPoolExecutor(workers, initializer=_worker_init, initargs=(args.engine,)) as pool:
        list(pool.map(_worker, [docs[:1]] * workers))  # every worker has loaded its Adviseur
        bar = Progress(n, f"{workers} processen")
        s = time.perf_counter()
        par: list[int] = []
        for res in pool.map(_worker, chunks):
            par.extend(res)
            bar.step(len(res))
        many = time.perf_counter() - s
        bar.close()
    t.row(f"procespool over {workers} kernen", f"{n / many:,.0f} /s",
          f"{ms(many)}; zelfde uitvoer als één proces: {'ja' if par == seq else 'NEE'}")
    t.row("per kern (één proces / pool)", f"{n / one:,.0f} / {n / many / workers:,.0f} /s", "doel ≥ 2.000 per kern")
    cli_batch(t, args, docs)


def cli_batch(t: Table, args: argparse.Namespace, docs: list[dict[str, Any]]) -> None:
    """The batch commands end to end, start-up included: `advies MAP --uitvoer MAP` and `overzicht MAP`."""
    n, workers = len(docs), os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "feiten"
        folder.mkdir()
        for i, doc in enumerate(docs):
            (folder / f"initiatief-{i:05}.yaml").write_text(generate.dump(doc), encoding="utf-8")
        cli = cli_command()
        for label, cmd in ((f"advies MAP --uitvoer MAP (json, {workers} processen)",
                            ["advies", str(folder), "--uitvoer", str(Path(tmp) / "uit"), "--formaat", "json"]),
                           (f"overzicht MAP ({workers} processen)", ["overzicht", str(folder)]),
                           ("overzicht MAP (1 proces)", ["overzicht", str(folder), "--processen", "1"])):
            wall, cpu = run_child(cli + cmd + ["--peildatum", DAY.isoformat(), "--engine", args.engine])
            t.row(label, f"{n / wall:,.0f} /s", f"{ms(wall)} voor {n} bestanden, opstarten inbegrepen")


def scaling(t: Table, args: argparse.Namespace) -> None:
    from samenwerkwijzer.engine.logic.infer import Reasoner as reasoner_of  # durable against the floor

    sizes = (100, 1000) if args.snel else (100, 1000, 10_000)
    t.section("Schaal: synthetische regelbases (geldige YAML, geladen met load_rules)")
    kb = load_kennisbank(SHIPPED_KB)
    docs = generate.profiles(40 if args.snel else 100, kb, seed=5)
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = generate.write_rule_base(Path(tmp) / "regels", size, kb)
            gc.collect()
            before = rss_mb()
            s = time.perf_counter()
            base = load_rules(folder, kb)
            load = time.perf_counter() - s
            s = time.perf_counter()
            cb = compile_base(base, f"schaal{size}")
            comp = time.perf_counter() - s
            s = time.perf_counter()
            reasoner = reasoner_of(cb)
            reg = time.perf_counter() - s
            facts = base.facts()
            keys = [keys_for(flatten(Initiatief.model_validate(d)), cb.keys, facts) for d in docs]
            reasoner.run(keys[0], DAY)
            floor = FloorReasoner(cb)
            dur = each(partial(reasoner.run, day=DAY), keys)
            flo = each(partial(floor.run, day=DAY), keys)
            fired = statistics.mean(len(reasoner.run(k, DAY).fired) for k in keys[:20])
            same = all(set(reasoner.run(k, DAY).fired) == set(floor.run(k, DAY).fired) for k in keys[:20])
            grown = rss_mb() - before
            reasoner.close()
            t.row(f"{size:>6} regels: laden / compileren / in durable", f"{ms(load)} / {ms(comp)} / {ms(reg)}",
                  f"{cb.durable_rule_count()} durable-regels, {len(cb.sets)} rulesets, +{grown:.0f} MB")
            t.row(f"{size:>6} regels: redeneren durable, mediaan / p95", f"{ms(med(dur))} / {ms(p95(dur))}",
                  f"{fired:.0f} regels af; vloer {ms(med(flo))}; gelijk: {'ja' if same else 'NEE'}")


def threads(t: Table, args: argparse.Namespace, a: Adviseur) -> None:
    per = 100 if args.snel else 1000
    t.section(f"Drukte: 8 threads × {per} adviezen tegen één Adviseur")
    docs = generate.profiles(per, a.kb, seed=3)
    initiatieven = [a.to_initiatief(d) for d in docs]
    s = time.perf_counter()
    expected = [a.adviseer(i, DAY).model_dump_json() for i in initiatieven]
    seq = time.perf_counter() - s
    results: list[list[str]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            got = [""] * per
            for j in range(per):  # each thread walks the profiles from its own starting point
                idx = (j + n * 37) % per
                got[idx] = a.adviseer(initiatieven[idx], DAY).model_dump_json()
            results[n] = got
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    s = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    par = time.perf_counter() - s
    same = not errors and all(r == expected for r in results)
    t.row(f"8 × {per} adviezen in threads", ms(par), f"sequentieel 1 × {per}: {ms(seq)}")
    t.row("alle antwoorden gelijk aan sequentieel", "ja" if same else f"NEE ({errors[:1]})")


def memory(t: Table, args: argparse.Namespace, a: Adviseur) -> None:
    n = 10_000 if args.snel else 100_000
    t.section(f"Geheugen: {n} adviezen in één proces, en herladen")
    docs = generate.profiles(500, a.kb, seed=9)
    initiatieven = [a.to_initiatief(d) for d in docs]
    for i in initiatieven:  # warm every path once
        a.adviseer(i, DAY)
    gc.collect()
    start = rss_mb()
    marks = []
    bar = Progress(n, "adviezen")
    for k in range(n):
        a.adviseer(initiatieven[k % len(initiatieven)], DAY)
        bar.step()
        if (k + 1) % (n // 5) == 0:
            gc.collect()
            marks.append(rss_mb() - start)
    bar.close()
    t.row(f"RSS-groei over {n} adviezen", f"{marks[-1]:+.1f} MB",
          "na elk vijfde: " + ", ".join(f"{m:+.1f}" for m in marks))
    t.row("feiten achtergebleven in de sessies", str(len(a.reasoner.leftover_facts())))
    reloads = 10 if args.snel else 50
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "regels"
        shutil.copytree(SHIPPED_RULES, folder, ignore=shutil.ignore_patterns("scenarios", "tests"))
        extra = folder / "zz-herladen.yaml"

        def reload(r: int, close: bool, keep: bool = False) -> float:
            # a changed rule base each time: one extra rule with its own id
            extra.write_text(_reload_rule(r, a), encoding="utf-8")
            adv = Adviseur(regels=folder)
            adv.adviseer(initiatieven[r % len(initiatieven)], DAY)
            held = rss_mb()
            if close:
                adv.close()
            if keep:  # for comparison only: what a reload would cost if nothing were freed
                adv.reasoner._finalizer.detach()
            del adv
            gc.collect()
            return held

        for r in range(5):  # Python's own caches settle in the first few loads
            reload(r, True)
        gc.collect()
        start = rss_mb()
        for r in range(reloads):
            reload(100 + r, True)
        t.row(f"RSS-groei over {reloads}× herladen, met close()", f"{rss_mb() - start:+.1f} MB")
        start = rss_mb()
        for r in range(reloads):
            reload(200 + r, False)  # no close(): the finaliser frees the rulesets
        t.row(f"RSS-groei over {reloads}× herladen, zonder close()", f"{rss_mb() - start:+.1f} MB", "vrijgegeven door de finaliser")
        start = rss_mb()
        for r in range(3):
            reload(300 + r, False, keep=True)
        t.row("ter vergelijking: 3× herladen zonder vrijgeven", f"{rss_mb() - start:+.1f} MB",
              f"{(rss_mb() - start) / 3:.1f} MB per regelbasis in durable")


def _reload_rule(n: int, a: Adviseur) -> str:
    tip, bron = sorted(a.kb.tips)[0], sorted(a.kb.bronnen)[0]
    return (
        "regels:\n"
        f"  - id: herladen-{n}\n"
        f"    titel: Tijdelijke regel {n}\n"
        "    als: {feit: warmteoplossing, is: collectief}\n"
        "    dan:\n"
        f"      - tip: {{id: {tip}}}\n"
        f"    bron: {bron}\n"
        "    toelichting: Alleen voor de meting van het herladen.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snel", action="store_true", help="korte run met kleinere aantallen")
    parser.add_argument("--onderdelen", default="machine,warm,cli,batch,schaal,threads,geheugen",
                        help="komma-gescheiden deel van: machine,warm,cli,batch,schaal,threads,geheugen")
    parser.add_argument("--engine", choices=["durable", "python"], default=default_engine(),
                        help="regelmachine (standaard: durable waar die werkt)")
    args = parser.parse_args(argv)
    parts = set(args.onderdelen.split(","))
    if args.engine == "durable" and not durable_available():
        parser.error("durable-rules is hier niet geïnstalleerd; kies --engine python")
    if not durable_available():
        parts -= {"schaal", "geheugen"}  # these look inside durable
    t = Table()
    started = time.perf_counter()
    if "machine" in parts:
        machine(t, args)
    a = shipped(t, args) if "warm" in parts else Adviseur(engine=args.engine)
    if "cli" in parts:
        cold_cli(t, args)
    if "batch" in parts:
        batch(t, args, a)
    if "threads" in parts:
        threads(t, args, a)
    if "geheugen" in parts:
        memory(t, args, a)
    if "schaal" in parts:
        scaling(t, args)
    print(f"\nklaar in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
