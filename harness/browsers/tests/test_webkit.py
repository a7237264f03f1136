"""The second engine: WebKit (Debian's WebKitGTK) on a virtual display of
its own, started and stopped for real, and the one-line refusals."""

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from harness.browsers import engines, launch, session
from harness.browsers.display import VirtualDisplay
from harness.config import load_config
from harness.run.errors import HarnessError
from harness.testing.tiny_site import QuietHandler, serving


class Site(QuietHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_page(b"<!DOCTYPE html><title>site</title><h1>A page</h1><input id='box'>")


def alive(pattern):
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
    return [pid for pid in found.stdout.split() if pid]


def test_a_webkit_browser_works_on_a_display_of_its_own_and_leaves_nothing():
    config = load_config({}, {"browser": "webkit"}, environ={})
    launch.check_installed(config)
    with serving(Site) as site:
        driver = launch.start_browser(config)
        try:
            display = driver.display
            assert display is not None and display.name.startswith(":")
            driver.get(site + "/")
            assert driver.find_element("id", "box")
            session.type_text(driver, driver.find_element("id", "box"), "Buy milk")
            session.type_text(driver, driver.find_element("id", "box"), "")  # nothing to type
            assert driver.execute_script("return document.getElementById('box').value") == (
                "Buy milk"
            )
            assert not engines.speaks_devtools(driver)
            assert re.fullmatch(r"WebKit \d+\.\d+\.\d+", engines.engine_label(driver))
            session.install_session_cookie(driver, site, "sessionid", "abc")
            assert session.cookie_value(driver, site, "sessionid") == "abc"
            web_driver = driver.service.process.pid
        finally:
            launch.quit_browser(driver)
    assert alive(f"Xvfb.*{display.name} ") == []
    # Its own driver (another run's, or a Grid's, may be about).
    assert not Path(f"/proc/{web_driver}").exists()


def test_clearing_a_webkit_page_blanks_it_where_it_stands():
    """The WebDriver way: cookies and storage gone, the page blank, no page
    loaded; the title and address stay, as changing them costs ~44 ms here."""
    config = load_config({}, {"browser": "webkit"}, environ={})
    with serving(Site) as site:
        driver = launch.start_browser(config)
        try:
            driver.get(site + "/list")
            driver.add_cookie({"name": "sessionid", "value": "abc", "path": "/"})
            driver.execute_script("localStorage.setItem('k', 'v'); window.survivor = 1")
            session.clear_browser(driver, site)
            assert driver.find_element("tag name", "body").text == ""
            assert driver.find_elements("id", "box") == []
            assert driver.execute_script("return window.survivor") == 1  # no page load
            assert driver.execute_script("return localStorage.length") == 0
            assert session.cookie_value(driver, site, "sessionid") is None
            assert driver.current_url == site + "/list"
        finally:
            launch.quit_browser(driver)


def test_an_unknown_engine_is_one_line_naming_the_ones_there_are():
    with pytest.raises(HarnessError) as raised:
        load_config({}, {"browser": "firefox"}, environ={})
    assert str(raised.value) == (
        "Config browser='firefox' is unknown: use chromium or webkit (Firefox cannot be had "
        "here: Debian packages no geckodriver)"
    )


def test_a_missing_webkit_driver_names_the_install_command(tmp_path):
    config = replace(
        load_config({}, {"browser": "webkit"}, environ={}), webkit_driver=tmp_path / "nothing"
    )
    with pytest.raises(HarnessError) as raised:
        launch.check_installed(config)
    assert str(raised.value) == (
        f"WebKitWebDriver not found at {tmp_path / 'nothing'}: install it with "
        "`sudo apt-get install -y webkit2gtk-driver xvfb` (`make acceptance-webkit` does this)"
    )


def test_two_displays_at_once_get_numbers_of_their_own():
    one = VirtualDisplay({}, (800, 600))
    two = VirtualDisplay({}, (800, 600))
    try:
        assert one.name != two.name
    finally:
        one.stop()
        two.stop()
        one.stop()  # twice is fine
    assert alive(f"Xvfb.*{one.name} ") == [] and alive(f"Xvfb.*{two.name} ") == []


def test_a_missing_xvfb_is_one_line(monkeypatch):
    monkeypatch.setattr("harness.browsers.display.shutil.which", lambda name: None)
    with pytest.raises(HarnessError) as raised:
        VirtualDisplay({}, (800, 600))
    assert str(raised.value) == (
        "WebKit needs a display and Xvfb is not installed: install it with "
        "`sudo apt-get install -y xvfb` (`make acceptance-webkit` does this)"
    )


def test_a_failure_names_the_engine_and_its_version_where_the_driver_says():
    from types import SimpleNamespace

    from harness.pages.base import Page

    class Driver:
        engine = "WebKit"
        capabilities = {"browserVersion": "2.50.6"}
        current_url = "http://site/lists/1/"

        def execute_script(self, script, *args):
            return ["Your To-Do list"]

    page = Page(Driver(), SimpleNamespace(url="http://site"), "Edith")
    assert page.failure_context() == (
        'in Edith\'s browser (WebKit 2.50.6) at http://site/lists/1/ (heading "Your To-Do list")'
    )
    assert engines.engine_label(SimpleNamespace()) == ""  # a driver that does not say


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ("chromium",)),
        ("webkit", ("webkit",)),
        ("chromium,webkit", ("chromium", "webkit")),
        (" WebKit , chromium ", ("webkit", "chromium")),
    ],
)
def test_browsers_names_the_engines_a_run_covers_and_the_first_is_driven(value, expected):
    config = load_config({}, {"browsers": value}, environ={})
    assert (config.browsers, config.browser) == (expected, expected[0])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("chromium,firefox", "Config browsers='firefox' is unknown: name engines from chromium"),
        ("webkit,webkit", "Config browsers='webkit,webkit' names an engine twice"),
    ],
)
def test_a_bad_browsers_list_is_one_line(value, message):
    with pytest.raises(HarnessError, match=f"^{message}"):
        load_config({}, {"browsers": value}, environ={})


