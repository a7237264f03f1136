from dataclasses import replace
from pathlib import Path

import pytest

from harness import browser
from harness.config import load_config
from harness.errors import HarnessError


class FakeDriver:
    def __init__(self, number, alive=True):
        self.number = number
        self.alive = alive

    def __repr__(self):
        return f"FakeDriver({self.number})"


@pytest.fixture
def events(monkeypatch):
    """Fake browser start/clear/quit, recording what happened."""
    log = []
    started = []

    def start(config):
        driver = FakeDriver(len(started) + 1)
        started.append(driver)
        log.append(("start", driver))
        return driver

    def clear(driver, url):
        if not driver.alive:
            raise ConnectionRefusedError("browser gone")
        log.append(("clear", driver, url))

    monkeypatch.setattr(browser, "start_browser", start)
    monkeypatch.setattr(browser, "clear_browser", clear)
    monkeypatch.setattr(browser, "quit_browser", lambda driver: log.append(("quit", driver)))
    return log


@pytest.fixture
def config():
    return replace(load_config({}, {}, environ={}), chromium=Path("/nonexistent"))


def test_first_browser_starts_in_the_background_locally(events, config):
    pool = browser.BrowserPool(config)
    try:
        driver = pool.take()
        assert events[0] == ("start", driver)
    finally:
        pool.close()


def test_a_given_back_browser_is_cleared_and_reused(events, config):
    pool = browser.BrowserPool(config)
    first = pool.take()
    pool.give_back(first, "http://site")
    assert pool.take() is first
    assert ("clear", first, "http://site") in events
    assert [e for e in events if e[0] == "start"] == [("start", first)]
    pool.close()


def test_browsers_in_use_are_never_handed_out_twice(events, config):
    pool = browser.BrowserPool(config)
    one, two = pool.take(), pool.take()
    assert one is not two
    pool.close()


def test_a_browser_that_cannot_be_cleared_is_dropped_and_replaced(events, config):
    pool = browser.BrowserPool(config)
    dead = pool.take()
    dead.alive = False
    pool.give_back(dead, "http://site")
    assert ("quit", dead) in events
    fresh = pool.take()
    assert fresh is not dead
    pool.close()
    assert events.count(("quit", dead)) == 1  # not quit a second time at the end


def test_quit_all_quits_busy_and_idle_browsers_once(events, config):
    pool = browser.BrowserPool(config)
    busy, idle = pool.take(), pool.take()
    pool.give_back(idle, "http://site")
    pool.quit_all()
    pool.close()
    quits = [e[1] for e in events if e[0] == "quit"]
    assert sorted(quits, key=lambda d: d.number) == [busy, idle]


def test_a_background_browser_nobody_took_is_still_quit(events, config):
    pool = browser.BrowserPool(config)
    pool.close()
    assert [e[0] for e in events] == ["start", "quit"]


def test_remote_runs_start_nothing_until_asked(events, config):
    remote = replace(config, remote=object())  # any target: not local
    pool = browser.BrowserPool(remote)
    assert events == []
    pool.close()


def test_a_failed_background_start_surfaces_on_take(monkeypatch, config):
    def fail(config):
        raise HarnessError("Could not start a browser")

    monkeypatch.setattr(browser, "start_browser", fail)
    pool = browser.BrowserPool(config)
    with pytest.raises(HarnessError):
        pool.take()
    pool.close()
