"""Making a version of a dossier: the advice computed as `samenwerkwijzer advies` would, and saved on top
of the version it builds on. The API (dossier_routes) and the web pages both save through here.

The advice is computed before the write transaction opens, so the lock is held only for the insert.
A save on top of a version that is no longer the latest raises `dossiers.Conflict`; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json

import yaml

from ..advice.consult import Consult
from ..render import formats
from ..source.dates import parse_day
from ..source.yamlsource import Document
from . import dossiers
from .accounts import Account
from .state import Server
from .storable import refuse_nul
from .tables import Dossier as DossierRow
from .tables import Versie as VersieRow


class Missing(Exception):
    """The dossier is not there, or belongs to another gemeente."""


def advise(server: Server, facts: Document, peildatum: str | dt.date | None) -> dossiers.Saved:
    """Check the facts and make the advice, as `samenwerkwijzer advies` would for the same facts."""
    day = parse_day(peildatum) if isinstance(peildatum, str) else (peildatum or dt.date.today())
    refuse_nul(facts.data, facts.source)
    consult = server.adviseur.raadpleeg(server.adviseur.check_facts(facts), day)
    rule_base = consult.rule_base
    return dossiers.Saved(naam=consult.advice.naam, peildatum=day, feiten=json.dumps(facts.data, ensure_ascii=False),
                          regelbasis_versie=rule_base.versie, regelbasis_hash=rule_base.hash,
                          advies=formats.render(consult, "json"))


def consult(server: Server, row: VersieRow) -> Consult:
    """A stored version consulted again: its facts and peildatum with the current rule base."""
    return server.adviseur.raadpleeg(server.adviseur.check_facts(Document(data=json.loads(row.feiten), source="<invoer>")),
                                     dt.date.fromisoformat(row.peildatum))


def create(server: Server, who: Account, saved: dossiers.Saved, new_name: bool = False) -> tuple[DossierRow, VersieRow]:
    """A new dossier; with `new_name`, dossiers.SameName when the gemeente has one with this name already."""
    with server.db.write() as session:
        return dossiers.create(session, who, saved, new_name)


def save(server: Server, who: Account, dossier_id: int, basis: int, saved: dossiers.Saved) -> VersieRow:
    """Version basis+1 of the dossier; Missing when the gemeente has no such dossier, Conflict when basis is not the latest."""
    with server.db.write() as session:
        current = dossiers.find(session, who, dossier_id)
        if current is None:
            raise Missing(dossier_id)
        return dossiers.add_version(session, who, current, basis, saved)


def facts_file(row: VersieRow) -> str:
    """The facts of a version as a facts file (YAML) that `samenwerkwijzer advies` reads."""
    return yaml.dump(json.loads(row.feiten), Dumper=_FactsDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False)


class _FactsDumper(yaml.SafeDumper):
    """PyYAML writes NEL, LS and PS (U+0085, U+2028, U+2029) as line breaks of a quoted text, which a
    reader folds into spaces (YAML 1.1) or keeps with the indentation (YAML 1.2, as `advies` reads):
    a text holding one is written between double quotes, where they are escapes (\\N, \\L, \\P)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_FactsDumper.add_representer(str, _text)
