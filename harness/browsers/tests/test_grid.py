"""Both engines from a Selenium Grid: the slots counted engine by engine, the
session each engine asks for, and the one line for a Grid that offers none.
A fake hub stands in for the Grid (the real one is `make acceptance-grid`)."""

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from harness.browsers import engines, launch
from harness.browsers import pool as browser_pool
from harness.browsers.grid import grid_slots
from harness.config import load_config
from harness.parallel.run import _fit_to_grid
from harness.parallel.tests.test_parallel_sample import SIMPLE, runner, sample_suite
from harness.run.errors import HarnessError
from harness.testing.tiny_site import QuietHandler, serving

CHROME = {"browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/lib/chromium/shell"}}
WEBKIT = {"browserName": "MiniBrowser", "platformName": "linux"}


def node(stereotype, slots, availability="UP", sessions=()):
    """A node as the hub's /status shows it; `sessions` are in its first slots."""
    held = [{"sessionId": session} for session in sessions]
    held += [None] * (slots - len(held))
    return {
        "availability": availability,
        "slots": [{"stereotype": stereotype, "session": session} for session in held],
    }


#: What `make grid`'s hub says: two Chromium nodes of two slots, two WebKit
#: relay nodes of one, and a WebKit node that is down (its slot counts for nothing).
BOTH_ENGINES = [
    node(CHROME, 2),
    node(CHROME, 2),
    node(WEBKIT, 1),
    node(WEBKIT, 1),
    node(WEBKIT, 1, availability="DOWN"),
]


