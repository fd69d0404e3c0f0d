"""Renderers and exports: width, shape, escaping, self-containment, determinism; DOT and Mermaid parse."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import yaml

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.render.export import to_dot, to_graph_json, to_mermaid
from samenwerkwijzer.engine.render.formats import render
from samenwerkwijzer.engine.render.text import WIDTH

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 1, 1)
NASTY = 'Buurt "De <Kern>" & <script>alert(1)</script> \'s'
FACTS = {"naam": NASTY, "warmteoplossing": "collectief", "technieken": ["warmtenet"],
         "gemeente": {"aanspreekpunt_met_mandaat": False, "capaciteit": "beperkt"}, "afgerond": ["ops-aanspreekpunt"]}
FORBIDDEN_TAGS = {"script", "link", "iframe", "object", "embed", "img", "base", "meta-refresh", "audio", "video", "source"}


@pytest.fixture(scope="module")
def odd():
    """The mini base with a title full of characters that need escaping in every format."""
    import tempfile

    folder = Path(tempfile.mkdtemp()) / "kb"
    shutil.copytree(DATA / "kb-mini", folder)
    path = folder / "kb.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    acts = doc["fasen"][0]["activiteiten"]
    next(a for a in acts if a["id"] == "ops-kennismaken")["titel"] = 'Kennis "maken" <en> & {meer} \\ | *x* #1'
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    adviseur = Adviseur(regels=DATA / "regels-mini", kennisbank=folder)
    yield adviseur
    adviseur.close()
    shutil.rmtree(folder.parent)


@pytest.fixture(scope="module")
def consult(odd):
    return odd.raadpleeg(FACTS, DAY)


@pytest.fixture(scope="module")
def advies(consult):
    return consult.advice


class Refs(HTMLParser):
    """Collects tags, attribute values and style text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def assert_self_contained(html: str) -> None:
    p = Refs()
    p.feed(html)
    assert not FORBIDDEN_TAGS & set(p.tags), set(p.tags)
    for tag, key, value in p.attrs:
        low = value.lower()
        assert key not in ("src", "srcset", "action", "formaction", "xlink:href", "background", "poster"), (tag, key)
        assert not key.startswith("on"), (tag, key)
        if key == "href":
            assert value.startswith("#"), value
        assert "http" not in low and "//" not in low, (tag, key, value)
        for ref in re.findall(r"url\(([^)]*)\)", value):
            assert ref.strip("'\" ").startswith("#"), value
    assert "@import" not in p.style and "url(" not in p.style and "http" not in p.style and "//" not in p.style
    assert "<svg" in html


def test_html_is_self_contained_escaped_and_has_the_picture(advies, consult, odd):
    html = render(consult, "html")
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert_self_contained(html)
    assert "http" not in html  # the mini base has no URL in any text
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;De &lt;Kern&gt;&quot;" in html
    assert "@media print" in html and '<details class="verantwoording"' in html
    for section in ("samenvatting", "nu-eerst", "plan", "afspraak", "partners", "risicos", "tips", "verantwoording"):
        assert f'id="{section}"' in html
    svg = html[html.index("<svg"): html.index("</svg>") + 6]
    root = ET.fromstring(svg)  # well-formed XML: everything in it is escaped
    texts = " ".join(t.text or "" for t in root.iter() if t.tag == "text")
    assert "Kennis" in texts and "al gedaan" in texts  # an open step and a done activity
    classes = [g.get("class") for g in root.iter("g")]
    assert "stap af" in classes and "stap" in classes
    assert len([p for p in root.iter("path") if p.get("marker-end")]) >= 2  # dependency arrows


def test_html_is_deterministic(odd):
    assert render(odd.raadpleeg(FACTS, DAY), "html") == render(odd.raadpleeg(FACTS, DAY), "html")


def test_text_fits_a_terminal_and_shows_plan_and_progress(advies, consult, odd):
    text = render(consult, "tekst", verantwoording=True)
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert "Het plan per fase" in text and "stappen af." in text and "[ ] 1. " in text and "[x] " in text
    assert "ops-aanspreekpunt" not in text.split("Verantwoording")[0]  # waits are named by title
    assert "ops-aanspreekpunt" in text.split("Verantwoording")[1]


