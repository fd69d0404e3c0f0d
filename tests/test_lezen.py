"""What a person reads: summary and "Nu eerst" first, no machine ids outside the Verantwoording,
a hand-out for the initiative without internal items, a plan picture readable on A4 landscape."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.render.formats import render
from samenwerkwijzer.engine.render.reading import build
from samenwerkwijzer.engine.render.svg import FONT, plan_svg, print_scale

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
DAY = dt.date(2026, 6, 1)
HUMAN = ("tekst", "markdown", "html")
AUDIENCES = ("gemeente", "initiatief")


@pytest.fixture(scope="module")
def consults(shipped):
    return {p.name: shipped.raadpleeg(shipped.lees_feiten(str(p)), DAY) for p in EXAMPLES}


class _Text(HTMLParser):
    """The text a reader sees (or gets as a tooltip) in an HTML page: no markup, no style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.style = self.style or tag == "style"
        self.parts.extend(v for k, v in attrs if k in ("aria-label", "alt", "title") and v)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.style = False

    def handle_data(self, data: str) -> None:
        if not self.style:
            self.parts.append(data)


def reader_text(out: str, formaat: str) -> str:
    """The output without its Verantwoording part (html: the folded <details> at the end)."""
    if formaat == "html":
        out = out.split('<details class="verantwoording"')[0]
        parser = _Text()
        parser.feed(out)
        return " ".join(parser.parts)
    return out.split("Verantwoording")[0]


def machine_names(shipped) -> set[str]:
    """Every shipped rule id, fact name and knowledge-base id that has a '-', '_' or '.' in it.

    Names that are one plain Dutch word (facts 'fase', 'naam', 'gemeente', 'technieken'; partners
    'netbeheerder', 'wethouder'; forms 'intentieovereenkomst') are left out: the advice uses these
    words as words, and a match would say nothing about a leak."""
    kb = shipped.kb
    names = {r.id for r in shipped.base.rules} | set(input_catalogue()) | set(shipped.facts)
    for table in (kb.activiteiten, kb.risicos, kb.tips, kb.partners, kb.vormen, kb.doelen, kb.sporen, kb.bronnen):
        names |= set(table)
    return {n for n in names if re.search(r"[-_./]", n)}


def test_the_scan_knows_the_kinds_of_name_it_looks_for(shipped):
    names = machine_names(shipped)
    assert {"verkenning_loopt", "gemeente.capaciteit", "opstarten-kennismaken", "ops-uitgangspunten",
            "opstarten/met-wie"} <= names
    assert len(names) > 300


@pytest.mark.parametrize("formaat", HUMAN)
@pytest.mark.parametrize("voor", AUDIENCES)
def test_no_rule_id_fact_key_or_path_outside_the_verantwoording(consults, shipped, formaat, voor):
    names = machine_names(shipped)
    found: dict[str, list[str]] = {}
    for name, consult in consults.items():
        text = reader_text(render(consult, formaat, voor), formaat)
        tokens = set(re.findall(r"[\w][\w.\-/]*[\w]", text))
        leaks = sorted(tokens & names)
        leaks += sorted(set(re.findall(r"\b(?:regels|kennisbank|voorbeelden)/\S*|\S+\.ya?ml\b", text)))
        if leaks:
            found[name] = leaks
    assert not found


def test_the_verantwoording_names_the_rules_when_asked(consults):
    consult = consults["opstarten-collectief.yaml"]
    rules = {r.regel for a in consult.advice.activiteiten for r in a.waarom}
    for formaat in ("tekst", "markdown"):
        plain = render(consult, formaat)
        full = render(consult, formaat, verantwoording=True)
        assert "Verantwoording" not in plain and "Verantwoording" in full
        assert not any(rule in plain for rule in rules)
        assert all(rule.replace("_", "\\_") in full or rule in full for rule in rules)
    html = render(consult, "html")
    assert '<details class="verantwoording" id="verantwoording">' in html  # folded: no 'open' attribute
    assert all(rule in html.split('<details class="verantwoording"')[1] for rule in rules)


# the whole "Nu eerst" part: the hand-out has a list per who acts, each under its own heading
NOW = {"tekst": re.compile(r"\nNu eerst\n(.*?)\n\n", re.S), "markdown": re.compile(r"\n## Nu eerst\n\n(.*?)\n\n## ", re.S),
       "html": re.compile(r'<section id="nu-eerst">(.*?)</section>', re.S)}
