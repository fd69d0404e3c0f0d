"""Helpers for the browser tests of one initiative's pages: answer the web intake as a facts file says,
fill in the other facts, create a dossier through the API with the page's session, read what was stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from samenwerkwijzer.engine.model.facts import input_catalogue
from samenwerkwijzer.engine.server.tables import Versie

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"bool": "keuze", "enum": "keuze", "list": "lijst", "int": "getal"}


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "voorbeelden" / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def lookup(facts: dict[str, Any], name: str) -> tuple[bool, Any]:
    """(whether the facts give `name`, its value)."""
    node: Any = facts
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def form_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def fill(page: Any, name: str, value: Any, scope: str = "") -> None:
    """Put `value` into the fields of fact `name` (checkboxes, radios or a text field) inside `scope`."""
    kind = KINDS.get(input_catalogue()[name].kind, "tekst")
    field = f'{scope} [name="{name}"]'.strip()
    if kind == "lijst":
        for member in value or ["[]"]:
            page.check(f'{field}[value="{member}"]')
    elif kind == "keuze":
        page.check(f'{field}[value="{form_value(value)}"]')
    else:
        page.fill(f'{field}[type="text"]', str(value))


def answer_intake(page: Any, facts: dict[str, Any]) -> list[str]:
    """Answer every intake question as `facts` say ('weet ik niet' where they say nothing); the facts asked."""
    asked: list[str] = []
    while page.locator('input[name="feit"]').count():
        name = page.input_value('input[name="feit"]')
        assert name not in asked, f"{name} werd twee keer gevraagd"
        asked.append(name)
        given, value = lookup(facts, name)
        if name == "afgerond" and value is None:
            value = []
        if value is None:
            page.click('button[value="weet_niet"]')
        else:
            fill(page, name, value, "form.vraag")
            page.click('button[value="antwoord"]')
        page.wait_for_load_state()
        assert page.locator("[role=alert]").count() == 0, page.inner_text("[role=alert]")
    return asked


def fill_more(page: Any, facts: dict[str, Any]) -> list[str]:
    """On the 'meer feiten' page: fill in every fact `facts` give; the facts filled."""
    filled = []
    for name in input_catalogue():
        given, value = lookup(facts, name)
        if not given or page.locator(f'form.vraag [name="{name}"]').count() == 0:
            continue
        if value is None:
            page.check(f'form.vraag [name="{name}"][value="?"]')
        else:
            fill(page, name, value, "form.vraag")
        filled.append(name)
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    return filled


def stored(db: Any, dossier_id: int) -> list[Versie]:
    """Every stored version of the dossier, oldest first."""
    with db.read() as session:
        rows = session.scalars(select(Versie).where(Versie.dossier_id == dossier_id).order_by(Versie.nummer)).all()
        session.expunge_all()
        return list(rows)


def csrf_of(page: Any) -> str:
    return str(page.input_value('form.logout input[name="csrf_token"]'))


def create_dossier(page: Any, facts: dict[str, Any]) -> int:
    """A new dossier with `facts`, made through the API with the page's session (what a program would do)."""
    if not page.url.startswith("http"):
        page.goto("/initiatieven/nieuw")
    if page.locator("form.logout").count() == 0:
        page.goto("/initiatieven/nieuw")
    r = page.request.post("/api/dossiers", data=json.dumps({"feiten": facts}),
                          headers={"Content-Type": "application/json", "X-CSRF-Token": csrf_of(page)})
    assert r.status == 201, r.text()
    return int(r.json()["id"])


def dossier_id(page: Any) -> int:
    return int(page.url.split("/initiatieven/")[1].split("/")[0].split("?")[0])
