"""The engine: every condition and conclusion kind, chaining, conflict policy, dates, isolation of sessions."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from engines import needs_durable

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.errors import EngineError, InputError

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 1, 1)

# (condition, profile, fires?) — one rule per case, each deriving its own flag
CONDITIONS = [
    ({"feit": "warmteoplossing", "is": "collectief"}, {"warmteoplossing": "collectief"}, True),
    ({"feit": "warmteoplossing", "is": "collectief"}, {"warmteoplossing": "individueel"}, False),
    ({"feit": "warmteoplossing", "is": "collectief"}, {}, False),
    ({"feit": "warmteoplossing", "is": "collectief"}, {"warmteoplossing": "onbekend"}, False),
    ({"feit": "warmteoplossing", "is_niet": "collectief"}, {"warmteoplossing": "individueel"}, True),
    ({"feit": "warmteoplossing", "is_niet": "collectief"}, {}, True),
    ({"feit": "warmteoplossing", "is_niet": "collectief"}, {"warmteoplossing": "collectief"}, False),
    ({"feit": "gemeente.capaciteit", "in": ["beperkt", "onvoldoende"]}, {"gemeente": {"capaciteit": "beperkt"}}, True),
    ({"feit": "gemeente.capaciteit", "in": ["beperkt", "onvoldoende"]}, {"gemeente": {"capaciteit": "voldoende"}}, False),
    ({"feit": "gemeente.capaciteit", "niet_in": ["beperkt", "onvoldoende"]}, {"gemeente": {"capaciteit": "voldoende"}}, True),
    ({"feit": "gemeente.capaciteit", "niet_in": ["beperkt", "onvoldoende"]}, {"gemeente": {"capaciteit": "beperkt"}}, False),
    ({"feit": "wijk.deelnamebereidheid", "groter_dan": 50}, {"wijk": {"deelnamebereidheid": 51}}, True),
    ({"feit": "wijk.deelnamebereidheid", "groter_dan": 50}, {"wijk": {"deelnamebereidheid": 50}}, False),
    ({"feit": "wijk.deelnamebereidheid", "minstens": 50}, {"wijk": {"deelnamebereidheid": 50}}, True),
    ({"feit": "wijk.deelnamebereidheid", "kleiner_dan": 30}, {"wijk": {"deelnamebereidheid": 29}}, True),
    ({"feit": "wijk.deelnamebereidheid", "kleiner_dan": 30}, {"wijk": {"deelnamebereidheid": 30}}, False),
    ({"feit": "wijk.deelnamebereidheid", "hoogstens": 30}, {"wijk": {"deelnamebereidheid": 30}}, True),
    ({"feit": "wijk.deelnamebereidheid", "hoogstens": 30}, {}, False),
    ({"niet": {"feit": "wijk.deelnamebereidheid", "hoogstens": 30}}, {"wijk": {"deelnamebereidheid": 31}}, True),
    ({"niet": {"feit": "wijk.deelnamebereidheid", "hoogstens": 30}}, {}, True),
    ({"feit": "technieken", "bevat": "warmtenet"}, {"technieken": ["isolatie", "warmtenet"]}, True),
    ({"feit": "technieken", "bevat": "warmtenet"}, {"technieken": ["isolatie"]}, False),
    ({"feit": "technieken", "bevat_niet": "warmtenet"}, {"technieken": ["isolatie"]}, True),
    ({"feit": "technieken", "bevat_niet": "warmtenet"}, {}, True),
    ({"feit": "technieken", "bevat_niet": "warmtenet"}, {"technieken": ["warmtenet"]}, False),
    ({"feit": "technieken", "bevat_een": ["warmtenet", "groen_gas"]}, {"technieken": ["groen_gas"]}, True),
    ({"feit": "technieken", "bevat_een": ["warmtenet", "groen_gas"]}, {"technieken": ["isolatie"]}, False),
    ({"niet": {"feit": "technieken", "bevat_een": ["warmtenet", "groen_gas"]}}, {"technieken": ["isolatie"]}, True),
    ({"niet": {"feit": "technieken", "bevat_een": ["warmtenet", "groen_gas"]}}, {"technieken": ["warmtenet"]}, False),
    ({"feit": "technieken", "leeg": True}, {"technieken": []}, True),
    ({"feit": "technieken", "leeg": True}, {"technieken": ["isolatie"]}, False),
    ({"feit": "technieken", "leeg": False}, {"technieken": ["isolatie"]}, True),
    ({"bekend": "participatieniveau"}, {"participatieniveau": "adviseren"}, True),
    ({"bekend": "participatieniveau"}, {}, False),
    ({"onbekend": "participatieniveau"}, {}, True),
    ({"onbekend": "participatieniveau"}, {"participatieniveau": "adviseren"}, False),
    ({"bekend": "technieken"}, {"technieken": []}, True),
    ({"onbekend": "technieken"}, {}, True),
    ({"alle": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]},
     {"wijk": {"spanningen": True}, "warmteoplossing": "collectief"}, True),
    ({"alle": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]},
     {"wijk": {"spanningen": True}}, False),
    ({"een_van": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]},
     {"warmteoplossing": "collectief"}, True),
    ({"een_van": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]}, {}, False),
    ({"niet": {"alle": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]}},
     {"wijk": {"spanningen": True}}, True),
    ({"niet": {"een_van": [{"feit": "wijk.spanningen", "is": True}, {"feit": "warmteoplossing", "is": "collectief"}]}},
     {"wijk": {"spanningen": False}, "warmteoplossing": "individueel"}, True),
    ({"niet": {"niet": {"feit": "wijk.spanningen", "is": True}}}, {"wijk": {"spanningen": True}}, True),
    ({"feit": "partners_betrokken", "bevat": "netbeheerder"}, {"partners_betrokken": ["netbeheerder"]}, True),
    ({"feit": "afgerond", "bevat": "ops-kennismaken"}, {"afgerond": ["ops-kennismaken"]}, True),
    ({"feit": "afgerond", "bevat_niet": "ops-kennismaken"}, {}, True),
    ({"alle": []}, {}, True),
    ({"een_van": [{"feit": "warmteoplossing", "is": "collectief"},
                  {"alle": [{"onbekend": "warmteoplossing"}, {"feit": "wijk.spanningen", "is": True}]}]},
     {"wijk": {"spanningen": True}}, True),
]


@pytest.fixture(scope="module")
def condition_base(tmp_path_factory) -> Adviseur:
    folder = tmp_path_factory.mktemp("voorwaarden")
    rules = []
    for n, (cond, _profile, _fires) in enumerate(CONDITIONS):
        rules.append({"id": f"toets-{n}", "titel": f"toets {n}", "als": cond,
                      "dan": [{"afleiden": {"feit": f"toets.r{n}", "waarde": True}}],
                      "bron": "inleiding/fases", "toelichting": "test"})
    doc = {
        "afgeleide_feiten": [{"naam": f"toets.r{n}", "waarden": [True], "omschrijving": "t", "bron": "inleiding/fases"}
                             for n in range(len(CONDITIONS))],
        "beleid": {"formalisatie_volgorde": ["intentieovereenkomst"]},
        "regels": rules,
    }
    (folder / "regels.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return Adviseur(regels=folder, kennisbank=DATA / "kb-mini")


@pytest.mark.parametrize("n", range(len(CONDITIONS)), ids=lambda n: f"{n}-{list(CONDITIONS[n][0])[0]}")
def test_condition_kind(condition_base: Adviseur, n: int):
    cond, profile, fires = CONDITIONS[n]
    advies = condition_base.adviseer({"naam": "toets", **profile}, DAY)
    derived = {d.feit for d in advies.afgeleide_feiten}
    assert (f"toets.r{n}" in derived) is fires, (cond, profile)


def test_every_conclusion_kind_with_chaining_and_policy(mini: Adviseur):
    advies = mini.adviseer({"naam": "x", "warmteoplossing": "collectief", "initiatief": {"beoogde_rol": "meedenken"},
                            "gemeente": {"capaciteit": "beperkt"}, "technieken": ["warmtenet"]}, dt.date(2019, 6, 1))
    # derive: fase (input fact derived when unknown) and route (declared derived fact); no agreement is
    # known, so the phase is assumed rather than derived from facts
    assert advies.fase.waarde == "opstarten" and advies.fase.bepaald_door == "aangenomen"
    assert [r.regel for r in advies.fase.waarom] == ["fase-opstarten"]
    assert {(d.feit, d.waarde) for d in advies.afgeleide_feiten} == {("fase", "opstarten"), ("route", "zwaar_voortraject")}
    # chaining: route (derived) -> intentie-zwaar, which reads only the derived fact
    form = advies.formalisatie
    assert form is not None
    assert form.vorm == "intentieovereenkomst" and form.zwaarte == "zwaar"
    # conflict: subsidieovereenkomst (intentie-licht) loses by the declared order and becomes an alternative
    assert [(v.vorm, v.regel) for v in form.verworpen] == [("subsidieovereenkomst", "intentie-licht")]
    assert "subsidieovereenkomst" in form.alternatieven
    assert [r.regel for r in form.waarom] == ["intentie-zwaar"]
    assert form.waarom[0].feiten == {"fase": "opstarten", "route": "zwaar_voortraject"}
    # activities: highest priority wins, every contributing rule in waarom
    acts = {a.id: a for a in advies.activiteiten}
    assert acts["ops-kennismaken"].prioriteit == "moet"
    assert [r.regel for r in acts["ops-kennismaken"].waarom] == ["aanspreekpunt", "kennismaken"]
    # a later-phase activity is at most 'zou' now, even when a rule says moet
    assert acts["uit-plan"].prioriteit == "zou"
    # partner roles from two rules; risk severity raised by a rule with its own mitigation first
    (partner,) = advies.partners
    assert partner.id == "netbeheerder" and len(partner.rollen) == 2
    (risk,) = advies.risicos
    assert risk.ernst == "hoog" and risk.maatregelen[0] == "Maak capaciteit vrij."
    assert [t.id for t in advies.tips] == ["tip-ops-droom"]
    # volgorde conclusion adds a plan edge
    steps = [s.id for g in advies.plan for s in g.stappen]
    assert steps.index("ops-aanspreekpunt") < steps.index("ops-ambitie")


def test_validity_dates_select_rules(mini: Adviseur):
    feiten = {"naam": "x", "technieken": ["warmtenet"]}
    before = mini.adviseer(feiten, dt.date(2019, 12, 31))
    after = mini.adviseer(feiten, dt.date(2020, 1, 2))
    assert any(p.id == "netbeheerder" for p in before.partners)
    assert not any(p.id == "netbeheerder" for p in after.partners)
    assert any("netbeheerder-warmtenet" in w.regels and "niet meer" in w.tekst for w in after.waarschuwingen)
    assert after.regelbasis.peildatum == dt.date(2020, 1, 2)


def test_given_phase_wins_and_is_reported_as_input(mini: Adviseur):
    advies = mini.adviseer({"naam": "x", "fase": "uitwerken"}, DAY)
    assert advies.fase.waarde == "uitwerken" and advies.fase.bepaald_door == "invoer"
    assert not any(a.id.startswith("ops-") for a in advies.activiteiten)


def test_open_questions_name_facts_that_would_change_the_advice(mini: Adviseur):
    advies = mini.adviseer({"naam": "x"}, DAY)
    facts = [q.feit for q in advies.open_vragen]
    assert "warmteoplossing" in facts and "gemeente.capaciteit" in facts
    q = next(q for q in advies.open_vragen if q.feit == "warmteoplossing")
    # collectief makes route-zwaar fire, whose derived route makes intentie-zwaar fire (full chaining)
    assert q.regels == ["intentie-zwaar", "route-zwaar"]
    effects = {a.waarde: a.verandert for a in q.antwoorden}
    assert effects["individueel"] == [] and "Afspraak wordt: Intentieovereenkomst" in effects["collectief"]
    assert all(a.gewicht >= b.gewicht for a, b in zip(advies.open_vragen, advies.open_vragen[1:], strict=False))
    known = mini.adviseer({"naam": "x", "warmteoplossing": "individueel"}, DAY)
    assert "warmteoplossing" not in [q.feit for q in known.open_vragen]


def test_sessions_leave_nothing_behind_and_do_not_leak(mini: Adviseur):
    a = mini.adviseer({"naam": "a", "warmteoplossing": "collectief"}, DAY)
    b = mini.adviseer({"naam": "b"}, DAY)
    assert not any(d.feit == "route" for d in b.afgeleide_feiten)
    assert a.model_dump_json() == mini.adviseer({"naam": "a", "warmteoplossing": "collectief"}, DAY).model_dump_json()
    assert mini.reasoner.leftover_facts() == []  # every session was deleted


@needs_durable
def test_action_errors_surface_as_engine_error(mini: Adviseur, monkeypatch):
    reasoner = mini.reasoner
    monkeypatch.setattr(reasoner, "_actions", _ExplodingMap(reasoner._actions))
    with pytest.raises(EngineError, match="kapot"):
        mini.adviseer({"naam": "x"}, DAY)


class _ExplodingMap(dict):
    """What the reasoner knows of each fired rule, failing when a rule fires."""

    def __getitem__(self, item):
        raise RuntimeError("kapot")


def test_library_accepts_dict_and_reports_bad_dict(mini: Adviseur):
    with pytest.raises(InputError) as exc:
        mini.adviseer({"naam": "x", "warmteoplosing": "collectief"}, DAY)
    assert "bedoelde u 'warmteoplossing'" in exc.value.format()


def test_rule_file_order_does_not_change_the_advice(tmp_path: Path, mini: Adviseur):
    src = DATA / "regels-mini" / "regels.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    folder = tmp_path / "omgekeerd"
    folder.mkdir()
    rules = data.pop("regels")
    (folder / "a.yaml").write_text(yaml.safe_dump({"regels": list(reversed(rules[: len(rules) // 2]))}, allow_unicode=True))
    (folder / "b.yaml").write_text(yaml.safe_dump({**data, "regels": list(reversed(rules[len(rules) // 2:]))}, allow_unicode=True))
    other = Adviseur(regels=folder, kennisbank=DATA / "kb-mini")
    feiten = {"naam": "x", "warmteoplossing": "collectief", "gemeente": {"capaciteit": "beperkt"}, "technieken": ["warmtenet"]}
    a = mini.adviseer(feiten, DAY).model_dump(mode="json")
    b = other.adviseer(feiten, DAY).model_dump(mode="json")
    a.pop("regelbasis"), b.pop("regelbasis")
    assert a == b


def test_bad_rule_base_is_refused_before_anything_runs(tmp_path: Path):
    folder = tmp_path / "regels"
    shutil.copytree(DATA / "regels-mini", folder)
    text = (folder / "regels.yaml").read_text(encoding="utf-8").replace("gemeente.capaciteit", "gemeente.capaciteid")
    (folder / "regels.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        Adviseur(regels=folder, kennisbank=DATA / "kb-mini")
    msg = exc.value.format()
    assert "regel 'capaciteit'" in msg and "onbekend feit 'gemeente.capaciteid'" in msg and "bedoelde u 'gemeente.capaciteit'" in msg
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "gemeente.capaciteid" in row)
    assert f"regels.yaml:{line}:" in msg


def test_negating_a_derivable_input_fact_waits_for_its_value(tmp_path: Path):
    """'niet fase = uitwerken' must not hold just because fase was not given: it may be derived."""
    folder = tmp_path / "regels"
    shutil.copytree(DATA / "regels-mini", folder)
    (folder / "extra.yaml").write_text(
        "afgeleide_feiten:\n"
        "  - {naam: buiten_uitwerken, waarden: [true], omschrijving: t, bron: inleiding/fases}\n"
        "regels:\n"
        "  - id: niet-uitwerken\n"
        "    titel: t\n"
        "    als: {niet: {feit: fase, is: uitwerken}}\n"
        "    dan: [{afleiden: {feit: buiten_uitwerken, waarde: true}}]\n"
        "    bron: inleiding/fases\n"
        "    toelichting: t\n",
        encoding="utf-8",
    )
    base = Adviseur(regels=folder, kennisbank=DATA / "kb-mini")
    derived_uitwerken = base.adviseer({"naam": "x", "afspraken": {"intentieovereenkomst": True}}, DAY)
    assert derived_uitwerken.fase.waarde == "uitwerken"
    assert "buiten_uitwerken" not in {d.feit for d in derived_uitwerken.afgeleide_feiten}
    derived_opstarten = base.adviseer({"naam": "x"}, DAY)
    assert "buiten_uitwerken" in {d.feit for d in derived_opstarten.afgeleide_feiten}
