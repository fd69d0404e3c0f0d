"""The library API: `Adviseur` loads a rule base and knowledge base once and advises many times.

    from samenwerkwijzer import Adviseur, Initiatief
    adviseur = Adviseur()                       # the shipped base, compiled once
    adviseur = Adviseur(engine="python")        # durable (where it imports) or python: the same advice
    advies = adviseur.adviseer({"naam": "Buurtwarmte", "warmteoplossing": "collectief"})
    advies.model_dump_json()

Arguments are checked at the door: a wrong type is an `InputError` with a Dutch message, never
an AttributeError or TypeError from deep inside. `peildatum` takes a `date`, a `datetime` (its
date counts) or text written as JJJJ-MM-DD. `adviseer` takes an `Initiatief` or a mapping, not a
path: read a file with `lees_feiten(pad)`.

Thread-safe: consultations from many threads are serialised around the one rule engine and
give the same answers as run one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ..errors import InputError, Problem, ProblemList, best_guess, quoted
from ..logic.compile import compile_base
from ..logic.conditions import keys_for
from ..logic.engines import EngineName, Reasoning, choose, reasoner
from ..logic.inference import Inference
from ..model.advice import Advies, OpenVraag
from ..model.facts import Initiatief, flatten, input_catalogue
from ..model.kennisbank import SHIPPED as SHIPPED_KB
from ..model.kennisbank import Kennisbank, load_kennisbank
from ..model.prebuilt import capture as capture_models
from ..model.prebuilt import install as install_models
from ..model.questiontexts import adopt as adopt_questions
from ..model.questiontexts import question_texts
from ..model.rules import SHIPPED as SHIPPED_RULES
from ..model.rules import RuleBase, load_rules
from ..source.validation import validate
from ..source.yamlsource import Document, load
from ..version import VERSION
from .arguments import as_day, as_folder, as_path, kind_of
from .assemble import build
from .basecache import LoadedBase, load_or_build
from .consult import Consult, Titles
from .memo import Memo
from .relevance import Prepared, Relevance

MEMO_SIZE = 256  # profiles whose open questions an Adviseur keeps (engine/advice/memo.py)


class Adviseur:
    """A compiled rule base plus knowledge base, ready to advise.

    `regels` and `kennisbank` are folders (None: the shipped ones). `engine` is 'durable', 'python'
    or None (durable where durable-rules imports, else python); both give the same advice, and
    `advies.regelbasis.engine` says which one made it. Asking for 'durable' where it does not import
    (Python 3.13 and later) is an InputError, as is any bad argument or bad facts; a fault while
    reasoning is an EngineError. Both are SamenwerkwijzerError, with `exit_code` and `format()`;
    InputError.problems lists each problem with path, line, column, field, allowed and `guess()`.

    One Adviseur may be shared by many threads; `close()` frees its compiled rulesets.
    """

    def __init__(self, regels: str | Path | None = None, kennisbank: str | Path | None = None, engine: str | None = None):
        self.engine: EngineName = choose(engine)
        kb_folder = as_folder(kennisbank, "kennisbank") or SHIPPED_KB  # as given: messages name files that way
        rules_folder = as_folder(regels, "regels") or SHIPPED_RULES
        loaded = load_or_build(rules_folder, kb_folder, lambda key: _build(rules_folder, kb_folder, key))
        self.kb: Kennisbank = loaded.kb
        self.base: RuleBase = loaded.base
        self.version = VERSION
        self.digest = loaded.digest
        self.compiled = loaded.compiled
        self.reasoner: Reasoning = reasoner(self.compiled, self.engine)
        self.facts = loaded.facts
        adopt_questions(loaded.questions)
        install_models(loaded.models)
        self.relevance = Relevance(self, loaded.relevance)
        self.titles = Titles.of(self.kb)
        self.memo: Memo[tuple[OpenVraag, ...]] = Memo(MEMO_SIZE)  # open questions per (facts, day)

    # -- input -------------------------------------------------------------------------------
    def lees_feiten(self, path: str | os.PathLike[str]) -> Initiatief:
        """Load and check a facts file (path or '-'); raises InputError naming file:line."""
        return self.check_facts(load(as_path(path, "pad")))

    def check_facts(self, doc: Document) -> Initiatief:
        if not isinstance(doc, Document):
            raise InputError([Problem(f"verwacht een Document (uit yamlsource.load), kreeg {kind_of(doc)}",
                                      field="doc")])
        if not isinstance(doc.data, dict):
            kind = "lijst" if isinstance(doc.data, list) else f"losse waarde ('{doc.data}')"
            raise InputError([Problem(f"een feitenbestand is een mapping (naam: …), geen {kind}",
                                      path=doc.source, line=1)])
        try:
            initiatief: Initiatief | None = validate(doc, Initiatief)
            problems = ProblemList()
        except InputError as exc:  # the ids are still checked: every problem in one run
            initiatief, problems = None, ProblemList(list(exc.problems))
        for field, spec in input_catalogue().items():  # the facts marked as holding knowledge-base ids
            if spec.ids is None:
                continue
            table = getattr(self.kb, spec.ids.table)
            allowed = sorted(table)  # one list shared by every problem about this field
            unknown: dict[str, list[int]] = {}  # each wrong id once, however often it is repeated
            refs = getattr(initiatief, field) if initiatief is not None else _raw_ids(doc.data, field)
            for n, ref in enumerate(refs or []):
                if ref not in table:
                    unknown.setdefault(ref, []).append(n)
            for ref, places in unknown.items():
                line, col = doc.where((field, places[0]))
                problems.add(Problem(f"onbekende {spec.ids.item} {quoted(ref)}", path=doc.source, line=line, column=col,
                                     field=f"{field}[{places[0]}]", allowed=allowed, suggestion=best_guess(ref, allowed),
                                     count=len(places)))
        problems.raise_if_any()
        if initiatief is None:  # a failed validation is a refusal, whatever its problems are
            raise InputError(problems.problems)
        return initiatief

    def to_initiatief(self, feiten: Initiatief | Mapping[str, object]) -> Initiatief:
        if isinstance(feiten, Initiatief):
            return feiten
        if not isinstance(feiten, Mapping):
            hint = "; lees een bestand met Adviseur.lees_feiten(pad)" if isinstance(feiten, str | os.PathLike) else ""
            raise InputError([Problem(f"verwacht een Initiatief of een mapping met feiten (naam: …), kreeg "
                                      f"{kind_of(feiten)}{hint}", field="feiten")])
        # a dict from a program has no lines; errors name the field path. A part (gemeente, wijk, …) may be
        # any mapping too, as the whole may; the parts hold no mappings of their own
        data = {k: dict(v) if isinstance(v, Mapping) and not isinstance(v, dict) else v for k, v in feiten.items()}
        return self.check_facts(Document(data=data, source="<dict>"))

    # -- reasoning ---------------------------------------------------------------------------
    def infer(self, initiatief: Initiatief, peildatum: dt.date | str | None = None) -> tuple[dict[str, object], dict[str, object], Inference]:
        flat = flatten(initiatief)
        keys = keys_for(flat, self.compiled.keys, self.facts)
        result = self.reasoner.run(keys, as_day(peildatum))
        return flat, keys, result

    def adviseer(self, feiten: Initiatief | Mapping[str, object], peildatum: dt.date | str | None = None) -> Advies:
        """The advice for one initiative. `peildatum` (default today) selects the valid rules."""
        return self.raadpleeg(feiten, peildatum).advice

    def raadpleeg(self, feiten: Initiatief | Mapping[str, object], peildatum: dt.date | str | None = None,
                  open_vragen: bool = True) -> Consult:
        """One consultation as an immutable record: the initiative, the inference, the plan and the advice.

        The reasoner runs once and the plan graph is built once; explain, exports and renderers read
        the record instead of computing any of it again. `open_vragen=False` leaves the open
        questions out (they cost more than the rest of the advice): for a reader that does not show
        them, such as the overview of a folder; that advice is not the whole JSON contract."""
        if not isinstance(open_vragen, bool):
            raise InputError([Problem(f"verwacht ja of nee (True of False), kreeg {kind_of(open_vragen)}",
                                      field="open_vragen")])
        day = as_day(peildatum)
        initiatief = self.to_initiatief(feiten)
        flat, keys, result = self.infer(initiatief, day)
        if not open_vragen:
            advies, plan = build(self, initiatief, flat, result, day, [])
            return Consult(initiative=initiatief, day=day, facts=MappingProxyType(flat), inference=result, plan=plan,
                           advice=advies, titles=self.titles, kb=self.kb)
        def questions() -> tuple[OpenVraag, ...]:
            return tuple(self.relevance.questions(flat, result, day, plan_of=lambda name, value: self.plan_ids(
                initiatief, name, value, day), keys=keys))

        key = _memo_key(flat, day)
        found = questions() if key is None else self.memo.get(key, questions)
        advies, plan = build(self, initiatief, flat, result, day, list(found))
        return Consult(initiative=initiatief, day=day, facts=MappingProxyType(flat), inference=result, plan=plan,
                       advice=advies, titles=self.titles, kb=self.kb)

    def plan_ids(self, initiatief: Initiatief, name: str, value: object, day: dt.date) -> tuple[str, ...]:
        """The plan's step ids in order once fact `name` is `value` (None: as it is); no open questions."""
        if value is not None:
            initiatief = self.to_initiatief(with_fact(initiatief.model_dump(exclude_none=True), name, value))
        flat, _keys, result = self.infer(initiatief, day)
        advies, _plan = build(self, initiatief, flat, result, day, [])
        return tuple(s.id for p in advies.plan for s in p.stappen)

    def close(self) -> None:
        """Free the compiled rulesets (after this the Adviseur cannot advise)."""
        self.reasoner.close()


