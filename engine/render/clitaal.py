"""Dutch for click's own texts (usage, help options, error messages).

click marks its messages for gettext but ships no Dutch catalogue; this module supplies one as
a gettext translations object and points click's modules at it. Messages not listed stay as
click wrote them.
"""

from __future__ import annotations

import gettext
from typing import Any

NL = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Error: {message}": "Fout: {message}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing command.": "Geef een opdracht.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Aborted!": "Afgebroken.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "deprecated": "verouderd",
}
NL_PLURAL = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelde u {possibility}?", "(Bedoelde u een van: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} heeft een waarde nodig.", "Optie {name!r} heeft {nargs} waarden nodig."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is geen {choice}.", "{value!r} is niet een van {choices}."),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
}


class DutchClick(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return NL.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        one, many = NL_PLURAL.get((msgid1, msgid2), (msgid1, msgid2))
        return one if n == 1 else many


def dutch_classes() -> tuple[type, type]:
    """click Command and Group classes whose usage line reads Dutch ([OPTIES], OPDRACHT)."""
    import click

    class Command(click.Command):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("options_metavar", "[OPTIES]")
            super().__init__(*args, **kwargs)

    class Group(click.Group):
        command_class = Command
        group_class = type  # subgroups are Groups like this one

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("options_metavar", "[OPTIES]")
            kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
            super().__init__(*args, **kwargs)

    return Command, Group


def shown_echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
    """click's echo for its own error messages, with control characters shown (engine/terminal.py).

    click quotes most user values with repr, but not all (an unexpected extra argument is printed
    as given), so its messages take the same last step as every other output."""
    from click.utils import echo

    from ..terminal import block

    echo(block(message) if isinstance(message, str) else message, *args, **kwargs)


def install() -> None:
    """Point click's modules at the Dutch catalogue and its error output at `shown_echo` (idempotent, touches only click)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    nl = DutchClick()
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        mod: Any = module
        if hasattr(mod, "_"):
            mod._ = nl.gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = nl.ngettext
    click.exceptions.echo = shown_echo  # type: ignore[attr-defined]
