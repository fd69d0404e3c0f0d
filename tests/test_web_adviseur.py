"""What a busy adviser ran into when walking the whole job in the browser (log in, intake, advice, ticks,
history, compare, downloads), each checked in headless chromium so that it cannot come back unnoticed:

- on a phone (390 px) the download links of one version ran over the next version in the history;
- the main button of a form ('Opslaan en volgende vraag') looked weaker than 'Weet ik niet' beside it:
  buttons without the NL Design System classes got the plain html look;
- the same save showed one hour apart: local time in the overview, UTC on the advice and history pages;
- every new initiative asked 'Hoe heet de gemeente?' with an empty field, though the adviser's gemeente is known;
- a number typed as a word got "verwacht een geheel getal" without saying what to type instead;
- the hand-out for the residents (`advies --voor initiatief`) could not be had from the browser;
- on a phone the plan picture shrank to letters of 5 pixels;
- every row of the history looked the same (who, when, rule base): nothing said what a version changed;
- a wrong password said only 'klopt niet', not what to do next, and a page refused for one's role did not
  say who can change the role;
- an adviser with the intake open in two tabs was told that 'iemand anders' had saved in between.
"""

from __future__ import annotations

import re

from serverapp import PASSWORD
from webdossier import dossier_id, stored
from webpages import NARROW, live, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip

from samenwerkwijzer.engine.render.reading import OWNER_GROUPS  # noqa: E402
from samenwerkwijzer.engine.server.pages.localtime import when  # noqa: E402


def start(page, naam: str) -> int:  # noqa: ANN001
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", naam)
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    return dossier_id(page)


def tick_one(page, ident: int) -> None:  # noqa: ANN001
    page.goto(f"/initiatieven/{ident}")
    page.locator('form.afvinklijst input[name="afgerond"]:not(:checked)').first.check()
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()


def test_history_on_a_phone_keeps_each_version_in_its_own_block(open_page):  # noqa: F811
    page = open_page("anna", width=NARROW)
    ident = start(page, "Smal scherm")
    tick_one(page, ident)
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    overflow = page.eval_on_selector_all(
        "table.tabel td, table.tabel th",
        "cells => cells.filter(c => c.scrollHeight > c.clientHeight + 1).map(c => c.dataset.kop + ': ' + c.innerText)")
    assert not overflow, f"deze cellen lopen over de volgende heen: {overflow}"
    boxes = [r.bounding_box() for r in page.locator("table.tabel tbody tr").all()]
    assert len(boxes) == 2
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1


PAGES_WITH_FORMS = ["/initiatieven/nieuw", "/initiatieven/{id}/intake", "/initiatieven/{id}/meer-feiten",
                    "/initiatieven/{id}/antwoorden", "/initiatieven/{id}", "/initiatieven/{id}/geschiedenis",
                    "/initiatieven/{id}/vergelijk?van=1&naar=1"]


def test_every_button_looks_like_a_button_and_the_main_one_stands_out(open_page):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Knoppen")
    page.fill('form.vraag input[name="gemeente.naam"]', "Utrecht")
    page.click('button[value="antwoord"]')  # a second version, so that 'Wijzig de antwoorden' has a field
    page.wait_for_load_state()
    for path in PAGES_WITH_FORMS:
        page.goto(path.format(id=ident))
        bare = page.eval_on_selector_all("main button", "bs => bs.filter(b => !b.classList.contains('utrecht-button'))"
                                                        ".map(b => b.innerText)")
        assert not bare, f"{path}: knoppen zonder de opmaak van NL Design System: {bare}"
    page.goto(f"/initiatieven/{ident}/intake")
    colour = "b => getComputedStyle(b).backgroundColor"
    main = page.eval_on_selector('button[value="antwoord"]', colour)
    other = page.eval_on_selector('button[value="weet_niet"]', colour)
    assert main != other, "de hoofdknop en 'Weet ik niet' zien er hetzelfde uit"
    assert main not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), f"de hoofdknop heeft geen kleur: {main}"


def test_the_same_save_shows_the_same_dutch_time_everywhere(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Tijd overal gelijk")
    shown = when(stored(live.db, ident)[-1].tijd)
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}, \d\d:\d\d( \(UTC\))?", shown)
    page.goto("/initiatieven?zoek=Tijd+overal+gelijk")
    assert shown in page.inner_text("#initiatieven")
    page.goto(f"/initiatieven/{ident}")
    assert f"op {shown}." in page.inner_text(".versie-info")
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    assert page.inner_text('table.tabel tbody tr td[data-kop="Wanneer"]') == shown


def test_the_gemeente_question_starts_with_the_advisers_gemeente(open_page, live):  # noqa: F811
    page = open_page("anna")  # anna works for Utrecht
    ident = start(page, "Gemeente al bekend")
    assert page.input_value('input[name="feit"]') == "gemeente.naam"
    field = page.locator('form.vraag input[name="gemeente.naam"]')
    assert field.input_value() == "Utrecht"
    field.press("Enter")  # confirming is one key
    page.wait_for_load_state()
    assert stored(live.db, ident)[-1].feiten.count('"Utrecht"') == 1
    assert page.input_value('input[name="feit"]') != "gemeente.naam"


