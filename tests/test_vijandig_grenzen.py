"""Bounded work on hostile input (issue 18, mechanism 4), for what cannot be a static corpus folder.

- the problem cap: a repeated wrong value is one problem, at most MAX_SHOWN are shown, best
  guesses only for those (a 2 MB facts file is generated here, not committed);
- the nesting limit of the YAML builder, and libyaml's own for 100,000 levels;
- regular files only in every folder scan (FIFOs), file names that are not UTF-8;
- the shared search budget of `regels controleer`;
- hypothesis: random bytes and random YAML trees (deep, wide, tagged) through `advies`,
  `regels controleer` and `kennisbank controleer`: exit 0 or 2, never a traceback.

Expensive cases run as real processes under the memory and CPU limits of tests/test_vijandig.py.
"""

from __future__ import annotations

import difflib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_vijandig import ESCAPE, check_refusal, limits

import samenwerkwijzer.cli as cli_module
from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.advice.plan import Origin, Place, cycle_error
from samenwerkwijzer.engine.authoring import witness
from samenwerkwijzer.engine.authoring.checker import check
from samenwerkwijzer.engine.errors import MAX_SHOWN, InputError, MoreProblems, Problem, ProblemList, best_guess, condense
from samenwerkwijzer.engine.source import yamlsource
from samenwerkwijzer.engine.source.yamlsource import MAX_DEPTH, MAX_NODES, parse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FACTS = ROOT / "voorbeelden" / "opstarten-collectief.yaml"
HANG_GUARD = 300  # seconds; only a hang (which no resource limit catches) gets near this
FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real command line under the corpus limits, stdin closed, with a guard against hangs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENWERKWIJZER_")}
    return subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", *args], cwd=cwd, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, preexec_fn=limits, timeout=HANG_GUARD)


def facts_head() -> str:
    return FACTS.read_text(encoding="utf-8").replace("afgerond: []\n", "")


def mini_folders(tmp_path: Path) -> tuple[Path, Path]:
    rules, kb = tmp_path / "regels", tmp_path / "kb"
    shutil.copytree(DATA / "regels-mini", rules)
    shutil.copytree(DATA / "kb-mini", kb)
    return rules, kb


# -- the problem cap -----------------------------------------------------------------------------

