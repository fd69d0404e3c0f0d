"""A user's long word on a phone: a name of 200 letters without a space (what the intake allows), or a
gemeente's name as long, wraps inside its line. Before, the compare page and the advice page became
3,700 pixels wide at 390 and the whole page scrolled sideways, menu and buttons included."""

from __future__ import annotations

import json

from webdossier import create_dossier, csrf_of, example
from webpages import NARROW, live, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


def test_long_words_wrap_instead_of_widening_the_page_on_a_phone(open_page):  # noqa: F811
    page = open_page("anna", width=NARROW)
    facts = example("ontwikkelen-collectief")
    dossier = create_dossier(page, facts)
    longer = dict(facts, naam="N" * 200, gemeente=dict(facts["gemeente"], naam="G" * 300))
    r = page.request.post(f"/api/dossiers/{dossier}/versies", data=json.dumps({"basis": 1, "feiten": longer}),
                          headers={"Content-Type": "application/json", "X-CSRF-Token": csrf_of(page)})
    assert r.status == 201, r.text()
    wide = {}
    for path in (f"/initiatieven/{dossier}/vergelijk?van=1&naar=2", f"/initiatieven/{dossier}",
                 f"/initiatieven/{dossier}/geschiedenis", "/initiatieven"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW:
            wide[path] = width
        assert "G" * 300 in page.inner_text("body") or "N" * 200 in page.inner_text("body"), path  # nothing cut off
    assert wide == {}
