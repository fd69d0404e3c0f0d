"""The consultation record: one immutable value per consultation that explain, exports and renderers read.

    consult = Adviseur().raadpleeg({"naam": "Buurtwarmte"}, dt.date(2026, 6, 1))
    consult.advice            # the Advies (the JSON contract)
    consult.plan.graph        # the plan graph (frozen networkx), made once, on first use
    consult.inference         # what fired and what was derived
    consult.titles.phase("opstarten")

Nothing in it is recomputed by a reader and nothing mutates it: the dataclass is frozen, the
advice models are frozen pydantic models and the plan graph is a frozen networkx graph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..logic.inference import Inference
from ..model.advice import Advies, OpenVraag, Regelbasis
from ..model.facts import Initiatief
from ..model.kennisbank import Kennisbank
from .plan import Plan


@dataclass(frozen=True)
class Titles:
    """The titles the advice shows for phases and tracks (from the knowledge base it was made with)."""

    phases: Mapping[str, str]
    tracks: tuple[tuple[str, int, str], ...]  # (id, nummer, titel), in track order
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # activity and agreement-form id -> its title
    internal: frozenset[str] = frozenset()  # ids and facts that only concern the municipality (kennisbank 'intern')

    @classmethod
    def of(cls, kb: Kennisbank) -> Titles:
        names = {a.id: a.titel for a in kb.activiteiten.values()} | {v.id: v.titel for v in kb.vormen.values()}
        return cls(phases=MappingProxyType({p: f.titel for p, f in kb.fasen.items()}),
                   tracks=tuple((s.id, s.nummer, s.titel) for s in sorted(kb.sporen.values(), key=lambda s: s.nummer)),
                   names=MappingProxyType(dict(sorted(names.items()))), internal=frozenset(kb.intern))

    def name(self, item: str) -> str:
        """The title of an activity or agreement form; an id the knowledge base does not know stays as it is."""
        return self.names.get(item, item)

    def phase(self, phase: str | None) -> str:
        if phase is None:
            return "onbekend"
        return self.phases.get(phase, phase.capitalize())

    def track(self, track: str) -> str:
        return next((title for t, _, title in self.tracks if t == track), track)


NO_TITLES = Titles(phases=MappingProxyType({}), tracks=())


@dataclass(frozen=True)
class Consult:
    """One consultation: the validated initiative, the inference, the plan, the advice, on one day."""

    initiative: Initiatief
    day: dt.date
    facts: Mapping[str, object]  # the input facts, flattened (dotted names)
    inference: Inference
    plan: Plan
    advice: Advies
    titles: Titles
    kb: Kennisbank  # the knowledge base the advice was made with (drafts quote its texts)

    @property
    def open_questions(self) -> list[OpenVraag]:
        return self.advice.open_vragen

    @property
    def rule_base(self) -> Regelbasis:
        """Version and content hash of the rules and knowledge base used."""
        return self.advice.regelbasis
