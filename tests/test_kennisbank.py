"""The shipped knowledge base is complete and consistent; broken bases are refused with file:line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.engine.errors import InputError
from samenwerkwijzer.engine.model.kennisbank import SHIPPED, load_kennisbank

DATA = Path(__file__).parent / "data"
BROKEN = sorted(p for p in (DATA / "kb-kapot").iterdir())


@pytest.fixture(scope="module")
def kb():
    return load_kennisbank(SHIPPED)


def test_counts_per_phase(kb):
    goals = {f: len(kb.fasen[f].doelen) for f in kb.phase_order()}
    acts = {f: len(kb.fasen[f].activiteiten) for f in kb.phase_order()}
    assert list(goals) == ["opstarten", "uitwerken", "ontwikkelen", "uitvoeren", "beheren"]
    assert goals == {"opstarten": 6, "uitwerken": 7, "ontwikkelen": 5, "uitvoeren": 4, "beheren": 3}
    # the guide's own activity paragraphs, plus steps for its goals and its per-huis / gedeeld-net
    # distinctions (issue 15): opstarten +2, uitwerken +3, ontwikkelen +3, uitvoeren +2, beheren +3
    assert acts == {"opstarten": 11, "uitwerken": 10, "ontwikkelen": 12, "uitvoeren": 7, "beheren": 8}
    assert len(kb.sporen) == 6
    assert len(kb.punten_vooraf) == 4
    assert len(kb.mogelijkheden) == 3
    assert set(kb.regierollen) == {"randvoorwaarden_stellen", "samenspel_organiseren", "initiatief_in_kracht"}
    assert [p.id for p in sorted(kb.participatieniveaus.values(), key=lambda p: p.volgorde)] == [
        "informeren", "raadplegen", "adviseren", "coproduceren", "meebeslissen", "zelfbeheer"]
    assert len(kb.risicos) >= 15


def test_every_phase_has_cooperation_partners_tips_and_result(kb):
    for fase in kb.fasen.values():
        assert fase.met_wie, fase.id
        assert fase.tips, fase.id
        assert fase.resultaat.omschrijving.strip(), fase.id
    for fase in ("opstarten", "uitwerken", "ontwikkelen", "uitvoeren"):
        assert kb.fasen[fase].samenwerken, fase


def test_formalisation_forms_and_alternatives(kb):
    for form in ("intentieovereenkomst", "opdrachtverlening", "subsidieovereenkomst", "geen_samenwerking",
                 "samenwerkingsovereenkomst", "tweede_intentieverklaring", "uitvoeringsplan", "opdrachtgeverschap",
                 "afsluiting"):
        assert form in kb.vormen
    assert {"opdrachtverlening", "subsidieovereenkomst", "geen_samenwerking"} <= set(kb.vormen["intentieovereenkomst"].alternatieven)
    assert set(kb.vormen["samenwerkingsovereenkomst"].zwaarte) == {"licht", "zwaar"}


def test_every_item_has_a_known_source(kb):
    items = [*kb.activiteiten.values(), *kb.doelen.values(), *kb.tips.values(), *kb.partners.values(),
             *kb.vormen.values(), *kb.risicos.values(), *kb.sporen.values(), *kb.fasen.values()]
    assert items
    for item in items:
        assert item.bron in kb.bronnen, item.id


def test_references_resolve_and_dependencies_are_acyclic(kb):
    import networkx as nx

    g = nx.DiGraph()
    for act in kb.activiteiten.values():
        assert act.spoor in kb.sporen
        for dep in act.na:
            assert dep in kb.activiteiten
            g.add_edge(dep, act.id)
    assert nx.is_directed_acyclic_graph(g)
    for track in kb.sporen:
        assert any(a.spoor == track for a in kb.activiteiten.values()), track


def test_json_dump_holds_every_item_with_all_fields(kb):
    out = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "kennisbank", "--formaat", "json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert len(data["fasen"]) == 5 and len(data["sporen"]) == 6
    assert len(data["activiteiten"]) == 48 and len(data["doelen"]) == 25
    for act in data["activiteiten"]:
        assert set(act) == {"id", "titel", "omschrijving", "fase", "spoor", "eigenaar", "rol", "klaar_als", "doorlooptijd", "na", "doelen", "bron"}
        assert act["fase"] in {"opstarten", "uitwerken", "ontwikkelen", "uitvoeren", "beheren"}


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_knowledge_base_is_refused_with_file_and_line(path: Path):
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    expected = [m for f in files for m in re.findall(r"^# verwacht: (\d+): (.+)$", f.read_text(), re.M)]
    assert expected, f"{path} says what it expects"
    with pytest.raises(InputError) as exc:
        load_kennisbank(path)
    text = exc.value.format()
    for line, fragment in expected:
        assert re.search(rf":{line}:\d+: fout: .*{re.escape(fragment)}", text), text
    proc = subprocess.run([sys.executable, "-m", "samenwerkwijzer.cli", "kennisbank", "controleer", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert str(files[-1].name) in proc.stderr


def test_loading_without_a_cycle_does_not_import_networkx():
    # networkx costs about 17 MB and 0.2 s to import; a knowledge base without a cycle in 'na'
    # is checked without it (kb-kapot/kring.yaml above checks that a cycle is still reported)
    code = ("import sys; from samenwerkwijzer.engine.model.kennisbank import SHIPPED, load_kennisbank; "
            "load_kennisbank(SHIPPED); print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
