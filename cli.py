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
from typing import TYPE_CHECKING, Any, NoReturn

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
    except KeyboardInterrupt:  # Ctrl-C: a short Dutch word instead of click's "Aborted!", and the usual code 130
        terminal.echo("Onderbroken.", err=True)
        sys.exit(130)
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

    ends_process = False  # set by `entry`: the process ends with this one command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        repair_std_streams()
        frozen = gc.get_freeze_count()  # a caller's own frozen objects stay frozen
        # the modules loaded so far (click, the libraries, this command line) live as long as the
        # process: frozen, the collections during the command do not walk them again and again
        gc.freeze()
        with guarded_streams(every_oserror=True):
            try:
                return super().main(*args, **kwargs)
            finally:
                # a caller that runs more commands (tests, a program around this one) gets a collector
                # that sees everything again; the program itself ends frozen, so the collection at
                # interpreter shutdown does not walk every object once more (6 % of a cold `advies`)
                if not frozen and not self.ends_process:
                    gc.unfreeze()
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

        adviseur = Adviseur(regels=_folder(regels, "--regels"), kennisbank=_folder(kennisbank, "--kennisbank"),
                            engine=choose(engine, "--engine"))
        # they live until the command ends: frozen like the modules in `_Main.main`, the collections
        # while advising do not walk them again and again; `_Main.main` unfreezes when the command ends
        gc.freeze()
        return adviseur
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
        problem = exc.problems[0]
        advice = problem.advice()
        raise click.BadParameter(terminal.line(problem.message + (f"; {advice}" if advice else "")),
                                 param_hint="--peildatum") from None


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
@click.option("--voor", type=click.Choice(list(formats.AUDIENCES)), default="gemeente", show_default=True,
              help="Voor wie: de gemeente (alles) of het initiatief (een hand-out zonder interne zaken).")
@click.option("--verantwoording", is_flag=True,
              help="Zet de regels, feiten en bronnen onder het advies (tekst en markdown; html heeft ze altijd, ingeklapt).")
@click.option("--uitvoer", type=click.Path(), default=None, metavar="PAD",
              help="Schrijf naar dit bestand in plaats van het scherm; is FEITEN een map, dan naar deze map.")
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@processen_optie
@_guard
def advies_cmd(feiten: str, formaat: str, voor: str, verantwoording: bool, uitvoer: str | None, peildatum: str | None,
               regels: str | None, kennisbank: str | None, engine: str | None, processen: int | None) -> None:
    """Geef advies voor het initiatief in FEITEN (een pad, of - voor standaardinvoer).

    Is FEITEN een map, dan krijgt elk feitenbestand daarin (.yaml, .yml, .json) een eigen advies in
    de map van --uitvoer, met dezelfde naam en de extensie van het formaat (.txt, .md, .json, .html).
    Hebben a.yaml en a.json dezelfde naam, dan heten hun adviezen a.yaml.json en a.json.json.
    """
    day = _date(peildatum)
    if feiten != "-" and os.path.isdir(feiten):
        _advise_folder(feiten, formaat, uitvoer, day, regels, kennisbank, engine, processen, voor, verantwoording)
        return
    if uitvoer and os.path.isdir(uitvoer):
        raise click.BadParameter(f"'{terminal.line(uitvoer)}' is een map; geef een bestand (een map kan alleen als "
                                 "FEITEN ook een map is)", param_hint="--uitvoer")
    adviseur = _adviseur(regels, kennisbank, engine)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    _write(formats.render(consult, formaat, voor, verantwoording), uitvoer, _inputs(feiten, adviseur))


@main.group("kennisbank", invoke_without_command=True, context_settings=CONTEXT)
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True)
@kb_optie
@click.pass_context
@_guard
def kennisbank_cmd(ctx: click.Context, formaat: str, kennisbank: str | None) -> None:
    """Toon de kennisbank (fasen, sporen, activiteiten, partners, vormen, risico's, begrippen …)."""
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
@click.argument("soort", type=click.Choice(["feiten", "regels", "kennisbank", "advies", "test", "vergelijking"]))
@_guard
def schema_cmd(soort: str) -> None:
    """Print het JSON Schema van feiten, regels, kennisbank, advies, scenariotests of een vergelijking."""
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



