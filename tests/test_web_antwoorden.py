"""Correcting answers in the browser (/initiatieven/{id}/antwoorden): every answered fact is shown filled
in; a changed answer, an answer taken away and a 'weet ik niet' make one new version with exactly those
changes; nothing changed saves nothing; a lezer and another gemeente cannot; axe finds nothing serious."""

from __future__ import annotations

import json

from webdossier import create_dossier, example, stored
from webpages import axe_violations, describe, live, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


def test_answers_are_shown_changed_and_taken_away_in_one_version(open_page, live):  # noqa: F811
    facts = example("opstarten-collectief")
    page = open_page("anna", javascript=False)
    ident = create_dossier(page, facts)
    page.goto(f"/initiatieven/{ident}/antwoorden")
    assert page.is_checked("input[name='warmteoplossing'][value='collectief']")
    assert page.input_value("input[name='wijk.deelnamebereidheid'][type=text]") == "35"
    assert page.is_checked("input[name='technieken'][value='warmtenet']")
    page.check("input[name='warmteoplossing'][value='individueel']")
    page.fill("input[name='wijk.deelnamebereidheid'][type=text]", "")  # taken away
    page.check("input[name='gemeente.capaciteit'][value='?']")  # weet ik niet
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    versions = stored(live.db, ident)
    assert len(versions) == 2
    before, after = (json.loads(v.feiten) for v in versions)
    assert after["warmteoplossing"] == "individueel"
    assert "deelnamebereidheid" not in after["wijk"]
    assert after["gemeente"]["capaciteit"] is None
    for changed in ("warmteoplossing",):
        before.pop(changed), after.pop(changed)
    before["wijk"].pop("deelnamebereidheid")
    before["gemeente"]["capaciteit"] = None
    assert after == before  # nothing else moved


def test_saving_without_a_change_makes_no_version(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = create_dossier(page, example("uitwerken-individueel"))
    page.goto(f"/initiatieven/{ident}/antwoorden")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    assert len(stored(live.db, ident)) == 1
    assert page.url.endswith(f"/initiatieven/{ident}")


def test_a_wrong_value_keeps_what_was_typed_and_saves_nothing(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = create_dossier(page, example("opstarten-collectief"))
    page.goto(f"/initiatieven/{ident}/antwoorden")
    page.fill("input[name='wijk.deelnamebereidheid'][type=text]", "150")
    page.click("form.vraag button[type=submit]")
    page.wait_for_load_state()
    assert "deelnamebereidheid" in page.inner_text("[role=alert]")
    assert page.input_value("input[name='wijk.deelnamebereidheid'][type=text]") == "150"
    assert len(stored(live.db, ident)) == 1


def test_a_lezer_and_another_gemeente_cannot_change_answers(open_page, live):  # noqa: F811
    ident = create_dossier(open_page("anna"), example("opstarten-collectief"))
    for naam, status in (("bea", 403), ("dirk", 404)):
        page = open_page(naam)
        assert page.goto(f"/initiatieven/{ident}/antwoorden").status == status
        assert page.request.post(f"/initiatieven/{ident}/antwoorden", form={"warmteoplossing": "individueel"}).status \
            in (403, 404)
    assert len(stored(live.db, ident)) == 1


def test_the_change_page_has_no_serious_accessibility_problem(open_page, live):  # noqa: F811
    ident = create_dossier(open_page("anna"), example("opstarten-collectief"))
    page = open_page("anna", axe=True)
    page.goto(f"/initiatieven/{ident}/antwoorden")
    found = axe_violations(page)
    assert not found, describe(found)
