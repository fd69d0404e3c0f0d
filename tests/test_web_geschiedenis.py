"""History, compare and downloads in headless chromium: the versions with who and when, comparing two
versions (facts and advice, and why), the facts file, the printable report and the draft agreement per
version; another gemeente gets 404 on each; logging out ends it; axe-core finds nothing serious."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import yaml
from webdossier import create_dossier, example, stored
from webpages import axe_violations, describe, live, login, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip

CLI = [sys.executable, "-m", "samenwerkwijzer.cli"]


def tick(page, ident: int, n: int = 1) -> list[str]:  # noqa: ANN001
    page.goto(f"/initiatieven/{ident}")
    ids = page.eval_on_selector_all('form.afvinklijst input[name="afgerond"]:not(:checked)', "es => es.map(e => e.value)")[:n]
    for i in ids:
        page.check(f"#stap-{i}")
    page.click("form.afvinklijst button[type=submit]")
    page.wait_for_load_state()
    return ids


def test_history_compare_and_log_out(open_page, live):  # noqa: F811
    page = open_page("anna")
    ident = create_dossier(page, example("opstarten-collectief"))
    first = tick(page, ident)[0]
    page.click("text=Geschiedenis en downloads")
    page.wait_for_load_state()
    rows = page.locator("table.tabel tbody tr")
    assert rows.count() == 2
    assert page.inner_text("table.tabel caption").startswith("Versies van Buurtwarmte Voorbeeldwijk")
    newest = rows.nth(0).inner_text()
    import datetime as dt

    from samenwerkwijzer.engine.advice.draftwords import dutch_date

    day = stored(live.db, ident)[-1].peildatum
    assert newest.startswith("2") and "anna" in newest and dutch_date(dt.date.fromisoformat(day)) in newest
    assert day not in newest  # '2 december 2026', not '2026-12-02'

    second = tick(page, ident)[0]
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    assert page.locator("table.tabel tbody tr").count() == 3  # history changed
    page.select_option("#van", "1")
    page.select_option("#naar", "3")
    page.click("form.vergelijk button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/initiatieven/{ident}/vergelijk?van=1&naar=3")
    assert page.inner_text("h1") == "Versie 1 en versie 3 vergeleken"
    # in an adviser's words: the question and the titles of what was ticked, no ids in the sentences
    from serverapp import shared_adviseur

    titles = [shared_adviseur().kb.activiteiten[i].titel for i in (first, second)]
    facts = page.inner_text("section:has(#kop-feiten)")
    assert f"Welke activiteiten zijn al gedaan? Erbij: {titles[0]}, {titles[1]}." in facts
    advice = page.inner_text("section:has(#kop-advies)")
    assert f"Anders: {titles[0]}: afgerond nee → ja, omdat het antwoord op ‘Welke activiteiten zijn al gedaan?’ anders is." \
        in advice
    assert first not in facts + advice and "afgerond:" not in facts
    # the ids and rules only in the folded part, as `samenwerkwijzer vergelijk` prints them
    folded = page.locator("details.verantwoording")
    assert not folded.evaluate("d => d.open")
    folded.locator("summary").click()
    technical = folded.inner_text()
    assert f"{titles[0]} ({first}): afgerond nee → ja, omdat afgerond anders is" in technical
    versions = stored(live.db, ident)
    page.goto(f"/initiatieven/{ident}/vergelijk")  # default: the last two
    assert page.inner_text("h1") == "Versie 2 en versie 3 vergeleken"
    assert versions[-1].nummer == 3
    page.click("text=Uitloggen")
    page.wait_for_load_state()
    assert page.url.endswith("/inloggen")
    page.goto(f"/initiatieven/{ident}/geschiedenis")
    assert "/inloggen" in page.url


def test_downloads_per_version(open_page, live, tmp_path):  # noqa: F811
    page = open_page("anna")
    facts = example("uitwerken-individueel")
    ident = create_dossier(page, facts)
    tick(page, ident)
    version = stored(live.db, ident)[0]
    r = page.request.get(f"/initiatieven/{ident}/versies/1/feiten.yaml")
    assert r.status == 200 and "attachment" in r.headers["content-disposition"]
    assert yaml.safe_load(r.text()) == json.loads(version.feiten)
    path = tmp_path / "feiten.yaml"
    path.write_text(r.text(), encoding="utf-8")
    cli = subprocess.run([*CLI, "advies", str(path), "--formaat", "html", "--peildatum", version.peildatum],
                         capture_output=True, text=True, check=True).stdout
    r = page.request.get(f"/initiatieven/{ident}/versies/1/rapport.html")
    assert r.status == 200 and r.text() == cli  # the printable report, exactly as the CLI makes it
    assert "script-src" not in r.headers["content-security-policy"] and "default-src 'none'" in r.headers["content-security-policy"]
    r = page.request.get(f"/initiatieven/{ident}/versies/2/overeenkomst.docx")
    assert r.status == 200
    word = zipfile.ZipFile(io.BytesIO(r.body()))
    assert "word/document.xml" in word.namelist()
    again = page.request.get(f"/initiatieven/{ident}/versies/2/overeenkomst.docx")
    assert again.body() == r.body()  # same version, same file
    r = page.request.get(f"/initiatieven/{ident}/versies/2/overeenkomst.md")
    assert r.status == 200 and r.text().startswith("# ")
    r = page.request.get(f"/initiatieven/{ident}/versies/9/feiten.yaml")
    assert r.status == 404


def test_no_agreement_yet_offers_a_choice(open_page):  # noqa: F811
    page = open_page("anna")
    ident = create_dossier(page, example("beheren-individueel"))
    r = page.goto(f"/initiatieven/{ident}/versies/1/overeenkomst.md")
    if r.status == 200:  # this example's advice aims for a kind the drafts know: nothing to choose
        return
    assert r.status == 409 and "Kies zelf een soort overeenkomst" in page.inner_text("main")
    href = page.get_attribute("text=Intentieovereenkomst", "href")
    assert href is not None and href.endswith("overeenkomst.md?soort=intentie")
    r = page.request.get(href)
    assert r.status == 200 and "ntentieovereenkomst" in r.text()


def test_another_gemeente_gets_404_on_history_compare_and_downloads(open_page):  # noqa: F811
    anna = open_page("anna")
    ident = create_dossier(anna, example("opstarten-collectief"))
    tick(anna, ident)
    dirk = open_page("dirk")
    for url in (f"/initiatieven/{ident}/geschiedenis", f"/initiatieven/{ident}/vergelijk",
                f"/initiatieven/{ident}/vergelijk?van=1&naar=2", f"/initiatieven/{ident}/versies/1/feiten.yaml",
                f"/initiatieven/{ident}/versies/1/rapport.html", f"/initiatieven/{ident}/versies/1/overeenkomst.docx",
                f"/initiatieven/{ident}/versies/1/overeenkomst.md"):
        r = dirk.request.get(url, headers={"Accept": "text/html"})
        assert r.status == 404, url
        assert "Buurtwarmte" not in r.text()


def test_history_pages_have_no_serious_accessibility_problem(open_page):  # noqa: F811
    page = open_page("anna", axe=True)
    ident = create_dossier(page, example("opstarten-collectief"))
    tick(page, ident)
    for url in (f"/initiatieven/{ident}/geschiedenis", f"/initiatieven/{ident}/vergelijk"):
        page.goto(url)
        found = axe_violations(page)
        assert not found, f"{url}: {describe(found)}"
