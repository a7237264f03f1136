"""Fixtures for the cast's tests (the stand-ins are in `fakes.py`)."""

import pytest

from harness.browsers import pool as browser_pool
from harness.browsers import session
from harness.people import cast as cast_module
from harness.people.cast import Cast
from harness.people.tests.fakes import DEFAULT_CAST, FakePage, FakePool, FakeServer
from harness.run import wait as wait_module


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def pool():
    return FakePool()


@pytest.fixture
def cast(server, pool):
    return Cast(server=server, pool=pool, people=dict(DEFAULT_CAST))


@pytest.fixture
def pages(monkeypatch):
    FakePage.log = []
    FakePage.url = "http://testserver/lists/abc/"
    FakePage.is_list = True
    monkeypatch.setattr(cast_module, "ListPage", FakePage)
    monkeypatch.setattr(
        session, "cookie_value", lambda driver, url, name: f"cookie-of-{driver.name}"
    )
    return FakePage.log


@pytest.fixture
def browser_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(browser_pool, "quit_browser", lambda driver: calls.append(("quit", driver)))
    monkeypatch.setattr(
        session, "clear_browser", lambda driver, url: calls.append(("clear", driver, url))
    )
    monkeypatch.setattr(
        session,
        "install_session_cookie",
        lambda driver, url, name, value: calls.append(("cookie", driver, url, name, value)),
    )
    return calls


@pytest.fixture
def short_wait():
    saved = wait_module.default_deadline.seconds
    wait_module.configure(0.2)
    yield
    wait_module.configure(saved)
