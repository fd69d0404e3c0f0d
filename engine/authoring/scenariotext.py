"""Scenario results as Dutch text, for `regels test` and the pytest plugin: the only place that
turns the records of engine/authoring/scenarios.py into words.

Every line passes through `prose` (engine/terminal.py): a name or value from the scenario file
cannot start a line of its own or carry a control character.
"""

from __future__ import annotations

from ..errors import short_path
from ..terminal import prose
from .scenarios import Failure, Outcome


def _rules(rules: tuple[str, ...]) -> str:
    return ", ".join(rules)


def _candidates(failure: Failure) -> str:
    """What the report adds about the rules that could have drawn the expected conclusion."""
    if failure.candidates is None:
        return ""
    if not failure.candidates:
        return " [geen enkele regel concludeert dit]"
    if failure.kind == "ontbreekt":
        return f" [kan komen van: {_rules(failure.candidates)}; geen daarvan ging af]"
    return f" [regels met deze conclusie: {_rules(failure.candidates)}]"


def failure_text(failure: Failure) -> str:
    """One failure as one Dutch line (not yet made safe for a terminal)."""
    f = failure
    if f.kind == "fase":
        why = _rules(f.rules)
        text = f"fase: verwacht {f.expected}, kreeg {f.got} ({f.how}{': ' + why if why else ''})"
    elif f.kind == "ontbreekt":
        text = f"{f.item} '{f.key}' ontbreekt"
    elif f.kind == "prioriteit":
        text = f"{f.item} '{f.key}': verwacht prioriteit {f.expected}, kreeg {f.got} (regels: {_rules(f.rules)})"
    elif f.kind == "ongewenst":
        text = f"{f.item} '{f.key}' hoort er niet bij (regels: {_rules(f.rules)})"
    elif f.kind == "formalisatie":
        why = "" if f.got is None else f" (regels: {_rules(f.rules)})"
        text = f"formalisatie: verwacht {f.expected}, kreeg {f.got}{why}"
    elif f.kind == "zwaarte":
        text = f"formalisatie-zwaarte: verwacht {f.expected}, kreeg {f.got} (regels: {_rules(f.rules)})"
    else:  # afgeleid
        got = list(f.got) if f.got else "niets"
        text = f"afgeleid feit {f.item}: verwacht {f.expected!r}, kreeg {got}"
    return text + _candidates(f)


def outcome_text(outcome: Outcome) -> str:
    """The head line of a scenario (file:line, name, result) and one indented line per failure."""
    head = f"{prose(short_path(outcome.path))}:{outcome.line}: scenario '{prose(outcome.scenario.naam)}'"
    if outcome.ok:
        return head + ": geslaagd"
    return head + ": MISLUKT\n" + "\n".join("    " + prose(failure_text(f)) for f in outcome.failures)
