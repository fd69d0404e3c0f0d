"""/kennisbank in headless chromium: the list of phases, activities, partners, forms and risks, a page per
item with its section of the guide, links between items, and a 404 page for what does not exist."""

from __future__ import annotations

import pytest
from webpages import live, open_page  # noqa: F401 - fixtures

from samenwerkwijzer import Adviseur
from samenwerkwijzer.engine.server.pages.knowledge import index, source_title

from webpages import chromium  # noqa: F401  isort: skip

KB = Adviseur().kb


def test_index_lists_every_item_of_the_five_kinds(open_page):  # noqa: F811
    page = open_page("bea")
    page.goto("/kennisbank")
    hrefs = page.eval_on_selector_all("main section a", "links => links.map(a => a.getAttribute('href'))")
    expected = ({f"/kennisbank/fase/{f}" for f in KB.fasen} | {f"/kennisbank/activiteit/{a}" for a in KB.activiteiten}
                | {f"/kennisbank/partner/{p}" for p in KB.partners} | {f"/kennisbank/vorm/{v}" for v in KB.vormen}
                | {f"/kennisbank/risico/{r}" for r in KB.risicos})
    assert set(hrefs) == expected
    assert [h.strip() for h in page.locator("main h2").all_inner_texts()] == [
        "Fasen", "Activiteiten", "Partners", "Afspraken (formalisatie)", "Risico's"]
    phases = page.locator("section#fase a, section:has(#fase) a").all_inner_texts()
    assert phases == [KB.fasen[f].titel for f in KB.phase_order()]


@pytest.mark.parametrize("soort,table", [("fase", KB.fasen), ("activiteit", KB.activiteiten), ("partner", KB.partners),
                                         ("vorm", KB.vormen), ("risico", KB.risicos)])
def test_an_item_page_shows_its_text_and_its_source(open_page, soort, table):  # noqa: F811
    item = table[sorted(table)[0]]
    page = open_page("anna")
    answer = page.goto(f"/kennisbank/{soort}/{item.id}")
    assert answer.status == 200
    assert item.omschrijving.strip()[:40] in page.inner_text("main")
    assert f"Bron in het stappenplan: {source_title(KB, item.bron)} ({item.bron})" in page.inner_text("main .bron")
    assert page.locator("h1").count() == 1


def test_links_between_items_lead_to_real_pages(open_page):  # noqa: F811
    first = KB.phase_order()[0]
    page = open_page("anna")
    page.goto(f"/kennisbank/fase/{first}")
    activity = KB.fasen[first].activiteiten[0]
    page.click(f"main a[href='/kennisbank/activiteit/{activity.id}']")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == activity.titel
    page.click(f"main dd a[href='/kennisbank/fase/{first}']")  # back to its phase
    page.wait_for_load_state()
    assert KB.fasen[first].titel in page.locator("h1").inner_text()


def test_every_listed_item_has_a_page(live):  # noqa: F811
    from samenwerkwijzer.engine.server.pages.knowledge import item

    for soort, _kop, groups in index(KB):
        for _sub, links in groups:
            for link in links:
                assert item(KB, soort, link.id) is not None, link


def test_unknown_item_or_kind_is_a_404_page(open_page):  # noqa: F811
    page = open_page("anna")
    for path in ("/kennisbank/risico/bestaat-niet", "/kennisbank/boek/opstarten"):
        answer = page.goto(path)
        assert answer.status == 404
        assert page.locator("h1").inner_text() == "Pagina niet gevonden"
        assert answer.headers["content-type"].startswith("text/html")
