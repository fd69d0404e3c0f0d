"""The overview of initiatives (/initiatieven, /initiatieven.csv) in headless chromium: one gemeente's
dossiers only, filter, sort, CSV with the same filter, progress as a bar with text, the empty state."""

from __future__ import annotations

import csv
import io

import pytest
from webdossiers import ApiUser
from webpages import live, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


@pytest.fixture(scope="module")
def made(live):  # noqa: F811
    """Three Utrecht dossiers (one ticked off by carl afterwards) and one of Zwolle."""
    anna, carl, dirk = ApiUser(live.url, "anna"), ApiUser(live.url, "carl"), ApiUser(live.url, "dirk")
    ids = {"start": anna.new_dossier("opstarten-collectief", "Warmte Oost"),
           "uitwerken": anna.new_dossier("uitwerken-individueel", "Zon op Zuid"),
           "uitvoeren": anna.new_dossier("uitvoeren-gemengd", "Aardgasvrij Noord"),
           "zwolle": dirk.new_dossier("opstarten-individueel", "Zwolse Stroom")}
    carl.tick(ids["start"], 1, "ops-kennismaken")
    return ids


def table_names(page):
    return [c.strip() for c in page.locator("#initiatieven tbody th").all_inner_texts()]


def csv_rows(page, url):
    answer = page.request.get(url)
    assert answer.status == 200, answer.text()
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.text())))


def test_overview_shows_the_own_gemeente_only(open_page, made):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven")
    assert sorted(table_names(page)) == ["Aardgasvrij Noord", "Warmte Oost", "Zon op Zuid"]
    assert "Zwolse Stroom" not in page.content()
    rows = csv_rows(page, "/initiatieven.csv")
    assert rows[0][:3] == ["dossier", "naam", "fase"]
    assert sorted(r[1] for r in rows[1:]) == ["Aardgasvrij Noord", "Warmte Oost", "Zon op Zuid"]

    zwolle = open_page("dirk")
    zwolle.goto("/initiatieven")
    assert table_names(zwolle) == ["Zwolse Stroom"]
    assert "Warmte Oost" not in zwolle.content()
    assert [r[1] for r in csv_rows(zwolle, "/initiatieven.csv")[1:]] == ["Zwolse Stroom"]


def test_row_has_phase_agreement_progress_risk_and_last_change(open_page, made):  # noqa: F811
    page = open_page("bea")  # a lezer sees the overview too
    page.goto("/initiatieven?zoek=warmte oost")
    row = page.locator("#initiatieven tbody tr")
    assert row.count() == 1
    text = row.inner_text()
    assert "Opstarten" in text and "Intentieovereenkomst" in text
    assert "door carl" in text  # the last version is carl's tick
    bar = row.locator("progress")
    value = bar.get_attribute("value")
    assert value is not None and f"{value}% af" in text  # the bar has its figure as text beside it
    assert bar.get_attribute("aria-label")
    assert "ernst:" in text
    assert row.locator("a").get_attribute("href") == f"/initiatieven/{made['start']}"


def test_a_new_version_shows_at_once(open_page, live, made):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven?zoek=zon op zuid")
    assert "door anna" in page.inner_text("#initiatieven tbody tr")
    ApiUser(live.url, "carl").tick(made["uitwerken"], 1, "ops-kennismaken")
    page.goto("/initiatieven?zoek=zon op zuid")
    assert "door carl" in page.inner_text("#initiatieven tbody tr")


def test_filter_and_sort_by_form_without_javascript(open_page, made):  # noqa: F811
    page = open_page("anna", javascript=False)
    page.goto("/initiatieven")
    page.select_option("#sorteer", "naam")
    page.click("form.filter button[type=submit]")
    page.wait_for_load_state()
    assert "sorteer=naam" in page.url
    assert table_names(page) == ["Aardgasvrij Noord", "Warmte Oost", "Zon op Zuid"]

    page.select_option("#fase", "opstarten")
    page.click("form.filter button[type=submit]")
    page.wait_for_load_state()
    assert table_names(page) == ["Warmte Oost"]
    assert page.input_value("#fase") == "opstarten"  # the form shows what is chosen

    page.fill("#zoek", "ZUID")
    page.select_option("#fase", "")
    page.click("form.filter button[type=submit]")
    page.wait_for_load_state()
    assert table_names(page) == ["Zon op Zuid"]


def test_sort_orders_are_deterministic_and_differ(open_page, made):  # noqa: F811
    page = open_page("anna")
    orders = {}
    for key in ("gewijzigd", "naam", "fase", "voortgang", "risico"):
        page.goto(f"/initiatieven?sorteer={key}")
        first = page.content()
        page.goto(f"/initiatieven?sorteer={key}")
        assert page.content() == first
        orders[key] = table_names(page)
    assert orders["naam"] == sorted(orders["naam"])
    assert orders["fase"] == ["Warmte Oost", "Zon op Zuid", "Aardgasvrij Noord"]  # opstarten, uitwerken, uitvoeren
    assert orders["gewijzigd"][0] in ("Warmte Oost", "Zon op Zuid")  # the ones ticked last


def test_csv_follows_the_filter_and_the_link_carries_it(open_page, made):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven?fase=uitvoeren&sorteer=naam")
    href = page.get_attribute("a[href^='/initiatieven.csv']", "href")
    assert href == "/initiatieven.csv?fase=uitvoeren&sorteer=naam"
    rows = csv_rows(page, href)
    assert [r[1] for r in rows[1:]] == ["Aardgasvrij Noord"]
    assert rows[1][0] == str(made["uitvoeren"])


def test_unknown_filter_value_says_what_is_allowed(open_page, made):  # noqa: F811
    page = open_page("anna")
    answer = page.goto("/initiatieven?fase=opstarte&sorteer=naaam")
    assert answer.status == 400
    alerts = page.locator("[role=alert]").all_inner_texts()
    assert any("'opstarte'" in a and "Bedoelde u 'opstarten'?" in a for a in alerts)
    assert any("'naaam'" in a and "naam" in a for a in alerts)
    assert len(table_names(page)) == 3  # shown unfiltered meanwhile
    assert page.request.get("/initiatieven.csv?sorteer=x").status == 400


def test_empty_state_links_to_new_initiative(open_page, live):  # noqa: F811
    from samenwerkwijzer.engine.server import accounts

    with live.db.write() as session:
        accounts.add_user(session, "Leegdorp", "erik", "adviseur", "een heel lang wachtwoord")
    page = open_page("erik")
    page.goto("/initiatieven")
    assert page.locator("table").count() == 0
    assert page.get_attribute("main a[href='/initiatieven/nieuw']", "href") == "/initiatieven/nieuw"