# --- commando: overeenkomst (conceptovereenkomst, issue 17) ---
@main.command("overeenkomst", context_settings=CONTEXT)
@click.argument("feiten")
@click.option("--soort", type=click.Choice(list(formats.DRAFT_KINDS)), default=None,
              help="intentie (intentieovereenkomst), sok (samenwerkingsovereenkomst) of uitvoeringsplan; "
                   "standaard de overeenkomst waar het advies op mikt.")
@click.option("--formaat", type=click.Choice(list(formats.DRAFT)), default="markdown", show_default=True,
              help="markdown, of docx (Word; alleen met --uitvoer).")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def overeenkomst_cmd(feiten: str, soort: str | None, formaat: str, uitvoer: str | None, peildatum: str | None,
                     regels: str | None, kennisbank: str | None, engine: str | None) -> None:
    """Maak een concept van de overeenkomst voor het initiatief in FEITEN, ingevuld uit de feiten en het advies.

    Wat nog niet bekend is, staat er als [OPEN: vraag]; in Word geel gemarkeerd. Bovenaan staan de
    peildatum en de versie van de regelbasis.
    """
    import dataclasses

    from .engine.advice.draft import draft

    if formaat in formats.BINARY and not uitvoer:
        raise click.BadParameter("een Word-bestand (docx) kan niet naar het scherm; geef een bestand op met "
                                 "--uitvoer PAD, bijvoorbeeld --uitvoer concept.docx", param_hint="--uitvoer")
    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    consult = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day)
    try:
        concept = draft(consult, soort)
    except InputError as exc:  # the advice for this file aims for no draft: say which file
        raise InputError([dataclasses.replace(p, path=p.path or (None if feiten == "-" else feiten))
                          for p in exc.problems]) from None
    written = formats.draft_file(concept, formaat)
    if isinstance(written, bytes):
        from .engine.render.writefile import write_output_bytes

        write_output_bytes(str(uitvoer), written, _inputs(feiten, adviseur))
    else:
        _write(written, uitvoer, _inputs(feiten, adviseur))


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
                   kennisbank: str | None, engine: str | None, processen: int | None, voor: str = "gemeente",
                   verantwoording: bool = False) -> None:
    from .engine.render.batch import Job, advise_file, facts_files, identities, output_names

    if not uitvoer:
        raise click.UsageError("FEITEN is een map: geef met --uitvoer MAP de map waarin de adviezen komen")
    if os.path.exists(uitvoer) and not os.path.isdir(uitvoer):
        raise click.BadParameter(f"'{terminal.line(uitvoer)}' is geen map; bij een map als FEITEN hoort een map als uitvoer",
                                 param_hint="--uitvoer")
    sources, refused = facts_files(feiten)
    names, clashing = output_names(sources, formaat)
    adviseur = _adviseur(regels, kennisbank, engine)
    try:
        os.makedirs(uitvoer, exist_ok=True)
    except OSError as exc:
        from .engine.render.writefile import reason
        raise InputError(Problem(f"kan de map voor --uitvoer niet maken ({reason(exc)})", path=uitvoer)) from None
    job = Job(regels, kennisbank, adviseur.engine, day, formaat, uitvoer,
              identities([*sources, *adviseur.base.files, *adviseur.kb.files]), voor, verantwoording, names)
    outcomes = _batch(adviseur, job, advise_file, [s for s in sources if s in names], refused + clashing, processen,
                      "adviezen")
    written = sum(1 for o in outcomes if o.written)
    terminal.echo(terminal.line(f"{written} advie{'s' if written == 1 else 'zen'} geschreven in {uitvoer}"), err=True)
    sys.exit(_report_refused(outcomes))


