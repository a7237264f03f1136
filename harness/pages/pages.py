"""Page objects: what a user can do on each page, named by intent.

Every action ends with the wait that proves it worked, and every check is a
`@wait`-wrapped assertion, so steps never sleep or poll. Locators are declared
once, here, and prefer ids and names.

Text is compared as a person reads it: `shown()` trims it and collapses runs of
whitespace on both sides, as the browser does when it renders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import urlsplit

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from harness.browsers.engines import engine_label
from harness.browsers.session import type_text
from harness.run.errors import first_line
from harness.run.failures import (
    Mismatch,
    PermanentFailure,
    compare_any_order,
    compare_in_order,
    names,
    plural,
    quoted,
)
from harness.run.wait import wait
from harness.server import Server
from superlists.lists.addresses import my_lists_path

Locator = tuple[str, str]
P = TypeVar("P", bound="Page")

ITEM_INPUT: Locator = (By.ID, "id_text")
ITEM_INPUT_INVALID: Locator = (By.CSS_SELECTOR, "#id_text:invalid")  # HTML5 validation
ITEM_FEEDBACK: Locator = (By.ID, "id_text_feedback")
LIST_TABLE: Locator = (By.ID, "id_list_table")
LIST_ROWS: Locator = (By.CSS_SELECTOR, "#id_list_table tr")  # rows() relies on CSS
LIST_OWNER: Locator = (By.ID, "id_list_owner")
SHAREE_INPUT: Locator = (By.NAME, "sharee")
SHAREES: Locator = (By.CSS_SELECTOR, ".list-sharee")
EMAIL_INPUT: Locator = (By.NAME, "email")
EMAIL_LABEL: Locator = (By.CSS_SELECTOR, "label[for=id_email_input]")
LOGOUT_BUTTON: Locator = (By.ID, "id_logout")
MY_LISTS_LINK: Locator = (By.LINK_TEXT, "My lists")
NAVBAR: Locator = (By.CSS_SELECTOR, "nav.navbar")
HEADING: Locator = (By.TAG_NAME, "h1")
OWN_LISTS: Locator = (By.CSS_SELECTOR, "#id_owned_lists a")
SHARED_LISTS: Locator = (By.CSS_SELECTOR, "#id_shared_lists a")
BODY: Locator = (By.TAG_NAME, "body")
SHARING: Locator = (By.ID, "id_sharing")

#: What a person would call each control, for "there is no … here" failures.
CONTROL_NAMES: dict[Locator, str] = {
    ITEM_INPUT: "item box",
    SHAREE_INPUT: "box for sharing the list",
    EMAIL_INPUT: "login email box",
    LOGOUT_BUTTON: "log out button",
    MY_LISTS_LINK: '"My lists" link',
}

LOGIN_LINK_SENT = "Check your email, we've sent you a link you can use to log in."
HOME_HEADING = "Start a new To-Do list"
LIST_HEADING = "Your To-Do list"
MY_LISTS_HEADING = "My Lists"
NOT_FOUND_HEADING = "Not found"


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
        server: Server,
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


class SitePage(Page):
    """Anything with the site's navbar: logging in and out, finding My lists."""

    def ask_for_login_link(self, email: str) -> None:
        """Ask for a magic link for `email` in the navbar (of the home page, if
        this page has none); waits for the site's answer, whatever it is."""
        if not self.find_all(EMAIL_INPUT):
            self.visit("/")
        self.submit(EMAIL_INPUT, email)

    def request_login_link(self, email: str) -> None:
        """Ask for a magic link for `email`; waits for the site's confirmation."""
        self.ask_for_login_link(email)
        self.assert_text_shown(LOGIN_LINK_SENT)

    def assert_login_link_sent(self) -> None:
        """The site confirms it has emailed a login link."""
        self.assert_text_shown(LOGIN_LINK_SENT)

    def follow_login_link(self, url: str) -> None:
        """Load a login link, e.g. the one from an email; waits for the home page
        it leads back to (logged in or not: the Then-step says which)."""
        self.visit(url)
        self.assert_heading(HOME_HEADING)

    def follow_invalid_login_link(self) -> None:
        """Load a login link with a token the site never issued."""
        self.follow_login_link("/accounts/login?token=00000000-0000-0000-0000-000000000000")

    def ask_for_login_link_by_keyboard(self, email: str) -> None:
        """Ask for a magic link for `email` with the keyboard alone; waits for
        the site's answer, whatever it is."""
        if not self.find_all(EMAIL_INPUT):
            self.visit("/")
        self.type_and_enter(EMAIL_INPUT, email)

    def log_out_by_keyboard(self) -> None:
        """Reach log out with Tab and press Space; waits until the navbar shows
        the login form again."""
        if not self.find_all(LOGOUT_BUTTON):
            self.open_home()
        self.tab_to(LOGOUT_BUTTON)
        self.press(Keys.SPACE)
        self.assert_logged_out()

    @wait
    def assert_logged_in(self, email: str) -> None:
        """The navbar says who is logged in and offers a way out."""
        navbar = " ".join(self.texts(NAVBAR))
        if f"Logged in as {email}" in navbar and self.find_all(LOGOUT_BUTTON):
            return
        someone = re.search(r"Logged in as (\S+)", navbar)
        if someone:
            problem = f"the page says {self.name_of(someone.group(1))} is logged in instead"
        elif self.find_all(EMAIL_INPUT):
            problem = "the page offers a way to log in instead"
        else:
            problem = f"{self._which_page(self.texts(HEADING))} and does not say who is logged in"
        raise self.mismatch(f"{self.person} should be logged in, but {problem}.", NAVBAR)

    @wait
    def assert_login_offered(self) -> None:
        """The navbar shows the labelled email box for requesting a login link."""
        boxes = self.find_all(EMAIL_INPUT)
        if not boxes or not boxes[0].is_displayed():
            raise self.mismatch(
                f"{self.person} is not offered a way to log in: there is no box for an email "
                "address.",
                NAVBAR,
            )
        label = " ".join(self.texts(EMAIL_LABEL))
        if label != "Enter your email to log in":
            raise self.mismatch(
                f"The box for logging in does not tell {self.person} what it is for: its label "
                f'reads {quoted(label) if label else "nothing"}, not "Enter your email to log in".',
                NAVBAR,
            )

    @wait
    def assert_logged_out(self) -> None:
        """The navbar offers the login form and no logout button."""
        if self.find_all(LOGOUT_BUTTON):
            raise self.mismatch(
                f"{self.person} should be logged out, but the page still offers to log out.",
                NAVBAR,
            )
        if not self.find_all(EMAIL_INPUT):
            raise self.mismatch(
                f"{self.person} should be logged out, but the page offers no way to log in: "
                f"{self._which_page(self.texts(HEADING))}.",
                NAVBAR,
            )

    def open_home(self) -> ListPage:
        """Load the home page; waits for its heading."""
        self.visit("/")
        page = self.on(ListPage)
        page.assert_heading(HOME_HEADING)
        return page

    def log_out(self) -> None:
        """Press log out (from the home page if this page has no navbar); waits
        until the navbar shows the login form again."""
        if not self.find_all(LOGOUT_BUTTON):
            self.open_home()
        self.control(LOGOUT_BUTTON).click()
        self.assert_logged_out()

    @wait
    def assert_my_lists_link(self, present: bool) -> None:
        """The navbar does (or does not) offer the "My lists" link."""
        links = self.find_all(MY_LISTS_LINK)
        if bool(links) != present:
            raise self.mismatch(
                f'{self.person} should see the "My lists" link, but it is not there.'
                if present
                else f'{self.person} should no longer see the "My lists" link, but it is '
                "still there.",
                NAVBAR,
            )

    def open_my_lists_of(self, email: str) -> None:
        """Type the address of `email`'s My lists page; whether it shows is for the check."""
        self.visit(my_lists_path(email))

    def open_my_lists(self) -> MyListsPage:
        """Follow the navbar's "My lists" link (from the home page, if this page
        has none)."""
        if not self.find_all(MY_LISTS_LINK):
            self.visit("/")
        self.control(MY_LISTS_LINK).click()
        page = self.on(MyListsPage)
        page.assert_heading(MY_LISTS_HEADING)
        return page

    def open_plain_address(self, path: str = "/") -> None:
        """Type the site's address with http:// in front, as someone might;
        waits for a page (the site's answer decides which)."""
        self.visit(plain_address(self.server.url) + path)

    @wait
    def assert_connection_secure(self) -> None:
        """The browser is on the site over HTTPS with a certificate it trusts:
        a secure context (a certificate error would show an interstitial page
        with no heading, or fail to load)."""
        secure = self.driver.execute_script(
            "return location.protocol === 'https:' && window.isSecureContext"
        )
        if not secure:
            raise self.mismatch(
                f"{self.person} is not on a secure connection: the page did not come over "
                "https with a certificate the browser trusts."
            )
        if not self.texts(HEADING):
            raise self.mismatch(f"{self.person}'s browser is secure but shows no page of the site.")

    def assert_told_to_stay_secure(self) -> None:
        """The site's answer tells the browser to use HTTPS from now on (an HSTS
        header of at least a year): read from the page's own address, as the
        browser's network layer sees it."""
        header = self.driver.execute_async_script(_RESPONSE_HEADER, "strict-transport-security")
        if not header:
            raise Mismatch(
                f"The site does not tell {self.person}'s browser to always use a secure "
                "connection.",
                details=(self.failure_context(), "no Strict-Transport-Security header"),
            )
        max_age = re.search(r"max-age=(\d+)", header)
        days = int(max_age.group(1)) // (24 * 3600) if max_age else 0
        if days < 365:
            raise Mismatch(
                f"The site tells {self.person}'s browser to use a secure connection for "
                f"{plural(days, 'day')} only; it should be at least a year.",
                details=(self.failure_context(), f"Strict-Transport-Security: {header}"),
            )


