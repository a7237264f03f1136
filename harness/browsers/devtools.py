"""A direct line to a local Chromium's page over the DevTools protocol.

chromedriver passes DevTools commands on (`execute_cdp_cmd`), at about 1.3 ms
a round trip here; the page's own DevTools socket answers in about 0.25 ms.
The accessibility audits ask each page what it shows after nearly every step,
so the difference is a tenth of what they cost a run. The socket is opened
once per browser, from the address chromedriver reports, with
`websocket-client` (Selenium's own dependency). A browser without one (a Grid
node elsewhere, WebKit) goes on through WebDriver.
"""

from __future__ import annotations

import itertools
import json
import urllib.request
from typing import Any

import websocket
from selenium.webdriver.remote.webdriver import WebDriver

#: Seconds to connect, and to wait for one answer (an audit takes well under one).
TIMEOUT = 30.0


class DevToolsUnavailable(Exception):
    """The browser offers no DevTools socket this process can reach."""


class PageSocket:
    """The DevTools socket of a browser's one page, for evaluating scripts."""

    def __init__(self, url: str) -> None:
        # No Origin header: Chromium refuses sockets from origins it was not told of.
        self._socket = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self._ids = itertools.count(1)

    def evaluate(self, expression: str) -> dict[str, Any]:
        """`Runtime.evaluate` of `expression`, awaited, by value: the answer's result."""
        number = next(self._ids)
        self._socket.send(
            json.dumps(
                {
                    "id": number,
                    "method": "Runtime.evaluate",
                    "params": {
                        "expression": expression,
                        "awaitPromise": True,
                        "returnByValue": True,
                    },
                }
            )
        )
        while True:  # no domain is enabled, so nothing but answers arrives
            answer = json.loads(self._socket.recv())
            if answer.get("id") == number:
                if "error" in answer:
                    raise DevToolsUnavailable(str(answer["error"].get("message")))
                return dict(answer["result"])

    def close(self) -> None:
        """Close the socket; the browser is untouched."""
        self._socket.close()


def page_socket(driver: WebDriver) -> PageSocket | None:
    """The page socket of a local Chromium, opened on first use and kept on the
    driver; None for a browser without one (the answer is kept too)."""
    if hasattr(driver, "_page_socket"):
        return driver._page_socket  # type: ignore[no-any-return]
    try:
        found: PageSocket | None = PageSocket(_page_url(driver))
    except (DevToolsUnavailable, OSError, ValueError, KeyError, websocket.WebSocketException):
        found = None
    driver._page_socket = found  # type: ignore[attr-defined]
    return found


def close_page_socket(driver: WebDriver) -> None:
    """Close the driver's page socket, if it has one."""
    found = getattr(driver, "_page_socket", None)
    if found is not None:
        try:
            found.close()
        except (OSError, websocket.WebSocketException):
            pass  # the browser is going anyway


def _page_url(driver: WebDriver) -> str:
    address = (driver.capabilities.get("goog:chromeOptions") or {}).get("debuggerAddress")
    if not address or not str(address).startswith(("localhost:", "127.0.0.1:")):
        raise DevToolsUnavailable("no local DevTools address")
    with urllib.request.urlopen(f"http://{address}/json/list", timeout=TIMEOUT) as answer:
        targets = json.load(answer)
    pages = [target for target in targets if target.get("type") == "page"]
    if len(pages) != 1:
        raise DevToolsUnavailable(f"{len(pages)} pages, not one")
    return str(pages[0]["webSocketDebuggerUrl"])
