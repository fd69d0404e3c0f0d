"""The hand-out for the initiative (`--voor initiatief`) speaks to the residents: "Nu eerst" and the plan are
grouped by who acts, a step the gemeente or a partner does shows no "how" (that instructs the one who does
it), and still every step of the advice is listed once. The gemeente's own view keeps one list without
these headings."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from samenwerkwijzer.engine.model.advice import Reden
from samenwerkwijzer.engine.render.formats import render
from samenwerkwijzer.engine.render.reading import ADDRESSED, DONE_GROUP, OTHERS_DO, OWNER_GROUPS, _Reasons, build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))
DAY = dt.date(2026, 6, 1)
HUMAN = ("tekst", "markdown", "html")
OTHERS = ("gemeente", "partner")  # owners whose steps the initiative does not do itself


@pytest.fixture(scope="module")
def consults(shipped):
    return {p.name: shipped.raadpleeg(shipped.lees_feiten(str(p)), DAY) for p in EXAMPLES}


def plain(out: str, formaat: str) -> str:
    """What a reader sees, as one line of words: no markup, no escapes, no wrapping."""
    if formaat == "html":
        out = html.unescape(re.sub(r"<style>.*?</style>|<svg.*?</svg>|<[^>]+>", " ", out, flags=re.S))
    elif formaat == "markdown":
        out = re.sub(r"\\(.)", r"\1", out)
    return " ".join(out.split())


def plan_part(out: str, formaat: str) -> str:
    """The plan per fase, up to the next part (and without the picture)."""
    start = out.index("Het plan per fase")
    ends = [out.find(mark, start) for mark in ("Het plan als plaatje", "Met wie we samenwerken", "De afspraak die we")]
    return out[start:min(e for e in ends if e > 0)]


def test_every_step_of_the_advice_is_listed_once_in_the_hand_out_plan(consults, shipped):
    internal = shipped.titles.internal
    for name, consult in consults.items():
        advies = consult.advice
        expected = [s for g in advies.plan for s in g.stappen if s.id not in internal]
        done = [a for a in (advies.voortgang.afgerond if advies.voortgang else []) if a.id not in internal]
        r = build(consult, "initiatief")
        listed = [s.id for p in r.plan for g in p.groepen for s in g.stappen]
        assert sorted(listed) == sorted([s.id for s in expected] + [a.id for a in done]), name
        assert [s.id for p in r.plan for s in p.stappen] == listed, name  # the flat list is the grouped one
        out = render(consult, "tekst", "initiatief")
        heads = re.findall(r"^ +\[ \] (\d+)\. (.+?) \((?:nodig|aan te raden|kan ook)\)$", out, re.M)
        assert sorted(int(n) for n, _ in heads) == list(range(1, len(expected) + 1)), name
        by_number = {s.nr: s.titel for p in r.plan for s in p.stappen}
        assert all(by_number[int(n)] == title for n, title in heads), name
        assert sorted(title for _, title in heads) == sorted(s.titel for s in expected), name
        for a in done:
            assert out.count(f"[x] {a.titel} (al gedaan)") == 1, (name, a.titel)


@pytest.mark.parametrize("formaat", HUMAN)
def test_no_how_of_a_step_the_gemeente_or_a_partner_does_is_in_the_hand_out(consults, shipped, formaat):
    checked = 0
    for name, consult in consults.items():
        acts = [a for a in consult.advice.activiteiten
                if a.eigenaar in OTHERS and a.omschrijving.strip() and a.id not in shipped.titles.internal]
        gemeente = plain(render(consult, formaat, "gemeente"), formaat)
        initiatief = plain(render(consult, formaat, "initiatief"), formaat)
        for a in acts:
            how = " ".join(a.omschrijving.split())[:60]
            if how in gemeente:  # the gemeente's view does show it (a step already done shows no how at all)
                checked += 1
                assert how not in initiatief, (name, formaat, a.id)
                assert a.titel in initiatief, (name, formaat, a.id)  # the step itself is still there
    assert checked, "the examples have gemeente steps with a how"


@pytest.mark.parametrize("formaat", HUMAN)
def test_the_hand_out_groups_by_who_acts_and_the_gemeente_view_does_not(consults, formaat):
    for name, consult in consults.items():
        r = build(consult, "initiatief")
        out = render(consult, formaat, "initiatief")
        plan = plain(plan_part(out, formaat), formaat)
        for phase in r.plan:
            owners = [s.eigenaar for s in phase.stappen if not s.af]
            wanted = [OWNER_GROUPS[o] for o in OWNER_GROUPS if o in owners]  # in the fixed order
            wanted = [DONE_GROUP] * any(s.af for s in phase.stappen) + wanted
            assert [g.kop for g in phase.groepen] == wanted, (name, phase.fase)
            for group in phase.groepen:
                assert all((s.af and group.kop == DONE_GROUP) or OWNER_GROUPS[s.eigenaar] == group.kop
                           for s in group.stappen), (name, group.kop)
        kops = [g.kop for p in r.plan for g in p.groepen]
        for kop in set(kops):
            assert plan.count(kop) >= kops.count(kop), (name, formaat, kop)
        now = plain(out[out.index("Nu eerst"):out.index("Het plan per fase")], formaat)
        for group in r.nu_groepen:
            assert group.kop in OWNER_GROUPS.values() and group.kop in now, (name, formaat)
        gemeente = render(consult, formaat, "gemeente")
        assert not [k for k in (*OWNER_GROUPS.values(), *OTHERS_DO.values()) if k in gemeente], (name, formaat)
        g = build(consult, "gemeente")
        assert [grp.kop for grp in g.nu_groepen] == ([""] if g.nu_eerst else []), name
        assert all([grp.kop for grp in p.groepen] == [""] for p in g.plan), name


def test_a_step_someone_else_does_says_what_the_initiative_can_ask_and_not_how(consults):
    seen = 0
    for name, consult in consults.items():
        for p in build(consult, "initiatief").plan:
            for s in p.stappen:
                if s.af:
                    continue
                if s.eigenaar in OTHERS:
                    seen += 1
                    assert s.noot == OTHERS_DO[s.eigenaar] and not s.hoe, (name, s.id)
                    assert s.waarom is None or not ADDRESSED.search(s.waarom), (name, s.id, s.waarom)
                else:
                    assert not s.noot, (name, s.id)
    assert seen, "the examples have steps the gemeente does"


def test_a_reason_that_speaks_to_je_gives_way_to_the_next_for_someone_else_s_step():
    reasons = [Reden(regel="a", titel="", bron="", toelichting="Wil je de wijk kennen? Dan moet je kijken.", feiten={}),
               Reden(regel="b", titel="", bron="", toelichting="Bewoners raken anders de weg kwijt.", feiten={})]
    assert _Reasons().why(reasons) == "Wil je de wijk kennen? Dan moet je kijken."
    assert _Reasons().why(reasons, addressed=False) == "Bewoners raken anders de weg kwijt."
    assert _Reasons().why(reasons[:1], addressed=False) is None
    assert ADDRESSED.search("Dan moet u kiezen.") and not ADDRESSED.search("Jullie kiezen uiteindelijk zelf; jouwe.")


@pytest.mark.parametrize("formaat", HUMAN)
def test_the_hand_out_is_the_same_bytes_every_time(consults, formaat):
    for consult in consults.values():
        assert render(consult, formaat, "initiatief") == render(consult, formaat, "initiatief")
