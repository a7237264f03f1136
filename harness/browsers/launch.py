"""Starting and quitting a browser of the run's engine: local Chromium, local
WebKit on a display of its own, or a session on a Selenium Grid; and the
one-line checks that what the run needs is installed."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.webkitgtk.options import Options as WebKitOptions
from selenium.webdriver.webkitgtk.service import Service as WebKitService
from urllib3.exceptions import HTTPError

from harness.browsers.devtools import close_page_socket
from harness.browsers.display import INSTALL_HINT as XVFB_INSTALL_HINT
from harness.browsers.display import VirtualDisplay
from harness.browsers.engines import (
    Browser,
    GridBrowser,
    GridWebKitBrowser,
    LocalBrowser,
    WebKitBrowser,
)
from harness.browsers.grid import GRID_ENGINES, grid_slots, no_slots
from harness.config import Config
from harness.run.errors import HarnessError, first_line
from harness.run.reaper import Reaper

log = logging.getLogger(__name__)


# urllib3 logs each retry of a refused connection as a warning; what matters
# reaches the user as one line (start_browser), or as BrowserDied.
logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)


# Chromium reaches out to Google at start-up unless told not to; on a closed
# network those connections fail noisily and slow the start.
CHROMIUM_FLAGS = (
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


INSTALL_HINT = (
    "install it with `sudo apt-get install -y chromium chromium-headless-shell chromium-driver` "
    "(`make acceptance` does this)"
)


#: Seconds a local WebKit browser may take to start (about 1 s here).
WEBKIT_START_TIMEOUT = 30.0


WEBKIT_INSTALL_HINT = (
    "install it with `sudo apt-get install -y webkit2gtk-driver xvfb` "
    "(`make acceptance-webkit` does this)"
)


def check_installed(config: Config) -> None:
    """Fail fast, with one line, when the local browser or its driver is missing,
    the browser settings contradict each other, or the Grid offers no browser
    of the run's engine (rather than a wait in its queue that ends the same way)."""
    if config.browser == "chromium":
        _options(config)
    if config.grid_url:
        if grid_slots(config.grid_url, config.browser) == 0:  # None: start_browser will say
            raise HarnessError(no_slots(config.grid_url, config.browser))
        return
    if config.browser == "webkit":
        if shutil.which("Xvfb") is None:  # its display (harness.browsers.display)
            raise HarnessError(
                f"WebKit needs a display and Xvfb is not installed: {XVFB_INSTALL_HINT}"
            )
        binaries = (
            ("WebKit's MiniBrowser", config.webkit),
            ("WebKitWebDriver", config.webkit_driver),
        )
        hint = WEBKIT_INSTALL_HINT
    else:
        binaries = (("Chromium", config.chromium), ("ChromeDriver", config.chromedriver))
        hint = INSTALL_HINT
    for what, path in binaries:
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise HarnessError(f"{what} not found at {path}: {hint}")


def _options(config: Config) -> Options:
    options = Options()
    shell = config.chromium.name == "chromium-headless-shell"
    if not config.headless and shell:
        raise HarnessError(
            "headless=false needs a windowed browser: add -D chromium=/usr/bin/chromium"
        )
    if config.headless and not shell:  # the headless shell is headless already
        options.add_argument("--headless=new")
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    width, height = config.window_size
    options.add_argument(f"--window-size={width},{height}")
    options.binary_location = str(config.chromium)
    # Keep the console log so failure artifacts can include it.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


def start_browser(
    config: Config,
    reaper: Reaper | None = None,
    home: Path | None = None,
    certificates: list[dict[str, str]] | None = None,
) -> Browser:
    """Start a browser of the run's engine: locally, or as a session on a Selenium Grid.

    A local driver runs in a session of its own, so a Ctrl-C meant for behave
    does not kill it mid-scenario, and carries the reaper's marker, so it dies
    with the run however the run ends. With `home`, the driver and browser
    run with that HOME: its NSS database is the run's trust store (`trust`).
    WebKit gets `certificates` instead: certificates the run has verified,
    each allowed for its host alone (`trust.verified_site_certificate`).
    """
    # Belt and braces with the explicit driver path: never let Selenium Manager
    # try to download a driver.
    os.environ["SE_OFFLINE"] = "true"
    try:
        if config.grid_url:
            # A Grid's nodes trust what `scripts/grid up` gave them.
            return _ON_A_GRID[config.browser](config)
        environment = reaper.environment() if reaper is not None else dict(os.environ)
        if home is not None:
            environment["HOME"] = str(home)
        if config.browser == "webkit":
            return _start_webkit(config, environment, certificates)
        service = Service(
            executable_path=str(config.chromedriver),
            env=environment,
            popen_kw={"start_new_session": True},
        )
        return LocalBrowser(service=service, options=_options(config))
    except (WebDriverException, HTTPError, OSError) as error:
        driver = config.webkit_driver if config.browser == "webkit" else config.chromedriver
        where = config.grid_url or str(driver)
        hint = ""
        if config.grid_url:  # one that answered refused the session; else it is not there
            answered = isinstance(error, WebDriverException)
            hint = (
                ": are its nodes up? (`scripts/grid status`)"
                if answered
                else ": is the Grid up? (`make grid` starts one)"
            )
        reason = _unwrapped(error)
        raise HarnessError(f"Could not start a browser via {where}: {reason}{hint}") from None


