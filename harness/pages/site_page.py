"""The region every page of the site shares, the navbar: asking for a login
link, logging in and out, the "My lists" link; and how the site is reached
(the home page, a plain http:// address, the secure connection)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selenium.webdriver.common.keys import Keys

from harness.pages.base import Page
from harness.pages.locators import (
    EMAIL_INPUT,
    EMAIL_LABEL,
    HEADING,
    HOME_HEADING,
    LOGIN_LINK_SENT,
    LOGOUT_BUTTON,
    MY_LISTS_HEADING,
    MY_LISTS_LINK,
    NAVBAR,
)
from harness.run.failures import (
    Mismatch,
    plural,
    quoted,
)
from harness.run.wait import wait
from superlists.lists.addresses import my_lists_path


class SitePage(Page):
    """Anything with the site's navbar: logging in and out, finding My lists."""

    def ask_for_login_link(self, email: str) -> None:
        """Ask for a magic link for `email` in the navbar (of the home page, if
        this page has none); waits for the site's answer, whatever it is."""
        if not self.find_all(EMAIL_INPUT):
            self.visit("/")
        self.submit(EMAIL_INPUT, email)

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

    def open_home(self) -> None:
        """Load the home page; waits for its heading."""
        self.visit("/")
        self.assert_heading(HOME_HEADING)

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

    def open_my_lists(self) -> None:
        """Follow the navbar's "My lists" link (from the home page, if this page
        has none)."""
        if not self.find_all(MY_LISTS_LINK):
            self.visit("/")
        self.control(MY_LISTS_LINK).click()
        self.assert_heading(MY_LISTS_HEADING)

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
