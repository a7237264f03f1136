"""What every page object can do: find controls, visit addresses, read text as
a person reads it, use the keyboard, and say what went wrong in a person's
words. Every action ends with the wait that proves it worked; every check is
a `@wait`-wrapped assertion, so steps never sleep or poll.

Text is compared as a person reads it: `shown()` trims it and collapses runs
of whitespace on both sides, as the browser does when it renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from harness.browsers.engines import engine_label
from harness.browsers.session import type_text
from harness.pages.locators import BODY, CONTROL_NAMES, HEADING, NOT_FOUND_HEADING, Locator
from harness.run.errors import first_line
from harness.run.failures import (
    Mismatch,
    PermanentFailure,
    compare_in_order,
    names,
    quoted,
)
from harness.run.wait import wait
from harness.server import SiteUnderTest

P = TypeVar("P", bound="Page")


def shown(text: str) -> str:
    """`text` as a browser renders it: trimmed, each run of whitespace one space."""
    return " ".join(text.split())


#: innerText is the text as rendered: hidden elements contribute none.
_TEXTS = "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)"


def _css(locator: Locator) -> str:
    """The CSS selector for a locator declared by id, name, tag or CSS."""
    how, what = locator
    if how == By.ID:
        return f"#{what}"
    if how == By.NAME:
        return f'[name="{what}"]'
    if how in (By.TAG_NAME, By.CSS_SELECTOR):
        return what
    raise ValueError(f"no CSS selector for a locator by {how}")


#: The most Tab presses a keyboard user is expected to make to reach a control.
MOST_TABS = 30


#: A few words for the element with the keyboard focus (or any element), as
#: a person would point at it: "the "Log out" button", "the "My lists" link",
#: "the "Enter a to-do item" box" (its label, else its placeholder or text).
_DESCRIBE = """
const e = arguments[0] || document.activeElement;
if (!e || e === document.body || e === document.documentElement) { return "the page itself"; }
const squash = t => (t || "").replace(/\\s+/g, " ").trim().slice(0, 40);
const label = squash(e.labels && e.labels.length ? e.labels[0].innerText : "")
  || squash(e.getAttribute("aria-label")) || squash(e.placeholder) || squash(e.innerText)
  || squash(e.value);
const tag = e.tagName.toLowerCase();
const kind = tag === "a" ? "link" : tag === "button" || e.type === "submit" ? "button"
  : tag === "input" || tag === "textarea" || tag === "select" ? "box" : "part of the page";
return label ? `the "${label}" ${kind}` : `a ${kind} with no name`;
"""


#: The controls a keyboard can reach, as shown, in the order a person reads
#: them (the document's order), described as `_DESCRIBE` does.
_REACHABLE = """
const describe = new Function(arguments[0]);
const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
return [...document.querySelectorAll(
  "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])")]
  .filter(e => shown(e) && !e.disabled).map(e => describe(e));
"""


#: How the element with the keyboard focus looks, focused and then not: its
#: outline (only one that shows: a style and a width), shadow, border and
#: background; null if nothing has the focus. Transitions are held off
#: meanwhile, so both looks are final ones, not a frame of a fade.
_FOCUS_LOOKS = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) { return null; }
const transition = e.style.transition;
e.style.transition = "none";
const look = () => {
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    ? `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "no outline";
  return [outline, `shadow ${s.boxShadow}`, `border ${s.borderColor}`,
          `background ${s.backgroundColor}`];
};
const focused = look();
e.blur();
const plain = look();
e.focus();
e.style.transition = transition;
return [focused, plain];
"""


class ControlMissing(PermanentFailure):
    """A step acts on a box, button or link its person's page does not have."""


class SiteUnreachable(PermanentFailure):
    """The browser got no page from the site at all: it is down or unreachable."""


