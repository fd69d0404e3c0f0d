"""Issue 18, mechanism 1: user text reaches a terminal, a memo or a report only through engine/terminal.py.

Reproductions of the injection findings (OSC window title, CSI clear screen, OSC 52 clipboard, a
`bron` with a line break forging "regels in orde", Markdown lists and code blocks started by a
name), the municipality's name that no output showed, and a hypothesis test that puts random
control characters and markup into every user string of a facts file, a rule file, a scenario
and a knowledge base and runs every command in every output format.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine import terminal
from samenwerkwijzer.engine.render.text import md

from .test_vijandig import run_cli

DATA = Path(__file__).parent / "data"
RULES = yaml.safe_load((DATA / "regels-mini" / "regels.yaml").read_text(encoding="utf-8"))
KB = yaml.safe_load((DATA / "kb-mini" / "kb.yaml").read_text(encoding="utf-8"))
DAY = ["--peildatum", "2026-01-01"]
# what a terminal obeys instead of shows: C0 but LF and TAB, DEL, C1, line/paragraph separators, bidi controls
ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MARK = "VERVALST"


# -- a workspace with the user's strings in every place ----------------------------------------

FREE = {"titel", "omschrijving", "toelichting", "rol", "maatregel", "maatregelen", "inhoud"}  # free text, not ids


def fill(node: Any, texts: Iterator[str], keys: set[str]) -> None:
    """Put the next text into every free-text field (and every item of a free-text list) of a YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                node[key] = next(texts)
            elif key in keys and isinstance(value, list) and all(isinstance(v, str) for v in value):
                node[key] = [next(texts) for _ in value]
            else:
                fill(value, texts, keys)
    elif isinstance(node, list):
        for value in node:
            fill(value, texts, keys)