def _raw_ids(data: Mapping[str, object], dotted: str) -> list[str]:
    """The ids under the dotted fact `dotted` in facts that did not validate: only a list of texts (any other
    value is a problem validation already reported)."""
    value: object = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return []


def _memo_key(flat: Mapping[str, object], day: dt.date) -> tuple[object, ...] | None:
    """What the open questions depend on: every input fact (flattened: lists are sorted tuples) and
    the day; None when a value cannot be a key."""
    key = (tuple(sorted(flat.items())), day)
    try:
        hash(key)
    except TypeError:  # pragma: no cover - flatten gives only hashable values
        return None
    return key


def with_fact(feiten: Mapping[str, object], name: str, value: object) -> dict[str, object]:
    """A copy of nested facts with the dotted fact `name` set to `value`."""
    out: dict[str, object] = dict(feiten)
    *parents, last = name.split(".")
    node = out
    for part in parents:
        child = node.get(part)
        node[part] = dict(child) if isinstance(child, Mapping) else {}
        node = node[part]  # type: ignore[assignment]
    node[last] = value
    return out


def _build(rules: str | Path, kennisbank: str | Path, key: str) -> LoadedBase:
    """Read, check and compile the two folders (what the cache in `basecache` saves)."""
    kb = load_kennisbank(kennisbank)
    base = load_rules(rules, kb)
    digest = _digest(kb.texts, base.texts)
    compiled = compile_base(base, f"sw{digest[:8]}")
    facts = base.facts()
    # pydantic's validators go into an entry only: without a cache they are built at first use, as ever
    return LoadedBase(key=key, kb=kb, base=base, digest=digest, compiled=compiled, facts=facts,
                      questions=dict(question_texts()), relevance=Prepared(compiled, facts, kb, base),
                      models=capture_models() if key else ())


def _digest(*tables: dict[str, str]) -> str:
    h = hashlib.sha256()
    for table in tables:
        root = _common_root(list(table))
        for name in sorted(table):
            h.update(str(Path(name).relative_to(root)).encode("utf-8", "surrogatepass"))  # any name, even odd bytes
            h.update(b"\0")
            h.update(table[name].encode("utf-8", "surrogatepass"))
            h.update(b"\0")
    return h.hexdigest()[:16]


def _common_root(paths: list[str]) -> Path:
    if not paths:
        return Path(".")
    import os

    return Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