def fake_hub(nodes, requests=None, refuse=False):
    """A hub answering /status with `nodes`, and starting any session asked
    for (recording the request in `requests`), or with `refuse` none."""

    class Hub(QuietHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_json({"value": {"ready": True, "nodes": nodes}})

        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
            if refuse:
                error = {"error": "session not created", "message": REFUSAL, "stacktrace": ""}
                self.send_json({"value": error}, status=500)
            elif self.path == "/session":
                requests.append(body["capabilities"]["alwaysMatch"])
                capabilities = {"browserName": "asked", "browserVersion": "2.50.6"}
                self.send_json({"value": {"sessionId": "s1", "capabilities": capabilities}})
            else:  # the window's size, say
                requests.append((self.path, body))
                self.send_json({"value": None})

        def do_DELETE(self):  # noqa: N802
            self.send_json({"value": None})

        def send_json(self, value, status=200):
            body = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return serving(Hub)


#: What Selenium Grid 4 says when no slot came free in time (first line, then more).
REFUSAL = "Could not start a new session. New session request timed out \nHost info: grid"


def grid_config(url, engine):
    return load_config({}, {"grid_url": url, "browser": engine}, environ={})


def test_the_slots_are_counted_for_the_runs_engine_only_and_only_on_nodes_that_are_up():
    with fake_hub(BOTH_ENGINES) as hub:
        assert grid_slots(hub, "chromium") == 4
        assert grid_slots(hub, "webkit") == 2
    with fake_hub([node(CHROME, 2)]) as hub:
        assert grid_slots(hub, "webkit") == 0


def test_a_grid_that_cannot_be_asked_has_no_count(unused_url):
    assert grid_slots(unused_url, "webkit") is None


def test_a_webkit_run_gets_one_worker_per_two_webkit_slots_whatever_chromium_has(capsys):
    with fake_hub(BOTH_ENGINES) as hub:
        config = grid_config(hub, "chromium")
        assert _fit_to_grid(4, config, "webkit") == 1
        assert _fit_to_grid(4, config, "chromium") == 2
    said = capsys.readouterr().out.splitlines()
    assert said == [
        "parallel: the Grid has 2 WebKit browser slots and a worker may hold 2: 1 worker(s)",
        "parallel: the Grid has 4 Chromium browser slots and a worker may hold 2: 2 worker(s)",
    ]


def test_a_grid_without_the_runs_engine_stops_a_run_at_once_in_one_line(tmp_path):
    root = sample_suite(tmp_path / "s", SIMPLE)
    with fake_hub([node(CHROME, 2)]) as hub:
        done = runner(root, "-D", f"grid_url={hub}", "-D", "browsers=chromium,webkit")
        assert done.returncode == 2
        assert done.stderr == (
            f"parallel: error: the Grid at {hub} offers no WebKit browsers: "
            "`make grid` starts ones that do\n"
        )
        assert not (root / "reports").exists()  # nothing ran
        with pytest.raises(HarnessError) as raised:
            launch.check_installed(grid_config(hub, "webkit"))
        assert str(raised.value) == (
            f"the Grid at {hub} offers no WebKit browsers: `make grid` starts ones that do"
        )
    with fake_hub([node(WEBKIT, 1)]) as hub:
        with pytest.raises(HarnessError, match="offers no Chromium browsers"):
            launch.check_installed(grid_config(hub, "chromium"))


def test_webkit_through_a_grid_is_no_longer_refused():
    with fake_hub(BOTH_ENGINES) as hub:
        launch.check_installed(grid_config(hub, "webkit"))  # nothing to refuse
    # A Grid that does not answer: starting the browser will say so.
    launch.check_installed(grid_config("http://127.0.0.1:9", "webkit"))


def test_a_webkit_grid_session_asks_for_minibrowser_alone_and_goes_the_webdriver_way():
    requests = []
    with fake_hub(BOTH_ENGINES, requests) as hub:
        config = replace(grid_config(hub, "webkit"), window_size=(800, 600))
        driver = launch.start_browser(config)
        try:
            assert type(driver) is engines.GridWebKitBrowser
            assert not engines.speaks_devtools(driver)
            assert not getattr(driver, "keeps_console_log", False)
            assert not driver.cheap_address_change  # a cleared page keeps its title, as locally
            assert engines.engine_label(driver) == "WebKit 2.50.6"
        finally:
            launch.quit_browser(driver)
    # Nothing of its own beside the browserName: any more (webkitgtk:browserOptions,
    # say) would have to equal the relay node's stereotype, or no slot matches.
    asked, sized = requests
    own = {key: value for key, value in asked.items() if not key.startswith("se:")}  # Selenium's
    assert own == {"browserName": "MiniBrowser", "pageLoadStrategy": "normal"}
    assert sized == ("/session/s1/window/rect", {"width": 800, "height": 600, "x": None, "y": None})


def test_a_chromium_grid_session_is_chromium_with_devtools():
    requests = []
    with fake_hub(BOTH_ENGINES, requests) as hub:
        driver = launch.start_browser(grid_config(hub, "chromium"))
        try:
            assert type(driver) is engines.GridBrowser
            assert engines.speaks_devtools(driver)
        finally:
            launch.quit_browser(driver)
    assert requests[0]["browserName"] == "chrome"
    assert "goog:chromeOptions" in requests[0]


def test_a_session_the_grid_refuses_or_a_grid_that_is_not_there_is_one_line(unused_url):
    with fake_hub(BOTH_ENGINES, refuse=True) as hub:
        with pytest.raises(HarnessError) as raised:
            launch.start_browser(grid_config(hub, "webkit"))
        assert str(raised.value) == (
            f"Could not start a browser via {hub}: Could not start a new session. New session "
            "request timed out: are its nodes up? (`scripts/grid status`)"
        )
    with pytest.raises(HarnessError) as raised:
        launch.start_browser(grid_config(unused_url, "webkit"))
    said = str(raised.value)
    assert "\n" not in said
    assert said.startswith(f"Could not start a browser via {unused_url}: ")
    assert said.endswith(": is the Grid up? (`make grid` starts one)")


@pytest.fixture
def fake_starts(monkeypatch):
    """Browser starts, clears and quits faked: each start a new session id;
    a browser whose session is in `dead` cannot be cleared."""
    started, dead = [], set()

    def start(config, reaper=None, home=None, certificates=None):
        started.append(SimpleNamespace(session_id=f"s{len(started) + 1}"))
        return started[-1]

    def clear(driver, url):
        if driver.session_id in dead:
            raise ConnectionRefusedError("node gone")

    monkeypatch.setattr(browser_pool, "start_browser", start)
    monkeypatch.setattr(browser_pool, "clear_browser", clear)
    monkeypatch.setattr(browser_pool, "quit_browser", lambda driver: None)
    return started, dead


def test_a_run_holding_every_slot_the_grid_has_left_fails_at_once_rather_than_wait(fake_starts):
    started, dead = fake_starts
    # Edith's browser runs on a node of its own; Francis's node then goes down,
    # though the Grid has not noticed yet: its slot stays taken by his lost session.
    nodes = [node(WEBKIT, 1, sessions=["s1"]), node(WEBKIT, 1)]
    with fake_hub(nodes) as hub:
        pool = browser_pool.BrowserPool(grid_config(hub, "webkit"), "unit-test-run")
        try:
            edith, francis = pool.take("Edith"), pool.take("Francis")
            nodes[1] = node(WEBKIT, 1, sessions=["s2"])
            dead.add(francis.session_id)
            pool.give_back(francis, "http://site")  # dropped: it cannot be cleared
            pool.give_back(edith, "http://site")
            assert pool.take("Edith") is edith
            with pytest.raises(HarnessError) as raised:
                pool.take("Francis")
            # Francis's slot is not counted: his browser there was lost with its node.
            assert str(raised.value) == (
                f"the Grid at {hub} has 1 WebKit browser slot(s) left up, all held by this "
                "run: none will come free for one more (is a node down? `scripts/grid status`)"
            )
            assert len(started) == 2  # no third session was asked for
            # A slot that another run holds will come free: that one is waited for.
            nodes[1] = node(WEBKIT, 1, sessions=["another run's"])
            assert pool.take("Francis") is started[2]
        finally:
            pool.close()


@pytest.fixture
def unused_url():
    """The address of a port nothing listens on."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_grid_gone_mid_run_leaves_the_pool_with_no_browsers_to_give(fake_starts, monkeypatch):
    started, dead = fake_starts
    nodes = [node(WEBKIT, 1), node(WEBKIT, 1)]
    with fake_hub(nodes) as hub:
        pool = browser_pool.BrowserPool(grid_config(hub, "webkit"), "unit-test-run")
        try:
            edith = pool.take("Edith")
            assert pool.unavailable is None
            # Every node goes down; the Grid still lists Edith's lost session.
            nodes[:] = [node(WEBKIT, 1, sessions=[edith.session_id])]
            dead.add(edith.session_id)
            pool.give_back(edith, "http://site")
            with pytest.raises(HarnessError, match="has no WebKit node up any more"):
                pool.take("Francis")
            assert pool.unavailable == f"the Grid at {hub} has no WebKit node up any more"
            with pytest.raises(HarnessError):
                pool.take("Francis")
            assert len(started) == 1  # nothing more was asked of the Grid
        finally:
            pool.close()

    # The Grid itself gone: the next start says so, and the pool says why no more can be had.
    def refused(*args, **kwargs):
        raise HarnessError(f"Could not start a browser via {hub}: Connection refused")

    monkeypatch.setattr(browser_pool, "start_browser", refused)
    pool = browser_pool.BrowserPool(grid_config(hub, "webkit"), "unit-test-run")
    try:
        with pytest.raises(HarnessError):
            pool.take("Edith")
        assert pool.unavailable is not None and "no longer answers" in pool.unavailable
    finally:
        pool.close()


def test_a_grid_gone_fails_one_scenario_then_skips_the_rest():
    from harness import hooks

    pool = SimpleNamespace(unavailable=None, unavailable_told=False)
    context = SimpleNamespace(browsers=pool)
    assert hooks.browsers_gone(context) is None
    pool.unavailable = "the Grid at http://g no longer answers (refused)"
    # The first scenario to meet it fails, so that the run cannot end green...
    with pytest.raises(HarnessError, match="no longer answers .*: the remaining scenarios"):
        hooks.browsers_gone(context)
    # ...and every later one is skipped with the reason, said once.
    assert hooks.browsers_gone(context) == f"not run: {pool.unavailable}"
    assert hooks.browsers_gone(context) == f"not run: {pool.unavailable}"
