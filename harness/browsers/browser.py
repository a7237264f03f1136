"""Browser lifecycle: start headless Chromium or WebKit (locally, or as a Grid
session), clear it, quit it."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import InvalidSessionIdException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chromium.remote_connection import ChromiumRemoteConnection
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.webkitgtk.options import Options as WebKitOptions
from selenium.webdriver.webkitgtk.service import Service as WebKitService
from urllib3.exceptions import HTTPError

from harness.browsers.devtools import close_page_socket
from harness.browsers.display import INSTALL_HINT as XVFB_INSTALL_HINT
from harness.browsers.display import VirtualDisplay
from harness.browsers.grid import GRID_ENGINES, grid_slots, no_slots, slot_sessions
from harness.config import Config
from harness.run.errors import HarnessError, first_line
from harness.run.failures import PermanentFailure
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


class BrowserDied(PermanentFailure):
    """A person's browser (or its driver) is gone: every later command would fail
    the same way, so the step fails at once and names whose browser it was."""


#: What a driver says when the browser behind it has gone away.
_GONE_PHRASES = (
    "not reachable",
    "disconnected",
    "session deleted",
    "tab crashed",
    "unable to execute request for an existing session",  # a Grid node that died
)


def is_gone(error: BaseException) -> bool:
    """Whether `error` means the browser died, rather than that a page is not ready."""
    if isinstance(error, InvalidSessionIdException):
        return True
    if isinstance(error, WebDriverException):
        message = (error.msg or "").lower()
        # Lower case on both sides: drivers and the Grid capitalise as they please.
        return any(phrase.lower() in message for phrase in _GONE_PHRASES)
    # The driver process itself is gone: its HTTP port refuses or resets.
    return isinstance(error, (HTTPError, ConnectionError))


class _NamesItsHolder:
    """Mixed into our WebDriver classes: a command to a dead browser raises
    `BrowserDied` naming the person who held it, whatever the page object did."""

    #: Whose browser this is, set by the pool when it hands the browser out.
    holder = "an idle"
    #: When (epoch seconds) the pool last handed it out.
    taken_at: float | None = None

    def execute(self, driver_command: Any, params: dict[str, Any] | None = None) -> Any:
        try:
            return super().execute(driver_command, params)  # type: ignore[misc]
        except Exception as error:
            # A session that never started has not died: start_browser says why.
            if driver_command not in (Command.QUIT, Command.NEW_SESSION) and is_gone(error):
                engine = engine_label(self)  # type: ignore[arg-type]
                which = f" ({engine})" if engine else ""
                raise BrowserDied(
                    f"{self.holder}'s browser{which} has died, so this step could not finish.",
                    details=(f"the driver said: {first_line(error)}",),
                ) from error
            raise


#: WebDriver commands after which the page may show something new: loads,
#: clicks, key presses. (Scripts are how the harness reads pages, and DevTools
#: how it clears them and installs cookies: neither counts.)
_PAGE_CHANGING = {
    Command.GET, Command.REFRESH, Command.GO_BACK, Command.GO_FORWARD,
    Command.CLICK_ELEMENT, Command.SEND_KEYS_TO_ELEMENT, Command.W3C_ACTIONS,
}  # fmt: skip
#: DevTools commands that act as a person would (typing by `type_text`).
_PAGE_CHANGING_CDP = ("Input.",)


class _NoticesPageChanges:
    """Mixed into our WebDriver classes: remembers whether anything may have
    changed the page since `page_changed` was last reset, so that audits of
    what a page shows look only at pages that can be new."""

    page_changed = False
    #: How many commands so far may have changed the page: a storyboard takes
    #: a new picture only when this has moved on since its last one.
    page_changes = 0

    def execute(self, driver_command: Any, params: dict[str, Any] | None = None) -> Any:
        if driver_command in _PAGE_CHANGING or (
            driver_command == "executeCdpCommand"
            and str((params or {}).get("cmd", "")).startswith(_PAGE_CHANGING_CDP)
        ):
            self.page_changed = True
            self.page_changes += 1
        return super().execute(driver_command, params)  # type: ignore[misc]


class LocalBrowser(_NoticesPageChanges, _NamesItsHolder, webdriver.Chrome):
    """Chromium driven by a chromedriver this run started."""

    engine = "Chromium"
    devtools = True
    keeps_console_log = True


class GridBrowser(_NoticesPageChanges, _NamesItsHolder, webdriver.Remote):
    """A Chromium session on a Selenium Grid.

    Talks to the Grid with Chromium's command set, so DevTools commands reach
    the node's chromedriver (the Grid passes session commands through): the
    shortcuts that save page loads and keystrokes work here too.
    """

    engine = "Chromium"
    devtools = True
    keeps_console_log = True

    def __init__(self, grid_url: str, options: Options) -> None:
        connection = ChromiumRemoteConnection(
            remote_server_addr=grid_url,
            vendor_prefix="goog",
            browser_name="chrome",
            ignore_proxy=True,  # the Grid is on our network, never behind a proxy
        )
        super().__init__(command_executor=connection, options=options)

    def execute_cdp_cmd(self, cmd: str, cmd_args: dict[str, Any]) -> Any:
        """Run a DevTools command in the node's browser."""
        return self.execute("executeCdpCommand", {"cmd": cmd, "params": cmd_args})["value"]


