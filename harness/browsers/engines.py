"""The kinds of browser a run drives, each one class: Chromium here or on a
Grid, WebKit here or on a Grid; how a browser says it has died, and which
engine a driver is."""

from __future__ import annotations

from typing import Any

from selenium import webdriver
from selenium.common.exceptions import InvalidSessionIdException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chromium.remote_connection import ChromiumRemoteConnection
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webdriver import WebDriver
from urllib3.exceptions import HTTPError

from harness.browsers.display import VirtualDisplay
from harness.run.errors import first_line
from harness.run.failures import PermanentFailure


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
