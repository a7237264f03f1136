"""The cast of a scenario: the people in it, and their browsers.

Steps say "Edith", "she", "Zoë", "they". The cast turns those words into an
`Actor`: a `Person` (name, pronoun, email) with a browser of their own, taken
from the run's pool when first needed and given back, cleared, when the
scenario ends.

A pronoun means the most recent *subject* of a step who goes by it ("Francis
shares the list with Onesiphorus. Then he sees..." is Francis); failing that,
the most recent person mentioned at all; failing that, the step fails at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from harness.audits.accessibility import Auditor, AxeUnavailable
from harness.browsers import session
from harness.browsers.engines import Browser
from harness.browsers.pool import BrowserPool
from harness.pages.list_page import ListPage
from harness.pages.my_lists import MyListsPage
from harness.people.personas import (
    PRONOUN_FORMS,
    PRONOUNS,
    Person,
    explain_unknown_pronoun,
    people_from_rows,
    same_email,
)
from harness.run.failures import Mismatch, PermanentFailure, WordingProblem, quoted
from harness.run.wait import wait
from harness.server import Email, Refused, SiteUnderTest

LOGIN_EMAIL_SUBJECT = "Your login link for Superlists"


class StepMisuse(WordingProblem):
    """A step used in a way that cannot work: a pronoun nobody goes by, someone
    else's page, a list nobody started. It fails at once; waiting cannot help."""