class WebKitBrowser(_NoticesPageChanges, _NamesItsHolder, webdriver.WebKitGTK):
    """WebKit (Debian's WebKitGTK MiniBrowser) driven by a WebKitWebDriver this
    run started, on a virtual display of its own. No DevTools: the plain
    WebDriver ways are taken."""

    engine = "WebKit"
    devtools = False
    #: A script that changes the page's title or address costs ~44 ms here,
    #: against ~3 ms for one that does not: MiniBrowser tells WebKitWebDriver
    #: of the change over a loopback TCP connection, and Nagle's algorithm on
    #: one end meets Linux's delayed acknowledgement on the other. So a cleared
    #: WebKit page keeps its title and address (see clear_browser).
    cheap_address_change = False
    #: The display it draws on, stopped when it quits.
    display: VirtualDisplay | None = None


class GridWebKitBrowser(_NoticesPageChanges, _NamesItsHolder, webdriver.Remote):
    """A WebKit session on a Selenium Grid: on `make grid`, a relay node passes
    it to a WebKitWebDriver of its own, on a display of its own
    (grid/webkit-1.toml). No DevTools, as locally."""

    engine = "WebKit"
    devtools = False
    #: As for a local WebKit (WebKitBrowser): the node's MiniBrowser and
    #: WebKitWebDriver talk over loopback TCP too.
    cheap_address_change = False

    def __init__(self, grid_url: str, options: ArgOptions) -> None:
        connection = RemoteConnection(
            client_config=ClientConfig(remote_server_addr=grid_url, timeout=120),
            ignore_proxy=True,  # the Grid is on our network, never behind a proxy
        )
        super().__init__(command_executor=connection, options=options)


Browser = LocalBrowser | GridBrowser | WebKitBrowser | GridWebKitBrowser


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


