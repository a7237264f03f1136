"""The cast of a scenario: personas, their emails and their browsers.

Steps say "Edith", "she", "Onesiphorus", "he". The cast turns those words into
an `Actor` with an email and a browser of their own, taken from the run's
browser pool when first needed and given back, cleared, when the scenario
ends. A pronoun means the last-mentioned actor who goes by it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from harness import browser
from harness.browser import Browser
from harness.pages import ListPage, MyListsPage
from harness.server import Email, Server
from harness.wait import PermanentFailure, wait

LOGIN_EMAIL_SUBJECT = "Your login link for Superlists"

#: Known personas: name -> pronoun. Anyone else is "they", at name@example.com.
PERSONAS: dict[str, str] = {"Edith": "she", "Francis": "he", "Onesiphorus": "he"}
PRONOUNS = {
    "she": "she",
    "her": "she",
    "he": "he",
    "him": "he",
    "his": "he",
    "they": "they",
    "them": "they",
    "their": "they",
    "herself": "she",
    "himself": "he",
    "themselves": "they",
}


class StepMisuse(PermanentFailure):
    """A step used in a way that cannot work: a pronoun nobody goes by, someone
    else's page, a list nobody started. It fails at once; waiting cannot help."""


@dataclass
class Actor:
    """One persona in one scenario: who they are and what their browser shows."""

    name: str
    server: Server
    _browser: Callable[[], Browser]
    _driver: Browser | None = None
    list_url: str | None = None  # the list this actor last started

    @property
    def email(self) -> str:
        """Where this persona gets email: name@example.com."""
        return f"{self.name.lower()}@example.com"

    @property
    def driver(self) -> Browser:
        """This actor's browser, handed out on first use."""
        if self._driver is None:
            self._driver = self._browser()
        return self._driver

    @property
    def lists(self) -> ListPage:
        """The home/list page, as this actor's browser sees it."""
        return ListPage(self.driver, self.server, self.name)

    @property
    def my_lists(self) -> MyListsPage:
        """The My Lists page, as this actor's browser sees it."""
        return MyListsPage(self.driver, self.server, self.name)

    @property
    def has_browser(self) -> bool:
        """Whether this actor has opened a browser yet."""
        return self._driver is not None

    @wait
    def wait_for_login_email(self) -> Email:
        """The newest login email the site sent this actor, once it has arrived."""
        email = self.server.latest_email(self.email)
        assert email is not None, f"no email to {self.email} yet"
        assert email.subject == LOGIN_EMAIL_SUBJECT, f"newest email is {email.subject!r}"
        return email

    def open_list_of(self, owner: Actor) -> None:
        """Go to the address of the list `owner` last started (typed, as anyone could)."""
        self.lists.visit(owner.started_list_url())

    def started_list_url(self) -> str:
        """The address of the list this actor last started."""
        if self.list_url is None:
            raise StepMisuse(f"{self.name} has not started a list in this scenario")
        return self.list_url

    def open_my_lists_of(self, owner: Actor) -> None:
        """Open `owner`'s My lists page: by the navbar link if it is this actor's
        own, otherwise by typing its address."""
        if owner is self:
            self.lists.open_my_lists()
        else:
            self.lists.open_my_lists_of(owner.email)

    def assert_sees_list_of(self, owner: Actor, items: list[str]) -> None:
        """This actor's browser shows the list `owner` started, holding exactly `items`."""
        expected = owner.started_list_url()
        at = self.lists.current_url
        if at != expected:
            raise StepMisuse(
                f"{self.name}'s browser is at {at}, not {owner.name}'s list {expected}"
            )
        self.lists.assert_items(items)

    def request_login_links(self, times: int) -> None:
        """Ask for a login link `times` times, each confirmed by the site."""
        for _ in range(times):
            self.lists.request_login_link(self.email)

    def assert_list_apart_from(self, other: Actor) -> None:
        """This actor's last list lives at a different address from `other`'s."""
        assert self.list_url and other.list_url, "both must have started a list"
        assert self.list_url != other.list_url, f"both lists are at {self.list_url}"

    def log_in_via_back_door(self) -> None:
        """Log in without the email dance: the browser carries a ready-made session.

        Nothing is loaded; the actor's next page shows them logged in.
        """
        key = self.server.create_session(self.email)
        browser.install_session_cookie(
            self.driver, self.server.url, self.server.session_cookie_name, key
        )


@dataclass
class Cast:
    """Everyone in the current scenario."""

    server: Server
    pool: browser.BrowserPool
    actors: dict[str, Actor] = field(default_factory=dict)
    _mentioned: list[str] = field(default_factory=list)

    def __getitem__(self, who: str) -> Actor:
        """The actor called `who`, or the last one mentioned as `who` ("she")."""
        name = self._resolve(who)
        if name not in self.actors:
            self.actors[name] = Actor(name, self.server, partial(self.pool.take, name))
        self._mentioned.append(name)
        return self.actors[name]

    def own(self, who: str, whose: str) -> Actor:
        """The actor for steps like "she opens her My lists page".

        Such steps act on the actor's own things only; a step naming someone
        else's ("Edith opens Francis's page") fails rather than quietly
        acting on Edith's.
        """
        actor, owner = self[who], self[whose]
        if actor is not owner:
            raise StepMisuse(f"the step has {actor.name} act on {owner.name}'s page")
        return actor

    def assert_no_email_to(self, address: str) -> None:
        """The site has sent nothing to `address` (checked once: the site answers
        a login request only after sending its email)."""
        found = self.server.latest_email(address)
        if found is not None:
            raise AssertionError(f"the site sent {address} an email: {found.subject!r}")

    def _resolve(self, who: str) -> str:
        pronoun = PRONOUNS.get(who.lower())
        if pronoun is None:
            return who
        for name in reversed(self._mentioned):
            if PERSONAS.get(name, "they") == pronoun:
                return name
        raise StepMisuse(f"the step says {who!r} but no one who goes by it is on stage yet")

    def browsers(self) -> list[tuple[str, Browser]]:
        """(actor name, browser) for every actor who opened one, for artefacts."""
        return [(actor.name, actor.driver) for actor in self.actors.values() if actor.has_browser]

    def dismiss(self) -> None:
        """End of scenario: every browser goes back to the pool, cleared."""
        for _, driver in self.browsers():
            self.pool.give_back(driver, self.server.url)
