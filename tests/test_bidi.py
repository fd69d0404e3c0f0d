"""A name with control and direction characters is shown as escapes in every output, never obeyed.

An initiative's name or its gemeente's name may hold a right-to-left override (U+202E), a direction
isolate (U+2066), a line separator (U+2028), NEL (U+0085) or a C0 character. Shown raw, the browser or the
word processor turns the text after an override around ('Wijk\\u202eredaV' reads 'WijkVader'), and a
U+2028 breaks a line of a csv or text table. Every output shows such a character as `\\u202e`, as the
terminal does (engine/terminal.py); a name in Arabic or Hebrew letters comes through as it is.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from serverapp import api  # noqa: F401 - fixture
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures

from samenwerkwijzer.engine import terminal
from samenwerkwijzer.engine.server.pages.templating import shown

from .test_vijandig_uitvoer import invoke

ROOT = Path(__file__).resolve().parent.parent
HTML = {"Accept": "text/html"}
HOSTILE = "Wijk\u202eredaV\u2066Oost\u2069\u2028Noord\x85Zuid\x07Eind"
# the direction marks and the C0 character as escapes; U+2028 and NEL as an escape, or (in a value inside a
# sentence, a csv cell or a table of text: terminal.prose) as a space, so that no line is broken
SHOWN = re.compile(r"Wijk\\u202eredaV\\u2066Oost\\u2069(\\u2028| )Noord(\\u0085| )Zuid\\u0007Eind")
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
PLAIN = ["\u0648\u0627\u062d\u0629 \u0627\u0644\u062d\u064a", "\u05e9\u05db\u05d5\u05e0\u05ea \u05d4\u05d3\u05e8\u05d5\u05dd",
         "Wijk \u00e9\u00e8n \u2013 Z\u00fcrich"]  # Arabic, Hebrew, Latin with accents: written normally


def facts(naam: str) -> dict:
    found: dict = yaml.safe_load((ROOT / "voorbeelden" / "ontwikkelen-collectief.yaml").read_text(encoding="utf-8"))
    found["naam"] = naam
    found["gemeente"]["naam"] = naam
    return found


def docx_text(data: bytes) -> str:
    """The text of a Word file: its body and its properties (the title), tags left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in ("word/document.xml", "docProps/core.xml"))
    return re.sub(r"<[^>]*>", "", xml)


# -- the command line ---------------------------------------------------------------------------

CLI: dict[str, list[str]] = {
    "advies-tekst": ["advies", "a/feiten.yaml"],
    "advies-markdown": ["advies", "a/feiten.yaml", "--formaat", "markdown"],
    "advies-html": ["advies", "a/feiten.yaml", "--formaat", "html"],
    "hand-out-tekst": ["advies", "a/feiten.yaml", "--voor", "initiatief"],
    "hand-out-html": ["advies", "a/feiten.yaml", "--voor", "initiatief", "--formaat", "html"],
    "overzicht-tekst": ["overzicht", "a"],
    "overzicht-csv": ["overzicht", "a", "--formaat", "csv"],
    "overzicht-html": ["overzicht", "a", "--formaat", "html"],
    "overeenkomst-markdown": ["overeenkomst", "a/feiten.yaml"],
    "overeenkomst-docx": ["overeenkomst", "a/feiten.yaml", "--formaat", "docx", "--uitvoer", "uit.docx"],
    "advies-bestand": ["advies", "a/feiten.yaml", "--formaat", "markdown", "--uitvoer", "uit.md"],
}


def cli_output(tmp_path: Path, naam: str, command: str) -> str:
    (tmp_path / "a").mkdir(exist_ok=True)
    (tmp_path / "a" / "feiten.yaml").write_text(yaml.safe_dump(facts(naam), allow_unicode=True), encoding="utf-8")
    args = CLI[command]
    code, out, err = invoke(tmp_path, [*args, "--peildatum", "2026-01-01"])
    assert code == 0, (command, err)
    if "--uitvoer" in args:
        written = tmp_path / args[args.index("--uitvoer") + 1]
        return docx_text(written.read_bytes()) if written.suffix == ".docx" else written.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("command", list(CLI))
def test_a_hostile_name_is_shown_escaped_in_every_command(tmp_path: Path, command: str):
    out = cli_output(tmp_path, HOSTILE, command)
    assert not RAW.search(out), (command, RAW.search(out))
    assert SHOWN.search(out), (command, out[:3000])
    assert "\\\\u" not in out  # escaped once, not twice


@pytest.mark.parametrize("command", ["advies-html", "overzicht-csv", "overeenkomst-docx"])
def test_the_escaped_output_is_the_same_every_time(tmp_path: Path, command: str):
    runs = []
    for _ in range(2):
        out = cli_output(tmp_path, HOSTILE, command)
        runs.append((tmp_path / "uit.docx").read_bytes() if command.endswith("docx") else out.encode("utf-8"))
    assert runs[0] == runs[1]


@pytest.mark.parametrize("command", ["advies-tekst", "advies-html", "overzicht-csv", "overeenkomst-docx"])
@pytest.mark.parametrize("naam", PLAIN)
def test_a_name_in_any_script_comes_through_unchanged(tmp_path: Path, command: str, naam: str):
    out = cli_output(tmp_path, naam, command)
    assert naam in out and "\\u" not in out, command


# -- the web pages ------------------------------------------------------------------------------

def _dossier(api, naam: str) -> tuple[object, int]:  # noqa: F811
    client, token = api.login("anna")
    made = client.post("/api/dossiers", json={"feiten": facts(naam)}, headers={"X-CSRF-Token": token})
    assert made.status_code == 201, made.text
    dossier = made.json()["id"]
    again = client.post(f"/api/dossiers/{dossier}/versies", json={"basis": 1, "feiten": dict(facts(naam), naam=naam + "2")},
                        headers={"X-CSRF-Token": token})
    assert again.status_code == 201, again.text
    return client, dossier