class BrowserPool:
    """The run's browsers: started when first needed, then cleared and reused.

    Starting Chromium costs about 0.4 s here and clearing one about 0.05 s, so
    each browser a scenario gives back serves the next scenario's people
    instead of being quit. Locally the first browser starts in the background
    while Django sets up; against a remote server it waits, so that a bad
    server setting fails before any browser opens.
    """

    def __init__(
        self,
        config: Config,
        run_id: str,
        home: Path | None = None,
        on_start: Callable[[Browser], None] | None = None,
        certificates: list[dict[str, str]] | None = None,
    ) -> None:
        self._config = config
        self._home = home
        self._certificates = certificates
        #: Told of each browser as it starts (the report names the first's engine).
        self._on_start = on_start
        self._reaper = Reaper(run_id) if not config.grid_url else None
        self._idle: list[Browser] = []  # cleared, ready for the next taker
        self._started: list[Browser] = []  # everything to quit at the end
        #: The sessions of browsers dropped as dead: on a Grid node that went
        #: down, their slots stay taken until the Grid forgets the node.
        self._lost: set[str | None] = set()
        #: Why no browser can be had any more (the Grid went away, or has no
        #: node of the run's engine left up); the run skips what is left.
        self.unavailable: str | None = None
        #: Whether a scenario has been failed for it already (the rest are skipped).
        self.unavailable_told = False
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-start")
        self._first: Future[Browser] | None = (
            self._thread.submit(self._start) if config.is_local else None
        )

    def _start(self) -> Browser:
        if self.unavailable is not None:
            raise HarnessError(self.unavailable)
        if self._config.grid_url:
            try:
                self._check_the_grid_has_room()
                driver = start_browser(self._config, self._reaper, self._home, self._certificates)
            except HarnessError as error:
                self._note_if_the_grid_is_gone(error)
                raise
        else:
            driver = start_browser(self._config, self._reaper, self._home, self._certificates)
        if self._on_start is not None:
            self._on_start(driver)
        return driver

    def _note_if_the_grid_is_gone(self, error: HarnessError) -> None:
        """After a failed start: if the Grid no longer answers, or has no node
        of the run's engine up, no later start can succeed either."""
        url, engine = self._config.grid_url, self._config.browser
        sessions = slot_sessions(url, engine)
        if sessions is None:
            self.unavailable = f"the Grid at {url} no longer answers ({error})"
        elif not sessions:
            self.unavailable = (
                f"the Grid at {url} has no {GRID_ENGINES[engine].name} node up any more"
            )

    def _check_the_grid_has_room(self) -> None:
        """A new Grid session waits in the Grid's queue for a slot of its engine
        to come free. When every slot the Grid has left is this run's, none
        will: fail at once, in one line, rather than wait for the queue to
        give up. A slot still holding a browser this run lost is not counted:
        its node is gone, though the Grid may not have noticed yet; with no
        slot left at all, the run can have no more browsers."""
        url, engine = self._config.grid_url, self._config.browser
        sessions = slot_sessions(url, engine)
        if sessions is None:
            return  # a Grid that does not answer: start_browser says so
        live = [session for session in sessions if session is None or session not in self._lost]
        ours = {driver.session_id for driver in self._started}
        if any(session is None or session not in ours for session in live):
            return  # a free slot, or one another run holds and will give back
        if not sessions:
            raise HarnessError(no_slots(url, engine))
        if not live:
            self.unavailable = (
                f"the Grid at {url} has no {GRID_ENGINES[engine].name} node up any more"
            )
            raise HarnessError(self.unavailable)
        raise HarnessError(
            f"the Grid at {url} has {len(live)} {GRID_ENGINES[engine].name} browser "
            "slot(s) left up, all held by this run: none will come free for one more "
            "(is a node down? `scripts/grid status`)"
        )

    def ready(self) -> None:
        """Wait for the background start, if any; HarnessError if it failed."""
        if self._first is not None:
            driver = self._first.result()
            self._first = None
            self._started.append(driver)
            self._idle.append(driver)

    def take(self, holder: str) -> Browser:
        """A clean browser for `holder`, the most recently used first (its
        renderer is warm). Raises HarnessError if a new one cannot start."""
        if self._idle:
            driver = self._idle.pop()
        else:
            if self._first is not None:
                first, self._first = self._first, None
                driver = first.result()
            else:
                driver = self._start()
            self._started.append(driver)
        driver.holder = holder
        driver.page_changed = False  # what it showed before is not this holder's doing
        # Its console log may still hold the last holder's messages: a failure
        # shows only those logged since (harness.results.artifacts).
        driver.taken_at = time.time()
        return driver

    def give_back(self, driver: Browser, base_url: str) -> None:
        """Clear a browser for reuse; one that cannot be cleared (it died) is dropped,
        and the next taker gets a fresh one."""
        try:
            clear_browser(driver, base_url)
        except Exception as error:  # noqa: BLE001 - a dead browser must not end the run
            log.info("dropping %s's browser: %s", driver.holder, first_line(error))
            self._started.remove(driver)
            self._lost.add(driver.session_id)
            quit_browser(driver)
            if self._config.grid_url:  # its node, or the whole Grid, may be gone
                self._note_if_the_grid_is_gone(HarnessError(first_line(error)))
            return
        driver.holder = "an idle"
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
        """Quit everything, stop the start-up thread, and let the reaper sweep."""
        self.quit_all()
        self._thread.shutdown()
        if self._reaper is not None:
            self._reaper.close()


def engine_label(driver: WebDriver) -> str:
    """The browser's engine and version, as messages name it ("WebKit 2.50.6");
    empty for a driver that does not say."""
    engine = getattr(driver, "engine", None)
    if engine is None:
        return ""
    capabilities = getattr(driver, "capabilities", None) or {}
    version = capabilities.get("browserVersion")
    return f"{engine} {version}" if version else str(engine)


def speaks_devtools(driver: WebDriver) -> bool:
    """Whether the browser behind `driver` takes Chrome DevTools commands: our
    Chromium sessions do, local and on a Grid. Asked of the browser, not of
    the driver object: every Selenium Remote driver has `execute_cdp_cmd`,
    whatever browser is behind it."""
    return bool(getattr(driver, "devtools", False))


