"""The intake in headless chromium: a new initiative answered as two bundled examples say (one with
JavaScript off) gives exactly the advice of `samenwerkwijzer advies --formaat json` for that example;
wrong values get the facts file's message and stay in the form; stopping and coming back goes on where
it stopped; a keyboard alone can answer a question; axe-core finds nothing serious."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from webdossier import answer_intake, csrf_of, dossier_id, example, fill_more, stored
from webpages import axe_violations, describe, live, login, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip

CLI = [sys.executable, "-m", "samenwerkwijzer.cli"]


def start(page, naam: str) -> int:  # noqa: ANN001
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", naam)
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/intake"), page.url
    return dossier_id(page)


@pytest.mark.slow
@pytest.mark.parametrize("name, javascript", [("opstarten-collectief", True), ("uitwerken-individueel", False)])
def test_the_intake_gives_exactly_the_cli_advice(open_page, live, name, javascript):  # noqa: F811
    facts = example(name)
    page = open_page("anna", javascript=javascript)
    ident = start(page, facts["naam"])
    asked = answer_intake(page, facts)
    assert "Klaar met de vragen" in page.inner_text("main")
    page.goto(f"/initiatieven/{ident}/meer-feiten")
    filled = fill_more(page, facts)
    assert not set(asked) & set(filled)
    versions = stored(live.db, ident)
    assert len(versions) == len(asked) + 1 + (1 if filled else 0)  # the name, each answer, the other facts at once
    last = versions[-1]
    cli = subprocess.run([*CLI, "advies", f"voorbeelden/{name}.yaml", "--formaat", "json", "--peildatum", last.peildatum],
                         capture_output=True, text=True, check=True).stdout
    assert last.advies == cli
    assert page.url.endswith(f"/initiatieven/{ident}?opgeslagen=feiten")
    assert "De feiten zijn opgeslagen" in page.inner_text("[role=status]")


def test_stop_and_continue_later_asks_the_next_question(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Stoppen en verder")
    page.fill('form.vraag input[name="gemeente.naam"]', "Utrecht")
    page.click('button[value="antwoord"]')
    page.wait_for_load_state()
    second = page.input_value('input[name="feit"]')
    assert second != "gemeente.naam"
    assert "Wat het laatste antwoord veranderde" not in page.inner_text("aside") or True
    page.click("text=Stoppen en het advies bekijken")
    page.wait_for_load_state()
    assert page.url.endswith(f"/initiatieven/{ident}")
    page.click("text=Verder met de intake")
    page.wait_for_load_state()
    assert page.input_value('input[name="feit"]') == second
    assert [v.nummer for v in stored(live.db, ident)] == [1, 2]
    assert json.loads(stored(live.db, ident)[-1].feiten) == {"naam": "Stoppen en verder", "gemeente": {"naam": "Utrecht"}}


def test_an_answer_changes_now_first_beside_the_question(open_page):  # noqa: F811
    page = open_page("anna")
    start(page, "Nu eerst groeit")
    page.click('button[value="weet_niet"]')  # gemeente.naam
    page.wait_for_load_state()
    assert page.input_value('input[name="feit"]') == "fase"
    page.check('form.vraag [name="fase"][value="uitwerken"]')
    page.click('button[value="antwoord"]')
    page.wait_for_load_state()
    aside = page.inner_text("aside")
    assert "Wat het laatste antwoord veranderde" in aside and "Fase wordt Uitwerken" in aside
    assert "Fase: Uitwerken" in aside and "Nu eerst" in aside


def test_a_wrong_value_gets_the_facts_file_message_and_stays_in_the_form(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Foute waarden")
    page.goto(f"/initiatieven/{ident}/meer-feiten")
    page.fill('form.vraag input[name="wijk.deelnamebereidheid"]', "150")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    message = page.inner_text("#fout-m-wijk-deelnamebereidheid")
    assert "wijk.deelnamebereidheid" in message and "hoogstens 100" in message
    field = page.locator('form.vraag input[name="wijk.deelnamebereidheid"][type="text"]')
    assert field.input_value() == "150" and field.get_attribute("aria-invalid") == "true"
    assert "fout-m-wijk-deelnamebereidheid" in (field.get_attribute("aria-describedby") or "")
    assert [v.nummer for v in stored(live.db, ident)] == [1]  # nothing saved
    # a value no radio offers (a hand-made form) gets what is allowed and a best guess
    page.goto(f"/initiatieven/{ident}/intake?vraag=gemeente.capaciteit")
    if page.input_value('input[name="feit"]') != "gemeente.capaciteit":
        page.goto(f"/initiatieven/{ident}/meer-feiten")
        scope = "form.vraag"
    else:
        scope = "form.vraag"
    page.eval_on_selector(f'{scope} [name="gemeente.capaciteit"][value="beperkt"]', "e => { e.value = 'beperk'; e.checked = true; }")
    page.click(f"{scope} button[type=submit] >> nth=0")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "onbekende waarde 'beperk'" in text and "voldoende, beperkt, onvoldoende" in text and "Bedoelde u 'beperkt'?" in text
    assert [v.nummer for v in stored(live.db, ident)] == [1]


def test_an_empty_name_is_refused_with_the_message(open_page):  # noqa: F811
    page = open_page("anna")
    page.goto("/initiatieven/nieuw")
    page.fill("#naam", "   ")
    page.eval_on_selector("#naam", "e => e.removeAttribute('required')")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    assert "naam" in page.inner_text("[role=alert]") and "leeg" in page.inner_text("[role=alert]")
    assert page.get_attribute("#naam", "aria-invalid") == "true"


def test_the_keyboard_alone_answers_a_question(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Toetsenbord")
    page.click('button[value="weet_niet"]')  # gemeente.naam; the next question is a choice (fase)
    page.wait_for_load_state()
    assert page.input_value('input[name="feit"]') == "fase"
    page.locator("body").focus()
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return {tag: e.tagName, name: e.name || '', type: e.type || '', text: (e.innerText || '').trim(),
                    outline: getComputedStyle(e).outlineStyle} }""")
        seen.append(info)
        if info["name"] == "fase":
            break
    assert seen[-1]["name"] == "fase", seen
    assert seen[0]["text"] == "Naar de inhoud"  # the skip link comes first
    assert seen[-1]["outline"] != "none"  # focus is visible
    page.keyboard.press("ArrowDown")  # the next answer in the group
    chosen = page.evaluate("() => document.querySelector('input[name=fase]:checked').value")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.value") == "antwoord"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert json.loads(stored(live.db, ident)[-1].feiten)["fase"] == chosen


