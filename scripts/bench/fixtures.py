"""The fixture layer's cost per scenario on any server: the browser cleared,
the database reset, a session installed, and a Given on top."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deploy import PROJECT
from scripts.bench.measure import figure, timed

if TYPE_CHECKING:  # the harness is imported only when a figure needs it
    from harness.server import SiteUnderTest


def fixture_costs(
    server_for: Callable[[], SiteUnderTest],
    repeats: int,
    ca: Path | None = None,
    engine: str = "chromium",
) -> tuple[list[float], list[float]]:
    """Per-scenario harness overhead (the browser cleared as the pool clears it
    between scenarios, the database reset, then a pre-authenticated session in
    the browser) and the cost of a fixture-layer Given on top of it (a list
    with two items, owned by the logged-in person, opened in their browser)."""
    from harness.browsers import launch, session
    from harness.browsers.trust import browser_home
    from harness.config import load_config
    from harness.people.cast import Actor
    from harness.people.personas import Person

    config = load_config({}, {"browser": engine})
    server = server_for()
    try:
        home = None
        if ca is not None:
            home = browser_home(ca, Path(tempfile.mkdtemp(prefix="bench-home-")))
        driver = launch.start_browser(config, home=home)
    except BaseException:
        server.close()
        raise
    edith = Actor(Person("Edith", "she", "edith@example.com"), server, lambda: driver)
    try:

        def scenario_setup() -> None:
            session.clear_browser(driver, server.url)
            server.reset_database()
            edith.log_in_via_back_door()

        def given_a_list() -> None:
            edith.start_list_directly(["Buy milk", "Buy eggs"])

        scenario_setup()  # the first calls pay one-off costs (imports, connections)
        given_a_list()
        setups, givens = [], []
        for _ in range(repeats):
            setups += timed(scenario_setup, 1)
            givens += timed(given_a_list, 1)
        return setups, givens
    finally:
        launch.quit_browser(driver)
        server.close()


def report_fixture_costs(where: str, costs: tuple[list[float], list[float]]) -> None:
    """Print the two figures `fixture_costs` took on the server `where`."""
    setups, givens = costs
    figure(f"{where} per-scenario overhead (clear+reset+session)", setups, "ms", 1000)
    figure(f"{where} Given: a list of 2 items, owned, opened", givens, "ms", 1000)


def named_server(name: str) -> SiteUnderTest:
    """The server behave.ini calls `name`, opened as a run would open it."""
    import configparser

    from harness.config import load_config
    from harness.server import open_server

    ini = configparser.ConfigParser(interpolation=None)
    ini.read(PROJECT / "behave.ini")
    config = load_config(dict(ini["behave.userdata"]), {"server": name})
    return open_server(config, Path("unused-by-remote-servers"))