@dataclass
class Actor:
    """One person in one scenario: who they are and what their browser shows."""

    person: Person
    server: SiteUnderTest
    _browser: Callable[[], Browser]
    _driver: Browser | None = None
    list_url: str | None = None  # the list this actor last started
    #: Everyone the scenario knows, by email: failures name people, not addresses.
    names: Callable[[], Mapping[str, str]] = dict

    @property
    def name(self) -> str:
        """What the features call this person."""
        return self.person.name

    @property
    def email(self) -> str:
        """Where this person gets email, and whom the site knows them as."""
        return self.person.email

    @property
    def driver(self) -> Browser:
        """This actor's browser, handed out on first use."""
        if self._driver is None:
            self._driver = self._browser()
        return self._driver

    @property
    def list_page(self) -> ListPage:
        """The home page or a list page, as this actor's browser sees it."""
        return ListPage(self.driver, self.server, self.name, self.names())

    @property
    def my_lists_page(self) -> MyListsPage:
        """The My Lists page, as this actor's browser sees it."""
        return MyListsPage(self.driver, self.server, self.name, self.names())

    @property
    def has_browser(self) -> bool:
        """Whether this actor has opened a browser yet."""
        return self._driver is not None

    def site_errors(self) -> list[str]:
        """The errors the site has logged during this scenario (for failure messages)."""
        return self.server.errors_logged()

    @wait
    def wait_for_login_email(self) -> Email:
        """The newest login email the site sent this actor, once it has arrived."""
        email = self.server.latest_email(self.email)
        if email is None:
            raise Mismatch(f"{self.name} has not received any email from the site.")
        if email.subject != LOGIN_EMAIL_SUBJECT:
            raise Mismatch(
                f"{self.name} has no login link: the newest email from the site is "
                f"{quoted(email.subject)}."
            )
        return email

    # -- through the browser ----------------------------------------------------

    def start_list(self, items: Sequence[str]) -> None:
        """Start a list through the home page and add the rest of `items` to it."""
        self.list_url = self.list_page.start_list(items[0])
        for text in items[1:]:
            self.list_page.add_item(text)

    def start_list_by_keyboard(self, text: str) -> None:
        """Start a list through the home page, with the keyboard alone."""
        self.list_url = self.list_page.start_list_by_keyboard(text)

    def assert_page_accessible(self, auditor: Auditor, where: tuple[str, str]) -> None:
        """axe-core's audit of the site's page this person sees finds nothing,
        whatever the run's `accessibility` setting."""
        if not self.has_browser or not self.list_page.on_site():
            raise StepMisuse(
                f"{self.name} has not opened a page of the site yet: a step before this one "
                f'must, such as "When {self.name} opens the home page"'
            )
        try:
            audit = auditor.audit_now(self.driver, self.name, where)
        except AxeUnavailable as error:
            raise StepMisuse(str(error)) from None
        if audit.problems:
            raise audit.failure()

    def open_list_of(self, owner: Actor) -> None:
        """Go to the address of the list `owner` last started (typed, as anyone could)."""
        self.list_page.visit(owner.started_list_url())

    def have_open_list_of(self, owner: Actor) -> None:
        """As a Given: open `owner`'s list, which must then be on screen (a
        Given that ends on the "Not found" page sets nothing up)."""
        self.open_list_of(owner)
        self._list_on_screen()

    def refresh_list(self) -> None:
        """Reload the list on screen."""
        self._list_on_screen()
        self.list_page.refresh()

    def started_list_url(self) -> str:
        """The address of the list this actor last started."""
        if self.list_url is None:
            raise StepMisuse(
                f"{self.name} has not started a list in this scenario; start one in a step "
                f'before this one, for example: Given {self.name} has started a list with "Milk"'
            )
        return self.list_url

    def open_my_lists_of(self, owner: Actor) -> None:
        """Open `owner`'s My lists page: by the navbar link if it is this actor's
        own, otherwise by typing its address."""
        if owner is self:
            self.list_page.open_my_lists()
        else:
            self.list_page.open_my_lists_of(owner.email)

    def assert_sees_list_of(self, owner: Actor, items: list[str]) -> None:
        """This actor's browser shows the list `owner` started, holding exactly `items`."""
        expected = owner.started_list_url()
        at = self.list_page.current_url
        if at != expected:
            raise PermanentFailure(
                f"{self.name} is not looking at {owner.name}'s list.",
                details=(f"{self.name}'s browser is at {at}", f"{owner.name}'s is at {expected}"),
            )
        whose = f"{owner.name}'s list"
        if owner is not self:
            whose += f", as {self.name} sees it,"
        self.list_page.assert_items(items, whose)

    def assert_list_apart_from(self, other: Actor) -> None:
        """This actor's last list lives at a different address from `other`'s."""
        mine, theirs = self.started_list_url(), other.started_list_url()
        if mine == theirs:
            raise PermanentFailure(
                f"{self.name}'s list and {other.name}'s list are at the same address: they "
                "are one list.",
                details=(f"both at {mine}",),
            )

    # -- set up directly (the Givens) -----------------------------------------

    def log_in_via_back_door(self) -> None:
        """Log in without the email dance: the browser carries a ready-made session.

        Nothing is loaded; the actor's next page shows them logged in.
        """
        key = self.server.call("create_session", email=self.email)
        session.install_session_cookie(
            self.driver, self.server.url, self.server.session_cookie_name, key
        )

    def log_out_via_back_door(self) -> None:
        """Forget the session, as logging out does; the page on screen is reloaded."""
        session.forget_cookie(self.driver, self.server.url, self.server.session_cookie_name)
        if self.list_page.current_url.startswith(self.server.url):
            self.list_page.refresh()

    def request_login_links_directly(self, times: int, to: str | None = None) -> None:
        """Have the site send `times` login links to this actor (or to the
        address `to`), as its form would when this actor asks."""
        address = self.email if to is None else to
        self._set_up("send_login_links", email=address, times=times, site_url=self.server.url)

    def start_list_directly(self, items: Sequence[str]) -> None:
        """Have the site create a list of `items` (this actor's, if they are
        logged in), then open it: one page load."""
        key = self._session_key()
        started = self._set_up("start_list", items=list(items), session=key)
        self.list_url = self.server.url + started["url"]
        self.list_page.open_list_at(self.list_url)

    def start_lists_directly(self, names: Sequence[str]) -> None:
        """Have the site create one list per name, each holding that one item
        (this actor's, if they are logged in), then open the last, as if they
        had started each from the home page in turn: one page load."""
        key = self._session_key()
        started = self._set_up("start_lists", names=list(names), session=key)
        self.list_url = self.server.url + started["urls"][-1]
        self.list_page.open_list_at(self.list_url)

    def add_items_directly(self, items: Sequence[str]) -> None:
        """Have the site add `items` to the list on screen, then reload it."""
        url, key = self._list_on_screen(), self._session_key()
        self._set_up("add_items", list=url, items=list(items), session=key)
        self.list_page.open_list_at(url)

    def share_directly(self, sharee: Actor) -> None:
        """Have the site share the list on screen with `sharee`, then reload it."""
        url, key = self._list_on_screen(), self._session_key()
        self._set_up("share_list", list=url, email=sharee.email, session=key)
        self.list_page.open_list_at(url)

    def _session_key(self) -> str | None:
        return session.cookie_value(self.driver, self.server.url, self.server.session_cookie_name)

    def _list_on_screen(self) -> str:
        page = self.list_page
        if not page.shows_a_list():
            raise StepMisuse(f"{page.failure_context()}: there is no list on screen")
        return page.current_url

    def _set_up(self, operation: str, **arguments: object) -> Any:
        """Run one of the site's set-up operations for this actor; a refusal
        fails the step at once, in the site's words."""
        try:
            return self.server.call(operation, **arguments)
        except Refused as refusal:
            raise StepMisuse(f"the site would refuse this for {self.name}: {refusal}") from None


