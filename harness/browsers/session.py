"""What a step does to a browser session beyond pages: clear it between
scenarios, read and set cookies, and type text (every character a person can
type, in both engines)."""

from __future__ import annotations

import unicodedata

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from harness.browsers.engines import speaks_devtools


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
