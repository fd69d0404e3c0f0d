"""De opdrachtregel van samenwerkwijzer (dun: lezen, engine aanroepen, printen, afsluitcode).

Afsluitcodes: 0 gelukt, 1 fout in de regelmachine, 2 foute invoer of foute regels/kennisbank.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .engine import clitaal, formats
from .engine.errors import EngineError, InputError, Problem, SamenwerkwijzerError

if TYPE_CHECKING:
    from .engine.api import Adviseur

clitaal.install()
_Command, _Group = clitaal.dutch_classes()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into one clear message and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo("\n".join(_one_line(p.format()) for p in exc.problems), err=True)
            sys.exit(2)
        except EngineError as exc:
            click.echo(_one_line(f"fout in de regelmachine: {exc}"), err=True)
            sys.exit(1)
        except SamenwerkwijzerError as exc:  # pragma: no cover
            click.echo(str(exc), err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("SAMENWERKWIJZER_DEBUG"):
                raise
            click.echo(f"interne fout ({type(exc).__name__}: {exc}); zet SAMENWERKWIJZER_DEBUG=1 voor details", err=True)
            sys.exit(1)

    return wrapper


def _one_line(text: str) -> str:
    """One problem, one line: control characters from the user's own text (a key with a line break) escaped."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _adviseur(regels: str | None, kennisbank: str | None) -> Adviseur:
    from .engine.api import Adviseur

    return Adviseur(regels=regels, kennisbank=kennisbank)


def _write(text: str, uitvoer: str | None) -> None:
    if uitvoer:
        try:
            Path(uitvoer).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError([Problem(f"kan niet schrijven: {exc.strerror}", path=uitvoer)]) from None
    else:
        click.echo(text, nl=False)


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is geen datum; gebruik JJJJ-MM-DD", param_hint="--peildatum") from None


uitvoer_optie = click.option("--uitvoer", type=click.Path(dir_okay=False), default=None,
                             help="Schrijf naar dit bestand in plaats van het scherm.")
peildatum_optie = click.option("--peildatum", default=None,
                               help="Datum (JJJJ-MM-DD) waarop regels geldig moeten zijn; standaard vandaag.")
regels_optie = click.option("--regels", "regels", type=click.Path(file_okay=False), default=None,
                            help="Map met regels (standaard: de meegeleverde regels).")
kb_optie = click.option("--kennisbank", "kennisbank", type=click.Path(file_okay=False), default=None,
                        help="Map met de kennisbank (standaard: de meegeleverde kennisbank).")


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="samenwerkwijzer", message="samenwerkwijzer %(version)s")
def main() -> None:
    """Advies voor de samenwerking tussen gemeente en bewonersinitiatief in de warmtetransitie.

    Beschrijf een initiatief in een feitenbestand (YAML of JSON) en vraag een advies:
    fase, activiteiten, partners, formalisatie, risico's en een stappenplan, elk met waarom.
    """


@main.command("advies", context_settings=CONTEXT)
@click.argument("feiten")
@click.option("--formaat", type=click.Choice(list(formats.ADVICE)), default="tekst", show_default=True,
              help="Vorm van het advies.")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@_guard
def advies_cmd(feiten: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None, kennisbank: str | None) -> None:
    """Geef advies voor het initiatief in FEITEN (een pad, of - voor standaardinvoer)."""
    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    _write(formats.render(consult, formaat), uitvoer)


@main.group("kennisbank", invoke_without_command=True, context_settings=CONTEXT)
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True)
@kb_optie
@click.pass_context
@_guard
def kennisbank_cmd(ctx: click.Context, formaat: str, kennisbank: str | None) -> None:
    """Toon de kennisbank (fasen, sporen, activiteiten, partners, vormen, risico's …)."""
    if ctx.invoked_subcommand is not None:
        return
    from .engine.kbtext import kb_text
    from .engine.kennisbank import SHIPPED, load_kennisbank

    kb = load_kennisbank(kennisbank or SHIPPED)
    if formaat == "json":
        click.echo(json.dumps(kb.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(kb_text(kb), nl=False)


@kennisbank_cmd.command("controleer", context_settings=CONTEXT)
@click.argument("map_", metavar="[MAP]", required=False)
@_guard
def kennisbank_controleer(map_: str | None) -> None:
    """Controleer een kennisbankmap: schema, verwijzingen, dubbele ids, kringen in 'na'."""
    from .engine.kennisbank import SHIPPED, load_kennisbank

    kb = load_kennisbank(map_ or SHIPPED)
    click.echo(f"kennisbank in orde: {len(kb.files)} bestanden, {len(kb.fasen)} fasen, {len(kb.activiteiten)} activiteiten, "
               f"{len(kb.doelen)} doelen, {len(kb.partners)} partners, {len(kb.risicos)} risico's")


@main.command("schema", context_settings=CONTEXT)
@click.argument("soort", type=click.Choice(["feiten", "regels", "kennisbank", "advies", "test"]))
@_guard
def schema_cmd(soort: str) -> None:
    """Print het JSON Schema van feiten, regels, kennisbank, advies of scenariotests."""
    from .engine.schemas import schema_text

    click.echo(schema_text(soort), nl=False)


# --- commando's: plan en uitleg (stappenplan, issue 5) ---
@main.command("plan", context_settings=CONTEXT)
@click.argument("feiten")
@click.option("--formaat", type=click.Choice(list(formats.PLAN)), default="mermaid", show_default=True,
              help="mermaid (flowchart), dot (Graphviz) of json (knopen en verbindingen).")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@_guard
def plan_cmd(feiten: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None, kennisbank: str | None) -> None:
    """Exporteer het stappenplan van FEITEN als afhankelijkhedengraaf (stappen en wat op wat wacht)."""
    adviseur = _adviseur(regels, kennisbank)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), _date(peildatum))
    _write(formats.export(consult, formaat), uitvoer)


