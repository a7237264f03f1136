"""The home page and a list's page (/lists/<id>/): starting a list, adding
items, sharing it, and what the list shows."""

from __future__ import annotations

from harness.pages.base import _css, shown
from harness.pages.locators import (
    HOME_HEADING,
    ITEM_FEEDBACK,
    ITEM_INPUT,
    ITEM_INPUT_INVALID,
    LIST_HEADING,
    LIST_OWNER,
    LIST_ROWS,
    LIST_TABLE,
    SHAREE_INPUT,
    SHAREES,
    SHARING,
)
from harness.pages.site_page import SitePage
from harness.run.failures import (
    PermanentFailure,
    compare_in_order,
    names,
    quoted,
)
from harness.run.wait import wait


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
