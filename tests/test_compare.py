"""`vergelijk`: two advices side by side, every difference with the facts and the rules that make it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import profiles

from samenwerkwijzer import Adviseur
from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.advice.compare import compare
from samenwerkwijzer.engine.advice.consult import Consult
from samenwerkwijzer.engine.model.compare import FeitVerschil, Oorzaak, Vergelijking, Verschil, Zijde
from samenwerkwijzer.engine.render.comparetext import render_comparison

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "voorbeelden"
DAY = dt.date(2026, 6, 1)
SHIPPED = Adviseur()


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def _with(facts: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(facts)
    cur = out
    *parents, last = path.split(".")
    for p in parents:
        cur = cur.setdefault(p, {})
    cur[last] = value
    return out


def _consults(name: str, path: str, value: Any) -> tuple[Consult, Consult]:
    before = _example(name)
    return SHIPPED.raadpleeg(before, DAY), SHIPPED.raadpleeg(_with(before, path, value), DAY)


# (example, fact, new value, the difference expected: (part, id, soort, field), its rules by side, a fact it names)
PAIRS: list[tuple[str, str, Any, tuple[str, str, str, str | None], dict[str, str], str]] = [
    ("opstarten-collectief", "afspraken.intentieovereenkomst", True, ("fase", "", "gewijzigd", "waarde"),
     {"fase-opstarten-afleiden": "a", "fase-uitwerken-afleiden": "b"}, "afspraken.intentieovereenkomst"),
    ("opstarten-collectief", "gemeente.aanspreekpunt_met_mandaat", True,
     ("risico", "risico-geen-aanspreekpunt", "verwijderd", None), {"algemeen-aanspreekpunt-ontbreekt": "a"},
     "gemeente.aanspreekpunt_met_mandaat"),
    ("uitwerken-individueel", "gemeente.escalatieroute", True, ("risico", "risico-geen-escalatieroute", "verwijderd", None),
     {"uitwerken-escalatieroute": "a"}, "gemeente.escalatieroute"),
    ("uitwerken-individueel", "warmteoplossing", "collectief", ("formalisatie", "", "gewijzigd", "zwaarte"),
     {"uitwerken-sok-kort": "a", "uitwerken-sok-uitgebreid": "b",  # the weight, and what goes in the SOK per route
      "route-uitwerken-sok-per-huis": "a", "route-uitwerken-sok-gedeeld-net": "b"}, "route"),
    ("ontwikkelen-collectief", "wijk.spanningen", False, ("tip", "tip-ont-spanningen-wijk", "verwijderd", None),
     {"ontwikkelen-spanningen-wijk": "a"}, "wijk.spanningen"),
    ("uitvoeren-gemengd", "samenwerking.voortgang_achter", False,
     ("activiteit", "uvr-raad-informeren", "gewijzigd", "prioriteit"), {"uitvoeren-voortgang-achter": "a"},
     "samenwerking.voortgang_achter"),
    ("beheren-individueel", "initiatief.toekomst", "opheffen", ("activiteit", "beh-afsluiten", "toegevoegd", None),
     {"beheren-opheffen": "b"}, "initiatief.toekomst"),
    ("opstarten-individueel", "fase", "uitwerken", ("fase", "", "gewijzigd", "waarde"), {}, "fase"),
]


def _find(v: Vergelijking, part: str, item_id: str, soort: str, veld: str | None) -> Verschil:
    found = [d for d in v.verschillen if (d.onderdeel, d.id, d.soort, d.veld) == (part, item_id, soort, veld)]
    assert len(found) == 1, [(d.onderdeel, d.id, d.soort, d.veld) for d in v.verschillen]
    return found[0]


@pytest.mark.parametrize("name,path,value,where,rules,fact", PAIRS, ids=[f"{p[0]}:{p[1]}" for p in PAIRS])
def test_one_fact_changed_shows_the_rule_that_made_each_difference(name: str, path: str, value: Any,
                                                                   where: tuple[str, str, str, str | None],
                                                                   rules: dict[str, str], fact: str):
    a, b = _consults(name, path, value)
    v = compare(a, b)
    assert [f.feit for f in v.feiten] == [path]
    d = _find(v, *where)
    assert {o.regel: o.afgegaan_bij for o in d.regels} == rules
    assert fact in {f.feit for f in d.feiten}
    for o in d.regels:
        assert fact in o.feiten or path in o.feiten or path == "fase"  # the derived fact, or the changed input itself
    text = render_comparison(v, "tekst")
    for rule in rules:
        assert rule in text
    assert fact in text


@pytest.mark.parametrize("name,path,value", [p[:3] for p in PAIRS], ids=[f"{p[0]}:{p[1]}" for p in PAIRS])
def test_every_difference_is_explained_by_rules_that_fired_on_one_side_only(name: str, path: str, value: Any):
    a, b = _consults(name, path, value)
    v = compare(a, b)
    assert v.verschillen
    why = {side: _why(c) for side, c in (("a", a), ("b", b))}
    for d in v.verschillen:
        assert d.regels or d.feiten, d  # nothing unexplained
        for o in d.regels:
            if d.onderdeel in ("activiteit", "partner", "risico", "tip"):
                other = "b" if o.afgegaan_bij == "a" else "a"
                assert o.regel in why[o.afgegaan_bij].get((d.onderdeel, d.id), set())
                assert o.regel not in why[other].get((d.onderdeel, d.id), set())
        for f in d.feiten:
            assert f in v.feiten or f in v.afgeleide_feiten


def _why(c: Consult) -> dict[tuple[str, str], set[str]]:
    adv = c.advice
    out: dict[tuple[str, str], set[str]] = {}
    for part, items in (("activiteit", adv.activiteiten), ("partner", adv.partners), ("risico", adv.risicos),
                        ("tip", adv.tips)):
        for item in items:
            out[(part, item.id)] = {r.regel for r in item.waarom}
    return out


def test_the_phase_line_says_from_what_to_what_and_why():
    a, b = _consults("opstarten-collectief", "afspraken.intentieovereenkomst", True)
    text = render_comparison(compare(a, b), "tekst")
    assert "Fase: Opstarten → Uitwerken, omdat afspraken.intentieovereenkomst nu ja is (eerst nee)." in text
    assert "regel die nu afgaat: fase-uitwerken-afleiden; regel die eerst afging: fase-opstarten-afleiden" in text
    assert "Twee versies van hetzelfde initiatief" in text


def test_two_versions_over_time_show_what_got_done():
    before = _example("uitwerken-individueel")
    after = _with(before, "afgerond", [*before["afgerond"], "uit-projectorganisatie"])
    v = compare(SHIPPED.raadpleeg(before, DAY), SHIPPED.raadpleeg(after, DAY))
    (done,) = v.feiten
    assert (done.feit, done.erbij, done.eraf) == ("afgerond", ["uit-projectorganisatie"], [])
    d = _find(v, "activiteit", "uit-projectorganisatie", "gewijzigd", "afgerond")
    assert (d.a, d.b, [f.feit for f in d.feiten]) == (False, True, ["afgerond"])
    assert "afgerond: erbij uit-projectorganisatie" in render_comparison(v, "tekst")


def test_two_different_initiatives_are_named_a_and_b():
    a = SHIPPED.raadpleeg(_example("opstarten-collectief"), DAY)
    b = SHIPPED.raadpleeg(_example("ontwikkelen-collectief"), DAY)
    v = compare(a, b)
    assert not v.zelfde_initiatief
    text = render_comparison(v, "tekst")
    assert "Fase: Opstarten → Ontwikkelen, omdat" in text
    assert "bij B ja is (bij A nee)" in text and "Twee versies" not in text
    assert "### Activiteiten" in render_comparison(v, "markdown")


def test_same_consultation_gives_no_differences():
    c = SHIPPED.raadpleeg(_example("uitvoeren-gemengd"), DAY)
    v = compare(c, c)
    assert v.leeg
    assert "Geen verschillen" in render_comparison(v, "tekst")


# -- the command line ---------------------------------------------------------------------------

def test_vergelijk_command_prints_tekst_markdown_and_json(tmp_path: Path):
    before = tmp_path / "eerst.yaml"
    after = tmp_path / "nu.yaml"
    facts = _example("opstarten-collectief")
    before.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    after.write_text(yaml.safe_dump(_with(facts, "afspraken.intentieovereenkomst", True), allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    args = ["vergelijk", str(before), str(after), "--peildatum", DAY.isoformat()]
    tekst = runner.invoke(main, args)
    assert tekst.exit_code == 0, tekst.output
    assert "Fase: Opstarten → Uitwerken, omdat afspraken.intentieovereenkomst nu ja is (eerst nee)." in tekst.output
    as_json = runner.invoke(main, [*args, "--formaat", "json"])
    data = json.loads(as_json.output)
    expected = compare(SHIPPED.raadpleeg(facts, DAY),
                       SHIPPED.raadpleeg(_with(facts, "afspraken.intentieovereenkomst", True), DAY))
    assert Vergelijking.model_validate(data) == expected
    assert runner.invoke(main, [*args, "--formaat", "json"]).output == as_json.output  # byte for byte
    out = tmp_path / "verschil.md"
    written = runner.invoke(main, [*args, "--formaat", "markdown", "--uitvoer", str(out)])
    assert written.exit_code == 0 and written.output == ""
    assert out.read_text(encoding="utf-8").startswith("# Vergelijking van twee adviezen")
    same = runner.invoke(main, ["vergelijk", str(before), str(before)])
    assert same.exit_code == 0 and "Geen verschillen" in same.output


def test_vergelijk_command_refuses_bad_input(tmp_path: Path):
    good = tmp_path / "goed.yaml"
    good.write_text("naam: x\n", encoding="utf-8")
    bad = tmp_path / "fout.yaml"
    bad.write_text("naam: x\nfase: opstartn\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["vergelijk", str(good), str(bad)])
    assert result.exit_code == 2 and f"{bad}:2" in result.output and "Traceback" not in result.output
    both = runner.invoke(main, ["vergelijk", "-", "-"], input="naam: x\n")
    assert both.exit_code == 2 and "allebei" in both.output
    into_input = runner.invoke(main, ["vergelijk", str(good), str(good), "--uitvoer", str(good)])
    assert into_input.exit_code == 2 and good.read_text(encoding="utf-8") == "naam: x\n"


# -- properties ---------------------------------------------------------------------------------

PROFILES = profiles(sorted(SHIPPED.kb.partners), sorted(SHIPPED.kb.activiteiten))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mirror_fact(f: FeitVerschil) -> FeitVerschil:
    return f.model_copy(update={"a": f.b, "b": f.a, "erbij": f.eraf, "eraf": f.erbij})


def _mirror(v: Vergelijking) -> Vergelijking:
    swap = {"toegevoegd": "verwijderd", "verwijderd": "toegevoegd", "gewijzigd": "gewijzigd"}
    diffs = [d.model_copy(update={
        "a": d.b, "b": d.a, "soort": swap[d.soort], "feiten": [_mirror_fact(f) for f in d.feiten],
        "regels": [o.model_copy(update={"afgegaan_bij": "b" if o.afgegaan_bij == "a" else "a"}) for o in d.regels]})
        for d in v.verschillen]
    return v.model_copy(update={"a": v.b, "b": v.a, "feiten": [_mirror_fact(f) for f in v.feiten],
                                "afgeleide_feiten": [_mirror_fact(f) for f in v.afgeleide_feiten], "verschillen": diffs})


def _dump(v: Vergelijking) -> str:
    return json.dumps(v.model_dump(mode="json"), sort_keys=True)


@SETTINGS
@given(PROFILES)
def test_a_consultation_compared_with_itself_is_empty(feiten: dict[str, Any]):
    c = SHIPPED.raadpleeg(feiten, DAY)
    assert compare(c, c).leeg
    assert compare(c, SHIPPED.raadpleeg(feiten, DAY)).leeg


@SETTINGS
@given(PROFILES, PROFILES)
def test_comparing_the_other_way_round_mirrors(first: dict[str, Any], second: dict[str, Any]):
    a, b = SHIPPED.raadpleeg(first, DAY), SHIPPED.raadpleeg(second, DAY)
    there, back = compare(a, b), compare(b, a)
    assert _dump(back) == _dump(_mirror(there))
    assert _dump(compare(a, b)) == _dump(there)  # deterministic


@SETTINGS
@given(st.sampled_from([p[:3] for p in PAIRS]))
def test_one_fact_pairs_mirror(pair: tuple[str, str, Any]):
    a, b = _consults(*pair)
    assert _dump(compare(b, a)) == _dump(_mirror(compare(a, b)))


def test_the_models_are_frozen_and_json_round_trips():
    a, b = _consults("beheren-individueel", "initiatief.toekomst", "opheffen")
    v = compare(a, b)
    assert Vergelijking.model_validate_json(v.model_dump_json()) == v
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its own ValidationError on a frozen model
        v.verschillen[0].id = "x"  # type: ignore[misc]
    assert isinstance(v.a, Zijde) and all(isinstance(o, Oorzaak) for d in v.verschillen for o in d.regels)


def test_a_phase_given_later_is_compared_as_input_and_its_warning_shows():
    a = SHIPPED.raadpleeg({"naam": "x"}, DAY)
    b = SHIPPED.raadpleeg({"naam": "x", "fase": "opstarten", "afspraken": {"samenwerkingsovereenkomst": True}}, DAY)
    v = compare(a, b)
    assert "fase" not in {f.feit for f in v.afgeleide_feiten}
    d = _find(v, "fase", "", "gewijzigd", "bepaald_door")
    assert (d.a, d.b, d.titel) == ("aangenomen", "invoer", "Opstarten")
    assert "fase" in {f.feit for f in d.feiten}
    (w,) = [x for x in v.verschillen if x.onderdeel == "waarschuwing"]
    assert (w.soort, w.id, [(o.regel, o.afgegaan_bij) for o in w.regels]) == (
        "toegevoegd", "consistentie-sok-al-getekend", [("consistentie-sok-al-getekend", "b")])
    text = render_comparison(v, "tekst")
    assert "Fase: Opstarten, aangenomen → opgegeven in de invoer, omdat" in text
    assert "Nieuw: waarschuwing (consistentie-sok-al-getekend), omdat afspraken.samenwerkingsovereenkomst nu" in text


def test_a_changed_plan_order_names_the_steps_that_swapped_by_title_not_by_id() -> None:
    a, b = _consults("opstarten-collectief", "gemeente.uitgangspunten_vastgelegd", True)
    v = compare(a, b)
    order = next(d for d in v.verschillen if d.veld == "volgorde")
    assert order.a != order.b  # the JSON keeps the ids, in both orders
    assert set(v.stappen) == set(order.a)
    titles = {s.id: s.titel for g in b.advice.plan for s in g.stappen}
    for formaat in ("tekst", "markdown"):
        text = " ".join(render_comparison(v, formaat).split())
        line = text[text.index("Volgorde van het stappenplan"):]
        line = line[:line.index(", omdat")]
        assert " komt nu vóór " in line
        assert not any(step in line for step in order.a), line  # no id, only titles
        assert any(f"'{titles[step]}'" in line for step in order.a), line


def test_the_page_words_have_no_ids_and_the_folded_part_keeps_them() -> None:
    import itertools
    import re

    from samenwerkwijzer.engine.model.facts import input_catalogue
    from samenwerkwijzer.engine.render.comparetext import outline

    derived = {name: spec.description for name, spec in SHIPPED.base.derived.items()}
    consults = {p.stem: SHIPPED.raadpleeg(SHIPPED.lees_feiten(str(p)), DAY) for p in sorted(EXAMPLES.glob("*.yaml"))}
    names = {n for n in set(input_catalogue()) | set(derived) | set(SHIPPED.kb.activiteiten) | set(SHIPPED.kb.partners)
             if re.search(r"[_.-]", n)}  # ids that look like ids ('gemeenteraad' is also a word)
    dotted = re.compile(r"\b[a-z]+\.[a-z_]+\b")
    seen_derived = False
    for a, b in itertools.permutations(consults, 2):
        page = outline(compare(consults[a], consults[b]), SHIPPED.kb, derived)
        plain = page.feiten + [line.zin for _kop, lines in page.groepen for line in lines]
        for text in plain:
            words = set(re.findall(r"[a-z][a-z0-9_.-]+", text))
            assert not dotted.search(text), text
            assert not words & names, (words & names, text)
            for asked in re.findall(r"het antwoord op ‘([^’]*)’", text):
                assert asked.endswith("?") and asked in {question for question in _questions()}, text
            seen_derived = seen_derived or any(f"{derived[n].split('. ')[0][1:].rstrip('.')}’" in text for n in derived)
        technical = [line.technisch for _kop, lines in page.groepen for line in lines]
        assert len(technical) == len(plain) - len(page.feiten)
        assert all(f"({d.id})" in line for d, line in zip(compare(consults[a], consults[b]).verschillen, technical,
                                                            strict=True) if d.id and d.onderdeel not in ("open_vraag", "waarschuwing"))
    assert seen_derived, "a derived fact is named by what it means in some reason"


def _questions() -> list[str]:
    from samenwerkwijzer.engine.model.facts import input_catalogue
    from samenwerkwijzer.engine.model.questiontexts import question_text

    return [question_text(name).vraag for name in input_catalogue()]