def test_a_two_megabyte_list_of_wrong_ids_is_refused_within_limits(tmp_path: Path) -> None:
    """990,000 times the same unknown id in a 2 MB file: was 4 GB, 3 minutes and 354 MB of messages."""
    head = facts_head()
    n = (1_990_000 - len(head)) // 2
    (tmp_path / "feiten.yaml").write_text(head + "afgerond: [" + "a," * n + "a]\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "feiten.yaml:", "bevat": [f"meer dan {MAX_NODES}"]}, "afgerond")


def test_a_repeated_wrong_id_is_one_problem_with_its_count(tmp_path: Path) -> None:
    n = MAX_NODES - 1000
    (tmp_path / "feiten.yaml").write_text(facts_head() + "afgerond: [" + "a," * (n - 1) + "a]\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "feiten.yaml:", "bevat": [f"(komt {n} keer voor)"]}, "afgerond")


def test_many_different_wrong_ids_show_the_first_ones_and_a_count(tmp_path: Path) -> None:
    n = MAX_NODES - 1000
    ids = [f"x{i}" for i in range(n)]
    (tmp_path / "feiten.yaml").write_text(facts_head() + "afgerond: [" + ",".join(ids) + "]\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "regels_max": MAX_SHOWN + 1, "melding": "feiten.yaml:",
                         "bevat": [f"… en nog {n - MAX_SHOWN} problemen"]}, "afgerond")


def test_a_very_long_wrong_id_is_quoted_short(tmp_path: Path) -> None:
    """An unknown id of 100,000 characters: the message quotes its start, not all of it, in the CLI
    and in the page's form check (which echoed it whole)."""
    from samenwerkwijzer.engine.server.pages.answers import with_answers

    long_id = "ops-" + "x" * 100_000
    (tmp_path / "feiten.yaml").write_text(facts_head() + f"afgerond: [{long_id}]\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "feiten.yaml:", "bevat": ["onbekende activiteit 'ops-xxxx"]},
                  "afgerond")
    assert len(proc.stderr) < 2_000 and b"x" * 100 not in proc.stderr
    _, faults = with_answers(Adviseur(), {"naam": "Lang"}, {"afgerond": [long_id]})
    [fault] = faults
    assert "onbekende activiteit 'ops-xxx" in fault.tekst and len(fault.tekst) < 1_000


def test_the_same_wrong_type_in_a_long_list_is_one_problem(tmp_path: Path) -> None:
    n = MAX_NODES - 1000
    (tmp_path / "feiten.yaml").write_text(facts_head() + "afgerond: [" + "1," * (n - 1) + "1]\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "feiten.yaml:", "bevat": [f"(komt {n} keer voor)"]}, "type")


def test_a_rules_file_full_of_mistakes_is_capped(tmp_path: Path) -> None:
    rules, kb = mini_folders(tmp_path)
    bad = ["regels:"] + [f"  - {{id: r{i}, titel: t, als: {{feit: bestaat_niet_{i}, is: true}}, "
                         "dan: [{partner: {id: wethouder, rol: r}}], bron: inleiding/fases, toelichting: t}" for i in range(3000)]
    (rules / "fout.yaml").write_text("\n".join(bad) + "\n", encoding="utf-8")
    proc = run(["regels", "controleer", "regels", "--kennisbank", "kb"], tmp_path)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 2, proc.stderr.decode()[-2000:]
    errors_shown = [line for line in out.splitlines() if ": fout:" in line]
    assert len(errors_shown) == MAX_SHOWN
    assert "… en nog" in out


def test_a_knowledge_base_file_full_of_mistakes_is_capped(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    items = "\n".join(f"  - {{id: p{i}, naam: n, soort: iets_{i}, omschrijving: o, bron: inleiding/fases}}"
                      for i in range(3000))
    (kb / "partners.yaml").write_text("partners:\n" + items + "\n", encoding="utf-8")
    proc = run(["kennisbank", "controleer", "kb"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "regels_max": MAX_SHOWN + 1, "bevat": ["… en nog"]}, "kennisbank")


def test_condense_groups_caps_and_guesses_only_what_it_shows() -> None:
    calls = []
    real = difflib.get_close_matches

    def counting(*args: Any, **kw: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kw)

    options = ["ops-kennismaken", "ops-buurtanalyse"]
    found = ProblemList()
    for n in range(500):
        found.add(Problem("onbekende activiteit 'ops-kennismakn'", path="f.yaml", line=3, field=f"afgerond[{n}]",
                          suggestion=best_guess("ops-kennismakn", options)))
    for n in range(200):
        found.add(Problem(f"onbekende activiteit 'x{n}'", path="f.yaml", line=4 + n, field=f"afgerond[{n}]",
                          suggestion=best_guess(f"x{n}", options)))
    assert len(found.problems) == 201
    with mock.patch.object(difflib, "get_close_matches", counting):  # errors imports difflib when it guesses
        shown = condense(found.problems)
    assert len(shown) == MAX_SHOWN + 1 and isinstance(shown[-1], MoreProblems)
    assert len(calls) == MAX_SHOWN  # one guess per shown problem, none for the 151 hidden ones
    assert shown[0].format() == ("f.yaml:3: fout: veld 'afgerond[0]': onbekende activiteit 'ops-kennismakn'; "
                                 "bedoelde u 'ops-kennismaken'? (komt 500 keer voor)")
    assert shown[-1].format() == f"… en nog 151 problemen (alleen de eerste {MAX_SHOWN} worden getoond)"
    exc = InputError(found.problems)
    assert exc.problems == shown and exc.format().count("\n") == MAX_SHOWN
    assert InputError(exc.problems).problems == exc.problems  # condensing twice changes nothing
    lazy = found.problems[0]
    assert pickle.loads(pickle.dumps(lazy)).format() == lazy.format()  # a guess pickles as its answer


def test_a_repeated_problem_names_a_few_other_lines() -> None:
    found = ProblemList()
    for n in range(8):
        found.add(Problem("verplicht veld ontbreekt", path="r.yaml", line=5 + 10 * n, field=f"regels[{n}].toelichting"))
    (problem,) = found.problems
    assert problem.format().endswith("(komt 8 keer voor; ook op regel 15, 25, 35, 45, 55 …)")


# -- nesting and tags ---------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 470, 999, 100_000])
def test_deep_nesting_is_refused_with_a_line(depth: int) -> None:
    with pytest.raises(InputError) as info:
        parse("naam: x\nlijst: " + "[" * depth + "]" * depth + "\n", "diep.yaml")
    (problem,) = info.value.problems
    assert problem.line == 2 and "te diep genest" in problem.message


def test_deep_nesting_is_refused_by_the_pure_python_parser_too() -> None:
    """Without libyaml PyYAML's own parser recurses per level: its RecursionError is a refusal."""
    with mock.patch.object(yamlsource, "_Loader", yaml.SafeLoader), pytest.raises(InputError) as info:
        parse("[" * 100_000 + "]" * 100_000, "diep.yaml")
    assert "te diep genest" in info.value.format()


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1  # the mapping is the first level, the lists the other 49
    doc = parse("lijst: " + "[" * depth + "]" * depth + "\n", "diep.yaml")
    assert isinstance(doc.data["lijst"], list)
    with pytest.raises(InputError):
        parse("lijst: " + "[" * (depth + 1) + "]" * (depth + 1) + "\n", "diep.yaml")


def test_a_hundred_thousand_open_brackets_as_a_process(tmp_path: Path) -> None:
    (tmp_path / "feiten.yaml").write_text("[" * 100_000 + "\n", encoding="utf-8")
    proc = run(["advies", "feiten.yaml"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "feiten.yaml:1:", "bevat": ["te diep genest"]}, "haken")


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system {x: 1}\n",
    "a: !foo {x: 1}\n",
    "a: !!python/list [1]\n",
    "a: !bar [1]\n",
    "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}]\n",
    "a: !!binary aGk=\n",
    "a: !!python/name:os.system x\n",
    "!top {a: 1}\n",
])
def test_every_explicit_tag_is_refused_with_a_line(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text, "label.yaml")
    assert any("label" in p.message and p.line == 1 for p in info.value.problems), info.value.format()


def test_plain_tags_stay_allowed() -> None:
    doc = parse("a: !!str 5\nb: !!int '7'\nc: !!map {x: 1}\nd: !!seq [1]\n", "ok.yaml")
    assert doc.data == {"a": "5", "b": 7, "c": {"x": 1}, "d": [1]}


def test_an_unclosed_flow_names_where_it_opened() -> None:
    with pytest.raises(InputError) as info:
        parse("naam: x\nlijst: {a: 1,\n  b: 2\n\nc: 3\nd: 4\n", "open.yaml")
    assert "geopend op regel 2" in info.value.format()


# -- self-loop in volgorde ------------------------------------------------------------------------

def test_the_cycle_report_survives_a_self_loop() -> None:
    graph = nx.DiGraph()
    graph.add_edge("a", "a", herkomst=[Origin("regel", "a", "a", Place("regels.yaml", 3), "r")])
    assert "a -> a" in str(cycle_error(graph))


# -- folder scans ---------------------------------------------------------------------------------

@FIFO
def test_a_fifo_in_the_rules_folder_is_refused_not_opened(tmp_path: Path) -> None:
    rules, kb = mini_folders(tmp_path)
    os.mkfifo(rules / "pijp.yaml")
    shutil.copy(FACTS, tmp_path / "feiten.yaml")
    proc = run(["advies", "feiten.yaml", "--regels", "regels", "--kennisbank", "kb"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "regels/pijp.yaml: fout: dit is geen gewoon bestand maar een pijp"},
                  "fifo regels")
    proc = run(["regels", "controleer", "regels", "--kennisbank", "kb"], tmp_path)
    assert proc.returncode == 2 and b"regels/pijp.yaml: fout: dit is geen gewoon bestand" in proc.stdout


@FIFO
def test_a_fifo_in_the_knowledge_base_is_refused(tmp_path: Path) -> None:
    _rules, kb = mini_folders(tmp_path)
    (kb / "sub").mkdir()
    os.mkfifo(kb / "sub" / "pijp.yml")
    proc = run(["kennisbank", "controleer", "kb"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "kb/sub/pijp.yml: fout: dit is geen gewoon bestand"}, "fifo kb")


@FIFO
def test_a_fifo_among_the_scenarios_is_a_broken_file_the_rest_runs(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "regels" / "scenarios", scenarios)
    os.mkfifo(scenarios / "pijp.yaml")
    proc = run(["regels", "test", "scenarios"], tmp_path)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 2, proc.stderr.decode()[-2000:]
    assert "scenarios/pijp.yaml: fout: dit is geen gewoon bestand maar een pijp (FIFO)" in out
    assert out.splitlines()[-1].endswith("0 mislukt, 1 bestand met fouten")


@FIFO
def test_the_fact_reference_skips_a_fifo(tmp_path: Path) -> None:
    from samenwerkwijzer.engine.authoring.factref import derived_declarations

    shutil.copytree(ROOT / "regels", tmp_path / "regels", ignore=shutil.ignore_patterns("scenarios"))
    os.mkfifo(tmp_path / "regels" / "pijp.yaml")
    assert {d.name for d in derived_declarations(tmp_path / "regels")} == {d.name for d in derived_declarations()}


ODD_NAME = b"\xffregels\x1b[31m.yaml"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    rules, kb = mini_folders(tmp_path)
    os.rename(rules / "regels.yaml", os.path.join(os.fsencode(rules), ODD_NAME))
    os.rename(kb / "kb.yaml", os.path.join(os.fsencode(kb), ODD_NAME))
    shutil.copy(FACTS, tmp_path / "feiten.yaml")
    for fmt in ("tekst", "json", "markdown", "html"):
        proc = run(["advies", "feiten.yaml", "--regels", "regels", "--kennisbank", "kb", "--formaat", fmt], tmp_path)
        check_refusal(proc, {"afsluitcode": 0, "regels_max": 0}, f"advies {fmt}")
    odd = os.path.join(os.fsencode(rules), ODD_NAME)
    with open(odd, "ab") as fh:
        fh.write(b"  - {id: extra, titel: t, als: {feit: bestaat_niet, is: true}, dan: [{partner: {id: wethouder, rol: r}}], "
                 b"bron: inleiding/fases, toelichting: t}\n")
    proc = run(["advies", "feiten.yaml", "--regels", "regels", "--kennisbank", "kb"], tmp_path)
    check_refusal(proc, {"afsluitcode": 2, "melding": "regels/\\xffregels\\x1b[31m.yaml:"}, "odd name")


# -- the search budget of regels controleer -------------------------------------------------------

BOOLS = ["gemeente.aanspreekpunt_met_mandaat", "gemeente.uitgangspunten_vastgelegd", "gemeente.ondersteuningsaanbod_helder",
         "gemeente.buurtanalyse_gedaan", "gemeente.wethouder_betrokken", "gemeente.raad_betrokken",
         "gemeente.afdelingen_aangehaakt", "gemeente.escalatieroute", "gemeente.evaluatiemomenten"]


def exclusive_rules(folder: Path, n: int, same: bool = False) -> None:
    """`n` small rules that derive different values under mutually exclusive conditions, each with
    27 cases: every pair is a long directed search that finds nothing (was 80 s of CPU for 40)."""
    folder.mkdir()
    lines = ["beleid:", "  formalisatie_volgorde: [geen_samenwerking]", "afgeleide_feiten:", "  - naam: uitkomst",
             "    waarden: [" + ", ".join(f"w{i}" for i in range(n)) + "]", "    omschrijving: test",
             "    bron: inleiding/fases", "regels:"]
    for i in range(n):
        lines += [f"  - id: r{i}", f"    titel: regel {i}", "    als:", "      alle:"]
        for g in range(3):
            lines.append("        - een_van:")
            lines += [f"            - {{feit: {b}, is: true}}" for b in BOOLS[g * 3:(g + 1) * 3]]
        lines += [f"        - {{feit: wijk.deelnamebereidheid, is: {i}}}", "    dan:",
                  f"      - afleiden: {{feit: uitkomst, waarde: w{0 if same else i}}}", "    bron: inleiding/fases",
                  "    toelichting: t"]
    (folder / "regels.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_regels_controleer_shares_one_budget_and_says_what_it_did_not_reach(tmp_path: Path) -> None:
    exclusive_rules(tmp_path / "regels", 40)
    first = run(["regels", "controleer", "regels"], tmp_path)
    assert first.returncode == 0, first.stdout.decode()[-2000:] + first.stderr.decode()[-2000:]
    out = first.stdout.decode("utf-8")
    assert out.count("niet volledig onderzocht") == 1, out
    assert out.splitlines()[-1].endswith("niet alle regelparen onderzocht: rekenbudget op")
    again = run(["regels", "controleer", "regels"], tmp_path)
    assert again.stdout == first.stdout  # a counted budget, not a clock: the same report every time


def test_a_small_budget_leaves_pairs_undecided_and_the_shipped_rules_fit() -> None:
    report = check()
    assert not report.searches["onbeslist"] and "niet volledig onderzocht" not in "\n".join(report.lines())
    with mock.patch.object(witness, "TOTAL_BUDGET", 50):
        report = check()
    assert report.searches["onbeslist"] == 1
    assert sum("niet volledig onderzocht" in line for line in report.lines()) == 1


def test_even_pairs_that_need_no_search_count_against_the_budget(tmp_path: Path) -> None:
    """Rules that all derive the same value need no search, but looking at every pair is still work."""
    exclusive_rules(tmp_path / "regels", 40, same=True)
    with mock.patch.object(witness, "TOTAL_BUDGET", 300):
        report = check(tmp_path / "regels")
    assert report.searches["onbeslist"] == 1
    assert sum("niet volledig onderzocht" in line for line in report.lines()) == 1


# -- hypothesis: random bytes and random YAML trees -----------------------------------------------

HYP = settings(max_examples=40, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHIPPED = Adviseur()
TAGS = ["", "", "", "!!python/object/apply:os.system ", "!foo ", "!!set ", "!!str ", "!!map ", "!!binary ", "! "]
WORDS = ["naam", "regels", "id", "als", "dan", "feit", "is", "fasen", "partners", "afgerond", "x", "ja", "1", "-", "[", "*a"]


def _tag(draw: Any) -> str:
    return draw(st.sampled_from(TAGS))


@st.composite
def trees(draw: Any, depth: int = 0) -> str:
    """A YAML document in flow style: nested lists and mappings, some tagged, some deep or wide."""
    kind = draw(st.sampled_from(["scalar", "list", "map", "deep", "wide"] if depth < 4 else ["scalar"]))
    tag = _tag(draw)
    if kind == "scalar":
        return tag + draw(st.sampled_from(WORDS + ["'quoted'", "2026-02-30", "true", "null", "3.5"]))
    if kind == "deep":
        n = draw(st.sampled_from([MAX_DEPTH - 2, MAX_DEPTH + 1, 470, 999, 1001, 5000]))
        return "[" * n + "]" * n
    if kind == "wide":
        return "[" + ", ".join(draw(st.sampled_from(WORDS)) for _ in range(draw(st.integers(100, 3000)))) + "]"
    items = draw(st.lists(trees(depth + 1), max_size=4))  # type: ignore[call-arg]
    if kind == "list":
        return tag + "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.sampled_from(WORDS[:10]), min_size=len(items), max_size=len(items)))
    return tag + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


documents = st.one_of(
    st.binary(max_size=300),
    trees().map(lambda t: t.encode("utf-8")),
    st.builds(lambda name, t: f"naam: {name}\nwarmteoplossing: collectief\nafgerond: {t}\n".encode(),
              st.sampled_from(["x", "'y'"]), trees()),
)


BAD_TAGS = [t for t in TAGS if t not in ("", "!!str ", "!!map ", "! ")]  # "!" is YAML's non-specific tag: plain


@settings(HYP, max_examples=150)
@given(trees())
def test_random_trees_are_read_or_refused_never_half_read(text: str) -> None:
    """A tag we do not read, or nesting past the limit, anywhere in the tree: refused, never ignored."""
    too_deep = any(f"{'[' * n}]" in text for n in (MAX_DEPTH + 1, 470, 999, 1001, 5000))
    try:
        parse(text, "boom.yaml")
    except InputError as exc:
        assert all(p.path == "boom.yaml" and p.line for p in exc.problems), exc.format()
        return
    assert not any(tag in text for tag in BAD_TAGS), text[:300]
    assert not too_deep


def invoke(args: list[str]) -> Any:
    with mock.patch.object(cli_module, "_adviseur", lambda regels, kennisbank, engine=None: SHIPPED):
        return CliRunner().invoke(cli_module.main, args)


def clean(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "interne fout" not in result.output, result.output[-2000:]
    assert result.exit_code in (0, 2), (result.exit_code, result.output[-2000:])
    assert not ESCAPE.search(result.output), "control character in the output"


@HYP
@given(documents)
def test_random_documents_through_advies(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("advies") / "feiten.yaml"
    path.write_bytes(data)
    clean(invoke(["advies", str(path)]))


@settings(HYP, max_examples=15)
@given(documents)
def test_random_documents_through_regels_controleer(tmp_path_factory: Any, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("regels")
    shutil.copy(DATA / "regels-mini" / "regels.yaml", folder / "regels.yaml")
    (folder / "vijandig.yaml").write_bytes(data)
    clean(invoke(["regels", "controleer", str(folder), "--kennisbank", str(DATA / "kb-mini")]))


@settings(HYP, max_examples=25)
@given(documents)
def test_random_documents_through_kennisbank_controleer(tmp_path_factory: Any, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("kb")
    shutil.copy(DATA / "kb-mini" / "kb.yaml", folder / "kb.yaml")
    (folder / "vijandig.yaml").write_bytes(data)
    clean(invoke(["kennisbank", "controleer", str(folder)]))
