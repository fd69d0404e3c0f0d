"""The advice page in headless chromium: the report with the plan as a checklist; ticking two activities
saves two versions and moves the progress; unticking works; a stale form gets a clear conflict; wat-als
shows what each answer changes and saves nothing; a lezer sees no checkboxes and gets 403 on a POST;
another gemeente gets 404; a form without its CSRF token is refused; axe-core finds nothing serious."""

from __future__ import annotations

import json
import re

from webdossier import create_dossier, csrf_of, example, stored
from webpages import axe_violations, describe, live, login, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


def progress(page) -> str:  # noqa: ANN001
    return page.inner_text("#voortgang-tekst")


def boxes(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all('form.afvinklijst input[name="afgerond"]:not(:checked)', "es => es.map(e => e.value)")


def test_ticking_two_activities_saves_versions_and_moves_progress(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = create_dossier(page, example("opstarten-collectief"))
    page.goto(f"/initiatieven/{ident}")
    assert page.inner_text("h1") == "Advies voor Buurtwarmte Voorbeeldwijk"
    assert "Nu eerst" in page.inner_text("main") and "Van deze fase zijn 0 van de" in page.inner_text("main")
    before = progress(page)
    assert before.startswith("0 van de")
    first, second = boxes(page)[:2]
    page.check(f"#stap-{first}")
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()
    assert "De vinkjes zijn opgeslagen" in page.inner_text("[role=status]")
    one = progress(page)
    assert one.startswith("1 van de"), one
    page.check(f"#stap-{second}")
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()
    assert progress(page).startswith("2 van de")
    assert page.is_checked(f"#stap-{first}") and page.is_checked(f"#stap-{second}")
    assert "(al gedaan)" in page.inner_text(f"li:has(#stap-{first})")
    versions = stored(live.db, ident)
    assert [v.nummer for v in versions] == [1, 2, 3]
    assert json.loads(versions[-1].feiten)["afgerond"] == [first, second]
    # unticking one is a new version too
    page.uncheck(f"#stap-{first}")
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()
    assert json.loads(stored(live.db, ident)[-1].feiten)["afgerond"] == [second]
    assert progress(page).startswith("1 van de")


def test_a_stale_form_gets_a_conflict_and_saves_nothing(open_page, live):  # noqa: F811
    one = open_page("anna")
    ident = create_dossier(one, example("opstarten-individueel"))
    two = open_page("carl")
    one.goto(f"/initiatieven/{ident}")
    two.goto(f"/initiatieven/{ident}")
    a, b = boxes(one)[:2]
    one.check(f"#stap-{a}")
    one.click("form.afvinklijst button[type=submit]")
    one.wait_for_load_state()
    two.check(f"#stap-{b}")
    two.click("form.afvinklijst button[type=submit]")
    two.wait_for_load_state()
    alert = two.inner_text("[role=alert]")
    assert "anna heeft dit initiatief intussen opgeslagen (nu versie 2)" in alert and "niet bewaard" in alert
    assert [v.nummer for v in stored(live.db, ident)] == [1, 2]
    assert json.loads(stored(live.db, ident)[-1].feiten)["afgerond"] == [a]
    # the page shows the new state (anna's tick) with carl's own tick kept, to save again
    assert two.is_checked(f"#stap-{a}") and two.is_checked(f"#stap-{b}")


def test_wat_als_shows_every_answer_and_saves_nothing(open_page, live):  # noqa: F811
    page = open_page("anna")
    facts = example("uitwerken-individueel")
    ident = create_dossier(page, facts)
    page.goto(f"/initiatieven/{ident}")
    links = page.locator("#open-vragen a.watals-link")
    assert links.count() >= 1
    question = page.inner_text("#open-vragen li >> nth=0 >> strong")
    links.first.click()
    page.wait_for_load_state()
    assert "/wat-als?vraag=" in page.url
    assert page.inner_text("#kop-vraag") == question
    main = page.inner_text("main")
    assert "Er wordt niets opgeslagen" in main and re.search(r"Als het antwoord '.+' is:", main)
    vraag = page.url.split("vraag=")[1]
    advice = json.loads(stored(live.db, ident)[-1].advies)
    wanted = next(q for q in advice["open_vragen"] if q["feit"] == vraag)
    for a in wanted["antwoorden"]:
        for change in a["verandert"]:
            assert change in main
    assert [v.nummer for v in stored(live.db, ident)] == [1]
    page.goto(f"/initiatieven/{ident}/wat-als?vraag=naam")  # answered and not open: says so
    assert "Deze vraag is al beantwoord" in page.inner_text("main")
    assert page.goto(f"/initiatieven/{ident}/wat-als?vraag=geen.feit").status == 404


def test_a_lezer_sees_no_checkboxes_and_cannot_tick(open_page, live):  # noqa: F811
    anna = open_page("anna")
    ident = create_dossier(anna, example("opstarten-collectief"))
    bea = open_page("bea")
    bea.goto(f"/initiatieven/{ident}")
    assert bea.inner_text("h1") == "Advies voor Buurtwarmte Voorbeeldwijk"
    assert bea.locator("form.afvinklijst").count() == 0 and bea.locator('input[type="checkbox"]').count() == 0
    assert bea.locator("text=Verder met de intake").count() == 0
    r = bea.request.post(f"/initiatieven/{ident}/afvinken", form={"csrf_token": csrf_of(bea), "basis": "1",
                                                                    "afgerond": "ops-kennismaken", "getoond": "ops-kennismaken"})
    assert r.status == 403
    assert [v.nummer for v in stored(live.db, ident)] == [1]


def test_another_gemeente_gets_404_and_a_form_without_token_is_refused(open_page, live):  # noqa: F811
    anna = open_page("anna")
    ident = create_dossier(anna, example("opstarten-collectief"))
    dirk = open_page("dirk")
    for url in (f"/initiatieven/{ident}", f"/initiatieven/{ident}/wat-als", f"/initiatieven/{ident}/wat-als?vraag=fase",
                f"/initiatieven/{ident}/intake", f"/initiatieven/{ident}/meer-feiten"):
        r = dirk.goto(url)
        assert r.status == 404, url
        assert "Buurtwarmte" not in dirk.content()
    for url in (f"/initiatieven/{ident}/afvinken", f"/initiatieven/{ident}/intake", f"/initiatieven/{ident}/meer-feiten"):
        r = dirk.request.post(url, form={"csrf_token": csrf_of(dirk), "basis": "1", "afgerond": "ops-kennismaken",
                                         "getoond": "ops-kennismaken", "feit": "fase", "fase": "uitwerken"})
        assert r.status == 404, url
    for url in ("/initiatieven/99999999999", "/initiatieven/0/geschiedenis", f"/initiatieven/{ident}/versies/99999999999/feiten.yaml"):
        assert anna.goto(url).status == 404 and anna.inner_text("h1") == "Pagina niet gevonden", url
    r = anna.request.post(f"/initiatieven/{ident}/afvinken", form={"basis": "1", "afgerond": "ops-kennismaken",
                                                                     "getoond": "ops-kennismaken"})
    assert r.status == 403
    assert [v.nummer for v in stored(live.db, ident)] == [1]


def test_advice_pages_have_no_serious_accessibility_problem(open_page):  # noqa: F811
    page = open_page("anna", axe=True)
    ident = create_dossier(page, example("uitwerken-individueel"))
    for url in (f"/initiatieven/{ident}", f"/initiatieven/{ident}/wat-als",
                f"/initiatieven/{ident}/wat-als?vraag=gemeente.procesbegeleider"):
        page.goto(url)
        found = axe_violations(page)
        assert not found, f"{url}: {describe(found)}"
