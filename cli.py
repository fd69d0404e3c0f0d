"""De opdrachtregel van samenwerkwijzer (dun: lezen, engine aanroepen, printen, afsluitcode).

Afsluitcodes, één regel overal: 0 gelukt; 2 alles wat een gebruiker of auteur kan herstellen
(foute invoer, foute regels of kennisbank, een kapot scenariobestand, een gesloten uitvoer);
1 een fout in de regelmachine zelf (en bij `regels test` een mislukt scenario); 141 (128 + SIGPIPE,
zoals de shell meldt voor andere Unix-gereedschappen) als de lezer van de uitvoer of foutuitvoer
stopte, zoals bij `| head`: dan stopt samenwerkwijzer stil, zonder melding. Lukt schrijven naar het
scherm anders niet (schijf vol, `> /dev/full`): 2, met één regel op de foutuitvoer als dat nog kan.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .engine import terminal
from .engine.errors import InputError, Problem, SamenwerkwijzerError
from .engine.render import clitaal, formats
from .engine.source.dates import parse_day
from .engine.source.streams import guarded_streams, repair_std_streams

if TYPE_CHECKING:
    from .engine.advice.api import Adviseur

clitaal.install()
_Command, _Group = clitaal.dutch_classes()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into one clear message and the error's own exit code; never a traceback.

    A closed pipe or failing screen, also while printing that message, ends as `guarded_streams` says."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with guarded_streams():
            return _run(func, *args, **kwargs)

    return wrapper


def _run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except SamenwerkwijzerError as exc:
        terminal.echo("\n".join(terminal.line(line) for line in exc.lines()), err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, BrokenPipeError, terminal.StreamFailed):
        raise
    except Exception as exc:
        if os.environ.get("SAMENWERKWIJZER_DEBUG"):
            raise
        terminal.echo(terminal.line(f"interne fout ({type(exc).__name__}: {exc}); zet SAMENWERKWIJZER_DEBUG=1 voor details"),
                      err=True)
        sys.exit(1)


class _Main(_Group):  # type: ignore[misc, valid-type]
    """The top-level group: standard streams repaired first, a closed pipe ends quietly and a failing
    screen with exit 2 everywhere (also in help, version and usage texts, which click prints itself).
    Out here every OSError is one of the streams: the commands' own errors never pass `_guard`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        repair_std_streams()
        with guarded_streams(every_oserror=True):
            try:
                return super().main(*args, **kwargs)
            finally:
                if sys.stdout is not None:
                    sys.stdout.flush()

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with guarded_streams(every_oserror=True):  # before click's own handler turns a broken pipe into exit 1
            return super().make_context(*args, **kwargs)  # type: ignore[no-any-return]


def _folder(value: str | None, name: str) -> str | None:
    """A folder named on the command line: an empty name (an unset variable) is refused, not the shipped one."""
    from .engine.advice.arguments import as_folder

    return as_folder(value, name)


def _path(value: str, name: str) -> str:
    """A file or folder named on the command line: not empty, no null character."""
    from .engine.advice.arguments import as_name

    return as_name(value, name, "bestand of map")


def _adviseur(regels: str | None, kennisbank: str | None, engine: str | None = None) -> Adviseur:
    # loading the engine and the rule base makes many objects once and frees few: the cyclic garbage
    # collector would walk them again and again for nothing (about a tenth of a cold start)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .engine.advice.api import Adviseur
        from .engine.logic.engines import choose

        return Adviseur(regels=_folder(regels, "--regels"), kennisbank=_folder(kennisbank, "--kennisbank"),
                        engine=choose(engine, "--engine"))
    finally:
        if collecting:
            gc.enable()


def _write(text: str, uitvoer: str | None, inputs: Iterable[str] = ()) -> None:
    """The one way a command writes its result: to the screen, or atomically to --uitvoer, never over an input."""
    if uitvoer:
        from .engine.render.writefile import write_output

        write_output(uitvoer, text, inputs)
    else:
        terminal.echo(text, nl=False)


def _inputs(feiten: str, adviseur: Adviseur) -> list[str]:
    """Every file a consultation read: the facts, the rules and the knowledge base."""
    return [feiten, *adviseur.base.files, *adviseur.kb.files]


def _date(value: str | None) -> dt.date:
    """--peildatum of every command: only JJJJ-MM-DD (no week dates, no 20260101)."""
    if value is None:
        return dt.date.today()
    try:
        return parse_day(value)
    except InputError as exc:
        raise click.BadParameter(terminal.line(exc.problems[0].message), param_hint="--peildatum") from None