def _grid_chromium(config: Config) -> Browser:
    return GridBrowser(config.grid_url, _options(config))


def _grid_webkit(config: Config) -> Browser:
    """WebKit asked for by its browserName alone: the node's stereotype says
    where its MiniBrowser is, how to start it and which certificates it may
    allow (`scripts/grid up`)."""
    options = ArgOptions()
    options.set_capability("browserName", GRID_ENGINES["webkit"].browser_name)
    return _sized(GridWebKitBrowser(config.grid_url, options), config.window_size)


#: How each engine (config.browser) starts as a Grid session.
_ON_A_GRID: dict[str, Callable[[Config], Browser]] = {
    "chromium": _grid_chromium,
    "webkit": _grid_webkit,
}


class _WebKitOptions(WebKitOptions):
    """Selenium's WebKitGTK options, plus the certificates WebKit may allow
    (Selenium writes the browser options whole, with no place for them)."""

    def __init__(self, certificates: list[dict[str, str]] | None) -> None:
        super().__init__()
        self.certificates = certificates or []

    def to_capabilities(self) -> dict[str, Any]:
        capabilities: dict[str, Any] = super().to_capabilities()
        if self.certificates:
            capabilities[self.KEY]["certificates"] = self.certificates
        return capabilities


def _sized(driver: Browser, size: tuple[int, int]) -> Browser:
    """`driver` with its window at `size` (Chromium takes it as a flag; WebKit
    only this way); quit if that fails."""
    try:
        driver.set_window_size(*size)
    except BaseException:
        quit_browser(driver)
        raise
    return driver


def _start_webkit(
    config: Config,
    environment: dict[str, str],
    certificates: list[dict[str, str]] | None = None,
) -> Browser:
    """WebKit on a virtual display of its own: a window is only drawn as
    focused (focus rings included) while it is the active one on its display,
    and a person's browser is always the active window on their screen."""
    display = VirtualDisplay(environment, config.window_size)
    environment["DISPLAY"] = display.name
    options = _WebKitOptions(certificates)
    options.binary_location = str(config.webkit)
    options.add_argument("--automation")
    service = WebKitService(
        executable_path=str(config.webkit_driver),
        env=environment,
        popen_kw={"start_new_session": True},
    )
    # WebKitWebDriver waits for ever for a browser that never connects (a
    # `webkit` that is not MiniBrowser, or one that dies at start): give it a
    # deadline, then stop the driver, which fails the pending start.
    gave_up = threading.Event()

    def give_up() -> None:
        gave_up.set()
        if service.process is not None:
            try:
                os.killpg(service.process.pid, signal.SIGKILL)
            except OSError:
                pass  # gone already

    deadline = threading.Timer(WEBKIT_START_TIMEOUT, give_up)
    deadline.daemon = True
    deadline.start()
    try:
        driver = WebKitBrowser(options=options, service=service)
    except BaseException:
        display.stop()
        if gave_up.is_set():
            raise HarnessError(
                f"WebKit's browser {config.webkit} did not start within "
                f"{WEBKIT_START_TIMEOUT:g}s: is it MiniBrowser? (set -D webkit=PATH)"
            ) from None
        raise
    finally:
        deadline.cancel()
    driver.display = display
    return _sized(driver, config.window_size)


def _unwrapped(error: BaseException) -> str:
    """The root cause's first line: urllib3 wraps a refused connection twice."""
    cause = getattr(error, "reason", None)
    while isinstance(cause, BaseException):
        error, cause = cause, getattr(cause, "reason", None)
    return first_line(error)


def quit_browser(driver: Browser) -> None:
    """Quit, logging rather than raising: a dead browser must not hide a test result.

    Then kill the driver's whole process group, in case a crashed browser left
    helpers behind that quit() could not reach.
    """
    close_page_socket(driver)
    try:
        driver.quit()
    except Exception as error:  # noqa: BLE001 - cleanup must carry on
        log.warning("%s's browser did not quit cleanly: %s", driver.holder, first_line(error))
    service = getattr(driver, "service", None)
    process = getattr(service, "process", None)
    if process is not None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its own group: see start_browser
        except OSError:
            pass  # already gone, as it should be
    display = getattr(driver, "display", None)
    if display is not None:
        display.stop()
