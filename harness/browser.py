"""Browser lifecycle: start headless Chromium (or a Grid session), clear it, quit it."""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from harness.config import Config
from harness.errors import HarnessError

log = logging.getLogger(__name__)

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


def check_installed(config: Config) -> None:
    """Fail fast, with one line, when the local browser or its driver is missing."""
    if config.grid_url:
        return
    for what, path in (("Chromium", config.chromium), ("ChromeDriver", config.chromedriver)):
        if not os.access(path, os.X_OK):
            raise HarnessError(f"{what} not found at {path}: {INSTALL_HINT}")


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
    # Keep the console log so failure artefacts can include it.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


def start_browser(config: Config) -> WebDriver:
    """Start a browser: local headless Chromium, or a session on a Selenium Grid."""
    # Belt and braces with the explicit driver path: never let Selenium Manager
    # try to download a driver.
    os.environ["SE_OFFLINE"] = "true"
    try:
        if config.grid_url:
            return webdriver.Remote(command_executor=config.grid_url, options=_options(config))
        service = Service(executable_path=str(config.chromedriver))
        return webdriver.Chrome(service=service, options=_options(config))
    except WebDriverException as error:
        where = config.grid_url or str(config.chromedriver)
        first_line = (error.msg or str(error)).strip().splitlines()[0]
        raise HarnessError(f"Could not start a browser via {where}: {first_line}") from None


class BrowserPool:
    """The run's browsers: started when first needed, then cleared and reused.

    Starting Chromium costs about 0.4 s here and clearing one about 0.05 s, so
    each browser a scenario gives back serves the next scenario's people
    instead of being quit. Locally the first browser starts in the background
    while Django sets up; against a remote server it waits, so that a bad
    server setting fails before any browser opens.
    """

    def __init__(self, config: Config) -> None:
        self._config = config
        self._idle: list[WebDriver] = []  # cleared, ready for the next taker
        self._started: list[WebDriver] = []  # everything to quit at the end
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-start")
        self._first: Future[WebDriver] | None = (
            self._thread.submit(start_browser, config) if config.is_local else None
        )

    def take(self) -> WebDriver:
        """A clean browser, the most recently used first (its renderer is warm).

        Raises HarnessError if a new one cannot start.
        """
        if self._idle:
            return self._idle.pop()
        if self._first is not None:
            first, self._first = self._first, None
            driver = first.result()
        else:
            driver = start_browser(self._config)
        self._started.append(driver)
        return driver

    def give_back(self, driver: WebDriver, base_url: str) -> None:
        """Clear a browser for reuse; one that cannot be cleared (it died) is dropped."""
        try:
            clear_browser(driver, base_url)
        except Exception as error:  # noqa: BLE001 - a dead browser must not end the run
            log.warning("dropping a browser that could not be cleared: %s", error)
            self._started.remove(driver)
            quit_browser(driver)
            return
        self._idle.append(driver)

    def quit_all(self) -> None:
        """Quit every browser this pool started, in use or idle."""
        if self._first is not None:
            first, self._first = self._first, None
            try:
                self._started.append(first.result())
            except HarnessError:
                pass  # it never started: nothing to quit
        for driver in self._started:
            quit_browser(driver)
        self._started.clear()
        self._idle.clear()

    def close(self) -> None:
        """Quit everything and stop the start-up thread."""
        self.quit_all()
        self._thread.shutdown()


def _cdp(driver: WebDriver, command: str, args: dict[str, str]) -> bool:
    """Run a DevTools command if this driver speaks DevTools (local Chromium does,
    a Grid session does not). Returns False when it cannot."""
    execute = getattr(driver, "execute_cdp_cmd", None)
    if execute is None:
        return False
    execute(command, args)
    return True


#: A page on the site that belongs to no one: the app's 404. Parking the
#: browser there between scenarios keeps it on the same site, so the next
#: scenario's first page load reuses the renderer process (a trip via
#: about:blank costs a new one, ~0.15 s here).
PARKING_PATH = "/__acceptance_404__/"


def clear_browser(driver: WebDriver, base_url: str) -> None:
    """Forget the previous scenario: web storage, every cookie, and the page itself.

    Leaving the page matters: a stale page from the last scenario would
    otherwise offer buttons (and forms) that no longer belong to anyone.
    """
    try:
        driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    except WebDriverException:
        pass  # about:blank and error pages have no storage to clear
    if not _cdp(driver, "Network.clearBrowserCookies", {}):
        driver.delete_all_cookies()  # WebDriver can only clear the current site's
    driver.get(base_url + PARKING_PATH)


def quit_browser(driver: WebDriver) -> None:
    """Quit, logging rather than raising: a dead browser must not hide a test result."""
    try:
        driver.quit()
    except Exception as error:  # noqa: BLE001 - cleanup must carry on
        log.warning("browser did not quit cleanly: %s", error)


def install_session_cookie(driver: WebDriver, base_url: str, name: str, value: str) -> None:
    """Make the browser carry a session cookie for `base_url`.

    DevTools sets it in 2 ms without loading anything. Plain WebDriver only
    sets cookies for the page it is on, so it first loads the cheapest page
    the site has, a 404.
    """
    if _cdp(driver, "Network.setCookie", {"name": name, "value": value, "url": base_url + "/"}):
        return
    driver.get(base_url + PARKING_PATH)
    driver.add_cookie({"name": name, "value": value, "path": "/"})