def _batch(adviseur: Adviseur, job: Any, task: Any, sources: list[str], refused: list[Any], processen: int | None,
           label: str) -> list[Any]:
    """Run `task` over `sources` (a progress bar on a terminal only); with the `refused` entries, in file order."""
    from .engine.render.batch import Interrupted, run

    processes = processen or os.cpu_count() or 1
    try:
        if sys.stderr is not None and sys.stderr.isatty():
            with click.progressbar(length=len(sources), label=label, file=sys.stderr) as bar:
                done = run(adviseur, job, task, sources, processes, bar.update)
        else:
            done = run(adviseur, job, task, sources, processes)
    except Interrupted as stop:
        _report_interrupted(stop.done, len(sources), job.uitvoer)
    return sorted(refused + done, key=lambda o: os.fsencode(o.source))


def _report_interrupted(done: list[Any], total: int, uitvoer: str | None) -> NoReturn:
    """Ctrl-C in a batch: what was refused so far, how far it got, and exit code 130 (128 + SIGINT)."""
    _report_refused(done)
    left = total - len(done)
    if uitvoer is None:  # overzicht: the table is only made at the end
        said = "Er is geen overzicht gemaakt."
    else:
        written = sum(1 for o in done if o.written)
        said = (f"{written} advie{'s' if written == 1 else 'zen'} geschreven in {uitvoer}; "
                f"{left} bestand{'' if left == 1 else 'en'} niet gedaan.")
    terminal.echo(terminal.line(f"Onderbroken. {said}"), err=True)
    sys.exit(130)


def _report_refused(outcomes: list[Any]) -> int:
    """One message per refused file (its lines, as for one file); the exit code for the whole batch."""
    codes = [o.error.exit_code for o in outcomes if o.error is not None]
    for o in outcomes:
        if o.error is not None:
            terminal.echo("\n".join(terminal.line(line) for line in o.error.lines()), err=True)
    return 2 if 2 in codes else max(codes, default=0)

# --- commando: vergelijk (twee adviezen naast elkaar, issue 12) ---
@main.command("vergelijk", context_settings=CONTEXT)
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--formaat", type=click.Choice(["tekst", "markdown", "json"]), default="tekst", show_default=True,
              help="Vorm van de vergelijking.")
@uitvoer_optie
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def vergelijk_cmd(a: str, b: str, formaat: str, uitvoer: str | None, peildatum: str | None, regels: str | None,
                  kennisbank: str | None, engine: str | None) -> None:
    """Vergelijk het advies voor feitenbestand A met dat voor B.

    Toont wat er anders is in de feiten en in het advies (fase, activiteiten, partners, afspraak,
    risico's, tips, volgorde van het plan), en bij elk verschil welke feiten en regels het maken.
    Twee versies van hetzelfde initiatief (eerst A, nu B) laten zien wat er veranderd en gedaan is.
    """
    from .engine.advice.compare import compare
    from .engine.render.comparetext import render_comparison

    if a == "-" and b == "-":
        raise InputError([Problem("A en B kunnen niet allebei '-' (standaardinvoer) zijn; geef voor één van beide "
                                  "een bestand", field="B")])
    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    first = adviseur.raadpleeg(adviseur.lees_feiten(_path(a, "A")), day)
    second = adviseur.raadpleeg(adviseur.lees_feiten(_path(b, "B")), day)
    _write(render_comparison(compare(first, second), formaat), uitvoer, [a, *_inputs(b, adviseur)])


# --- commando's: serve, db upgrade, gebruiker toevoegen (server voor gemeenten, issue 13) ---
database_optie = click.option("--database", default=None, metavar="URL",
                              help="SQLAlchemy-URL van de database (standaard SAMENWERKWIJZER_DATABASE_URL, anders een "
                                   "SQLite-bestand in uw gegevensmap).")


@main.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres waarop de server luistert.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="POORT",
              help="Poort (1 tot en met 65535).")