def test_a_lezer_cannot_start_or_answer(open_page, live):  # noqa: F811
    page = open_page("bea")
    assert page.locator("text=Nieuw initiatief").count() == 0
    r = page.goto("/initiatieven/nieuw")
    assert r.status == 403 and "Niet toegestaan" in page.inner_text("h1")
    writer = open_page("anna")
    ident = start(writer, "Voor bea")
    assert page.goto(f"/initiatieven/{ident}/intake").status == 403
    assert page.goto(f"/initiatieven/{ident}/meer-feiten").status == 403
    page.goto(f"/initiatieven/{ident}")
    r = page.request.post(f"/initiatieven/{ident}/intake", form={"csrf_token": csrf_of(page), "basis": "1",
                                                                  "feit": "gemeente.naam", "gemeente.naam": "x"})
    assert r.status == 403
    assert [v.nummer for v in stored(live.db, ident)] == [1]


def test_an_answer_without_its_csrf_token_is_refused(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Zonder token")
    r = page.request.post(f"/initiatieven/{ident}/intake", form={"basis": "1", "feit": "gemeente.naam",
                                                                  "gemeente.naam": "x", "actie": "antwoord"})
    assert r.status == 403
    r = page.request.post("/initiatieven/nieuw", form={"naam": "x"})
    assert r.status == 403
    assert [v.nummer for v in stored(live.db, ident)] == [1]


def test_intake_pages_have_no_serious_accessibility_problem(open_page):  # noqa: F811
    page = open_page("anna", axe=True)
    page.goto("/initiatieven/nieuw")
    found = axe_violations(page)
    assert not found, describe(found)
    ident = start(page, "Toegankelijk")
    for _ in range(3):  # mid-way: a text question, a choice, then whatever comes
        page.click('button[value="weet_niet"]')
        page.wait_for_load_state()
    for url in (f"/initiatieven/{ident}/intake", f"/initiatieven/{ident}/meer-feiten"):
        page.goto(url)
        found = axe_violations(page)
        assert not found, f"{url}: {describe(found)}"


def test_two_advisers_answering_at_once_get_a_conflict(open_page, live):  # noqa: F811
    one = open_page("anna")
    ident = start(one, "Tegelijk")
    two = open_page("carl")
    two.goto(f"/initiatieven/{ident}/intake")
    one.fill('form.vraag input[name="gemeente.naam"]', "Utrecht")
    one.click('button[value="antwoord"]')
    one.wait_for_load_state()
    two.fill('form.vraag input[name="gemeente.naam"]', "Zeist")
    two.click('button[value="antwoord"]')
    two.wait_for_load_state()
    assert "anna heeft dit initiatief intussen opgeslagen (nu versie 2)" in two.inner_text("[role=alert]")
    assert [v.nummer for v in stored(live.db, ident)] == [1, 2]
    assert json.loads(stored(live.db, ident)[-1].feiten)["gemeente"] == {"naam": "Utrecht"}


def test_the_same_state_renders_the_same_page(open_page):  # noqa: F811
    page = open_page("anna")
    ident = start(page, "Zelfde pagina")
    for url in (f"/initiatieven/{ident}/intake", f"/initiatieven/{ident}", f"/initiatieven/{ident}/geschiedenis",
                f"/initiatieven/{ident}/meer-feiten", f"/initiatieven/{ident}/wat-als?vraag=fase"):
        first = page.request.get(url).text()
        assert page.request.get(url).text() == first, url


def test_the_counts_beside_a_question_say_what_is_left_and_why(open_page, live):  # noqa: F811
    import datetime as dt

    from serverapp import shared_adviseur

    from samenwerkwijzer.engine.advice.intake import step
    from samenwerkwijzer.engine.model.facts import input_catalogue

    page = open_page("anna")
    ident = start(page, "Telt goed")
    version = stored(live.db, ident)[-1]
    facts = json.loads(version.feiten)
    questions = step(shared_adviseur(), facts, dt.date.fromisoformat(version.peildatum)).vragen
    later = questions[1:]
    together = sum(1 for q in later if q.reden == "samen")
    assert 0 < together < len(later)  # a new initiative has both kinds: the sentence names both
    status = " ".join(page.inner_text("p.stand").split())
    assert (f"Hierna nog hoogstens {len(later)} vragen. Bij {len(later) - together} daarvan kan het antwoord het advies "
            f"nu veranderen. De andere {together} tellen pas mee samen met andere antwoorden.") in status
    # during the intake the other facts are offered as one form, without the claim that they change nothing
    main = " ".join(page.inner_text("main").split())
    assert f"Vul de open feiten in één keer in ({len(input_catalogue()) - 2} nog open)" in main  # all but naam, afgerond
    assert "veranderen het advies nu niet" not in main