uitvoer_optie = click.option("--uitvoer", type=click.Path(dir_okay=False), default=None, metavar="PAD",
                             help="Schrijf naar dit bestand in plaats van het scherm.")
peildatum_optie = click.option("--peildatum", default=None, metavar="JJJJ-MM-DD",
                               help="Datum (JJJJ-MM-DD) waarop regels geldig moeten zijn; standaard vandaag.")
regels_optie = click.option("--regels", "regels", type=click.Path(file_okay=False), default=None, metavar="MAP",
                            help="Map met regels (standaard: de meegeleverde regels).")
engine_optie = click.option("--engine", type=click.Choice(["durable", "python"]), default=None,
                            help="Regelmachine: durable (standaard, waar die werkt) of python (gewone Python, werkt overal). "
                                 "Het advies is hetzelfde.")
processen_optie = click.option("--processen", type=click.IntRange(min=1), default=None, metavar="N",
                               help="Bij een map: het aantal processen dat tegelijk werkt (standaard: het aantal kernen).")
kb_optie = click.option("--kennisbank", "kennisbank", type=click.Path(file_okay=False), default=None, metavar="MAP",
                        help="Map met de kennisbank (standaard: de meegeleverde kennisbank).")


@click.group(cls=_Main, context_settings=CONTEXT)
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
@click.option("--uitvoer", type=click.Path(), default=None, metavar="PAD",
              help="Schrijf naar dit bestand in plaats van het scherm; is FEITEN een map, dan naar deze map.")
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@processen_optie
@_guard
def advies_cmd(feiten: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None, kennisbank: str | None,
               engine: str | None, processen: int | None) -> None:
    """Geef advies voor het initiatief in FEITEN (een pad, of - voor standaardinvoer).

    Is FEITEN een map, dan krijgt elk feitenbestand daarin (.yaml, .yml, .json) een eigen advies in
    de map van --uitvoer, met dezelfde naam en de extensie van het formaat (.txt, .md, .json, .html).
    """
    day = _date(peildatum)
    if feiten != "-" and os.path.isdir(feiten):
        _advise_folder(feiten, formaat, uitvoer, day, regels, kennisbank, engine, processen)
        return
    if uitvoer and os.path.isdir(uitvoer):
        raise click.BadParameter(f"'{terminal.line(uitvoer)}' is een map; geef een bestand (een map kan alleen als "
                                 "FEITEN ook een map is)", param_hint="--uitvoer")
    adviseur = _adviseur(regels, kennisbank, engine)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    _write(formats.render(consult, formaat), uitvoer, _inputs(feiten, adviseur))


@main.group("kennisbank", invoke_without_command=True, context_settings=CONTEXT)
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True)
@kb_optie
@click.pass_context
@_guard
def kennisbank_cmd(ctx: click.Context, formaat: str, kennisbank: str | None) -> None:
    """Toon de kennisbank (fasen, sporen, activiteiten, partners, vormen, risico's …)."""
    if ctx.invoked_subcommand is not None:
        return
    from .engine.model.kennisbank import SHIPPED, load_kennisbank
    from .engine.render.kbtext import kb_text

    kb = load_kennisbank(_folder(kennisbank, "--kennisbank") or SHIPPED)
    if formaat == "json":
        terminal.echo(json.dumps(kb.to_json(), ensure_ascii=False, indent=2))
    else:
        terminal.echo(kb_text(kb), nl=False)


@kennisbank_cmd.command("controleer", context_settings=CONTEXT)
@click.argument("map_", metavar="[MAP]", required=False)
@_guard
def kennisbank_controleer(map_: str | None) -> None:
    """Controleer een kennisbankmap: schema, verwijzingen, dubbele ids, kringen in 'na'."""
    from .engine.model.kennisbank import SHIPPED, load_kennisbank

    kb = load_kennisbank(_folder(map_, "MAP") or SHIPPED)
    terminal.echo(f"kennisbank in orde: {len(kb.files)} bestanden, {len(kb.fasen)} fasen, {len(kb.activiteiten)} activiteiten, "
               f"{len(kb.doelen)} doelen, {len(kb.partners)} partners, {len(kb.risicos)} risico's")