def _cdp(driver: WebDriver, command: str, args: dict[str, str]) -> bool:
    """Run a DevTools command if the browser takes them; False when it cannot
    (the caller then goes the plain WebDriver way)."""
    if not speaks_devtools(driver):
        return False
    driver.execute_cdp_cmd(command, args)
    return True


#: A page on the site that belongs to no one: the app's 404. Parking the
#: browser there between scenarios keeps it on the same site, so the next
#: scenario's first page load reuses the renderer process (a trip via
#: about:blank costs a new one, ~0.15 s here).
PARKING_PATH = "/__acceptance_404__/"


def clear_browser(driver: WebDriver, base_url: str) -> None:
    """Forget the previous scenario: web storage, every cookie, and the page itself.

    Leaving the page matters: a stale page from the last scenario would
    otherwise offer buttons (and forms) that no longer belong to anyone, and
    pass checks it should fail. On the site, the page is blanked where it
    stands (a few ms), and shows the parking page's address where the browser
    changes an address cheaply; anywhere else the browser loads the parking
    page (one page load, ~40 ms).
    """
    if not _cdp(driver, "Network.clearBrowserCookies", {}):
        _delete_site_cookies(driver)
    parking = PARKING_PATH if getattr(driver, "cheap_address_change", True) else None
    try:
        blanked = driver.execute_script(_BLANK_THE_PAGE, base_url, parking)
    except WebDriverException:
        blanked = False  # an error page, say: a real page load will do
    if not blanked:
        driver.get(base_url + PARKING_PATH)


def _delete_site_cookies(driver: WebDriver) -> None:
    """Delete the current site's cookies (all WebDriver can reach), and make
    sure they are gone before the next page load.

    WebKit answers the deletion before its network process has done it: a
    page loaded right after, on a busy machine, can still send the old
    cookies, and Django's CSRF check then refuses the next form (seen: a 403
    in about one full two-engine run in three with the cores saturated).
    Reading the cookies back goes the same way as the deletion, after it, so
    its answer shows them gone; one that does not is not a browser to reuse.
    """
    driver.delete_all_cookies()
    if driver.get_cookies():
        driver.delete_all_cookies()
        left = [cookie.get("name") for cookie in driver.get_cookies()]
        if left:
            raise WebDriverException(f"cookies survived being deleted: {left}")


#: On the site, empty web storage and the document without a navigation: the
#: renderer stays, nothing of the old page does. Given the parking address,
#: show it, and an empty title; without, keep the title and address as they
#: are. Returns false when the browser is somewhere else.
_BLANK_THE_PAGE = """
if (location.origin !== new URL(arguments[0]).origin) { return false; }
window.stop();
localStorage.clear();
sessionStorage.clear();
if (arguments[1] !== null) {
  history.replaceState(null, "", arguments[1]);
  document.title = "";
}
for (const element of [...(document.head?.children ?? [])]) {
  if (element.tagName !== "TITLE") { element.remove(); }
}
const body = document.body ?? document.documentElement.appendChild(document.createElement("body"));
body.replaceChildren();
for (const name of body.getAttributeNames()) { body.removeAttribute(name); }
return true;
"""


def cookie_value(driver: WebDriver, base_url: str, name: str) -> str | None:
    """The value of the cookie `name` the browser holds for `base_url`, if any."""
    if speaks_devtools(driver):  # DevTools sees every cookie, wherever the browser is
        answer = driver.execute_cdp_cmd("Network.getCookies", {"urls": [base_url + "/"]})
        cookies = answer["cookies"]
        return next((str(c["value"]) for c in cookies if c["name"] == name), None)
    if not driver.current_url.startswith(base_url + "/"):
        return None  # WebDriver sees only the current site's; the browser holds none yet
    cookie = driver.get_cookie(name)
    return None if cookie is None else str(cookie["value"])


def forget_cookie(driver: WebDriver, base_url: str, name: str) -> None:
    """Drop the cookie `name` the browser holds for `base_url`; loads nothing."""
    if _cdp(driver, "Network.deleteCookies", {"name": name, "url": base_url + "/"}):
        return
    if driver.current_url.startswith(base_url + "/"):
        driver.delete_cookie(name)
        if driver.get_cookie(name) is not None:  # read back: see _delete_site_cookies
            raise WebDriverException(f"the cookie {name} survived being deleted")