@main.command("uitleg", context_settings=CONTEXT)
@click.argument("feiten")
@click.argument("item_id", metavar="ID")
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True, help="Vorm van de uitleg.")
@peildatum_optie
@regels_optie
@kb_optie
@_guard
def uitleg_cmd(feiten: str, item_id: str, formaat: str, peildatum: str | None, regels: str | None, kennisbank: str | None) -> None:
    """Leg uit hoe het advies voor FEITEN tot ID kwam, of waarom niet.

    ID is een activiteit, partner, risico, tip, formalisatievorm, feit (bijvoorbeeld fase of
    initiatief.volwassenheid) of regel. Bij een conclusie: de regels, de feiten waarop ze afgingen en
    hoe afgeleide feiten zelf zijn afgeleid. Anders: welke voorwaarden niet klopten en welke feiten
    ontbraken.
    """
    from .engine.explain import explain
    from .engine.explaintext import explanation_text

    adviseur = _adviseur(regels, kennisbank)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), _date(peildatum))
    uitleg = explain(adviseur, consult, item_id)
    if formaat == "json":
        click.echo(json.dumps(uitleg.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(explanation_text(uitleg), nl=False)



# --- commando's: regels controleer en regels test (regelauteurs, issue 6) ---
@main.group("regels", context_settings=CONTEXT)
def regels_cmd() -> None:
    """Gereedschap voor wie regels schrijft: controleren en scenario's testen."""


@regels_cmd.command("controleer", context_settings=CONTEXT)
@click.argument("map_", metavar="[MAP]", required=False)
@kb_optie
@click.option("--peildatum", default=None, help="Datum (JJJJ-MM-DD) voor de geldigheid van regels; standaard vandaag.")
@_guard
def regels_controleer(map_: str | None, kennisbank: str | None, peildatum: str | None) -> None:
    """Controleer een regelmap (of één regelbestand): fouten en waarschuwingen met bestand:regel.

    Naast schema, feiten, waarden en verwijzingen: onbereikbare regels, tegenstrijdige regels en
    formalisatieconflicten (met een voorbeeldprofiel), kringen in de volgorde, onderdelen van de
    kennisbank die geen regel concludeert en verlopen of nog niet geldige regels.
    Afsluitcode 2 bij fouten, 0 als er alleen waarschuwingen zijn.
    """
    from .engine.checker import check

    report = check(map_, kennisbank, _date(peildatum))
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
    sys.exit(report.exit_code)


@regels_cmd.command("test", context_settings=CONTEXT)
@click.argument("paden", nargs=-1, metavar="[PAD]...")
@regels_optie
@kb_optie
@click.option("-v", "--uitgebreid", is_flag=True, help="Toon ook de geslaagde scenario's.")
@_guard
def regels_test(paden: tuple[str, ...], regels: str | None, kennisbank: str | None, uitgebreid: bool) -> None:
    """Draai scenariotests (standaard: de map scenarios/ bij de regels, dus regels/scenarios/).

    Elk mislukt scenario toont bestand:regel, wat verwacht werd, wat er kwam en de regels die
    erbij horen. Afsluitcode 0 als alles slaagt, 1 als een scenario mislukt, 2 bij een kapot
    scenariobestand.
    """
    from .engine.scenario_report import report_lines, run_paths
    from .engine.scenarios import SHIPPED

    default = Path(regels) / "scenarios" if regels else SHIPPED
    run = run_paths(_adviseur(regels, kennisbank), list(paden) or [default])
    for line in report_lines(run, uitgebreid):
        click.echo(line)
    sys.exit(run.exit_code)



if __name__ == "__main__":  # pragma: no cover
    main()