@dataclass
class Cast:
    """Everyone in the current scenario, and who the pronouns point to."""

    server: SiteUnderTest
    pool: BrowserPool
    #: Who is who: the default cast, plus this feature's `Given these people:`.
    people: dict[str, Person] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    _subjects: list[str] = field(default_factory=list)
    _mentions: list[str] = field(default_factory=list)
    #: How far `_subjects` and `_mentions` had got at the last `browsers_looked_at`.
    _looked: tuple[int, int] = (0, 0)

    def subject(self, word: str) -> Actor:
        """The person a step is about ("Edith", "she"): pronouns later prefer them."""
        actor = self._actor(self._resolve(word))
        self._subjects.append(actor.name)
        self._mentions.append(actor.name)
        return actor

    def mentioned(self, word: str) -> Actor:
        """Anyone else a step names ("...shares the list with Onesiphorus")."""
        actor = self._actor(self._resolve(word))
        self._mentions.append(actor.name)
        return actor

    def own(self, who: str, whose: str) -> Actor:
        """The actor for steps like "she opens her My lists page".

        Such steps act on the actor's own things only; a step naming someone
        else's ("Edith opens Francis's page") fails rather than quietly
        acting on Edith's.
        """
        actor, owner = self.subject(who), self.mentioned(whose)
        if actor is not owner:
            # Quote the step's own word: a pronoun may have pointed to someone else.
            written = whose if whose.lower() in PRONOUNS else f"{owner.name}'s"
            mine = PRONOUN_FORMS[actor.person.pronoun]["possessive"]
            raise StepMisuse(
                "this sentence is only about the person's own list, email or My lists page: "
                f'{actor.name}\'s, not {owner.name}\'s; write "{mine}" instead of "{written}"'
            )
        return actor

    def declare(self, rows: Iterable[tuple[str, Mapping[str, str | None]]]) -> None:
        """Add or replace people from a `Given these people:` table.

        Someone already acting in this scenario cannot change who they are.
        """
        try:
            declared = people_from_rows(rows)
        except ValueError as error:
            raise StepMisuse(str(error)) from None
        for person in declared.values():
            acting = self.actors.get(person.name)
            if acting is not None and acting.person != person:
                raise StepMisuse(
                    f"{person.name} is already in this scenario, as {acting.person.pronoun} "
                    f"at {acting.email}: declare people before they act"
                )
        self.people.update(declared)

    def assert_no_email_to(self, address: str) -> None:
        """The site has sent nothing to `address` (checked once: the site answers
        a login request only after sending its email)."""
        found = self.server.latest_email(address)
        if found is not None:
            known = {email.lower(): name for email, name in self.names_by_email().items()}
            raise PermanentFailure(
                f"The site sent an email to {known.get(address.lower(), quoted(address))}, "
                f"which it should not have: {quoted(found.subject)}."
            )

    def _actor(self, name: str) -> Actor:
        if name not in self.actors:
            person = self.people.get(name) or Person.undeclared(name)
            others = [*self.people.values(), *(actor.person for actor in self.actors.values())]
            twin = next((p for p in others if p.name != name and same_email(p, person)), None)
            if twin is not None:
                raise StepMisuse(
                    f"{name} and {twin.name} would share the email {person.email}, so the "
                    "site would take them for one person; give one of them another address "
                    'in a "Given these people:" table'
                )
            self.actors[name] = Actor(
                person, self.server, partial(self.pool.take, name), names=self.names_by_email
            )
        return self.actors[name]

    def _pronoun_of(self, name: str) -> str:
        return self.actors[name].person.pronoun

    def _resolve(self, word: str) -> str:
        pronoun = PRONOUNS.get(word.lower())
        if pronoun is None:
            return word
        # The latest subject first, then the latest mention, each once.
        likeliest = list(dict.fromkeys([*reversed(self._subjects), *reversed(self._mentions)]))
        for name in likeliest:
            if self._pronoun_of(name) == pronoun:
                return name
        named = [(name, self._pronoun_of(name)) for name in likeliest]
        declared = {name: person.pronoun for name, person in self.people.items()}
        raise StepMisuse(explain_unknown_pronoun(word, named, declared))

    def names_by_email(self) -> dict[str, str]:
        """Everyone the scenario knows, by email: the cast, then those acting."""
        known = {person.email: person.name for person in self.people.values()}
        known.update((actor.email, actor.name) for actor in self.actors.values())
        return known

    def browsers(self) -> list[tuple[str, Browser]]:
        """(actor name, browser) for every actor who opened one, for artifacts."""
        return [(actor.name, actor.driver) for actor in self.actors.values() if actor.has_browser]

    def browsers_looked_at(self) -> list[tuple[str, Browser]]:
        """(name, browser) of whom the steps since the last call were about:
        their subjects, or, for steps with none, whoever they named; each
        once, those with a browser only (for a storyboard's frames)."""
        subjects, mentions = self._looked
        self._looked = (len(self._subjects), len(self._mentions))
        names = self._subjects[subjects:] or self._mentions[mentions:]
        return [
            (name, self.actors[name].driver)
            for name in dict.fromkeys(names)
            if self.actors[name].has_browser
        ]

    def dismiss(self) -> None:
        """End of scenario: every browser goes back to the pool, cleared."""
        for _, driver in self.browsers():
            self.pool.give_back(driver, self.server.url)
