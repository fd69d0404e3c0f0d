"""The login page in headless chromium: log in, come back where you were, log out, a wrong password,
a form without its token, and axe-core on the page."""

from __future__ import annotations

from webpages import axe_violations, describe, live, login, open_page  # noqa: F401 - fixtures

from webpages import chromium  # noqa: F401  isort: skip


def test_a_page_without_session_goes_to_login_and_back(open_page):  # noqa: F811
    page = open_page()
    page.goto("/?x=1")
    assert page.url.endswith("/inloggen?terug=%2F%3Fx%3D1")
    page.fill("#naam", "anna")
    page.fill("#wachtwoord", "een heel lang wachtwoord")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/initiatieven")  # / leads to the overview


def test_wrong_password_says_so_and_keeps_the_name(open_page):  # noqa: F811
    page = open_page()
    login(page, "anna", "fout")
    assert "klopt niet" in page.inner_text("[role=alert]")
    assert page.input_value("#naam") == "anna"


def test_logout_ends_the_session(open_page):  # noqa: F811
    page = open_page("anna")
    assert "anna" in page.inner_text("header")
    page.click("text=Uitloggen")
    page.wait_for_load_state()
    assert page.url.endswith("/inloggen")
    page.goto("/")
    assert "/inloggen" in page.url


def test_login_form_without_its_token_is_refused(live):  # noqa: F811
    import urllib.error
    import urllib.parse
    import urllib.request

    form = urllib.parse.urlencode({"naam": "anna", "wachtwoord": "een heel lang wachtwoord"}).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(f"{live.url}/inloggen", data=form), timeout=30)
        raise AssertionError("het formulier zonder token werd aangenomen")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
        assert "sw_sessie" not in (refused.headers.get("set-cookie") or "")


def test_login_page_has_no_serious_accessibility_problem(open_page):  # noqa: F811
    page = open_page(axe=True)
    page.goto("/inloggen")
    found = axe_violations(page)
    assert not found, describe(found)