def test_a_plain_run_of_two_engines_says_to_run_them_in_parallel():
    from types import SimpleNamespace

    from harness import hooks

    context = SimpleNamespace(
        config=SimpleNamespace(userdata={}, userdata_defines=[("browsers", "chromium,webkit")])
    )
    with pytest.raises(HarnessError) as raised:
        hooks.run_config(context)
    assert str(raised.value) == (
        "browsers=chromium,webkit runs the suite once in each engine, which a parallel run "
        "does: `python -m harness.parallel -D browsers=chromium,webkit` (a plain run takes "
        "one: -D browser=webkit)"
    )


def test_webkit_trusts_a_pinned_certificate_for_its_host_and_nothing_else(tmp_path):
    from harness.browsers import trust
    from harness.browsers.tests.test_trust import tls_site
    from staging_host.ca import LocalCA

    ca = LocalCA(tmp_path / "ca")
    ca.ensure()
    ca.issue("staging.test", "127.0.0.1", tmp_path / "site.pem", tmp_path / "site.key")
    config = load_config({}, {"browser": "webkit"}, environ={})
    with tls_site(tmp_path / "site.pem", tmp_path / "site.key") as url:
        pinned = trust.verified_site_certificate(url, ca.certificate, tmp_path / "pins")
        shown = {}
        for name, certificates in (
            ("pinned", trust.webkit_certificates(url, pinned)),
            ("none", None),
            ("the CA only", trust.webkit_certificates(url, ca.certificate)),
            ("another host", trust.webkit_certificates("https://10.9.9.9", pinned)),
        ):
            driver = launch.start_browser(config, certificates=certificates)
            try:
                driver.get(url + "/")
                shown[name] = driver.title
            finally:
                launch.quit_browser(driver)
    # Only the verified certificate, for its own host, opens the page.
    assert shown == {"pinned": "secure ok", "none": "", "the CA only": "", "another host": ""}


def test_a_webkit_browser_that_never_starts_is_one_line_within_the_deadline(monkeypatch):
    monkeypatch.setattr(launch, "WEBKIT_START_TIMEOUT", 2.0)
    config = replace(load_config({}, {"browser": "webkit"}, environ={}), webkit=Path("/bin/true"))
    with pytest.raises(HarnessError) as raised:
        launch.start_browser(config)
    assert str(raised.value) == (
        "WebKit's browser /bin/true did not start within 2s: is it MiniBrowser? "
        "(set -D webkit=PATH)"
    )


def test_browser_and_browsers_that_disagree_are_one_line_wherever_they_come_from():
    with pytest.raises(HarnessError) as raised:
        load_config({}, {"browser": "webkit"}, environ={"SUPERLISTS_BROWSERS": "chromium"})
    assert str(raised.value) == (
        "Config browser=webkit and browsers=chromium disagree (one may come from "
        "SUPERLISTS_BROWSERS or behave.ini): set one of them"
    )
    both = load_config({}, {"browser": "webkit", "browsers": "chromium,webkit"}, environ={})
    assert both.browsers == ("chromium", "webkit")


def test_a_missing_xvfb_stops_a_webkit_run_before_any_browser(monkeypatch):
    monkeypatch.setattr(launch.shutil, "which", lambda name: None)
    with pytest.raises(HarnessError, match="^WebKit needs a display and Xvfb is not installed"):
        launch.check_installed(load_config({}, {"browser": "webkit"}, environ={}))