ITEM = {"tekst": r"^  - ", "markdown": r"^1\. ", "html": r"<li>"}
ROLE = {"tekst": r"^    Wie: \S", "markdown": r"^   - \*Wie:\* \S", "html": r"<dt>Wie</dt><dd>[^<]"}
DONE = {"tekst": r"^    Klaar als: \S", "markdown": r"^   - \*Klaar als:\* \S", "html": r"<dt>Klaar als</dt><dd>[^<]"}


@pytest.mark.parametrize("formaat", HUMAN)
@pytest.mark.parametrize("voor", AUDIENCES)
def test_nu_eerst_comes_first_with_one_to_three_actions_each_with_a_role_and_a_done_when(consults, formaat, voor):
    for name, consult in consults.items():
        out = render(consult, formaat, voor)
        block = NOW[formaat].search(out)
        assert block, name
        assert out.index(block.group(0)) < out.index("Het plan per fase"), name
        body = block.group(1)
        n = len(re.findall(ITEM[formaat], body, re.M))
        assert 1 <= n <= 3, (name, n)
        assert len(re.findall(ROLE[formaat], body, re.M)) == n, name
        assert len(re.findall(DONE[formaat], body, re.M)) == n, name


def test_nu_eerst_takes_open_must_steps_up_to_the_current_phase_that_wait_for_nothing_open(consults):
    from samenwerkwijzer.engine.model.vocabulary import FASEN

    left_over = 0
    for name, consult in consults.items():
        advies = consult.advice
        open_ids = {s.id for g in advies.plan for s in g.stappen}
        steps = {s.id: (s, g.fase) for g in advies.plan for s in g.stappen}
        now = build(consult).nu_eerst
        for item in now:
            step, phase = steps[item.id]
            assert not set(step.na) & open_ids, name
            assert FASEN.index(phase) <= FASEN.index(advies.fase.waarde), name
            left_over += phase != advies.fase.waarde
        ready = [s for s, phase in steps.values() if not set(s.na) & open_ids
                 and FASEN.index(phase) <= FASEN.index(advies.fase.waarde)]
        candidates = [s.id for s in ready if s.prioriteit == "moet"] or [s.id for s in ready]  # no 'moet': the others
        assert [s.id for s in now] == candidates[:3], name  # in plan order
    assert left_over, "an example has a step left over from an earlier phase; it comes first"


def test_an_abbreviation_keeps_its_capitals_in_a_sentence():
    from samenwerkwijzer.engine.render.reading import lower_first

    assert lower_first("Samenwerkingsovereenkomst (SOK)") == "samenwerkingsovereenkomst (SOK)"
    assert lower_first("SOK") == "SOK"


@pytest.mark.parametrize("voor", AUDIENCES)
def test_a_reason_is_shown_once(consults, voor):
    for name, consult in consults.items():
        whys = re.findall(r"Waarom: (.+?)(?=\n\s*\w[\w ]*:|\n\n|\n +\[)", render(consult, "tekst", voor), re.S)
        whys = [" ".join(w.split()) for w in whys]
        assert whys and len(whys) == len(set(whys)), name


def test_plan_steps_are_numbered_in_the_order_shown_and_wait_by_title(consults):
    for name, consult in consults.items():
        out = render(consult, "tekst")
        numbers = [int(n) for n in re.findall(r"^  \[ \] (\d+)\. ", out, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)), name


INTERNAL_KINDS = ("activiteiten", "risicos", "tips", "partners")


def test_the_hand_out_for_the_initiative_leaves_out_internal_items(consults, shipped):
    internal = shipped.titles.internal
    seen = 0
    for name, consult in consults.items():
        advies = consult.advice
        titles = [a.titel for a in advies.activiteiten if a.id in internal and not a.afgerond]
        titles += [r.titel for r in advies.risicos if r.id in internal]
        titles += [t.titel for t in advies.tips if t.id in internal]
        titles += [p.naam for p in advies.partners if p.id in internal]
        for formaat in HUMAN:
            gemeente = reader_text(render(consult, formaat, "gemeente"), formaat)
            initiatief = reader_text(render(consult, formaat, "initiatief"), formaat)
            for title in titles:
                shown = title.replace("&", "&amp;") if formaat == "html" else title
                assert shown in gemeente or formaat == "markdown", (name, title)
                assert title not in initiatief, (name, formaat, title)
            seen += len(titles)
    assert seen > 0, "the examples have internal items to leave out"