#: Fetch the page's own address again (same origin: every header is readable)
#: and hand back one response header, or null.
_RESPONSE_HEADER = """
const [name, done] = arguments;
fetch(location.href, {cache: "no-store", credentials: "same-origin"})
  .then(response => done(response.headers.get(name)))
  .catch(() => done(null));
"""


def plain_address(url: str) -> str:
    """The http:// form of a site's address (the default port, as a person
    would type it)."""
    if not url.startswith("https://"):
        return url
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return "http://" + (host.rpartition(":")[0] if parts.port else host)  # keeps [::1]


class ListPage(SitePage):
    """The home page and a list page: both have the item input box."""

    @wait
    def assert_ready_for_new_list(self) -> None:
        """The home page invites a new list: its heading and an empty item box."""
        self.assert_heading(HOME_HEADING)
        boxes = self.find_all(ITEM_INPUT)
        if not boxes:
            raise self.mismatch(
                f"{self.person} is not invited to start a list: there is no item box."
            )
        placeholder = boxes[0].get_attribute("placeholder") or ""
        if placeholder != "Enter a to-do item":
            raise self.mismatch(
                f'The item box does not invite {self.person} to "Enter a to-do item": it says '
                f"{quoted(placeholder) if placeholder else 'nothing'}.",
                ITEM_INPUT,
            )
        if boxes[0].get_attribute("value"):
            raise self.mismatch(
                f"The item box is not empty for {self.person}: it already holds "
                f"{quoted(boxes[0].get_attribute('value') or '')}.",
                ITEM_INPUT,
            )

    def start_list(self, text: str) -> str:
        """Start a new list with its first item; returns the new list's URL."""
        self.open_home()
        self._fail_if_refused(text, sent=self.submit_item(text))
        self.assert_row(1, text)
        return self.current_url

    def add_item(self, text: str) -> None:
        """Add an item to the open list; waits for its numbered row."""
        number = len(self.rows()) + 1
        self._fail_if_refused(text, sent=self.submit_item(text))
        self.assert_row(number, text)

    def _fail_if_refused(self, text: str, sent: bool) -> None:
        """A refused item will never show up: say why at once instead of waiting."""
        if not sent:
            reason = "the browser would not submit it"
        else:
            feedback = [f.text for f in self.find_all(ITEM_FEEDBACK) if f.is_displayed()]
            if not feedback:
                return
            reason = f'the site said "{shown(feedback[0])}"'
        raise PermanentFailure(
            f"{quoted(text)} was not added to {self.person}'s list: {reason}.",
            focus=_css(ITEM_INPUT),
            details=(self.failure_context(),),
        )

    def start_list_by_keyboard(self, text: str) -> str:
        """Start a new list with the keyboard alone; returns the new list's URL."""
        self.open_home()
        self._fail_if_refused(text, sent=self.type_and_enter(ITEM_INPUT, text))
        self.assert_row(1, text)
        return self.current_url

    def add_item_by_keyboard(self, text: str) -> None:
        """Add an item to the open list with the keyboard alone; waits for its row."""
        number = len(self.rows()) + 1
        self._fail_if_refused(text, sent=self.type_and_enter(ITEM_INPUT, text))
        self.assert_row(number, text)

    def share_by_keyboard(self, email: str) -> None:
        """Share the open list with the keyboard alone: the share box is the
        page's last control, so Shift+Tab from the top reaches it first;
        waits until `email` shows among its sharees."""
        self.type_and_enter(SHAREE_INPUT, email, backwards=True)
        self.assert_shared_with(email)

    def move_to_item_box_by_keyboard(self) -> None:
        """Press Tab until the item box has the keyboard focus (on the home
        page, if this page has none)."""
        if not self.find_all(ITEM_INPUT):
            self.open_home()
        self.tab_to(ITEM_INPUT)

    def open_list_at(self, url: str) -> None:
        """Load the list page at `url`; waits for its heading."""
        self.visit(url)
        self.assert_heading(LIST_HEADING)

    def shows_a_list(self) -> bool:
        """Whether the page on screen is a list page (checked once: it has loaded)."""
        return bool(self.find_all(LIST_TABLE))

    def submit_item(self, text: str) -> bool:
        """Type `text` into the item box and press ENTER; waits until it is answered
        (see `submit`)."""
        return self.submit(ITEM_INPUT, text)

    def type_in_item_box(self, text: str) -> None:
        """Type into the item box without submitting; nothing to wait for."""
        self.control(ITEM_INPUT).send_keys(text)

    def try_to_share_with(self, email: str) -> None:
        """Submit `email` in the share box; waits for the answer, whatever it is."""
        self.submit(SHAREE_INPUT, email)

    def share_with(self, email: str) -> None:
        """Share the open list; waits until `email` shows among its sharees."""
        self.try_to_share_with(email)
        self.assert_shared_with(email)

    @wait
    def assert_share_offered(self, offered: bool) -> None:
        """The list page does (or does not) offer the box for sharing the list."""
        self.assert_heading(LIST_HEADING)
        there = bool(self.find_all(SHAREE_INPUT))
        if there != offered:
            raise self.mismatch(
                f"{self.person} is offered a way to share the list, but should not be."
                if there
                else f"{self.person} is not offered a way to share the list.",
                SHARING,
            )

    def rows(self) -> list[str]:
        """The list's rows as shown, e.g. ["1: Buy milk"]."""
        return self.texts(LIST_ROWS)

    @wait
    def assert_row(self, number: int, text: str) -> None:
        """Row `number` of the list reads `number: text`."""
        row = f"{number}: {shown(text)}"
        rows = self.rows()
        if row in rows:
            return
        if len(rows) >= number:
            problem = f"it reads {quoted(rows[number - 1])}"
        else:
            problem = f"the list has {len(rows)} row{'' if len(rows) == 1 else 's'}"
        raise self.mismatch(
            f"Row {number} of the list {self.person} sees should read {quoted(row)}, "
            f"but {problem}.",
            LIST_TABLE,
        )

    @wait
    def assert_items(self, texts: list[str], whose: str | None = None) -> None:
        """The list holds exactly these items, in this order. `whose` names
        it in a failure ("Edith's list"; by default, the list this person sees)."""
        expected = [f"{n}: {shown(text)}" for n, text in enumerate(texts, start=1)]
        problem = compare_in_order(whose or f"The list {self.person} sees", expected, self.rows())
        if problem is not None:
            problem.focus = _css(LIST_TABLE)
            raise problem

    @wait
    def assert_item_box_centred(self) -> None:
        """The item box sits in the middle of the window (within 10 px)."""
        box = self.find(ITEM_INPUT)
        middle = box.location["x"] + box.size["width"] / 2
        page_middle = self.driver.execute_script("return document.documentElement.clientWidth") / 2
        off = middle - page_middle
        if abs(off) > 10:
            raise self.mismatch(
                f"The item box is not centred in {self.person}'s window: it sits {abs(off):.0f} "
                f"pixels to the {'right' if off > 0 else 'left'} of the middle.",
                ITEM_INPUT,
            )

    @wait
    def assert_item_refused_by_browser(self) -> None:
        """The browser blocked the submission: the required item box is invalid."""
        if not self.find_all(ITEM_INPUT_INVALID):
            raise self.mismatch(
                f"{self.person} is not asked to fill in the item first: the browser let the "
                "empty item through.",
                ITEM_INPUT,
            )

    @wait
    def assert_item_error(self, message: str) -> None:
        """The item box is flagged invalid and its feedback says `message`."""
        boxes, feedback = self.find_all(ITEM_INPUT), self.find_all(ITEM_FEEDBACK)
        flagged = bool(boxes) and "is-invalid" in (boxes[0].get_attribute("class") or "")
        if not (flagged and feedback and feedback[0].is_displayed()):
            raise self.mismatch(
                f"{self.person} is not warned {quoted(shown(message))}: no warning shows.",
                ITEM_INPUT,
            )
        said = shown(feedback[0].text)
        if said != shown(message):
            raise self.mismatch(
                f"{self.person} is warned {quoted(said)} rather than {quoted(shown(message))}.",
                ITEM_FEEDBACK,
            )

    @wait
    def assert_item_error_hidden(self) -> None:
        """No error message shows under the item box."""
        feedback = self.find_all(ITEM_FEEDBACK)
        if feedback and feedback[0].is_displayed():
            raise self.mismatch(
                f"{self.person}'s warning {quoted(shown(feedback[0].text))} is still showing.",
                ITEM_FEEDBACK,
            )

    def _owner(self) -> str | None:
        """The address the page names as the list's owner, if it names one."""
        owner = " ".join(self.texts(LIST_OWNER))
        return owner or None

    def _the_list(self) -> str:
        """The open list, as a person would call it: "Edith's list"."""
        owner = self._owner()
        return f"{self.name_of(owner)}'s list" if owner else f"the list {self.person} sees"

    @wait
    def assert_owner(self, email: str) -> None:
        """The list page names `email` as the list's owner."""
        owner = self._owner()
        if owner != email:
            shows = f"it shows {self.name_of(owner)} as its owner" if owner else "it has no owner"
            raise self.mismatch(
                f"{self.person} does not see that {self.name_of(email)} owns the list: {shows}.",
                LIST_OWNER if owner else LIST_TABLE,
            )

    @wait
    def assert_shared_with(self, email: str) -> None:
        """`email` is among the list's sharees."""
        sharees = self.texts(SHAREES)
        if email in sharees:
            return
        others = names([self.name_of(sharee) for sharee in sharees])
        now = f"it is shared with {others} only" if sharees else "it is not shared with anyone"
        raise self.mismatch(
            f"{self.name_of(email)} is not among the people {self._the_list()} is shared "
            f"with; {now}.",
            SHARING,
        )


class MyListsPage(SitePage):
    """/lists/users/<email>/: the user's own lists and those shared with them."""

    def assert_own_lists(self, lists: list[str], whose: str | None = None) -> None:
        """The user's own lists are exactly these, by first item, in any order."""
        self._assert_lists(OWN_LISTS, f"{whose or self.person}'s own lists", lists)

    def assert_shared_lists(self, lists: list[str]) -> None:
        """The lists shared with the user are exactly these, in any order."""
        self._assert_lists(SHARED_LISTS, f"The lists shared with {self.person}", lists)

    @wait
    def _assert_lists(self, links: Locator, called: str, lists: list[str]) -> None:
        problem = compare_any_order(called, [shown(name) for name in lists], self.texts(links))
        if problem is not None:
            problem.focus = _css(links)
            raise problem

    def open_list(self, name: str) -> ListPage:
        """Follow the link to the list named `name`; waits for the list page."""
        self.control((By.LINK_TEXT, shown(name))).click()
        page = self.on(ListPage)
        page.assert_heading(LIST_HEADING)
        return page
