"""How the phase was settled, in words: one place for every renderer (tekst, markdown, html, vergelijk).

    phase_how(advies.fase)  ->  "aangenomen, want er is nog niets bekend over de afspraken"
"""

from __future__ import annotations

from ..model.advice import FaseAdvies

HOW = {"invoer": "opgegeven in de invoer", "regel": "afgeleid", "aangenomen": "aangenomen", "onbekend": "niet te bepalen"}

# the group a dotted fact name belongs to, as the reader says it
GROUPS = {"afspraken": "de afspraken", "initiatief": "het initiatief", "gemeente": "de gemeente", "wijk": "de wijk",
          "samenwerking": "de samenwerking"}


def phase_how(fase: FaseAdvies) -> str:
    """'opgegeven in de invoer', 'afgeleid', 'aangenomen, want …' or 'niet te bepalen'."""
    if fase.bepaald_door != "aangenomen":
        return HOW[fase.bepaald_door]
    if not fase.ontbrekend:
        return "aangenomen, want er zijn nog geen feiten die de fase bepalen"
    groups: list[str] = []
    for name in fase.ontbrekend:
        head = name.split(".", 1)[0]
        word = GROUPS.get(head, name) if "." in name else name
        if word not in groups:
            groups.append(word)
    shown = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " en " + groups[-1]
    return f"aangenomen, want er is nog niets bekend over {shown}"