def test_the_hand_out_speaks_to_the_initiative(consults):
    for name, consult in consults.items():
        out = render(consult, "tekst", "initiatief")
        assert re.search(r"\b(wij|we|jullie)\b", out), name
        assert "Samen aan de slag" in out


def test_the_internal_list_is_data_checked_by_the_loader(shipped, tmp_path):
    from samenwerkwijzer.engine.errors import InputError
    from samenwerkwijzer.engine.model.kennisbank import SHIPPED, load_kennisbank

    assert "ops-capaciteit" in shipped.kb.intern and "gemeente.capaciteit" in shipped.kb.intern
    folder = tmp_path / "kb"
    folder.mkdir()
    for f in SHIPPED.glob("**/*.yaml"):
        target = folder / f.relative_to(SHIPPED)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "intern.yaml").write_text("intern:\n  - ops-capacitiet\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_kennisbank(folder)
    message = str(caught.value)
    assert "intern.yaml:2" in message and "ops-capaciteit" in message


@pytest.mark.parametrize("voor", AUDIENCES)
def test_the_plan_picture_prints_at_8_pt_or_more_on_a4_landscape(consults, voor):
    for name, consult in consults.items():
        r = build(consult, voor)
        numbers = {s.id: s.nr for g in r.plan for s in g.stappen if s.nr is not None}
        svg = plan_svg(consult, numbers, {s.id for g in r.plan for s in g.stappen if s.af})
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        assert min(sizes) >= FONT, name
        points = FONT * print_scale(svg) * 0.75  # CSS px to pt
        assert points >= 8, (name, round(points, 2))


def test_a_phase_with_many_steps_uses_rows_not_one_column(consults):
    svg = render(consults["opstarten-collectief.yaml"], "html")
    xs = {m for m in re.findall(r'<g class="stap"><title>[^<]*</title>\s*<rect x="([\d.]+)"', svg)}
    assert len(xs) >= 2, "the boxes of one phase stand side by side"


def test_cli_takes_voor_and_verantwoording():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "advies", "voorbeelden/opstarten-collectief.yaml",
                          "--voor", "initiatief", "--verantwoording", "--peildatum", "2026-06-01"],
                         capture_output=True, cwd=ROOT, check=False, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Samen aan de slag") and "\nVerantwoording\n" in run.stdout


def test_roles_of_one_partner_read_as_one_set_of_sentences(consults):
    checked = 0
    for name, consult in consults.items():
        text = " ".join(render(consult, "tekst").split())
        for p in consult.advice.partners:
            if len(p.rollen) < 2:
                continue
            first, second = (" ".join(r.split()).rstrip(".") for r in p.rollen[:2])
            assert f"{first[0].upper()}{first[1:]}. {second[0].upper()}{second[1:]}" in text, (name, p.naam)
            checked += 1
    assert checked, "an example has a partner with two roles"


def test_a_tip_that_repeats_a_risk_measure_is_left_out():
    from samenwerkwijzer.engine.render.reading import repeats

    assert repeats("Spreek een escalatieroute af.", ["spreek een escalatieroute af met de wethouder"])
    assert repeats("houd rollen gescheiden", ["Houd rollen gescheiden!"])
    assert not repeats("Vier successen", ["spreek elkaar aan op fouten"])


def test_shown_tips_repeat_no_shown_measure(consults):
    from samenwerkwijzer.engine.render.reading import repeats

    for name, consult in consults.items():
        r = build(consult)
        measures = [m for risk in r.risicos for m in risk.zinnen]
        for tip in r.tips:
            assert not repeats(" ".join(tip.zinnen) or tip.titel, measures), (name, tip.titel)


def test_a_reason_that_opens_with_a_question_keeps_its_answer():
    from samenwerkwijzer.engine.render.reading import first_sentence

    assert first_sentence("Wil je serieus praten? Dan moet je de wijk kennen. Meer tekst.") == \
        "Wil je serieus praten? Dan moet je de wijk kennen."
    assert first_sentence("Een zin. Nog een.") == "Een zin."
    assert first_sentence("geen punt aan het eind") == "Geen punt aan het eind."


def test_the_hand_out_picture_names_owners_as_wij_and_jullie(consults):
    words = set()
    for consult in consults.values():
        words |= set(re.findall(r"(?:nodig|aan te raden|kan ook) · (\w+)", render(consult, "html", "initiatief")))
    assert words and words <= {"wij", "jullie", "samen", "partner"}
    assert "initiatief" not in words and "gemeente" not in words


