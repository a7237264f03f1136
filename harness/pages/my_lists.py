"""A person's My lists page (/lists/users/<email>/): their own lists and the
lists shared with them."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from harness.pages.base import _css, shown
from harness.pages.locators import LIST_HEADING, OWN_LISTS, SHARED_LISTS, Locator
from harness.pages.site_page import SitePage
from harness.run.failures import (
    compare_any_order,
)
from harness.run.wait import wait


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

    def open_list(self, name: str) -> None:
        """Follow the link to the list named `name`; waits for the list page."""
        self.control((By.LINK_TEXT, shown(name))).click()
        self.assert_heading(LIST_HEADING)