class Page:
    """A browser looking at one superlists site, on behalf of `person`.

    `names` knows the people of the scenario by email, so that a failure
    says "Francis", as the feature does, where the page shows an address.
    """

    def __init__(
        self,
        driver: WebDriver,
        server: SiteUnderTest,
        person: str,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.driver = driver
        self.server = server
        self.person = person
        self.names = dict(names or {})

    def name_of(self, email: str) -> str:
        """The scenario's name for the person at `email` (letter case aside),
        or the address in quotes for someone the scenario never named."""
        for address, name in self.names.items():
            if address.lower() == email.lower():
                return name
        return quoted(email) if email else "no one"

    def failure_context(self) -> str:
        """Whose browser, at which URL, showing what: the start of a failure message."""
        headings = self.texts(HEADING)
        if headings:
            shows = f'heading "{headings[0]}"'
        elif not "".join(self.texts(BODY)):
            shows = "blank page"
        else:
            shows = "no heading"
        engine = engine_label(self.driver)
        browser = f"browser ({engine})" if engine else "browser"
        return f"in {self.person}'s {browser} at {self.current_url} ({shows})"

    def site_errors(self) -> list[str]:
        """The errors the site has logged during this scenario (for failure messages)."""
        return self.server.errors_logged()

    def on(self, page_class: type[P]) -> P:
        """This browser, seen as another page of the site (after navigating there)."""
        return page_class(self.driver, self.server, self.person, self.names)

    def mismatch(self, headline: str, focus: Locator | None = None, *details: str) -> Mismatch:
        """A failed check on this page: `headline` for everyone, the element
        it read (`focus`) to outline in the screenshot, and `details`."""
        problem = Mismatch(headline, focus=None if focus is None else _css(focus), details=details)
        problem.person = self.person
        return problem

    def find(self, locator: Locator) -> WebElement:
        """The element at `locator`; NoSuchElementException (retried by @wait) if absent."""
        return self.driver.find_element(*locator)

    def control(self, locator: Locator) -> WebElement:
        """The control (box, button, link) at `locator`, to act on now; a
        locator not in CONTROL_NAMES is a link by its text.

        Actions come after a page has loaded, so a control that is missing
        will stay missing: `ControlMissing` at once, saying whose page lacks
        what, rather than a driver traceback or a wait.
        """
        found = self.find_all(locator)
        if not found:
            what = CONTROL_NAMES.get(locator) or f'link "{locator[1]}"'
            raise ControlMissing(
                f"There is no {what} on {self.person}'s page for this step to use.",
                details=(self.failure_context(),),
            )
        return found[0]

    def find_all(self, locator: Locator) -> list[WebElement]:
        """Every element at `locator`, possibly none."""
        return self.driver.find_elements(*locator)

    def texts(self, locator: Locator) -> list[str]:
        """The rendered text of every element at `locator`, as `shown()`, in one
        round trip. (WebElement.text sends Selenium's visible-text script, some
        kilobytes, once per element: ~8 ms each here, and checks poll.)"""
        texts = self.driver.execute_script(_TEXTS, _css(locator))
        return [shown(text) for text in texts]

    def visit(self, url_or_path: str) -> None:
        """Load a page by absolute URL or by path on the site.

        Raises `SiteUnreachable` when the browser gets no page at all (the
        server is down, say): no check on that page could ever pass.
        """
        url = url_or_path if "://" in url_or_path else self.server.url + url_or_path
        try:
            self.driver.get(url)
        except WebDriverException as error:
            if "net::ERR_" not in (error.msg or ""):
                raise
            raise SiteUnreachable(
                f"{self.person}'s browser could not reach the site at all: is it up?",
                details=(f"loading {url}: {first_line(error)}",),
            ) from error

    def refresh(self) -> None:
        """Reload the current page (WebDriver returns once it has loaded)."""
        self.driver.refresh()

    def on_site(self) -> bool:
        """Whether the browser shows a page of the site (not a blank one, or
        another site's)."""
        url = self.current_url
        return url == self.server.url or url.startswith(self.server.url + "/")

    @property
    def current_url(self) -> str:
        """The address the browser is at."""
        return self.driver.current_url

    @wait
    def assert_heading(self, text: str) -> None:
        """The page's h1 reads `text`."""
        headings = self.texts(HEADING)
        if not headings or headings[0] != shown(text):
            raise self.mismatch(
                f"{self.person} should be on the page headed {quoted(shown(text))}, "
                f"but {self._which_page(headings)}.",
                HEADING,
            )

    def _which_page(self, headings: list[str]) -> str:
        """ "the page is headed "Not found"", in words, for a failure."""
        if headings:
            return f"the page is headed {quoted(headings[0])}"
        if not "".join(self.texts(BODY)):
            return "the page is blank"
        return "the page has no heading"

    @wait
    def assert_text_shown(self, text: str) -> None:
        """`text` appears somewhere on the page."""
        if shown(text) not in "".join(self.texts(BODY)):
            raise self.mismatch(
                f"{self.person} is not told {quoted(shown(text))}: "
                f"{self._which_page(self.texts(HEADING))} and says no such thing."
            )

    @wait
    def assert_not_found(self) -> None:
        """The site answered with its not-found page: nothing to see at this address."""
        headings = self.texts(HEADING)
        if not headings or headings[0] != NOT_FOUND_HEADING:
            raise self.mismatch(
                f"{self.person} should be told there is nothing at that address, "
                f"but {self._which_page(headings)}.",
                HEADING,
            )

    # -- the keyboard, as a person without a mouse uses it --------------------

    def press(self, *keys: str) -> None:
        """Press keys, and type text, with real key events (WebDriver actions)."""
        ActionChains(self.driver).send_keys(*keys).perform()

    def press_shift_tab(self) -> None:
        """Press Shift+Tab: the focus moves back one control."""
        ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(
            Keys.SHIFT
        ).perform()

    def focused(self) -> str:
        """The element with the keyboard focus, in a few words."""
        return str(self.driver.execute_script(_DESCRIBE, None))

    def tab_to(self, locator: Locator, backwards: bool = False) -> WebElement:
        """Press Tab (Shift+Tab, `backwards`) until the control at `locator`
        has the keyboard focus, as a person would, and return it. Fails at
        once, saying where the focus went, if the keys never reach it."""
        target = self.control(locator)
        went: list[str] = []
        for _ in range(MOST_TABS):
            if self.driver.switch_to.active_element == target:
                return target
            if backwards:
                self.press_shift_tab()
            else:
                self.press(Keys.TAB)
            went.append(self.focused())
        what = CONTROL_NAMES.get(locator) or locator[1]
        key = "Shift+Tab" if backwards else "Tab"
        raise PermanentFailure(
            f"{self.person} cannot reach the {what} with the keyboard: {MOST_TABS} presses "
            f"of {key} went to {names(list(dict.fromkeys(went)))}, never to it.",
            details=(self.failure_context(),),
        )

    def type_and_enter(self, locator: Locator, text: str, backwards: bool = False) -> bool:
        """Reach the box at `locator` with Tab, type `text` and press Enter,
        keys only; waits until it is answered (see `submit`)."""
        box = self.tab_to(locator, backwards)
        self.press(text, Keys.ENTER)
        return self._answer(box)

    def assert_reading_order(self) -> None:
        """From the top of the page, Tab reaches every control on it, in the
        order a person reads them, and nothing else."""
        self.visit(self.current_url)  # the focus starts at the top of a fresh page
        expected = self.driver.execute_script(_REACHABLE, _DESCRIBE)
        reached = []
        for _ in expected:
            self.press(Keys.TAB)
            reached.append(self.focused())
        problem = compare_in_order(
            f"Tab's path through {self.person}'s page", expected, reached, "stop", quote=False
        )
        if problem is not None:
            raise problem

    def assert_focus_visible(self) -> None:
        """The control with the keyboard focus looks different for it: an
        outline, a shadow, a border or a background a person can see."""
        looks = self.driver.execute_script(_FOCUS_LOOKS)
        if looks is None:
            raise self.mismatch(f"Nothing on {self.person}'s page has the keyboard focus.")
        focused, plain = looks
        if focused == plain:
            raise Mismatch(
                f"{self.person} cannot see where the keyboard focus is: {self.focused()} "
                "looks the same with the focus as without it.",
                focus=":focus",
                details=(self.failure_context(), f"its look either way: {', '.join(plain)}"),
            )

    def submit(self, locator: Locator, text: str) -> bool:
        """Type `text` into the box at `locator` and press ENTER; waits until it is answered.

        Answered means the browser refused it (the box is :invalid: returns
        False) or the page was replaced by the server's reply (returns True).
        What the reply says (a new row, an error message) is for the caller's check.
        """
        box = self.control(locator)
        type_text(self.driver, box, text)
        box.send_keys(Keys.ENTER)
        return self._answer(box)

    @wait
    def _answer(self, box: WebElement) -> bool:
        try:
            refused = self.driver.execute_script("return arguments[0].matches(':invalid')", box)
        except StaleElementReferenceException:
            return True  # the page that held the box is gone: the server has answered
        if not refused:
            raise self.mismatch(
                f"The site never answered {self.person}: what was sent stayed on the page."
            )
        return False