def test_warnings_come_last_and_the_summary_points_at_them(consults):
    import dataclasses

    from samenwerkwijzer.engine.model.advice import Waarschuwing

    consult = consults["opstarten-collectief.yaml"]
    warned = dataclasses.replace(consult, advice=consult.advice.model_copy(update={"waarschuwingen": [
        Waarschuwing(soort="tegenstrijdig", tekst="de opgegeven fase past niet bij de afspraken")]}))
    text = render(warned, "tekst")
    assert "Let op: onderaan staat een waarschuwing over de feiten." in " ".join(text.split())
    assert "\nLet op: De opgegeven fase past niet bij de afspraken.\n" in text
    assert text.index("\nLet op: De opgegeven") > text.index("Open vragen")
    assert "> Let op: De opgegeven fase past niet bij de afspraken." in render(warned, "markdown")
    assert '<p class="waarschuwing">De opgegeven fase past niet bij de afspraken.</p>' in render(warned, "html")


def test_the_hand_out_never_names_an_internal_item_in_what_an_answer_changes(shipped, monkeypatch):
    from samenwerkwijzer.engine.render import reading
    monkeypatch.setattr(reading, "MAX_QUESTIONS", 1000)  # every question and every effect is shown
    monkeypatch.setattr(reading, "MAX_EFFECTS", 1000)
    kb = shipped.kb
    names = {kb.partners[i].naam for i in shipped.titles.internal if i in kb.partners}
    names |= {kb.activiteiten[i].titel for i in shipped.titles.internal if i in kb.activiteiten}
    assert names, "the knowledge base marks internal partners and activities"
    consult = shipped.raadpleeg({"naam": "Leeg"})  # nearly everything is still an open question
    leaked = [e for q in consult.advice.open_vragen for a in q.antwoorden for e in a.verandert
              if e.partition(": ")[2] in names]
    assert leaked, "the open questions of an empty profile do name internal items"
    out = render(consult, "tekst", "initiatief")
    assert not [n for n in names if n in out]


def test_the_line_about_further_questions_agrees_with_its_number() -> None:
    from samenwerkwijzer.engine.render.reading import _more_questions

    assert _more_questions(0) == ""
    assert _more_questions(1) == "Er is nog 1 andere vraag die het advies minder verandert."
    assert _more_questions(3) == "Er zijn nog 3 andere vragen die het advies minder veranderen."


def test_the_weight_of_the_agreement_is_said_in_plain_words(consults, shipped):
    # "een zware vorm" next to a glossary that called an intentieovereenkomst "een korte afspraak" read as a
    # contradiction; licht/zwaar now read as short/extensive, as the draft agreement says (zwaar: uitgebreid)
    seen = set()
    for name, consult in consults.items():
        agreement = build(consult).afspraak
        if agreement is None:
            continue
        assert "zware vorm" not in agreement.zin and "lichte vorm" not in agreement.zin, name
        weight = consult.advice.formalisatie.zwaarte if consult.advice.formalisatie else None
        if weight in ("licht", "zwaar"):
            seen.add(weight)
            assert agreement.zin.endswith({"licht": ", in een korte vorm.", "zwaar": ", in een uitgebreide vorm."}[weight])
    assert seen == {"licht", "zwaar"}
    glossary = {b.term: b.uitleg for b in shipped.kb.begrippen.values()}
    assert "korte" not in glossary["intentieovereenkomst"]


def test_an_uncertain_date_is_said_in_plain_words(consults):
    said = [line for consult in consults.values() for line in build(consult).samenvatting if "datum" in line]
    assert said, "an example has a rule with an uncertain date"
    for line in said:
        assert "rust op een datum" not in line
        assert line.startswith("Let op: een deel van dit advies hangt af van een datum die nog niet vaststaat.")


def test_the_agreement_sentence_adds_no_article_of_its_own(consults, shipped):
    # 'Werk toe naar een een formele opdracht …', 'een geen verdere samenwerking', 'een afspraken voor na het werk'
    for consult in consults.values():
        agreement = build(consult).afspraak
        if agreement is not None:
            assert " een een " not in agreement.zin.lower() and " een geen " not in agreement.zin.lower()
            assert "deze afspraak: " in agreement.zin
    for vorm in shipped.kb.vormen.values():
        assert not vorm.titel.lower().startswith("een een ")