@main.command("schema", context_settings=CONTEXT)
@click.argument("soort", type=click.Choice(["feiten", "regels", "kennisbank", "advies", "test"]))
@_guard
def schema_cmd(soort: str) -> None:
    """Print het JSON Schema van feiten, regels, kennisbank, advies of scenariotests."""
    from .engine.authoring.schemas import schema_text

    terminal.echo(schema_text(soort), nl=False)


# --- commando's: plan en uitleg (stappenplan, issue 5) ---
@main.command("plan", context_settings=CONTEXT)
@click.argument("feiten")
@click.option("--formaat", type=click.Choice(list(formats.PLAN)), default="mermaid", show_default=True,
              help="mermaid (flowchart), dot (Graphviz) of json (knopen en verbindingen).")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def plan_cmd(feiten: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None, kennisbank: str | None,
             engine: str | None) -> None:
    """Exporteer het stappenplan van FEITEN als afhankelijkhedengraaf (stappen en wat op wat wacht)."""
    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    _write(formats.export(consult, formaat), uitvoer, _inputs(feiten, adviseur))


@main.command("uitleg", context_settings=CONTEXT)
@click.argument("feiten")
@click.argument("item_id", metavar="ID")
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True, help="Vorm van de uitleg.")
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def uitleg_cmd(feiten: str, item_id: str, formaat: str, peildatum: str | None, regels: str | None, kennisbank: str | None,
               engine: str | None) -> None:
    """Leg uit hoe het advies voor FEITEN tot ID kwam, of waarom niet.

    ID is een activiteit, partner, risico, tip, formalisatievorm, feit (bijvoorbeeld fase of
    initiatief.volwassenheid) of regel. Bij een conclusie: de regels, de feiten waarop ze afgingen en
    hoe afgeleide feiten zelf zijn afgeleid. Anders: welke voorwaarden niet klopten en welke feiten
    ontbraken.
    """
    from .engine.advice.explain import explain
    from .engine.render.explaintext import explanation_text

    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    uitleg = explain(adviseur, consult, item_id)
    if formaat == "json":
        terminal.echo(json.dumps(uitleg.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        terminal.echo(explanation_text(uitleg), nl=False)



# --- commando's: regels controleer en regels test (regelauteurs, issue 6) ---
@main.group("regels", context_settings=CONTEXT)
def regels_cmd() -> None:
    """Gereedschap voor wie regels schrijft: controleren en scenario's testen."""


@regels_cmd.command("controleer", context_settings=CONTEXT)
@click.argument("map_", metavar="[MAP]", required=False)
@kb_optie
@click.option("--peildatum", default=None, metavar="JJJJ-MM-DD", help="Datum (JJJJ-MM-DD) voor de geldigheid van regels; standaard vandaag.")
@_guard
def regels_controleer(map_: str | None, kennisbank: str | None, peildatum: str | None) -> None:
    """Controleer een regelmap (of één regelbestand): fouten en waarschuwingen met bestand:regel.

    Naast schema, feiten, waarden en verwijzingen: onbereikbare regels, tegenstrijdige regels en
    formalisatieconflicten (met een voorbeeldprofiel), kringen in de volgorde, onderdelen van de
    kennisbank die geen regel concludeert en verlopen of nog niet geldige regels.
    Afsluitcode 2 bij fouten, 0 als er alleen waarschuwingen zijn.
    """
    from .engine.authoring.checker import check

    report = check(_folder(map_, "MAP"), _folder(kennisbank, "--kennisbank"), _date(peildatum))
    for line in report.lines():
        terminal.echo(line)
    terminal.echo(report.summary())
    sys.exit(report.exit_code)


@regels_cmd.command("test", context_settings=CONTEXT)
@click.argument("paden", nargs=-1, metavar="[PAD]...")
@regels_optie
@kb_optie
@click.option("-v", "--uitgebreid", is_flag=True, help="Toon ook de geslaagde scenario's.")
@engine_optie
@_guard
def regels_test(paden: tuple[str, ...], regels: str | None, kennisbank: str | None, uitgebreid: bool, engine: str | None) -> None:
    """Draai scenariotests (standaard: de map scenarios/ bij de regels, dus regels/scenarios/).

    Elk mislukt scenario toont bestand:regel, wat verwacht werd, wat er kwam en de regels die
    erbij horen. Afsluitcode 0 als alles slaagt, 1 als een scenario mislukt, 2 bij een kapot
    scenariobestand.
    """
    from .engine.authoring.scenario_report import report_lines, run_paths
    from .engine.authoring.scenarios import SHIPPED

    regels = _folder(regels, "--regels")
    paden = tuple(_path(pad, "PAD") for pad in paden)
    default = Path(regels) / "scenarios" if regels else SHIPPED
    run = run_paths(_adviseur(regels, kennisbank, engine), list(paden) or [default])
    for line in report_lines(run, uitgebreid):
        terminal.echo(line)
    sys.exit(run.exit_code)


# --- commando's: een map met feitenbestanden (advies MAP --uitvoer MAP, overzicht MAP; issue 16) ---
@main.command("overzicht", context_settings=CONTEXT)
@click.argument("map_", metavar="MAP")
@click.option("--formaat", type=click.Choice(["tekst", "csv", "html"]), default="tekst", show_default=True,
              help="Vorm van de tabel.")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@processen_optie
@_guard
def overzicht_cmd(map_: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None,
                  kennisbank: str | None, engine: str | None, processen: int | None) -> None:
    """Eén tabel van alle initiatieven in MAP: fase, afspraak bereikt en beoogd, voortgang, grootste risico.

    Elk feitenbestand (.yaml, .yml, .json) in MAP is één regel. Een bestand dat niet klopt, wordt
    gemeld (bestand:regel) en overgeslagen; de afsluitcode is dan 2.
    """
    from .engine.render.batch import Job, facts_files, overview_file
    from .engine.render.overview import overview_table

    day = _date(peildatum)
    sources, refused = facts_files(_path(map_, "MAP"))
    adviseur = _adviseur(regels, kennisbank, engine)
    outcomes = _batch(adviseur, Job(regels, kennisbank, adviseur.engine, day), overview_file, sources, refused, processen,
                      "overzicht")
    rows = [o.row for o in outcomes if o.row is not None]
    _write(overview_table(rows, formaat), uitvoer, [*(o.source for o in outcomes), *adviseur.base.files, *adviseur.kb.files])
    sys.exit(_report_refused(outcomes))


def _advise_folder(feiten: str, formaat: str, uitvoer: str | None, day: dt.date, regels: str | None,
                   kennisbank: str | None, engine: str | None, processen: int | None) -> None:
    from .engine.render.batch import Job, advise_file, facts_files, identities

    if not uitvoer:
        raise click.UsageError("FEITEN is een map: geef met --uitvoer MAP de map waarin de adviezen komen")
    if os.path.exists(uitvoer) and not os.path.isdir(uitvoer):
        raise click.BadParameter(f"'{terminal.line(uitvoer)}' is geen map; bij een map als FEITEN hoort een map als uitvoer",
                                 param_hint="--uitvoer")
    sources, refused = facts_files(feiten)
    adviseur = _adviseur(regels, kennisbank, engine)
    try:
        os.makedirs(uitvoer, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"kan de map voor --uitvoer niet maken ({exc.strerror})", path=uitvoer)) from None
    job = Job(regels, kennisbank, adviseur.engine, day, formaat, uitvoer,
              identities([*sources, *adviseur.base.files, *adviseur.kb.files]))
    outcomes = _batch(adviseur, job, advise_file, sources, refused, processen, "adviezen")
    written = sum(1 for o in outcomes if o.written)
    terminal.echo(terminal.line(f"{written} advie{'s' if written == 1 else 'zen'} geschreven in {uitvoer}"), err=True)
    sys.exit(_report_refused(outcomes))


def _batch(adviseur: Adviseur, job: Any, task: Any, sources: list[str], refused: list[Any], processen: int | None,
           label: str) -> list[Any]:
    """Run `task` over `sources` (a progress bar on a terminal only); with the `refused` entries, in file order."""
    from .engine.render.batch import run

    processes = processen or os.cpu_count() or 1
    if sys.stderr is not None and sys.stderr.isatty():
        with click.progressbar(length=len(sources), label=label, file=sys.stderr) as bar:
            done = run(adviseur, job, task, sources, processes, bar.update)
    else:
        done = run(adviseur, job, task, sources, processes)
    return sorted(refused + done, key=lambda o: os.fsencode(o.source))


def _report_refused(outcomes: list[Any]) -> int:
    """One message per refused file (its lines, as for one file); the exit code for the whole batch."""
    codes = [o.error.exit_code for o in outcomes if o.error is not None]
    for o in outcomes:
        if o.error is not None:
            terminal.echo("\n".join(terminal.line(line) for line in o.error.lines()), err=True)
    return 2 if 2 in codes else max(codes, default=0)


if __name__ == "__main__":  # pragma: no cover
    main()
