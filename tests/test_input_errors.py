"""Bad facts files are normal: each is refused with exit 2, file:line, field and no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main

CORPUS = Path(__file__).parent / "data" / "feiten-kapot"
NO_COMMENT = {  # files that cannot carry a comment: what they must say instead
    "leeg.yaml": ("1", "het bestand is leeg"),
    "binair.yaml": ("1", "geen UTF-8-tekst"),
    "verkeerd-type.json": ("1", "veld 'wijk.deelnamebereidheid': verwacht een geheel getal, kreeg 'veel'"),
}
FILES = sorted(CORPUS.iterdir())


def expectation(path: Path) -> tuple[str, str]:
    if path.name in NO_COMMENT:
        return NO_COMMENT[path.name]
    found = re.findall(r"^# verwacht: (\d+): (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert len(found) == 1, f"{path} says what it expects"
    return found[0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bad_facts_file_exit_2_with_file_line_and_field(path: Path):
    line, fragment = expectation(path)
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{path}:{line}:"), message
    assert fragment in message, message
    guess = re.findall(r"^# gok: (.+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
    if guess:
        assert message.endswith(f"bedoelde u '{guess[0]}'?"), message


def test_missing_file():
    result = CliRunner().invoke(main, ["advies", "bestaat/niet.yaml"])
    assert result.exit_code == 2
    assert result.output.strip() == "bestaat/niet.yaml: fout: bestand niet gevonden"


def test_oversized_file(tmp_path: Path):
    big = tmp_path / "groot.yaml"
    big.write_text("naam: x\n" + "# opvulling\n" * 300_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(big)])
    assert result.exit_code == 2
    assert "groter dan 2 MB" in result.output


def test_stdin_is_read_with_dash():
    result = CliRunner().invoke(main, ["advies", "-", "--formaat", "json"], input="naam: Via stdin\n")
    assert result.exit_code == 0, result.output
    assert '"naam": "Via stdin"' in result.output


def test_stdin_error_names_stdin():
    result = CliRunner().invoke(main, ["advies", "-"], input="naam: x\nwarmteoplossing: ja\n")
    assert result.exit_code == 2
    assert result.output.startswith("<stdin>:2:")


def test_real_process_shows_no_traceback_and_exit_2():
    path = CORPUS / "alias.yaml"
    proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{path}:4:")
    assert proc.stdout == ""


EXAMPLE = Path(__file__).resolve().parents[1] / "voorbeelden" / "opstarten-collectief.yaml"
# (what the adviser changed in the example, the line and field of the message (None for a YAML syntax error,
# which has no field yet), what the message ends with: the best guess as the user reads it)
MISTAKES: dict[str, tuple[tuple[str, str], int, str | None, str]] = {
    "ja-nee-tussen-aanhalingstekens": (
        ("  betaalde_krachten: false", '  betaalde_krachten: "true"'), 9, "initiatief.betaalde_krachten",
        "kreeg tekst: de waarde staat tussen aanhalingstekens; schrijf true zonder aanhalingstekens"),
    "getal-tussen-aanhalingstekens": (
        ("  deelnamebereidheid: 35", '  deelnamebereidheid: "35"'), 32, "wijk.deelnamebereidheid",
        "kreeg tekst: de waarde staat tussen aanhalingstekens; schrijf 35 zonder aanhalingstekens"),
    "lijst-tussen-aanhalingstekens": (
        ("technieken: [warmtenet]", "technieken: '[warmtenet]'"), 14, "technieken",
        "kreeg tekst: de waarde staat tussen aanhalingstekens; schrijf [warmtenet] zonder aanhalingstekens"),
    "veld-onder-verkeerd-onderdeel": (
        ("  steun: koplopers", "  steun: koplopers\n  wethouder_betrokken: false"), 32, "wijk.wethouder_betrokken",
        "; dit veld hoort bij 'gemeente': zet het onder gemeente:"),
    "onderdeelveld-bovenaan": (
        ("afgerond: []", "afgerond: []\nwethouder_betrokken: false"), 43, "wethouder_betrokken",
        "; dit veld hoort bij 'gemeente': zet het onder gemeente:"),
    "typfout-in-veld-van-ander-onderdeel": (
        ("afgerond: []", "afgerond: []\nwethouder_betrokke: false"), 43, "wethouder_betrokke",
        "; bedoelde u 'wethouder_betrokken'? Dat veld hoort bij 'gemeente': zet het onder gemeente:"),
    "bovenaan-veld-ingesprongen": (
        ("  organisatievorm: kernteam", "  organisatievorm: kernteam\n  warmteoplossing: collectief"), 6,
        "initiatief.warmteoplossing",
        "; dit veld hoort niet onder 'initiatief': zet het zonder inspringen, aan het begin van de regel"),
    "veld-van-twee-onderdelen": (
        ("  raad_betrokken: false", "  raad_betrokken: false\n  spanningen: true"), 26, "gemeente.spanningen",
        "; dit veld hoort bij 'samenwerking' of bij 'wijk': zet het op een van die plekken"),
    "getal-met-procent": (
        ("  deelnamebereidheid: 35", "  deelnamebereidheid: 35%"), 32, "wijk.deelnamebereidheid",
        "kreeg '35%'; schrijf alleen het getal: 35"),
    "getal-met-komma": (
        ("  deelnamebereidheid: 35", "  deelnamebereidheid: 35,5"), 32, "wijk.deelnamebereidheid",
        "kreeg '35,5'; schrijf een geheel getal zonder komma, zoals 35 of 36"),
    "lijst-als-tekst-met-komma": (
        ("technieken: [warmtenet]", "technieken: warmtenet, bodemwarmte"), 14, "technieken",
        "kreeg 'warmtenet, bodemwarmte'; een lijst staat tussen [ ]: schrijf [warmtenet, bodemwarmte]"),
    "onduidelijk-bij-ja-nee": (
        ("  spanningen: false", "  spanningen: onduidelijk"), 33, "wijk.spanningen",
        "kreeg 'onduidelijk'; bedoelde u 'onbekend'?"),
    "ja-nee-met-punt": (
        ("  betaalde_krachten: false", "  betaalde_krachten: nee."), 9, "initiatief.betaalde_krachten",
        "kreeg 'nee.'; bedoelde u 'nee'?"),
    "true-bij-ja-nee-onduidelijk": (
        ("  ambitie_haalbaar: onduidelijk", "  ambitie_haalbaar: true"), 8, "initiatief.ambitie_haalbaar",
        "onbekende waarde true (toegestaan: ja, nee, onduidelijk); bedoelde u 'ja'?"),
    "fase-als-nummer": (
        ("naam: Buurtwarmte Voorbeeldwijk", "naam: Buurtwarmte Voorbeeldwijk\nfase: 1"), 4, "fase",
        "onbekende waarde 1 (toegestaan: opstarten, uitwerken, ontwikkelen, uitvoeren, beheren); bedoelde u 'opstarten'?"),
    "naam-leeg": (
        ("naam: Buurtwarmte Voorbeeldwijk", "naam:"), 3, "naam",
        "verwacht een tekst, kreeg niets; vul een waarde in achter de dubbele punt"),
    "lege-lijst-zonder-haken": (
        ("afgerond: []", "afgerond:"), 42, "afgerond", "verwacht een lijst, kreeg niets; schrijf [] voor een lege lijst"),
    "spatie-na-dubbele-punt-vergeten": (
        ("  steun: koplopers", "  steun:koplopers"), 32, None,
        "; op regel 31 ontbreekt een spatie na de dubbele punt: schrijf steun: koplopers"),
    "dubbele-punt-vergeten": (
        ("  steun: koplopers", "  steun koplopers"), 32, None,
        "; op regel 31 ontbreekt de dubbele punt: schrijf steun: koplopers"),
    "spatie-vergeten-laatste-veld": (
        ("  koppelkansen: [rioolvervanging]", "  koppelkansen:[rioolvervanging]"), 35, None,
        "; op regel 35 ontbreekt een spatie na de dubbele punt: schrijf koppelkansen: [rioolvervanging]"),
    "onderdeel-met-waarde": (
        ("gemeente:", "gemeente: Voorbeeldstad"), 17, None,
        "; regel 17 springt verder in dan regel 16: hoort regel 17 onder gemeente:, haal dan 'Voorbeeldstad' weg "
        "achter gemeente:; anders zet u beide regels even ver in"),
    "een-regel-te-ver-ingesprongen": (
        ("  spanningen: false", "    spanningen: false"), 33, None,
        "; regel 33 springt verder in dan regel 32: zet beide regels even ver in"),
    "ongelijk-ingesprongen": (
        ("  steun: koplopers", "   steun: koplopers"), 32, None,
        "; regel 32 springt 2 spaties in, regel 31 3 spaties: regels die bij elkaar horen, springen even ver in"),
    "percentage-als-fractie": (
        ("  deelnamebereidheid: 35", "  deelnamebereidheid: 0.35"), 32, "wijk.deelnamebereidheid",
        "kreeg 0.35; een percentage is een geheel getal van 0 tot 100: schrijf 35"),
    "getal-met-punt": (
        ("  deelnamebereidheid: 35", "  deelnamebereidheid: 35.5"), 32, "wijk.deelnamebereidheid",
        "kreeg 35.5; schrijf een geheel getal zonder cijfers achter de komma, zoals 35 of 36"),
    "lijstelement-achter-de-sleutel": (
        ("technieken: [warmtenet]", "technieken: - warmtenet"), 14, None,
        "; zet '- warmtenet' op een eigen regel onder technieken:, of schrijf technieken: [warmtenet]"),
    "spatie-na-streepje-vergeten": (
        ("technieken: [warmtenet]", "technieken:\n- warmtenet\n-isolatie"), 16, None,
        "; op regel 16 ontbreekt een spatie na het streepje: schrijf - isolatie"),
    "nvt-bij-ja-nee": (
        ("  spanningen: false", "  spanningen: n.v.t."), 33, "wijk.spanningen", "kreeg 'n.v.t.'; bedoelde u 'onbekend'?"),
    "leeg-onderdeel": (
        ("  steun: koplopers\n  deelnamebereidheid: 35\n  spanningen: false\n  woningcorporatie_bezit: true\n"
         "  koppelkansen: [rioolvervanging]", ""), 30, "wijk",
        "kreeg niets (toegestaan: deelnamebereidheid, koppelkansen, spanningen, steun, woningcorporatie_bezit); "
        "zet er velden ingesprongen onder, of haal deze regel weg"),
    "twee-sleutels-op-een-regel": (  # the line goes back to the top level, as it may: no indentation guess
        ("partners_betrokken: [netbeheerder]\nafspraken:", "partners_betrokken: [netbeheerder] afspraken:"), 36, None,
        "hier verwacht ik een nieuwe sleutel"),
    "is-teken-in-plaats-van-dubbele-punt": (
        ("  steun: koplopers", "  steun = koplopers"), 32, None,
        "; op regel 31 ontbreekt de dubbele punt: schrijf steun: koplopers"),
    "dubbele-sleutel": (
        ("  raad_betrokken: false", "  raad_betrokken: false\n  wethouder_betrokken: true"), 26,
        "gemeente.wethouder_betrokken", "(eerder op regel 24); houd er één over: haal regel 24 of regel 26 weg"),
    "dubbel-onderdeel": (
        ("partners_betrokken: [netbeheerder]", "partners_betrokken: [netbeheerder]\ngemeente:\n  raad_betrokken: true"),
        37, "gemeente", "(eerder op regel 16); zet alle velden van beide onder één gemeente:"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_common_mistake_names_line_field_and_best_guess(tmp_path: Path, name: str):
    (old, new), line, field, ending = MISTAKES[name]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1, old
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old + "\n", new + "\n" if new else ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{path}:{line}:"), message
    if field is not None:  # a YAML syntax error comes before there are fields
        assert f"veld '{field}':" in message, message
    assert message.endswith(ending), message


def test_a_missing_space_after_the_colon_is_not_called_a_missing_colon(tmp_path: Path):
    """'koppelkansen:[rioolvervanging]' said 'dubbele punt ontbreekt' and then 'ontbreekt een spatie na de
    dubbele punt': two statements that cannot both be true, on the one line an adviser reads."""
    (old, new), _line, _field, _ending = MISTAKES["spatie-vergeten-laatste-veld"]
    path = tmp_path / "feiten.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace(old + "\n", new + "\n"), encoding="utf-8")
    message = CliRunner().invoke(main, ["advies", str(path)]).output
    assert "dubbele punt ontbreekt" not in message and "spatie na de dubbele punt" in message, message


