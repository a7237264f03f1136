"""Real Chromium against a tiny local site: what the harness does to a page
between scenarios, and the DevTools shortcuts it takes."""

import pytest

from harness.browsers import session
from harness.testing.tiny_site import QuietHandler, local_browser, serving

PAGE = b"""<!DOCTYPE html><html><head><title>site</title></head><body>
<h1>A page</h1>
<input id="box" value="">
<input id="email" type="email">
<script>
  window.survivor = "still here";
  window.inputs = 0;
  for (const id of ["box", "email"]) {
    document.getElementById(id).addEventListener("input", () => window.inputs++);
  }
</script>
</body></html>"""


class Site(QuietHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        login = self.path == "/login"
        self.send_page(PAGE, {"Set-Cookie": "sessionid=abc123; Path=/"} if login else None)


@pytest.fixture(scope="module")
def site():
    with serving(Site) as address:
        yield address


@pytest.fixture(scope="module")
def driver():
    with local_browser() as started:
        yield started


def test_clearing_on_the_site_blanks_the_page_without_loading_one(driver, site):
    driver.get(site + "/login")
    driver.execute_script("localStorage.setItem('k', 'v')")
    session.clear_browser(driver, site)
    assert driver.current_url == site + session.PARKING_PATH
    assert driver.find_element("tag name", "body").text == ""
    assert driver.execute_script("return window.survivor") == "still here"  # no navigation
    assert driver.execute_script("return localStorage.length") == 0
    assert session.cookie_value(driver, site, "sessionid") is None


def test_clearing_anywhere_else_loads_the_parking_page(driver, site):
    driver.get("data:text/html,<h1>elsewhere</h1>")
    session.clear_browser(driver, site)
    assert driver.current_url == site + session.PARKING_PATH
    assert driver.find_element("tag name", "h1").text == "A page"  # the site's answer


def test_cookie_value_reads_and_forget_cookie_drops_the_sites_cookie(driver, site):
    driver.get(site + "/login")
    assert session.cookie_value(driver, site, "sessionid") == "abc123"
    assert session.cookie_value(driver, site, "other") is None
    driver.get("data:text/html,<p>away</p>")  # DevTools sees it from anywhere
    assert session.cookie_value(driver, site, "sessionid") == "abc123"
    session.forget_cookie(driver, site, "sessionid")
    assert session.cookie_value(driver, site, "sessionid") is None


@pytest.mark.parametrize("text", ['Say "hi" & <b>', "купить молоко", "  spaced  "])
def test_type_text_types_at_the_end_and_fires_input(driver, site, text):
    driver.get(site + "/")
    box = driver.find_element("id", "box")
    box.send_keys("ab")
    driver.execute_script("arguments[0].setSelectionRange(0, 0); window.inputs = 0", box)
    session.type_text(driver, box, text)
    assert box.get_attribute("value") == "ab" + text
    assert driver.execute_script("return window.inputs") >= 1


def test_type_text_works_in_an_email_box(driver, site):
    driver.get(site + "/")
    box = driver.find_element("id", "email")
    session.type_text(driver, box, "zoe@example.com")
    assert box.get_attribute("value") == "zoe@example.com"