def test_a_word_for_a_number_says_what_to_type(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Getal in woorden")
    page.goto(f"/initiatieven/{ident}/meer-feiten")
    page.fill('form.vraag input[name="wijk.deelnamebereidheid"]', "veertig procent")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    message = page.inner_text("#fout-m-wijk-deelnamebereidheid")
    assert "veertig procent" in message and "Typ alleen een heel getal in cijfers" in message
    assert [v.nummer for v in stored(live.db, ident)] == [1]
    page.fill('form.vraag input[name="wijk.deelnamebereidheid"]', "150")  # a number out of range: no typing hint
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    message = page.inner_text("#fout-m-wijk-deelnamebereidheid")
    assert "hoogstens 100" in message and "Typ alleen" not in message


def test_a_save_from_another_tab_of_the_same_adviser_is_not_someone_else(open_page, live):  # noqa: F811
    one = open_page("anna")
    ident = start(one, "Twee tabbladen")
    two = open_page("anna")
    two.goto(f"/initiatieven/{ident}/intake")
    one.click('button[value="antwoord"]')  # the gemeente as suggested
    one.wait_for_load_state()
    two.click('button[value="weet_niet"]')
    two.wait_for_load_state()
    alert = two.inner_text("[role=alert]")
    assert "U heeft dit initiatief intussen al opgeslagen, in een ander venster of tabblad (nu versie 2)" in alert
    assert "Iemand anders" not in alert and "niet bewaard" in alert
    assert [v.nummer for v in stored(live.db, ident)] == [1, 2]


def test_a_wrong_password_says_what_to_do_and_keeps_the_name(open_page):  # noqa: F811
    page = open_page()
    page.goto("/inloggen")
    page.fill("#naam", "anna")
    page.fill("#wachtwoord", PASSWORD.upper())
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    alert = page.inner_text("[role=alert]")
    assert "klopt niet" in alert and "probeer het opnieuw" in alert and "beheerder" in alert
    assert page.input_value("#naam") == "anna"


def test_the_history_says_what_each_version_changed(open_page):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Wat veranderde")
    page.click('button[value="antwoord"]')  # the gemeente as suggested
    page.wait_for_load_state()
    second = page.input_value('input[name="feit"]')
    page.click('button[value="weet_niet"]')
    page.wait_for_load_state()
    page.goto(f"/initiatieven/{ident}")
    box = page.locator('form.afvinklijst input[name="afgerond"]:not(:checked)').first
    title = page.inner_text(f'label[for="{box.get_attribute("id")}"]')
    box.check()
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    cells = page.locator('table.tabel tbody td[data-kop="Wat veranderde"]').all_inner_texts()
    assert len(cells) == 4  # newest first
    assert cells[3] == "Begonnen"
    assert cells[2] == "Hoe heet de gemeente? Utrecht"
    assert cells[1].endswith("Weet ik niet.") and second != "gemeente.naam"
    assert cells[0].startswith("Afgevinkt: ") and cells[0].removeprefix("Afgevinkt: ") in title


def test_a_page_refused_for_the_role_says_who_can_change_it(open_page):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Alleen lezen")
    reader = open_page("bea")  # a lezer of the same gemeente
    reader.goto(f"/initiatieven/{ident}/intake")
    assert reader.inner_text("h1") == "Niet toegestaan"
    assert "Vraag het de beheerder van samenwerkwijzer in uw gemeente" in reader.inner_text("main")


def test_the_plan_picture_stays_readable_on_a_phone(open_page):  # noqa: F811
    page = open_page("anna", width=NARROW)
    ident = start(page, "Plaatje op de telefoon")
    for path in (f"/initiatieven/{ident}", f"/initiatieven/{ident}/versies/1/rapport.html"):
        page.goto(path)
        figure = page.locator("figure").first
        sizes = figure.evaluate("f => [...f.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height)")
        assert sizes and min(h for h in sizes if h > 0) >= 8, (path, min(sizes))
        assert figure.evaluate("f => f.scrollWidth > f.clientWidth") and figure.get_attribute("tabindex") == "0", path
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW, path  # the page itself does not widen


def test_the_history_offers_the_hand_out_for_the_initiative(open_page):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Om mee te geven")
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    link = page.get_by_role("link", name="Advies voor het initiatief (HTML, om mee te geven) van versie 1")
    assert link.get_attribute("href") == f"/initiatieven/{ident}/versies/1/rapport.html?voor=initiatief"
    link.click()
    page.wait_for_load_state()
    hand_out = page.inner_text("body")
    assert "We werken samen toe naar" in hand_out and "Werk toe naar" not in hand_out
    assert any(heading in hand_out for heading in OWNER_GROUPS.values())  # the plan says who acts
    page.goto(f"/initiatieven/{ident}/versies/1/rapport.html")
    assert "Werk toe naar" in page.inner_text("body")
    assert not any(heading in page.inner_text("body") for heading in OWNER_GROUPS.values())
    refused = page.request.get(f"/initiatieven/{ident}/versies/1/rapport.html?voor=iedereen")
    assert refused.status == 422