def test_markdown_has_headings_and_well_formed_tables(advies, consult, odd):
    md = render(consult, "markdown", verantwoording=True)
    assert md.startswith("# Advies voor ") and "## Het plan per fase" in md and "## Verantwoording" in md
    assert "\\<script\\>" in md and "<script>" not in md
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):
        rows = block.strip().splitlines()
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(counts) == 1, rows
        assert re.fullmatch(r"\|(-+:?\|)+|\|(-{3,}:?\|)+|\|(-*:?-*\|)+", rows[1]), rows[1]


def test_json_is_the_contract(advies, consult, odd):
    data = json.loads(render(consult, "json"))
    assert {"fase", "activiteiten", "partners", "formalisatie", "risicos", "tips", "plan", "open_vragen", "regelbasis",
            "generaties", "voortgang"} <= set(data)


def test_mermaid_shape(advies, consult, odd):
    text = to_mermaid(consult)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    subgraphs = [ln for ln in lines if ln.strip().startswith("subgraph ")]
    assert [re.match(r'\s*subgraph (fase_\w+)\["[^"]*"\]$', s).group(1) for s in subgraphs] == \
        [f"fase_{g.fase}" for g in advies.plan]
    assert sum(ln.strip() == "end" for ln in lines) == len(subgraphs)
    nodes = dict(re.findall(r'^\s{4}(s_\w+)\["([^"]*)"\]:::(?:moet|zou|kan)$', text, flags=re.M))
    assert len(nodes) == sum(len(g.stappen) for g in advies.plan)
    assert any("#quot;maken#quot; #lt;en#gt; #amp;" in label for label in nodes.values())
    for a, b in re.findall(r"^\s{2}(\w+) -\.?->?-?> (\w+)$", text, flags=re.M):
        assert a in nodes and b in nodes


def parse_dot(text: str) -> nx.DiGraph:
    """A small reader for the DOT we write: quoted node statements and edges with attributes."""
    graph = nx.DiGraph()
    string = r'"((?:[^"\\]|\\.)*)"'
    assert text.startswith("digraph ") and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    for line in text.splitlines():
        line = line.strip()
        edge = re.fullmatch(rf"{string} -> {string} \[(.*)\];", line)
        node = re.fullmatch(rf"{string} \[(.*)\];", line)
        if edge:
            attrs = dict(re.findall(rf"(\w+)={string}", edge.group(3)))
            graph.add_edge(edge.group(1), edge.group(2), **attrs)
        elif node:
            graph.add_node(node.group(1), **dict(re.findall(rf"(\w+)={string}", node.group(2))))
        else:
            assert re.fullmatch(r'digraph \w+ \{|rankdir=LR;|node \[.*\];|subgraph "[\w-]+" \{|label=".*";|\}', line), line
    return graph


def test_dot_parses_and_matches_the_plan_graph(advies, consult, odd):
    text = to_dot(consult)
    graph = parse_dot(text)
    expected = consult.plan.graph
    assert set(graph.nodes) == set(expected.nodes) and set(graph.edges) == set(expected.edges)
    assert '\\"maken\\"' in text


def test_dot_parses_with_pydot(advies, consult, odd):
    pytest.importorskip("pydot")
    with warnings.catch_warnings():  # pyparsing warns about pydot's grammar at import time
        warnings.simplefilter("ignore")
        import pydot.dot_parser  # noqa: F401
    import io

    graph = nx.nx_pydot.read_dot(io.StringIO(to_dot(consult)))
    expected = consult.plan.graph
    strip = {n.strip('"') for n in graph.nodes} - {"node"}
    assert strip == set(expected.nodes)
    assert {(u.strip('"'), v.strip('"')) for u, v, _ in graph.edges} == set(expected.edges)


def test_graph_json_lists_nodes_edges_and_generations(advies, consult, odd):
    data = json.loads(to_graph_json(consult))
    assert [n["id"] for n in data["knopen"]] == [s.id for g in advies.plan for s in g.stappen]
    assert {(e["van"], e["naar"]) for e in data["verbindingen"]} == set(consult.plan.graph.edges)
    assert data["generaties"] == advies.generaties
