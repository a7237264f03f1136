from dataclasses import replace
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException

from harness.browsers import engines, session
from harness.browsers import pool as browser_pool
from harness.config import load_config
from harness.run.errors import HarnessError

RUN = "unit-test-run"


class FakeDriver:
    def __init__(self, number, alive=True):
        self.number = number
        self.alive = alive
        self.session_id = f"session-{number}"

    def __repr__(self):
        return f"FakeDriver({self.number})"


@pytest.fixture
def events(monkeypatch):
    """Fake browser start/clear/quit, recording what happened."""
    log = []
    started = []

    def start(config, reaper=None, home=None, certificates=None):
        driver = FakeDriver(len(started) + 1)
        started.append(driver)
        log.append(("start", driver))
        return driver

    def clear(driver, url):
        if not driver.alive:
            raise ConnectionRefusedError("browser gone")
        log.append(("clear", driver, url))

    monkeypatch.setattr(browser_pool, "start_browser", start)
    monkeypatch.setattr(browser_pool, "clear_browser", clear)
    monkeypatch.setattr(browser_pool, "quit_browser", lambda driver: log.append(("quit", driver)))
    return log


@pytest.fixture
def config():
    return replace(load_config({}, {}, environ={}), chromium=Path("/nonexistent"))


def test_first_browser_starts_in_the_background_locally(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    try:
        driver = pool.take("Edith")
        assert events[0] == ("start", driver)
    finally:
        pool.close()


def test_a_given_back_browser_is_cleared_and_reused(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    first = pool.take("Edith")
    pool.give_back(first, "http://site")
    assert pool.take("Edith") is first
    assert ("clear", first, "http://site") in events
    assert [e for e in events if e[0] == "start"] == [("start", first)]
    pool.close()


def test_browsers_in_use_are_never_handed_out_twice(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    one, two = pool.take("Edith"), pool.take("Edith")
    assert one is not two
    pool.close()


def test_a_browser_that_cannot_be_cleared_is_dropped_and_replaced(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    dead = pool.take("Edith")
    dead.alive = False
    pool.give_back(dead, "http://site")
    assert ("quit", dead) in events
    fresh = pool.take("Edith")
    assert fresh is not dead
    pool.close()
    assert events.count(("quit", dead)) == 1  # not quit a second time at the end


def test_quit_all_quits_busy_and_idle_browsers_once(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    busy, idle = pool.take("Edith"), pool.take("Edith")
    pool.give_back(idle, "http://site")
    pool.quit_all()
    pool.close()
    quits = [e[1] for e in events if e[0] == "quit"]
    assert sorted(quits, key=lambda d: d.number) == [busy, idle]


def test_a_background_browser_nobody_took_is_still_quit(events, config):
    pool = browser_pool.BrowserPool(config, RUN)
    pool.close()
    assert [e[0] for e in events] == ["start", "quit"]


def test_remote_runs_start_nothing_until_asked(events, config):
    remote = replace(config, remote=object())  # any target: not local
    pool = browser_pool.BrowserPool(remote, RUN)
    assert events == []
    pool.close()


def test_a_failed_background_start_surfaces_on_take(monkeypatch, config):
    def fail(config, reaper=None, home=None, certificates=None):
        raise HarnessError("Could not start a browser")

    monkeypatch.setattr(browser_pool, "start_browser", fail)
    pool = browser_pool.BrowserPool(config, RUN)
    with pytest.raises(HarnessError):
        pool.take("Edith")
    pool.close()


def test_a_killed_browser_fails_at_once_naming_its_holder_and_is_replaced():
    """Real Chromium: kill -9 the browser under a driver, as a crash would."""
    import os
    import signal
    import subprocess

    real = load_config({}, {}, environ={})
    pool = browser_pool.BrowserPool(real, "unit-test-dead-browser")
    try:
        driver = pool.take("Edith")
        chromium = subprocess.run(
            ["pgrep", "-P", str(driver.service.process.pid)], capture_output=True, text=True
        ).stdout.split()
        os.kill(int(chromium[0]), signal.SIGKILL)
        with pytest.raises(
            engines.BrowserDied, match=r"^Edith's browser \(Chromium [\d.]+\) has died, "
        ) as died:
            driver.title  # noqa: B018 - any command will do
        assert died.value.details[0].startswith("the driver said: ")
        pool.give_back(driver, "http://127.0.0.1:9")
        fresh = pool.take("Francis")
        assert fresh is not driver
        fresh.get("data:text/html,<title>alive</title>")
        assert fresh.title == "alive"
    finally:
        pool.close()


@pytest.mark.parametrize(
    "message",
    [
        # What Selenium Grid 4 says when the node holding the session was killed.
        "Unable to execute request for an existing session: java.net.ConnectException",
        "disconnected: not connected to DevTools",
        "chrome not reachable",
    ],
)
def test_a_dead_browser_or_grid_node_is_recognised_whatever_the_case(message):
    from selenium.common.exceptions import WebDriverException

    from harness.browsers.engines import is_gone

    assert is_gone(WebDriverException(message))
    assert not is_gone(WebDriverException("no such element: Unable to locate element"))


def test_devtools_shortcuts_are_for_browsers_that_take_them_not_for_every_driver():
    from selenium import webdriver

    from harness.browsers.engines import GridBrowser, LocalBrowser, speaks_devtools

    # Every Remote driver has execute_cdp_cmd, whatever browser is behind it.
    assert hasattr(webdriver.Remote, "execute_cdp_cmd")
    assert speaks_devtools(LocalBrowser.__new__(LocalBrowser))
    assert speaks_devtools(GridBrowser.__new__(GridBrowser))
    assert not speaks_devtools(webdriver.Remote.__new__(webdriver.Remote))


def test_without_devtools_a_cookie_is_set_the_webdriver_way():
    calls = []

    class PlainDriver:
        current_url = "about:blank"
        keeps = True

        def get(self, url):
            calls.append(("get", url))
            self.current_url = url

        def add_cookie(self, cookie):
            calls.append(("add_cookie", cookie["name"]))
            self.kept = cookie if self.keeps else None

        def get_cookie(self, name):  # read back, so the next load carries it
            calls.append(("get_cookie", name))
            return self.kept

        def execute_cdp_cmd(self, *args):  # present, as on every Remote driver
            raise AssertionError("a browser without DevTools was sent a DevTools command")

    driver = PlainDriver()
    session.install_session_cookie(driver, "http://site", "sessionid", "abc")
    assert calls == [
        ("get", "http://site" + session.PARKING_PATH),
        ("add_cookie", "sessionid"),
        ("get_cookie", "sessionid"),
    ]
    # Already on the site (a cleared browser is parked there): no page load.
    session.install_session_cookie(driver, "http://site", "sessionid", "def")
    assert calls[3:] == [("add_cookie", "sessionid"), ("get_cookie", "sessionid")]
    # A cookie the browser did not keep is not one to carry on with.
    driver.keeps = False
    with pytest.raises(WebDriverException, match="did not keep the cookie sessionid"):
        session.install_session_cookie(driver, "http://site", "sessionid", "ghi")


def test_without_devtools_clearing_reads_the_cookies_back_and_drops_a_browser_that_keeps_them():
    class PlainDriver:
        def __init__(self, deletions_ignored):
            self.ignored, self.cookies = deletions_ignored, [{"name": "csrftoken"}]

        def delete_all_cookies(self):
            if self.ignored:
                self.ignored -= 1
            else:
                self.cookies = []

        def get_cookies(self):
            return self.cookies

    late = PlainDriver(deletions_ignored=1)  # the read-back catches it; deleted again
    session._delete_site_cookies(late)
    assert late.cookies == []
    stubborn = PlainDriver(deletions_ignored=2)
    with pytest.raises(WebDriverException, match=r"survived being deleted: \['csrftoken'\]"):
        session._delete_site_cookies(stubborn)