#: Where a typist's caret would be: at the end of what the box holds
#: (email boxes have no caret position to set, hence the try).
_FOCUS_AT_THE_END = """
const box = arguments[0];
box.focus();
try { box.setSelectionRange(box.value.length, box.value.length); } catch (_) {}
"""


def type_text(driver: WebDriver, box: WebElement, text: str) -> None:
    """Put `text` into `box` as typing it would, firing the same input event.

    DevTools inserts the whole text in one command, as a paste or an input
    method does; WebDriver sends one key event pair per character, ~3 ms each
    here. Without DevTools, the keys are sent one by one.
    """
    if not text:
        return  # nothing to type (WebKit refuses an empty key sequence)
    if not speaks_devtools(driver):
        for piece, beyond in pieces_by_plane(text):
            if beyond:
                # WebKit's driver drops key events for characters beyond the
                # Basic Multilingual Plane (emoji, 𝄞): no key types them; a
                # person's emoji picker inserts them as text, and so do we.
                driver.execute_script(_FOCUS_AT_THE_END, box)
                if not driver.execute_script(_INSERT_TEXT, piece):
                    raise WebDriverException(f"the page refused the inserted text {piece!r}")
                # A script, so not noticed as a page change: say so here.
                driver.page_changed = True  # type: ignore[attr-defined]
                driver.page_changes = getattr(driver, "page_changes", 0) + 1  # type: ignore[attr-defined]
            else:
                box.send_keys(piece)
        return
    driver.execute_script(_FOCUS_AT_THE_END, box)
    _cdp(driver, "Input.insertText", {"text": text})


#: Insert text at the caret as an input method or emoji picker does: the page
#: sees the same beforeinput and input events.
_INSERT_TEXT = "return document.execCommand('insertText', false, arguments[0]);"


def pieces_by_plane(text: str) -> list[tuple[str, bool]]:
    """`text` in runs, each (run, whether it lies beyond the Basic Multilingual
    Plane). A joiner or variation selector between two such characters stays
    with them: "👩🏽‍🔧" is one run, inserted whole."""
    runs: list[tuple[str, bool]] = []
    for index, char in enumerate(text):
        beyond = ord(char) > 0xFFFF
        if not beyond and char in _GLUE and runs and runs[-1][1]:
            following = text[index + 1 : index + 2]
            beyond = not following or ord(following) > 0xFFFF or following in _GLUE
        if runs and runs[-1][1] == beyond:
            runs[-1] = (runs[-1][0] + char, beyond)
        else:
            runs.append((char, beyond))
    return _joined_sequences(runs)


def _joined_sequences(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Runs with a joined emoji sequence made whole: a plain-plane part of
    one ("\u200d❤️\u200d" in a couple) goes with the astral runs around it."""
    merged: list[tuple[str, bool]] = []
    for text, beyond in runs:
        if (
            beyond
            and len(merged) >= 2
            and merged[-2][1]
            and not merged[-1][1]
            and merged[-1][0].startswith("\u200d")
            and merged[-1][0].endswith("\u200d")
            and all(c in _GLUE or unicodedata.category(c) == "So" for c in merged[-1][0])
        ):
            glue = merged.pop()[0]
            first = merged.pop()[0]
            merged.append((first + glue + text, True))
        else:
            merged.append((text, beyond))
    return merged


#: Characters that bind an emoji sequence together: the zero-width joiner and
#: the variation selectors.
_GLUE = frozenset("\u200d\ufe0e\ufe0f")


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


def install_session_cookie(driver: WebDriver, base_url: str, name: str, value: str) -> None:
    """Make the browser carry a session cookie for `base_url`.

    DevTools sets it in 2 ms without loading anything. Plain WebDriver only
    sets cookies for the site it is on: a browser parked on the site (as a
    cleared one is) takes it there, ~2 ms; any other first loads the cheapest
    page the site has, a 404 (~50 ms).
    """
    if _cdp(driver, "Network.setCookie", {"name": name, "value": value, "url": base_url + "/"}):
        return
    if not driver.current_url.startswith(base_url + "/"):
        driver.get(base_url + PARKING_PATH)
    driver.add_cookie({"name": name, "value": value, "path": "/"})
    # Read back, so the next page load carries it (see _delete_site_cookies).
    held = driver.get_cookie(name)
    if held is None or held.get("value") != value:
        raise WebDriverException(f"the browser did not keep the cookie {name}")
