"""/beheer/gebruikers in headless chromium: a beheerder lists the gemeente's users, adds one, changes a
role; the checks of `gebruiker toevoegen` come back beside the field; others get a 403 page; the
gemeente keeps a beheerder; another gemeente's users are out of sight and out of reach."""

from __future__ import annotations

import urllib.error
import urllib.request

from webpages import live, login, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


def names(page):
    return [t.replace("(u)", "").strip() for t in page.locator("#gebruikers tbody th").all_inner_texts()]


def test_beheerder_sees_only_the_users_of_the_own_gemeente(open_page):  # noqa: F811
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    assert {"anna", "bea", "carl"} <= set(names(page))
    assert "dirk" not in names(page)  # Zwolle
    assert page.locator("nav[aria-label=Hoofdmenu] a[href='/beheer/gebruikers']").count() == 1


def test_others_get_403_and_no_menu_item(open_page, live):  # noqa: F811
    for naam in ("anna", "bea"):
        page = open_page(naam)
        answer = page.goto("/beheer/gebruikers")
        assert answer.status == 403
        assert page.locator("h1").inner_text() == "Niet toegestaan"
        assert "beheerder" in page.inner_text("main")
        assert page.locator("a[href='/beheer/gebruikers']").count() == 0
    # a POST by an adviseur with a valid session and token is refused too
    page = open_page("anna")
    page.goto("/initiatieven")
    csrf = page.get_attribute("form.logout input[name=csrf_token]", "value")
    answer = page.request.post("/beheer/gebruikers", form={"csrf_token": csrf, "naam": "inbreker", "rol": "beheerder",
                                                           "wachtwoord": "een heel lang wachtwoord"})
    assert answer.status == 403
    page.goto("/initiatieven")  # still logged in as anna; carl's list has no inbreker
    beheer = open_page("carl")
    beheer.goto("/beheer/gebruikers")
    assert "inbreker" not in names(beheer)


def test_add_a_user_without_javascript_who_can_then_log_in(open_page):  # noqa: F811
    page = open_page("carl", javascript=False)
    page.goto("/beheer/gebruikers")
    page.fill("#naam", "femke")
    page.check("#nieuw-lezer")
    page.fill("#wachtwoord", "nog een lang wachtwoord")
    page.click("button:has-text('Gebruiker toevoegen')")
    page.wait_for_load_state()
    assert "femke is toegevoegd als lezer." in page.inner_text("[role=status]")
    assert "femke" in names(page)
    other = open_page()
    login(other, "femke", "nog een lang wachtwoord")
    assert "femke (lezer), gemeente Utrecht" in other.inner_text("header")


def test_bad_new_user_gets_messages_at_the_fields(open_page):  # noqa: F811
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    page.fill("#naam", "anna")  # taken
    page.fill("#wachtwoord", "kort")
    page.click("button:has-text('Gebruiker toevoegen')")
    page.wait_for_load_state()
    assert "er is al een gebruiker 'anna'" in page.inner_text("#naam-fout").lower()
    assert page.get_attribute("#naam", "aria-describedby") == "naam-fout"
    assert page.get_attribute("#naam", "aria-invalid") == "true"
    assert "12 tekens" in page.inner_text("#wachtwoord-fout")
    assert "wachtwoord-fout" in page.get_attribute("#wachtwoord", "aria-describedby")
    assert page.input_value("#naam") == "anna"  # kept, the password is not


