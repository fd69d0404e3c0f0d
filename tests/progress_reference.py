# Frozen copy of engine/advice/progress.py before the fast build (commit 264c9e7), kept unchanged as a test
# oracle: tests/test_fast_build.py holds the engine's build equal to this one. Not used by the engine.
"""Progress in the current phase: each goal (doel) reached, open or unknown; the share done.

A goal is served by the knowledge-base activities that list it under `doelen`. For the current
phase, with the activities done (`afgerond`) and the activities the advice recommends:

- **open**: some activity serving the goal is recommended and not done: the advice still asks
  for work towards it;
- **bereikt** (reached): at least one activity serving it is done and none is still open. This
  is a little wider than "every serving activity done": an activity the rules did not recommend
  is one the facts made unnecessary (the municipality already has a contact point, say), and
  demanding it be ticked off would leave such a goal open for ever;
- **onbekend** (unknown): nothing serving it is done and nothing is asked for, or no activity
  serves it: the facts and the rules say nothing about it.

The facts count through the rules (they decide what is recommended) and through `afgerond`.
The share of the phase done is done / (done + open) over the phase's activities, as a whole
percentage rounded half up; it is absent when the phase has nothing done and nothing open.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from samenwerkwijzer.engine.model.advice import AfgerondeActiviteit, DoelVoortgang, Status, Voortgang
from samenwerkwijzer.engine.model.kennisbank import Kennisbank


def goal_status(serving: set[str], done: set[str], open_: set[str]) -> Status:
    """The rule of this module's docstring, for one goal."""
    if serving & open_:
        return "open"
    if serving & done:
        return "bereikt"
    return "onbekend"


class Recommended(Protocol):
    @property
    def id(self) -> str: ...


def progress(kb: Kennisbank, phase: str | None, recommended: Iterable[Recommended], done: set[str]) -> Voortgang:
    """Voortgang for `phase`, given the recommended activities (with .id) and the done ids."""
    open_ = {a.id for a in recommended if a.id not in done}
    done_out = [AfgerondeActiviteit(id=a, titel=kb.activiteiten[a].titel, fase=kb.activiteiten[a].fase or "",
                                    spoor=kb.activiteiten[a].spoor)
                for a in sorted(done) if a in kb.activiteiten]
    if phase is None or phase not in kb.fasen:
        return Voortgang(fase=phase, doelen=[], doelen_bereikt=0, activiteiten_afgerond=0, activiteiten_open=0,
                         aandeel_afgerond=None, afgerond=done_out)
    serving: dict[str, set[str]] = {}
    for act in kb.activiteiten.values():
        for goal_id in act.doelen:
            serving.setdefault(goal_id, set()).add(act.id)
    goals = []
    for doel in kb.fasen[phase].doelen:
        acts = serving.get(doel.id, set())
        goals.append(DoelVoortgang(id=doel.id, titel=doel.titel, status=goal_status(acts, done, open_),
                                   afgerond=sorted(acts & done), open=sorted(acts & open_)))
    in_phase = {a.id for a in kb.fasen[phase].activiteiten}
    n_done, n_open = len(in_phase & done), len(in_phase & open_)
    total = n_done + n_open
    share = (200 * n_done + total) // (2 * total) if total else None
    return Voortgang(fase=phase, doelen=goals, doelen_bereikt=sum(g.status == "bereikt" for g in goals),
                     activiteiten_afgerond=n_done, activiteiten_open=n_open, aandeel_afgerond=share, afgerond=done_out)
