"""Generated inputs for the benchmarks and the scale tests: random profiles and synthetic rule bases.

Both use only real names: fact names from the facts catalogue and ids from the knowledge base,
so a generated rule base passes the same checks as the shipped one (`load_rules`).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.model.kennisbank import Kennisbank

RULES_PER_FILE = 500


class _NoAliases(yaml.SafeDumper):
    """Our loader refuses YAML aliases, so never write one (PyYAML does for shared objects)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def _set(doc: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for p in parents:
        doc = doc.setdefault(p, {})
    doc[leaf] = value


def random_profile(rng: random.Random, kb: Kennisbank, known: float = 0.7, n: int = 0) -> dict[str, Any]:
    """A valid facts document (nested dict): each fact known with probability `known`."""
    doc: dict[str, Any] = {"naam": f"Initiatief {n}"}
    free_lists = {"partners_betrokken": sorted(kb.partners), "afgerond": sorted(kb.activiteiten)}
    for name, spec in sorted(input_catalogue().items()):
        if name == "naam" or rng.random() > known:
            continue
        if spec.kind == "bool":
            value: Any = rng.random() < 0.5
        elif spec.kind == "enum":
            value = rng.choice(spec.values)
        elif spec.kind == "int":
            value = rng.randint(spec.minimum if spec.minimum is not None else 0, spec.maximum if spec.maximum is not None else 100)
        elif spec.kind == "list":
            pool = list(spec.values) or free_lists.get(name, [])
            value = sorted(rng.sample(pool, rng.randint(0, min(3, len(pool))))) if pool else []
        else:
            value = f"tekst {rng.randint(0, 999)}"
        _set(doc, name, value)
    return doc


def profiles(count: int, kb: Kennisbank, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_profile(rng, kb, known=rng.choice((0.3, 0.6, 0.9)), n=i) for i in range(count)]


# -- synthetic rule bases ----------------------------------------------------------------------

def _leaf(rng: random.Random, facts: dict[str, Any], kb: Kennisbank, derived: list[tuple[str, list[str]]]) -> dict[str, Any]:
    if derived and rng.random() < 0.15:
        name, values = rng.choice(derived)
        return {"feit": name, "is": rng.choice(values)}
    name = rng.choice(sorted(facts))
    spec = facts[name]
    r = rng.random()
    if spec.kind == "bool":
        if r < 0.1:
            return {"onbekend": name}
        return {"feit": name, "is": rng.random() < 0.5}
    if spec.kind == "enum":
        vals = list(spec.values)
        if r < 0.5:
            return {"feit": name, "is": rng.choice(vals)}
        if r < 0.8:
            return {"feit": name, "in": sorted(rng.sample(vals, max(1, len(vals) // 2)))}
        if r < 0.9:
            return {"feit": name, "niet_in": sorted(rng.sample(vals, 1))}
        return {"bekend": name}
    if spec.kind == "int":
        op = rng.choice(("groter_dan", "kleiner_dan", "minstens", "hoogstens"))
        return {"feit": name, op: rng.randint(1, 99)}
    pool = list(spec.values) or sorted(kb.partners if name == "partners_betrokken" else kb.activiteiten)
    if r < 0.5:
        return {"feit": name, "bevat": rng.choice(pool)}
    if r < 0.7:
        return {"feit": name, "bevat_niet": rng.choice(pool)}
    if r < 0.9:
        return {"feit": name, "bevat_een": sorted(rng.sample(pool, min(2, len(pool))))}
    return {"feit": name, "leeg": rng.random() < 0.5}


def _condition(rng: random.Random, facts: dict[str, Any], kb: Kennisbank, derived: list[tuple[str, list[str]]]) -> dict[str, Any]:
    parts = [_leaf(rng, facts, kb, derived) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))]
    if len(parts) >= 3 and rng.random() < 0.2:
        parts = parts[:-2] + [{"een_van": parts[-2:]}]
    if len(parts) >= 2 and rng.random() < 0.1:
        parts[-1] = {"niet": parts[-1]}
    return parts[0] if len(parts) == 1 else {"alle": parts}


def _conclusion(rng: random.Random, kb: Kennisbank) -> dict[str, Any]:
    kind = rng.choice(("activiteit", "activiteit", "tip", "risico", "partner", "formalisatie"))
    if kind == "activiteit":
        return {"activiteit": {"id": rng.choice(sorted(kb.activiteiten)), "prioriteit": rng.choice(("moet", "zou", "kan"))}}
    if kind == "tip":
        return {"tip": {"id": rng.choice(sorted(kb.tips))}}
    if kind == "risico":
        return {"risico": {"id": rng.choice(sorted(kb.risicos)), "ernst": rng.choice(("laag", "midden", "hoog"))}}
    if kind == "partner":
        return {"partner": {"id": rng.choice(sorted(kb.partners)), "rol": "Denkt mee."}}
    vorm = rng.choice(sorted(kb.vormen))
    body: dict[str, Any] = {"vorm": vorm}
    weights = list(kb.vormen[vorm].zwaarte or [])
    if weights:
        body["zwaarte"] = rng.choice(weights)
    return {"formalisatie": body}


def write_rule_base(folder: Path, n_rules: int, kb: Kennisbank, seed: int = 1) -> Path:
    """Write a valid synthetic rule base of `n_rules` rules into `folder` (YAML files); return it.

    About one rule in ten derives a fact that later rules read (chains up to three deep); the
    conditions mix every operator on real input facts, including many thresholds on the one
    number, so the engine's fan-out and shared-condition limits are crossed at 10,000 rules.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    facts = {n: s for n, s in input_catalogue().items() if s.kind != "text"}
    n_derived = max(3, n_rules // 50)
    levels = {i: 1 + i % 3 for i in range(n_derived)}
    declared = [{"naam": f"synth.afgeleid_{i}", "waarden": ["laag", "midden", "hoog"],
                 "omschrijving": "Synthetisch afgeleid feit.", "bron": "inleiding"} for i in range(n_derived)]
    head = {"afgeleide_feiten": declared, "beleid": {"formalisatie_volgorde": sorted(kb.vormen)}}
    (folder / "synth-0-feiten.yaml").write_text(dump(head), encoding="utf-8")
    bronnen = sorted(kb.bronnen)
    rules = []
    for r in range(n_rules):
        dan = [_conclusion(rng, kb) for _ in range(rng.choice((1, 1, 2)))]
        readable: list[tuple[str, list[str]]] = []
        if rng.random() < 0.1:
            target = rng.randrange(n_derived)
            dan = [{"afleiden": {"feit": f"synth.afgeleid_{target}", "waarde": rng.choice(["laag", "midden", "hoog"])}}]
            readable = [(f"synth.afgeleid_{i}", ["laag", "midden", "hoog"]) for i in range(n_derived) if levels[i] < levels[target]]
        else:
            readable = [(f"synth.afgeleid_{i}", ["laag", "midden", "hoog"]) for i in range(n_derived)]
        rule: dict[str, Any] = {"id": f"synth-{r:05d}", "titel": f"Synthetische regel {r}"}
        if rng.random() < 0.3:
            rule["fasen"] = sorted(rng.sample(["opstarten", "uitwerken", "ontwikkelen", "uitvoeren", "beheren"], rng.choice((1, 2))))
        rule["als"] = _condition(rng, facts, kb, readable)
        rule["dan"] = dan
        rule["bron"] = rng.choice(bronnen)
        rule["toelichting"] = "Gegenereerd voor de schaalmeting."
        rules.append(rule)
    for start in range(0, n_rules, RULES_PER_FILE):
        chunk = {"regels": rules[start:start + RULES_PER_FILE]}
        path = folder / f"synth-{start // RULES_PER_FILE + 1:03d}.yaml"
        path.write_text(dump(chunk), encoding="utf-8")
    return folder