def test_change_a_role_and_keep_a_beheerder(open_page):  # noqa: F811
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    row = page.locator("#gebruikers tbody tr", has_text="bea")
    row.locator("select").select_option("adviseur")
    row.locator("button", has_text="Rol opslaan").click()
    page.wait_for_load_state()
    assert "bea heeft nu de rol adviseur." in page.inner_text("[role=status]")
    assert page.locator("#gebruikers tbody tr", has_text="bea").locator("td").first.inner_text() == "adviseur"
    # carl is Utrecht's only beheerder: making himself a lezer is refused with the reason
    mine = page.locator("#gebruikers tbody tr", has_text="carl")
    mine.locator("select").select_option("lezer")
    mine.locator("button", has_text="Rol opslaan").click()
    page.wait_for_load_state()
    assert "enige beheerder" in page.inner_text("[role=alert]")
    assert page.locator("#gebruikers tbody tr", has_text="carl").locator("td").first.inner_text() == "beheerder"
    # put bea back for the other tests
    row = page.locator("#gebruikers tbody tr", has_text="bea")
    row.locator("select").select_option("lezer")
    row.locator("button", has_text="Rol opslaan").click()
    page.wait_for_load_state()


def user_id(live, naam):  # noqa: F811
    from samenwerkwijzer.engine.server.accounts import user_named

    with live.db.read() as session:
        user = user_named(session, naam)
        assert user is not None
        return user.id


def test_another_gemeentes_user_cannot_be_changed(open_page, live):  # noqa: F811
    from samenwerkwijzer.engine.server.accounts import user_named

    dirk_id = user_id(live, "dirk")  # Zwolle
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    csrf = page.get_attribute("form.logout input[name=csrf_token]", "value")
    answer = page.request.post(f"/beheer/gebruikers/{dirk_id}/rol", form={"csrf_token": csrf, "rol": "lezer"})
    assert answer.status == 404
    with live.db.read() as session:
        dirk = user_named(session, "dirk")
        assert dirk is not None and dirk.rol == "adviseur"


def test_role_change_without_csrf_token_is_refused(open_page, live):  # noqa: F811
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    answer = page.request.post("/beheer/gebruikers", form={"naam": "zonder", "rol": "lezer",
                                                           "wachtwoord": "een heel lang wachtwoord"})
    assert answer.status == 403
    page.goto("/beheer/gebruikers")
    assert "zonder" not in names(page)


def test_page_without_session_goes_to_login(live):  # noqa: F811
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(f"{live.url}/beheer/gebruikers", timeout=30)
        raise AssertionError("zonder sessie werd de pagina getoond")
    except urllib.error.HTTPError as answer:
        assert answer.code == 303
        assert answer.headers["location"] == "/inloggen?terug=%2Fbeheer%2Fgebruikers"


def _add(page, naam, rol, wachtwoord):
    page.goto("/beheer/gebruikers")
    page.fill("#naam", naam)
    page.check(f"#nieuw-{rol}")
    page.fill("#wachtwoord", wachtwoord)
    page.click("button:has-text('Gebruiker toevoegen')")
    page.wait_for_load_state()
    assert f"{naam} is toegevoegd als {rol}." in page.inner_text("[role=status]")


def test_a_forgotten_password_is_replaced_and_the_old_sessions_end(open_page, live):  # noqa: F811
    from samenwerkwijzer.engine.server.accounts import password_matches, user_named

    page = open_page("carl", javascript=False)
    _add(page, "gerrit", "adviseur", "het eerste wachtwoord")
    gerrit = open_page()
    login(gerrit, "gerrit", "het eerste wachtwoord")
    gerrit.goto("/initiatieven")
    assert "gerrit (adviseur)" in gerrit.inner_text("header")

    page.goto("/beheer/gebruikers")
    page.select_option("#wachtwoord-voor", label="gerrit")
    page.fill("#nieuw-wachtwoord", "kort")  # refused at the field, nothing changes
    page.click("button:has-text('Wachtwoord opslaan')")
    page.wait_for_load_state()
    assert "12 tekens" in page.inner_text("#nieuw-wachtwoord-fout")
    assert page.get_attribute("#nieuw-wachtwoord", "aria-invalid") == "true"
    assert page.input_value("#wachtwoord-voor") == page.locator("#wachtwoord-voor option", has_text="gerrit").get_attribute("value")
    with live.db.read() as session:
        assert password_matches(user_named(session, "gerrit"), "het eerste wachtwoord")

    page.fill("#nieuw-wachtwoord", "het tweede wachtwoord")
    page.click("button:has-text('Wachtwoord opslaan')")
    page.wait_for_load_state()
    assert "gerrit heeft een nieuw wachtwoord" in page.inner_text("[role=status]")
    gerrit.goto("/initiatieven")  # the old session has ended
    assert gerrit.url.split("?")[0].endswith("/inloggen")
    login(gerrit, "gerrit", "het tweede wachtwoord")
    assert "gerrit (adviseur)" in gerrit.inner_text("header")
    page.goto("/beheer/gebruikers")  # carl, who gave it, is still logged in
    assert page.url.endswith("/beheer/gebruikers")


