"""The library API: `Adviseur` loads a rule base and knowledge base once and advises many times.

    from samenwerkwijzer import Adviseur, Initiatief
    adviseur = Adviseur()                       # the shipped base, compiled once
    advies = adviseur.adviseer({"naam": "Buurtwarmte", "warmteoplossing": "collectief"})
    advies.model_dump_json()

Thread-safe: consultations from many threads are serialised around the one rule engine and
give the same answers as run one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .advice import Advies, build
from .compile import compile_base
from .conditions import keys_for
from .consult import Consult, Titles
from .errors import InputError, Problem, best_guess
from .facts import Initiatief, flatten, input_catalogue
from .infer import Inference, Reasoner
from .kennisbank import SHIPPED as SHIPPED_KB
from .kennisbank import Kennisbank, load_kennisbank
from .questions import QuestionIndex, influence
from .rules import SHIPPED as SHIPPED_RULES
from .rules import RuleBase, load_rules
from .validation import validate
from .version import VERSION
from .yamlsource import Document, load


class Adviseur:
    """A compiled rule base plus knowledge base, ready to advise."""

    def __init__(self, regels: str | Path | None = None, kennisbank: str | Path | None = None):
        self.kb: Kennisbank = load_kennisbank(kennisbank or SHIPPED_KB)
        self.base: RuleBase = load_rules(regels or SHIPPED_RULES, self.kb)
        self.version = VERSION
        self.digest = _digest(self.kb.texts, self.base.texts)
        self.compiled = compile_base(self.base, f"sw{self.digest[:8]}")
        self.reasoner = Reasoner(self.compiled)
        self.facts = self.base.facts()
        self.weights = influence(self.compiled.rules)
        self.questions = QuestionIndex(self.compiled.rules, self.facts, self.weights)
        self.titles = Titles.of(self.kb)

    # -- input -------------------------------------------------------------------------------
    def lees_feiten(self, path: str) -> Initiatief:
        """Load and check a facts file (path or '-'); raises InputError naming file:line."""
        return self.check_facts(load(path))

    def check_facts(self, doc: Document) -> Initiatief:
        if not isinstance(doc.data, dict):
            kind = "lijst" if isinstance(doc.data, list) else f"losse waarde ('{doc.data}')"
            raise InputError([Problem(f"een feitenbestand is een mapping (naam: …), geen {kind}",
                                      path=doc.source, line=1)])
        initiatief = validate(doc, Initiatief)
        problems = []
        for field, spec in input_catalogue().items():  # the facts marked as holding knowledge-base ids
            if spec.ids is None:
                continue
            table = getattr(self.kb, spec.ids.table)
            for n, ref in enumerate(getattr(initiatief, field) or []):
                if ref not in table:
                    line, col = doc.where((field, n))
                    problems.append(Problem(f"onbekende {spec.ids.item} '{ref}'", path=doc.source, line=line, column=col,
                                            field=f"{field}[{n}]", allowed=sorted(table),
                                            suggestion=best_guess(ref, table)))
        if problems:
            raise InputError(problems)
        return initiatief

    def to_initiatief(self, feiten: Initiatief | Mapping[str, object]) -> Initiatief:
        if isinstance(feiten, Initiatief):
            return feiten
        # a dict from a program has no lines; errors name the field path
        return self.check_facts(Document(data=dict(feiten), source="<dict>"))

    # -- reasoning ---------------------------------------------------------------------------
    def infer(self, initiatief: Initiatief, peildatum: dt.date | None = None) -> tuple[dict[str, object], dict[str, object], Inference]:
        flat = flatten(initiatief)
        keys = keys_for(flat, self.compiled.keys, self.facts)
        result = self.reasoner.run(keys, peildatum or dt.date.today())
        return flat, keys, result

    def adviseer(self, feiten: Initiatief | Mapping[str, object], peildatum: dt.date | None = None) -> Advies:
        """The advice for one initiative. `peildatum` (default today) selects the valid rules."""
        return self.raadpleeg(feiten, peildatum).advice

    def raadpleeg(self, feiten: Initiatief | Mapping[str, object], peildatum: dt.date | None = None) -> Consult:
        """One consultation as an immutable record: the initiative, the inference, the plan and the advice.

        The reasoner runs once and the plan graph is built once; explain, exports and renderers read
        the record instead of computing any of it again."""
        initiatief = self.to_initiatief(feiten)
        day = peildatum or dt.date.today()
        flat, _keys, result = self.infer(initiatief, day)
        fired = {ri for ri, _ in result.fired}
        questions = self.questions.ask(result.keys, fired, set(flat) | set(result.derived))
        advies, plan = build(self, initiatief, flat, result, day, questions)
        return Consult(initiative=initiatief, day=day, facts=MappingProxyType(flat), inference=result, plan=plan,
                       advice=advies, titles=self.titles)

    def close(self) -> None:
        """Free the compiled rulesets (after this the Adviseur cannot advise)."""
        self.reasoner.close()


def _digest(*tables: dict[str, str]) -> str:
    h = hashlib.sha256()
    for table in tables:
        root = _common_root(list(table))
        for name in sorted(table):
            h.update(str(Path(name).relative_to(root)).encode())
            h.update(b"\0")
            h.update(table[name].encode())
            h.update(b"\0")
    return h.hexdigest()[:16]


def _common_root(paths: list[str]) -> Path:
    if not paths:
        return Path(".")
    import os

    return Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