@database_optie
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), metavar="AANTAL",
              help="Aantal serverprocessen (1 tot en met 64).")
@click.option("--log-niveau", "log_level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="Hoeveel de server meldt.")
@_guard
def serve_cmd(host: str, port: int, database: str | None, workers: int, log_level: str) -> None:
    """Start de server (HTTP-API). De database wordt bij de start bijgewerkt."""
    from .engine.server.run import serve

    sys.exit(serve(host, port, database, workers, log_level))


@main.group("db", context_settings=CONTEXT)
def db_cmd() -> None:
    """De database van de server."""


@db_cmd.command("upgrade", context_settings=CONTEXT)
@database_optie
@_guard
def db_upgrade(database: str | None) -> None:
    """Werk de database bij naar het nieuwste schema (maakt hem aan als hij er nog niet is)."""
    from .engine.server.run import upgrade

    upgrade(database)
    terminal.echo("database bijgewerkt")


@main.group("gebruiker", context_settings=CONTEXT)
def gebruiker_cmd() -> None:
    """Gebruikers van de server."""


@gebruiker_cmd.command("toevoegen", context_settings=CONTEXT)
@click.option("--gemeente", required=True, metavar="NAAM", help="De gemeente van de gebruiker (wordt aangemaakt als die nieuw is).")
@click.option("--naam", required=True, metavar="NAAM", help="De gebruikersnaam.")
@click.option("--rol", required=True, metavar="beheerder|adviseur|lezer", help="beheerder, adviseur of lezer.")
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees het wachtwoord als eerste regel van standaardinvoer.")
@database_optie
@_guard
def gebruiker_toevoegen(gemeente: str, naam: str, rol: str, wachtwoord_stdin: bool, database: str | None) -> None:
    """Maak een gebruiker aan, ook de eerste beheerder.

    Het wachtwoord (minstens 12 tekens) komt uit SAMENWERKWIJZER_WACHTWOORD, uit standaardinvoer
    (--wachtwoord-stdin) of wordt gevraagd; nooit op de opdrachtregel.
    """
    from .engine.server.accounts import add_user, password_hash
    from .engine.server.database import Database
    from .engine.server.run import upgrade

    if wachtwoord_stdin:
        wachtwoord = _password_line()
    else:
        wachtwoord = os.environ.get("SAMENWERKWIJZER_WACHTWOORD") or click.prompt(
            "Wachtwoord", hide_input=True, confirmation_prompt="Nog een keer")
    db = Database(upgrade(database))
    try:
        hashed = password_hash(wachtwoord)  # before the write: other writers wait while it is open
        with db.write() as session:
            add_user(session, gemeente, naam, rol, wachtwoord, hashed)
    finally:
        db.dispose()
    terminal.echo(f"gebruiker '{naam}' ({rol}) toegevoegd aan gemeente '{gemeente}'")


def _password_line() -> str:
    """The first line of standard input (--wachtwoord-stdin). Bytes that are no UTF-8 stay as surrogates,
    so that the password check refuses them with its field instead of a decoding error."""
    return sys.stdin.buffer.readline().decode("utf-8", "surrogateescape").rstrip("\r\n")


@gebruiker_cmd.command("wachtwoord", context_settings=CONTEXT)
@click.option("--naam", required=True, metavar="NAAM", help="De gebruikersnaam.")
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees het nieuwe wachtwoord als eerste regel van standaardinvoer.")
@database_optie
@_guard
def gebruiker_wachtwoord(naam: str, wachtwoord_stdin: bool, database: str | None) -> None:
    """Geef een gebruiker een nieuw wachtwoord, bijvoorbeeld de beheerder die het vergat.

    De gebruiker is meteen overal uitgelogd en alle API-tokens worden ingetrokken. Het wachtwoord (minstens 12
    tekens) komt uit SAMENWERKWIJZER_WACHTWOORD, uit standaardinvoer (--wachtwoord-stdin) of wordt
    gevraagd; nooit op de opdrachtregel. Een beheerder kan dit ook op de pagina Gebruikers doen.
    """
    from .engine.errors import quoted
    from .engine.server.accounts import password_hash, revoked_text, set_password, user_named
    from .engine.server.database import Database
    from .engine.server.run import upgrade

    db = Database(upgrade(database))
    try:
        with db.read() as session:
            if user_named(session, naam.strip()) is None:
                raise InputError([Problem(f"er is geen gebruiker {quoted(naam.strip())}", field="--naam")])
        if wachtwoord_stdin:
            wachtwoord = _password_line()
        else:
            wachtwoord = os.environ.get("SAMENWERKWIJZER_WACHTWOORD") or click.prompt(
                "Nieuw wachtwoord", hide_input=True, confirmation_prompt="Nog een keer")
        hashed = password_hash(wachtwoord)  # before the write: other writers wait while it is open
        with db.write() as session:
            user = user_named(session, naam.strip())
            if user is None:  # pragma: no cover - removed between the two steps
                raise InputError([Problem(f"er is geen gebruiker {quoted(naam.strip())}", field="--naam")])
            revoked = set_password(session, user, wachtwoord, hashed=hashed)
    finally:
        db.dispose()
    terminal.echo(f"gebruiker '{naam.strip()}' heeft een nieuw wachtwoord; deze gebruiker is overal uitgelogd "
                  f"en {revoked_text(revoked)}")



# -- intake: vragen, intake, nieuw ---------------------------------------------------------------
@main.command("vragen", context_settings=CONTEXT)
@click.argument("feiten")
@click.option("--formaat", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True,
              help="Vorm van de lijst.")
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def vragen_cmd(feiten: str, formaat: str, peildatum: str | None, regels: str | None, kennisbank: str | None,
               engine: str | None) -> None:
    """Welke onbekende feiten het advies voor FEITEN nog veranderen, en wat elk antwoord verandert.

    De belangrijkste vraag eerst. Met --formaat json: een lijst met per vraag feit, vraag, uitleg
    en antwoorden (waarde zoals in het feitenbestand, label in woorden, wat het verandert).
    """
    from .engine.render.intakescreen import questions_json, questions_text

    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    questions = adviseur.raadpleeg(adviseur.lees_feiten(feiten), day).advice.open_vragen
    if formaat == "json":
        terminal.echo(questions_json(questions), nl=False)
    else:
        terminal.echo(questions_text(questions), nl=False)


@main.command("intake", context_settings=CONTEXT)
@click.option("--uit", default=None, metavar="FEITEN", help="Begin met de feiten uit dit bestand (verder gaan).")
@click.option("--naar", default="intake.yaml", show_default=True, metavar="FEITEN",
              help="Schrijf de feiten naar dit bestand (na elk antwoord).")
@peildatum_optie
@regels_optie
@kb_optie
@engine_optie
@_guard
def intake_cmd(uit: str | None, naar: str, peildatum: str | None, regels: str | None, kennisbank: str | None,
               engine: str | None) -> None:
    """Stel één voor één de vragen die het advies nog veranderen, en schrijf de feiten weg.

    Na elk antwoord ziet u wat er in het advies veranderde. Typ het nummer van een antwoord, w
    (weet ik niet) of s (stoppen). Wat u invulde, staat na elk antwoord in --naar; verder gaan kan
    later met --uit (dat bestand) en een nieuwe --naar. Een vraag die u al beantwoordde, ook met
    'weet ik niet', komt niet terug.
    """
    from .engine.advice.intake import apply_answer, facts_yaml, parse_answer, step, summary_line, what_changed
    from .engine.render.intakescreen import change_text, question_text
    from .engine.render.writefile import refuse_input, write_output
    from .engine.source.yamlsource import load

    day = _date(peildatum)
    adviseur = _adviseur(regels, kennisbank, engine)
    naar = _path(naar, "--naar")
    feiten: dict[str, Any] = {}
    inputs: list[str] = []
    if uit is not None:
        uit = _path(uit, "--uit")
        doc = load(uit)
        adviseur.check_facts(doc)
        feiten = dict(doc.data)
        inputs = [uit]
    refuse_input(naar, inputs)
    now = step(adviseur, feiten, day)
    number = 0
    while True:
        questions = now.vragen
        if not questions:
            terminal.echo("\nKlaar: er zijn geen vragen meer die het advies veranderen.")
            break
        number += 1
        current = questions[0]
        terminal.echo(question_text(current, number, len(questions) - 1))
        while True:
            try:
                typed = input("Uw antwoord: ")
            except EOFError:
                typed = "s"
            parsed = parse_answer(current, typed)
            if parsed.soort != "fout":
                break
            terminal.echo(terminal.line(f"  {parsed.melding}"))
        if parsed.soort == "stop":
            break
        feiten = apply_answer(feiten, current.vraag.feit, parsed.waarde if parsed.soort == "antwoord" else None)
        write_output(naar, facts_yaml(feiten, naar), inputs)
        before, now = now.advies, step(adviseur, feiten, day)
        if now.advies is not None:
            changes = what_changed(adviseur, before, now.advies) if before is not None else []
            terminal.echo(change_text(summary_line(adviseur, now.advies), changes))
    if "naam" in feiten:
        write_output(naar, facts_yaml(feiten, naar), inputs)
        terminal.echo(terminal.line(f"De feiten staan in {naar}. Advies: samenwerkwijzer advies {naar}"))
        terminal.echo(terminal.line(f"Verder gaan: samenwerkwijzer intake --uit {naar} --naar ANDER-BESTAND.yaml"))
    else:
        terminal.echo("Gestopt zonder naam: er is niets bewaard.")


@main.command("nieuw", context_settings=CONTEXT)
@click.argument("pad", metavar="[PAD]", required=False)
@_guard
def nieuw_cmd(pad: str | None) -> None:
    """Schrijf een leeg feitenbestand met bij elk feit de vraag, uitleg en de antwoorden die mogen.

    Zonder PAD komt het op het scherm. Alles staat op onbekend; `advies` werkt er meteen op. Een
    bestand dat al bestaat, blijft heel: kies dan een andere naam.
    """
    from .engine.advice.intake import template_yaml
    from .engine.errors import Problem

    if pad:
        pad = _path(pad, "PAD")
        if os.path.lexists(pad):
            raise InputError([Problem("dit bestand bestaat al en blijft zoals het is; kies een andere naam",
                                      path=pad, field="PAD")])
    _write(template_yaml(_adviseur(None, None), pad), pad)


def entry() -> None:
    """The program `samenwerkwijzer` (pyproject's [project.scripts]): one command, then the process ends."""
    main.ends_process = True
    # the collector looks at young objects less often, as in the server worker (engine/server/run.py):
    # a command makes many objects that live until it ends (validators, the advice) and few cycles;
    # with the default threshold the collector ran about twenty times in a cold `advies` (~3 ms)
    gc.set_threshold(20_000, 20, 20)
    try:
        main()
    except SystemExit as exc:
        _end_now(exc.code)
        raise


def _end_now(code: object) -> None:
    """End the process at once when the command is done and nothing is left to finish: Python's own
    ending frees every object of the rule base, the models and the modules one by one (~10 ms of a
    cold `advies`), for a process that is about to go anyway.

    First the same as a normal end: what is registered with atexit runs, and both streams are
    flushed. Returns (and Python ends as usual) when that cannot be done safely: another thread
    still runs, a profiler or tracer is attached (it writes its results after the program), the
    exit code is a message, or a stream fails (the usual ending reports that)."""
    import atexit
    import threading

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if (run_exitfuncs is None or threading.active_count() > 1 or sys.gettrace() is not None
            or sys.getprofile() is not None or not (code is None or isinstance(code, int))):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        run_exitfuncs()  # also empties the list: a normal ending after this would not run them twice
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    entry()