def test_dutch_date_for_peildatum_gets_the_date_meant():
    result = CliRunner().invoke(main, ["advies", str(EXAMPLE), "--peildatum", "31-12-2026"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.strip().endswith("'31-12-2026' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01; "
                                          "bedoelde u '2026-12-31'?"), result.output


def test_web_page_and_api_carry_the_same_guess_as_the_command_line():
    """The intake page (fault_text) and the API (problem details) word the guess as the command line does."""
    from samenwerkwijzer.engine.advice.api import Adviseur
    from samenwerkwijzer.engine.errors import InputError
    from samenwerkwijzer.engine.server.pages.answers import fault_text
    from samenwerkwijzer.engine.server.problems import _fout
    from samenwerkwijzer.engine.source.yamlsource import Document

    facts = {"naam": "x", "wijk": {"wethouder_betrokken": False}, "initiatief": {"betaalde_krachten": "true"}}
    with pytest.raises(InputError) as caught:
        Adviseur().check_facts(Document(data=facts, source="<formulier>"))
    place, quotes = sorted(caught.value.problems, key=lambda p: p.field or "", reverse=True)
    assert fault_text(place).endswith(" Dit veld hoort bij 'gemeente': zet het onder gemeente:")
    assert fault_text(quotes).endswith(" Schrijf true zonder aanhalingstekens.")
    api = _fout(place)
    assert api["bedoelde_u"] == "gemeente.wethouder_betrokken"
    assert api["tip"] == "dit veld hoort bij 'gemeente': zet het onder gemeente:"
    assert str(api["melding"]).endswith("; dit veld hoort bij 'gemeente': zet het onder gemeente:")
    assert _fout(quotes)["bedoelde_u"] == "true"


def test_a_section_given_a_name_says_where_the_name_goes(tmp_path: Path):
    path = tmp_path / "gemeente.yaml"
    path.write_text("naam: Buurtwarmte\ngemeente: Voorbeeldstad\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"{path}:2:1: fout: veld 'gemeente': verwacht een groep velden"), result.output
    assert "mapping" not in result.output, result.output  # a programmer's word
    assert result.output.strip().endswith("; zet de naam ingesprongen op een eigen regel eronder: naam: Voorbeeldstad")


def test_a_very_long_value_gets_no_guess_that_repeats_it(tmp_path: Path):
    path = tmp_path / "lang.yaml"
    path.write_text("naam: x\ntechnieken: " + "warmtenet, " * 10_000 + "\nwijk:\n  deelnamebereidheid: '" + "9" * 5000 + "'\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and all(len(line) < 300 for line in lines), result.output


def test_a_number_with_two_signs_is_refused_without_a_crash(tmp_path: Path):
    path = tmp_path / "tekens.yaml"
    path.write_text("naam: x\nwijk:\n  deelnamebereidheid: '+-5'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["advies", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip() == f"{path}:3:3: fout: veld 'wijk.deelnamebereidheid': verwacht een geheel getal, kreeg '+-5'"