PAGES: dict[str, Callable[[int], str]] = {
    "advies": lambda d: f"/initiatieven/{d}",
    "intake": lambda d: f"/initiatieven/{d}/intake",
    "meer-feiten": lambda d: f"/initiatieven/{d}/meer-feiten",
    "antwoorden": lambda d: f"/initiatieven/{d}/antwoorden",
    "wat-als": lambda d: f"/initiatieven/{d}/wat-als",
    "geschiedenis": lambda d: f"/initiatieven/{d}/geschiedenis",
    "vergelijk": lambda d: f"/initiatieven/{d}/vergelijk?van=1&naar=2",
    "overzicht": lambda d: "/initiatieven",
    "rapport": lambda d: f"/initiatieven/{d}/versies/2/rapport.html",
    "hand-out": lambda d: f"/initiatieven/{d}/versies/2/rapport.html?voor=initiatief",
}
FILES: dict[str, Callable[[int], str]] = {
    "overzicht-csv": lambda d: "/initiatieven.csv",
    "overeenkomst-md": lambda d: f"/initiatieven/{d}/versies/2/overeenkomst.md",
    "overeenkomst-docx": lambda d: f"/initiatieven/{d}/versies/2/overeenkomst.docx",
}


def _outside_fields(html: str) -> str:
    """A page without the values of its edit fields: a field gives back what is stored (see the test below)."""
    return re.sub(r'<input[^>]*type="text"[^>]*>', "", html)


def test_a_hostile_name_is_shown_escaped_on_every_page(api):  # noqa: F811
    client, dossier = _dossier(api, HOSTILE)
    for name, path in PAGES.items():
        page = client.get(path(dossier), headers=HTML)
        assert page.status_code == 200, (name, page.text[:500])
        html = _outside_fields(page.text)
        assert not RAW.search(html), (name, RAW.search(html), html[max(0, RAW.search(html).start() - 300):][:600])
        assert "\\\\u" not in html, name  # escaped once (the overview's cells went through prose before), not twice
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        heads = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        if name not in ("overzicht", "vergelijk"):  # these headings name the gemeente of the user, or versions
            assert SHOWN.search(title), (name, title)
            assert any(SHOWN.search(h) for h in heads), (name, heads)
        else:
            assert SHOWN.search(html), name
    for name, path in FILES.items():
        got = client.get(path(dossier))
        assert got.status_code == 200, name
        text = docx_text(got.content) if name.endswith("docx") else got.text
        assert not RAW.search(text), (name, RAW.search(text))
        assert SHOWN.search(text), (name, text[:2000])


def test_plain_arabic_and_hebrew_names_stay_as_they_are_on_the_pages(api):  # noqa: F811
    client, dossier = _dossier(api, PLAIN[0])
    for name, path in PAGES.items():
        page = client.get(path(dossier), headers=HTML)
        assert page.status_code == 200 and PLAIN[0] in page.text, name
        assert "\\u06" not in page.text, name


def test_a_name_in_a_sentence_or_heading_is_isolated_with_bdi(api, tmp_path: Path):  # noqa: F811
    """A right-to-left name (legitimate: Hebrew, Arabic) is kept as it is, inside <bdi>, so that it cannot pull
    the words, digits and signs next to it ('Intake: ', ', de nieuwste eerst.') into its own direction."""
    naam = PLAIN[1]
    client, dossier = _dossier(api, naam)
    for name in ("advies", "intake", "meer-feiten", "antwoorden", "wat-als", "geschiedenis", "rapport", "hand-out"):
        page = client.get(PAGES[name](dossier), headers=HTML).text
        heads = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert any(f"<bdi>{naam}" in h for h in heads), (name, heads)
    history = client.get(PAGES["geschiedenis"](dossier), headers=HTML).text
    assert f"Versies van <bdi>{naam}2</bdi>, de nieuwste eerst." in history
    overview = client.get("/initiatieven", headers=HTML).text
    assert f"<bdi>{naam}2</bdi></a>" in overview and "door <bdi>anna</bdi>" in overview
    out = cli_output(tmp_path, naam, "advies-html")
    assert f"<h1>Advies voor <bdi>{naam}</bdi></h1>" in out
    assert f'<p class="sub">Gemeente: <bdi>{naam}</bdi></p>' in out


def test_an_edit_field_gives_back_the_stored_name_so_saving_it_unchanged_changes_nothing(api):  # noqa: F811
    """The pages show the escape, but the value of an edit field is the stored text itself: were it the escape,
    saving the answers unchanged would store the letters backslash-u-2-0-2-e as the new name."""
    client, dossier = _dossier(api, HOSTILE)
    page = client.get(PAGES["antwoorden"](dossier), headers=HTML).text
    field = re.search(r'<input id="[^"]*" name="gemeente.naam" type="text"[^>]*value="([^"]*)"', page)
    assert field is not None, [t for t in re.findall(r"<input[^>]*>", page) if "text" in t]
    stored = client.get(f"/api/dossiers/{dossier}").json()["versie"]["feiten"]["gemeente"]["naam"]
    assert html.unescape(field.group(1)) == stored and "\u202e" in stored
    assert not RAW.search(_outside_fields(page))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=30))
def test_prose_gives_with_its_shortcut_what_the_two_substitutions_give(text: str) -> None:
    """Every page value goes through `prose`, which skips its substitutions when nothing is unsafe."""
    assert terminal.prose(text) == terminal.line(terminal.BREAKS.sub(" ", text))
    assert shown(text) == terminal.prose(text)
