"""Consistency checks that need the knowledge base's structure rather than a rule.

Facts that contradict each other or the given phase are rules (regels/consistentie.yaml, the
`waarschuwing` conclusion): policy staff write and test them like any other rule. What a rule
cannot say is "for every activity in `afgerond`, each activity it waits for (`na` in the
knowledge base)": that would be one rule per dependency, a copy of the knowledge base. That one
check lives here. It only warns; the advice still takes `afgerond` as given.

An activity waited for that belongs to a phase before the current one is not asked about: the
phase has moved on, so its work counts as behind us even when nobody listed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model.advice import Waarschuwing
from ..model.kennisbank import Kennisbank
from ..model.vocabulary import PHASE_RANK

__all__ = ["done_out_of_order"]


def done_out_of_order(kb: Kennisbank, phase: str | None, afgerond: Sequence[str]) -> list[Waarschuwing]:
    """One warning per done activity that waits for activities of the current phase (or later) not done."""
    done = set(afgerond)
    current = PHASE_RANK.get(phase or "", -1)
    out: list[Waarschuwing] = []
    for act_id in sorted(done):
        item = kb.activiteiten.get(act_id)
        if item is None:
            continue
        missing = [dep for dep in item.na if dep not in done and dep in kb.activiteiten
                   and PHASE_RANK.get(kb.activiteiten[dep].fase or "", current) >= current]
        if not missing:
            continue
        names = ", ".join(f"'{kb.activiteiten[dep].titel}'" for dep in missing)
        one = len(missing) == 1
        # said for a person with a checklist (the web page) as much as for one with a facts file: the ids
        # only in the closing parenthesis, where a facts file needs them
        out.append(Waarschuwing(
            soort="volgorde-afgerond",
            tekst=(f"'{item.titel}' is al gedaan, maar {names} nog niet. "
                   f"Volgens het stappenplan {'komt die stap' if one else 'komen die stappen'} eerst. "
                   f"Is {'die' if one else 'dat'} ook al gedaan? Vink {'hem' if one else 'ze'} dan ook af "
                   f"(in een feitenbestand: zet {', '.join(missing)} bij afgerond)."),
            feiten={"afgerond": sorted(done)}, regels=[], bron=item.bron))
    return out