def test_a_beheerder_who_renews_the_own_password_stays_logged_in(open_page):  # noqa: F811
    page = open_page("carl")
    _add(page, "hanna", "beheerder", "het eerste wachtwoord")
    hanna = open_page()
    login(hanna, "hanna", "het eerste wachtwoord")
    hanna.goto("/beheer/gebruikers")
    hanna.select_option("#wachtwoord-voor", label="hanna (u)")
    hanna.fill("#nieuw-wachtwoord", "het tweede wachtwoord")
    hanna.click("button:has-text('Wachtwoord opslaan')")
    hanna.wait_for_load_state()
    assert "U blijft hier ingelogd" in hanna.inner_text("[role=status]")
    hanna.goto("/initiatieven")
    assert "hanna (beheerder)" in hanna.inner_text("header")


def test_another_gemeentes_password_cannot_be_changed(open_page, live):  # noqa: F811
    from samenwerkwijzer.engine.server.accounts import password_matches, user_named

    dirk_id = user_id(live, "dirk")  # Zwolle
    page = open_page("carl")
    page.goto("/beheer/gebruikers")
    csrf = page.get_attribute("form.logout input[name=csrf_token]", "value")
    for chosen in (str(dirk_id), "", "abc", "99999999999999"):
        answer = page.request.post("/beheer/gebruikers/wachtwoord",
                                   form={"csrf_token": csrf, "gebruiker": chosen, "wachtwoord": "een overgenomen wachtwoord"})
        assert answer.status == 400
        assert "Kies een gebruiker uit de lijst." in answer.text()
    answer = page.request.post("/beheer/gebruikers/wachtwoord",  # no CSRF token
                               form={"gebruiker": str(dirk_id), "wachtwoord": "een overgenomen wachtwoord"})
    assert answer.status == 403
    adviseur = open_page("anna")  # not a beheerder
    adviseur.goto("/initiatieven")
    token = adviseur.get_attribute("form.logout input[name=csrf_token]", "value")
    answer = adviseur.request.post("/beheer/gebruikers/wachtwoord",
                                   form={"csrf_token": token, "gebruiker": str(dirk_id), "wachtwoord": "een overgenomen wachtwoord"})
    assert answer.status == 403
    with live.db.read() as session:
        assert not password_matches(user_named(session, "dirk"), "een overgenomen wachtwoord")


def test_the_beheerder_revokes_a_users_api_tokens_without_javascript(open_page, live):  # noqa: F811
    from samenwerkwijzer.engine.server.accounts import new_token, user_named

    page = open_page("carl", javascript=False)
    _add(page, "ivo", "adviseur", "het eerste wachtwoord")
    with live.db.write() as session:
        ivo = user_named(session, "ivo")
        assert ivo is not None
        for _ in range(3):
            new_token(session, ivo.id, "koppeling")
    page.goto("/beheer/gebruikers")
    row = page.locator("#gebruikers tbody tr", has_text="ivo")
    assert row.locator("td[data-tokens]").inner_text().split()[0] == "3"
    row.locator("button", has_text="Intrekken").click()
    page.wait_for_load_state()
    assert "3 API-tokens van ivo zijn ingetrokken." in page.inner_text("[role=status]")
    row = page.locator("#gebruikers tbody tr", has_text="ivo")
    assert row.locator("td[data-tokens]").inner_text().strip() == "0"
    assert row.locator("button", has_text="Intrekken").count() == 0