def workspace(root: Path, texts: list[str], bron: str | None = None) -> Path:
    """facts, rules (with a scenario folder) and a knowledge base whose free texts are `texts`, in turn."""
    it = itertools.cycle(texts)
    rules = copy.deepcopy(RULES)
    fill(rules, it, FREE)
    if bron is not None:
        rules["regels"][0]["bron"] = bron
    kb = copy.deepcopy(KB)
    fill(kb, it, FREE | {"naam"})  # a partner's name; in a rule file `naam` is an id
    facts = {"naam": texts[0], "warmteoplossing": "collectief", "gemeente": {"naam": texts[-1], "capaciteit": "beperkt"},
             "partners_betrokken": ["wethouder"]}
    scenario = {"scenarios": [{"naam": texts[0], "feiten": {"naam": texts[-1]}, "verwacht": {"fase": "beheren"}}]}
    for rel, data in (("feiten.yaml", facts), ("regels/regels.yaml", rules), ("kb/kb.yaml", kb),
                      ("regels/scenarios/s.yaml", scenario)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


COMMON = ["--regels", "regels", "--kennisbank", "kb"]
COMMANDS: dict[str, tuple[list[str], int]] = {
    "advies-tekst": (["advies", "feiten.yaml", *COMMON, *DAY], 0),
    "advies-markdown": (["advies", "feiten.yaml", "--formaat", "markdown", *COMMON, *DAY], 0),
    "advies-json": (["advies", "feiten.yaml", "--formaat", "json", *COMMON, *DAY], 0),
    "advies-html": (["advies", "feiten.yaml", "--formaat", "html", *COMMON, *DAY], 0),
    "plan-mermaid": (["plan", "feiten.yaml", *COMMON, *DAY], 0),
    "plan-dot": (["plan", "feiten.yaml", "--formaat", "dot", *COMMON, *DAY], 0),
    "plan-json": (["plan", "feiten.yaml", "--formaat", "json", *COMMON, *DAY], 0),
    "uitleg-regel": (["uitleg", "feiten.yaml", "kennismaken", *COMMON, *DAY], 0),
    "uitleg-activiteit": (["uitleg", "feiten.yaml", "ops-ambitie", *COMMON, *DAY], 0),
    "uitleg-json": (["uitleg", "feiten.yaml", "kennismaken", "--formaat", "json", *COMMON, *DAY], 0),
    "kennisbank": (["kennisbank", "--kennisbank", "kb"], 0),
    "kennisbank-json": (["kennisbank", "--formaat", "json", "--kennisbank", "kb"], 0),
    "regels-controleer": (["regels", "controleer", "regels", "--kennisbank", "kb", *DAY], 0),
    "regels-test": (["regels", "test", *COMMON], 1),  # the scenario expects another phase on purpose
}


def invoke(root: Path, args: list[str]) -> tuple[int, str, str]:
    """One command in-process, in `root`; color=True, so click strips nothing and the test sees what a terminal gets."""
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, args, color=True, catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: {type(result.exception).__name__}: {result.exception}") from result.exception
    return result.exit_code, result.stdout, result.stderr


# -- structure of the outputs ------------------------------------------------------------------

def md_kinds(text: str) -> list[str]:
    """What every line of a markdown text is: blank, heading level, list item, table row, quote, fence, paragraph."""
    kinds = []
    for raw in text.split("\n"):
        s = raw.lstrip(" ")
        indent = len(raw) - len(s)
        if not s:
            kinds.append("leeg")
        elif indent >= 4:
            kinds.append("code")
        elif m := re.match(r"#{1,6}(?= |$)", s):
            kinds.append(f"h{len(m.group())}")
        elif s.startswith(("```", "~~~")):
            kinds.append("fence")
        elif re.match(r"([-+*]|\d{1,9}[.)])( |$)", s):
            kinds.append("lijst")
        elif s.startswith("|"):
            kinds.append("tabel")
        elif s.startswith(">"):
            kinds.append("citaat")
        elif re.fullmatch(r"(=+|-+|\*+|_+)\s*", s):
            kinds.append("lijn")
        elif s.startswith("<"):
            kinds.append("html")
        else:
            kinds.append("tekst")
    return kinds


def md_inline(text: str) -> dict[str, int]:
    """Unescaped inline markup: code spans, HTML tags, links, entities."""
    bare = re.sub(r"\\.", "", text)
    return {"code": bare.count("`"), "html": len(re.findall(r"<[A-Za-z/!?]", bare)),
            "link": bare.count("]("), "entiteit": len(re.findall(r"&#?\w+;", bare))}


class Tags(HTMLParser):
    """The tag sequence of a document; the picture's text lines left out (their number follows the length of a title)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seq: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("text", "tspan"):
            return
        self.seq.append(f"<{tag} {' '.join(sorted(k for k, _ in attrs))}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("text", "tspan"):
            return
        self.seq.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.seq.append("<!-- -->")


def html_tags(text: str) -> list[str]:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser.seq


def mermaid_shape(text: str) -> list[str]:
    """Each Mermaid line with its quoted labels blanked: the statements, not the words."""
    return [re.sub(r'"[^"\n]*"', '""', ln) for ln in text.split("\n")]


def dot_shape(text: str) -> list[str]:
    return [re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', ln) for ln in text.split("\n")]


# -- reproductions -----------------------------------------------------------------------------

def test_osc_title_and_osc52_in_advice_text_are_shown_not_obeyed(tmp_path: Path):
    texts = ["Buurt\x1b]0;GEHACKT\x07", "Uitleg\x1b]52;c;cm0gLXJmIH4K\x07"]
    code, out, err = invoke(workspace(tmp_path / "w", texts), COMMANDS["advies-tekst"][0])
    assert code == 0, err
    assert not ESCAPE.search(out + err)
    assert "Advies voor Buurt\\u001b]0;GEHACKT\\u0007" in out  # shown, nothing lost
    assert "\\u001b]52;c;cm0gLXJmIH4K\\u0007" in out


def test_csi_clear_screen_in_uitleg_kennisbank_and_regels_test(tmp_path: Path):
    texts = ["Titel\x1b[2J\x1b[H", "Tekst\x9b2J\u202e"]
    root = workspace(tmp_path / "w", texts)
    for name in ("uitleg-regel", "kennisbank", "regels-test", "regels-controleer"):
        args, expected = COMMANDS[name]
        code, out, err = invoke(root, args)
        assert code == expected, (name, out, err)
        assert not ESCAPE.search(out + err), (name, out)
        if name != "regels-controleer":  # names no title when all is well
            assert "\\u001b[2J" in out or "\\u009b2J" in out, (name, out)


def test_bron_with_a_line_break_cannot_forge_the_summary(tmp_path: Path):
    root = workspace(tmp_path / "w", ["Naam", "Tekst"], bron="inleiding/fases\nregels in orde: 0 fouten, 0 waarschuwingen")
    proc = run_cli(["regels", "controleer", "regels", "--kennisbank", "kb", *DAY], root)
    lines = proc.stdout.decode("utf-8").splitlines()
    assert proc.returncode == 2, lines
    assert [ln for ln in lines if ln.startswith("regels ")] == [lines[-1]], lines
    assert lines[-1].startswith("regels NIET in orde: 1 fout"), lines
    assert any("onbekende bron 'inleiding/fases\\u000aregels in orde" in ln for ln in lines), lines


def test_scenario_name_cannot_forge_the_test_summary(tmp_path: Path):
    root = workspace(tmp_path / "w", ["Startend\n0 geslaagd, 0 mislukt", "Buurt"])
    code, out, _ = invoke(root, COMMANDS["regels-test"][0])
    assert code == 1
    assert [ln for ln in out.splitlines() if re.match(r"\d+ geslaagd", ln)] == ["0 geslaagd, 1 mislukt"], out


def test_markdown_name_starts_no_list_code_block_or_entity(tmp_path: Path):
    clean = invoke(workspace(tmp_path / "schoon", ["Naam", "Tekst"]), COMMANDS["advies-markdown"][0])[1]
    name = "Buurt\r- lijst\r```\u2028# kop\x85    code\n1. een &amp; <b>vet</b> [x](javascript:y)"
    code, out, _ = invoke(workspace(tmp_path / "w", [name, "Tekst"]), COMMANDS["advies-markdown"][0])
    assert code == 0
    assert md_kinds(out) == md_kinds(clean)
    assert md_inline(out) == md_inline(clean)
    assert "\\&amp;" in out and "\r" not in out


@pytest.mark.parametrize("value,expected", [
    ("a\rb", "a b"), ("a\u2028b\u2029c\x85d", "a b c d"), ("A & B", "A \\& B"), ("- x", "\\- x"),
    ("+ x", "\\+ x"), ("12. x", "12\\. x"), ("3) x", "3\\) x"), ("=== x", "\\=== x"), ("~~~", "\\~\\~\\~"),
    ("![i](u)", "\\!\\[i\\](u)"), ("a\x1bb", "a\\u001bb"), ("x\\y", "x\\\\y"),
])
def test_md_escapes_every_line_start_and_inline_construct(value: str, expected: str):
    assert md(value) == expected


def test_municipality_name_shows_in_every_advice_format(tmp_path: Path):
    root = workspace(tmp_path / "w", ["Buurtwarmte", "Tekst", "Gemeente Zonnedal"])
    outs = {f: invoke(root, COMMANDS[f"advies-{f}"][0]) for f in ("tekst", "markdown", "json", "html")}
    assert all(code == 0 for code, _, _ in outs.values())
    assert "Gemeente: Gemeente Zonnedal" in outs["tekst"][1]
    assert "\nGemeente: Gemeente Zonnedal\n" in outs["markdown"][1]
    assert json.loads(outs["json"][1])["gemeente"] == "Gemeente Zonnedal"
    assert '<p class="sub">Gemeente: <bdi>Gemeente Zonnedal</bdi></p>' in outs["html"][1]
    root2 = tmp_path / "zonder"
    shutil.copytree(root, root2)
    (root2 / "feiten.yaml").write_text("naam: Buurtwarmte\n", encoding="utf-8")
    code, out, _ = invoke(root2, COMMANDS["advies-tekst"][0])
    assert code == 0 and "Gemeente:" not in out


def test_json_keeps_the_exact_text_while_showing_no_control_character(tmp_path: Path):
    name = "Buurt\x1b]0;x\x07\u2028\x85\x9b\u202e\n\"'"
    for cmd in ("advies-json", "plan-json"):
        code, out, _ = invoke(workspace(tmp_path / cmd, [name, "Tekst"]), COMMANDS[cmd][0])
        assert code == 0 and not ESCAPE.search(out)
        assert json.loads(out)["naam"] == name


def test_terminal_functions():
    assert terminal.line("a\nb\x1b\u2028\udcff") == "a\\u000ab\\u001b\\u2028\\udcff"
    assert terminal.prose("a\r\n\tb\x1b") == "a b\\u001b"
    assert terminal.block("a\nb\tc\x9b") == "a\nb\\u0009c\\u009b"
    assert terminal.block(terminal.block("\x1b")) == "\\u001b"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40)
       | st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=40))
def test_block_shows_the_same_characters_with_and_without_its_latin1_shortcut(text: str) -> None:
    """`block` skips the regex for clean Latin-1 text; whatever the text, it gives what the regex alone gives."""
    assert terminal.block(text) == terminal._BLOCK.sub(lambda m: terminal.shown(m.group()), text)
    assert terminal._clean_latin1(text) == (all(ord(c) < 256 for c in text) and not terminal._BLOCK.search(text))


# -- every command, every format, random control characters and markup -------------------------

PIECES = ["\x1b]0;titel\x07", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\x85", "\u2028", "\u2029", "\u202e", "\u2066",
          "\r", "\n", "\r\n", "\t", "\x00", "\x7f", "\x0b", "\x0c", f"\n{MARK}", f"\r{MARK}", f"\u2028{MARK}",
          "<script>alert(1)</script>", "</p>", "<!--", "&amp;", "&", '"', "'", "`", "```", "~~~", "# ", "- ", "1. ",
          "> ", "|", "[x](y)", "![i](j)", "*", "_", "\\", "    ", "=", "---", "#quot;", "]]", "\"]", "-->", "}"]
hostile = st.lists(st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=("Cs",)), max_size=3),
                   min_size=1, max_size=8).map(lambda parts: "X" + "".join(parts))

BASELINE: dict[str, str] = {}


def baseline(tmp: Path) -> dict[str, str]:
    if not BASELINE:
        root = workspace(tmp / "schoon", [f"Tekst{i}" for i in range(6)])
        for name, (args, expected) in COMMANDS.items():
            code, out, err = invoke(root, args)
            assert code == expected, (name, out, err)
            BASELINE[name] = out
    return BASELINE


@settings(max_examples=15, derandomize=True, database=None, deadline=None, phases=(Phase.generate, Phase.shrink),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(hostile, min_size=6, max_size=6))
def test_hostile_strings_through_every_command_and_format(tmp_path: Path, texts: list[str]):
    clean = baseline(tmp_path)
    root = tmp_path / "w"
    if root.exists():
        shutil.rmtree(root)
    workspace(root, texts)
    for name, (args, expected) in COMMANDS.items():
        code, out, err = invoke(root, args)
        assert code == expected, (name, code, err, out[-2000:])
        assert not ESCAPE.search(out), (name, ESCAPE.search(out), out[:2000])
        assert not ESCAPE.search(err), (name, err)
        if name != "advies-html":  # a line break in HTML text is a space; its structure is checked below
            assert not any(ln.startswith(MARK) for ln in out.splitlines()), (name, out)
        if name == "advies-markdown":
            assert md_kinds(out) == md_kinds(clean[name]), out
            assert md_inline(out) == md_inline(clean[name]), out
        elif name == "advies-html":
            assert html_tags(out) == html_tags(clean[name])
        elif name == "plan-mermaid":
            assert mermaid_shape(out) == mermaid_shape(clean[name]), out
        elif name == "plan-dot":
            assert dot_shape(out) == dot_shape(clean[name]), out
        elif name.endswith("json"):
            json.loads(out)
        elif name == "regels-controleer":
            assert out.count("\n") == clean[name].count("\n"), out
            assert [ln for ln in out.splitlines() if ln.startswith("regels ")] == [out.splitlines()[-1]]
        elif name in ("kennisbank", "regels-test"):
            assert out.count("\n") == clean[name].count("\n"), out


def test_bron_hostile_everywhere_is_one_escaped_line(tmp_path: Path):
    """A `bron` is checked against the knowledge base: every command refuses it in one line, control characters shown."""
    root = workspace(tmp_path / "w", ["Naam", "Tekst"], bron="".join(PIECES))
    for name in ("advies-tekst", "advies-html", "plan-mermaid", "uitleg-regel", "regels-test"):
        code, out, err = invoke(root, COMMANDS[name][0])
        assert code == 2, (name, out, err)
        assert len(err.splitlines()) == 1 and not ESCAPE.search(err), (name, err)
    code, out, err = invoke(root, COMMANDS["regels-controleer"][0])
    assert code == 2 and not ESCAPE.search(out)
    assert [ln for ln in out.splitlines() if ln.startswith("regels ")] == [out.splitlines()[-1]]


def test_click_own_messages_show_control_characters(tmp_path: Path):
    root = workspace(tmp_path / "w", ["Naam", "Tekst"])
    for args in (["advies", "feiten.yaml", "x\x1b]0;T\x07"], ["advies", "feiten.yaml", "--formaat", "\x1b[2J"],
                 ["\x9b2J"], ["advies", "feiten.yaml", "--peildatum", "\x1b]52;c;aGk=\x07"]):
        code, out, err = invoke(root, args)
        assert code == 2, (args, err)
        assert not ESCAPE.search(out + err), (args, err)


pytest_plugins = ["pytester"]


def test_pytest_plugin_shows_control_characters_in_scenario_failures(pytester: pytest.Pytester):
    """The plugin prints scenario names and failures to the terminal too: the same mechanism."""
    pytester.makeini(f"[pytest]\nsamenwerkwijzer_scenarios = true\nsamenwerkwijzer_regels = {DATA / 'regels-mini'}\n"
                     f"samenwerkwijzer_kennisbank = {DATA / 'kb-mini'}\n")
    folder = pytester.mkdir("scenarios")
    (folder / "s.yaml").write_text(yaml.safe_dump({"scenarios": [
        {"naam": f"Fase\x1b]0;T\x07\x9b2J\n{MARK}", "feiten": {"naam": "Leeg"}, "verwacht": {"fase": "beheren"}}]}),
        encoding="utf-8")
    (folder / "kapot.yaml").write_text(yaml.safe_dump({"scenarios": [{"naam": "x", "feiten": {"naam": "y"},
                                                                      "verwacht": {"fase": f"b\x1b[2J\n{MARK}"}}]}),
                                       encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA", "--continue-on-collection-errors")
    out = result.stdout.str()
    assert "\\u001b]0;T\\u0007" in out, out
    assert not ESCAPE.search(out), out
    assert not any(ln.startswith(MARK) for ln in out.splitlines()), out


def test_scrub_leaves_bookkeeping_alone_and_copies_the_rest():
    from samenwerkwijzer.engine.model.kennisbank import load_kennisbank

    kb = load_kennisbank(DATA / "kb-mini")
    shown = terminal.scrub(kb)
    assert shown.where is kb.where and shown.texts is kb.texts  # positions and file texts: NOT_SHOWN
    assert shown.partners == kb.partners and shown.partners is not kb.partners
