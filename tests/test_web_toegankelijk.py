"""Accessibility of every page in headless chromium: axe-core finds no serious or critical problem
(WCAG 2.1 A and AA rules) at 1280 and 390 pixels wide; the login form and the overview filter work by
keyboard in a sensible order with a visible focus; the pages work with JavaScript off.

PAGES lists every page as (who, path). Paths may name {dossier} (a dossier of anna's gemeente with
two versions).

With SAMENWERKWIJZER_SCHERMAFDRUKKEN=<folder> every page is also saved as a PNG at both widths, to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from webdossiers import ApiUser
from webpages import NARROW, WIDE, axe_violations, describe, live, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip

PAGES = [
    (None, "/inloggen"),
    ("anna", "/initiatieven"),
    ("anna", "/initiatieven?fase=opstarte&sorteer=naam"),  # with the warning about an unknown phase
    ("erik", "/initiatieven"),  # empty state
    ("carl", "/beheer/gebruikers"),
    ("anna", "/beheer/gebruikers"),  # the 403 page
    ("anna", "/kennisbank"),
    ("anna", "/kennisbank/fase/opstarten"),
    ("anna", "/kennisbank/activiteit/ops-kennismaken"),
    ("anna", "/kennisbank/partner/bewonersinitiatief"),
    ("anna", "/kennisbank/vorm/intentieovereenkomst"),
    ("anna", "/kennisbank/risico/risico-capaciteit-gemeente"),
    ("anna", "/kennisbank/risico/bestaat-niet"),  # the 404 page
    ("anna", "/initiatieven/nieuw"),
    ("anna", "/initiatieven/{dossier}/intake"),
    ("anna", "/initiatieven/{dossier}/meer-feiten"),
    ("anna", "/initiatieven/{dossier}/antwoorden"),
    ("anna", "/initiatieven/{dossier}"),
    ("bea", "/initiatieven/{dossier}"),  # a lezer: no checkboxes
    ("anna", "/initiatieven/{dossier}/wat-als"),
    ("anna", "/initiatieven/{dossier}/wat-als?vraag=fase"),
    ("anna", "/initiatieven/{dossier}/geschiedenis"),
    ("anna", "/initiatieven/{dossier}/vergelijk?van=1&naar=2"),
    ("anna", "/initiatieven/{dossier}/versies/1/rapport.html"),
    ("anna", "/initiatieven/{dossier}/versies/1/rapport.html?voor=initiatief"),  # the hand-out, grouped by who acts
    ("dirk", "/initiatieven/{dossier}"),  # another gemeente: the 404 page
]
SHOTS = os.environ.get("SAMENWERKWIJZER_SCHERMAFDRUKKEN")


@pytest.fixture(scope="module")
def dossier(live):  # noqa: F811
    from samenwerkwijzer.engine.server import accounts

    with live.db.write() as session:
        accounts.add_user(session, "Leegdorp", "erik", "adviseur", "een heel lang wachtwoord")
        bea = accounts.user_named(session, "bea")
        assert bea is not None
        accounts.new_token(session, bea.id, "koppeling")  # the users page then has a button to revoke it
    anna = ApiUser(live.url, "anna")
    number = anna.new_dossier("opstarten-collectief")
    anna.new_dossier("uitvoeren-gemengd")
    anna.tick(number, 1, "ops-kennismaken")
    return number


def check(open_page, naam, path, dossier):  # noqa: F811
    url = path.format(dossier=dossier)
    for width in (WIDE, NARROW):
        page = open_page(naam, width=width, axe=True)
        page.goto(url)
        if SHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", f"{naam or 'anoniem'}{url}".lower()).strip("-")
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        found = axe_violations(page)
        assert not found, f"{url} bij {width} px:\n{describe(found)}"
        assert page.locator("h1").count() == 1, url
        assert page.locator("html").get_attribute("lang") == "nl"


@pytest.mark.parametrize("naam,path", PAGES)
def test_page_has_no_serious_accessibility_problem(open_page, dossier, naam, path):  # noqa: F811
    check(open_page, naam, path, dossier)



def focus_path(page, steps):
    """Press Tab `steps` times; for each stop: the element (id, or tag and text) and whether its focus shows."""
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            const shows = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
            return [el.id || (el.tagName.toLowerCase() + ':' + el.textContent.trim()), shows];
        }"""))
    return seen


def test_login_form_by_keyboard(open_page, dossier):  # noqa: F811
    page = open_page()
    page.goto("/inloggen")
    seen = focus_path(page, 5)
    assert [s[0] for s in seen] == ["a:Naar de inhoud", "a:samenwerkwijzer", "naam", "wachtwoord", "button:Inloggen"]
    assert all(shows for _, shows in seen), seen
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    page.keyboard.type("een heel lang wachtwoord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/initiatieven")


def test_skip_link_moves_to_the_content(open_page, dossier):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"
    assert page.locator(".utrecht-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_overview_filter_by_keyboard(open_page, dossier):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven")
    page.focus("#zoek")
    seen = [("zoek", True)] + focus_path(page, 3)
    assert [s[0] for s in seen] == ["zoek", "fase", "sorteer", "button:Toon"]
    assert all(shows for _, shows in seen), seen
    page.focus("#fase")
    page.keyboard.press("ArrowDown")  # the first phase (on a closed select in chromium)
    chosen = page.input_value("#fase")
    page.focus("button:has-text('Toon')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"fase={chosen}" in page.url


@pytest.mark.parametrize("naam,path", [(n, p) for n, p in PAGES if n])
def test_pages_work_without_javascript(open_page, dossier, naam, path):  # noqa: F811
    page = open_page(naam, javascript=False)
    answer = page.goto(path.format(dossier=dossier))
    assert answer.status in (200, 400, 403, 404)
    assert page.locator("h1").count() == 1
    if "/rapport.html" not in path:  # the report download is the CLI's standalone HTML, without the site's menu
        assert page.locator("header form.logout button").is_visible()
