"""Every Then phrase, made to fail for real, says what went wrong in words a
product owner reads aloud.

Each case below calls one real Then step function from steps/ against real
headless Chromium, on a tiny local site that shows crafted pages in the
failing state (rows out of order, the wrong owner, a missing link...), through
a real `Cast`. The failure must be a failed step (an AssertionError), and its
headline must pass `headline_problems` and name the people by name, never by
email. A new Then step cannot land without a case here.
"""

from __future__ import annotations

import html
import inspect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from behave.model import Table
from behave.step_registry import registry

from harness.audits.auditor import Auditor
from harness.audits.axe_script import AxeScriptEndpoint, read_axe
from harness.authoring import catalogue
from harness.people.cast import LOGIN_EMAIL_SUBJECT, Actor, Cast
from harness.people.personas import load_default_cast
from harness.run import wait
from harness.run.failures import explain, headline_problems
from harness.server import Email
from harness.testing.tiny_site import QuietHandler, local_browser, serving

PEOPLE = load_default_cast()
SCENARIO = SimpleNamespace(name="A scenario", feature=SimpleNamespace(name="A feature"))


# -- The steps under test --------------------------------------------------------------


def load_then_steps() -> dict[str, catalogue.Entry]:
    """Every step function registered with a Then phrase, by name, as the
    catalogue reads them from behave's registry (a registry of their own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "steps", {"given": [], "when": [], "then": [], "step": []})
        catalogue.load_steps()
        topics, problems = catalogue.collect()
    assert problems == []
    return {
        inspect.unwrap(entry.func).__name__: entry
        for topic in topics
        for entry in topic.entries
        if any(keyword == "Then" for keyword, _ in entry.phrases)
    }


def run_then(entry: catalogue.Entry, context: SimpleNamespace, sentence: str) -> None:
    """Run the step function of `entry` as behave would for `Then <sentence>`:
    its own pattern reads the sentence into the function's arguments."""
    for matcher in entry.matchers:
        found = matcher.match(sentence) if matcher.step_type == "then" else None
        if found is not None:
            arguments = {argument.name: argument.value for argument in found.arguments}
            inspect.unwrap(entry.func)(context, **arguments)
            return
    pytest.fail(f"'Then {sentence}' is not a sentence of {entry.name}")


# -- Pages in the failing state, as the site's templates would render them -------------


def document(heading: str, content: str = "", navbar: str = "", head: str = "") -> bytes:
    """A page of the site: its navbar, its h1 and what follows."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>To-Do lists</title>{head}</head><body>{navbar}"
        f"<main><h1>{html.escape(heading)}</h1>{content}</main></body></html>"
    ).encode()


def logged_out_navbar(label: str = "Enter your email to log in") -> str:
    return (
        "<nav class='navbar'><a class='navbar-brand' href='/'>Superlists</a>"
        f"<form method='POST' action='/accounts/send_login_email' novalidate>"
        f"<label for='id_email_input'>{html.escape(label)}</label>"
        "<input id='id_email_input' name='email' type='email' required></form></nav>"
    )


def logged_in_navbar(email: str, my_lists: bool = True) -> str:
    link = f"<a class='nav-link' href='/lists/users/{email}/'>My lists</a>" if my_lists else ""
    return (
        f"<nav class='navbar'><a class='navbar-brand' href='/'>Superlists</a>{link}"
        f"<span class='navbar-text'>Logged in as {html.escape(email)}</span>"
        "<form method='POST' action='/accounts/logout'>"
        "<button id='id_logout' type='submit'>Log out</button></form></nav>"
    )


def item_form(
    placeholder: str = "Enter a to-do item",
    required: bool = True,
    warning: str | None = None,
    attributes: str = "",
) -> str:
    """The item box, its label and its feedback (shown when `warning` is given)."""
    flagged = " class='is-invalid'" if warning is not None else ""
    feedback = (
        f"<div id='id_text_feedback' role='alert'>{html.escape(warning)}</div>"
        if warning is not None
        else "<div id='id_text_feedback' role='alert' hidden></div>"
    )
    return (
        "<form method='POST'><label for='id_text'>To-do item</label>"
        f"<input id='id_text' name='text' placeholder='{html.escape(placeholder)}'"
        f"{' required' if required else ''}{flagged} {attributes}>{feedback}</form>"
    )


def list_page(
    rows: Sequence[str] = (),
    owner: str | None = None,
    sharees: Sequence[str] = (),
    can_share: bool = False,
    navbar: str = "",
    form: str = "",
) -> bytes:
    """A list page: its numbered rows, its owner, who it is shared with."""
    numbered = "".join(
        f"<tr><td>{n}: {html.escape(row)}</td></tr>" for n, row in enumerate(rows, start=1)
    )
    owned = f"<p>List owner: <span id='id_list_owner'>{owner}</span></p>" if owner else ""
    shared = "".join(f"<li class='list-sharee'>{email}</li>" for email in sharees)
    share_box = (
        "<form method='POST'><label for='id_sharee'>Share this list</label>"
        "<input id='id_sharee' name='sharee' type='email' required></form>"
        if can_share
        else ""
    )
    sharing = f"<h2>Shared with</h2><ul>{shared}</ul>" if owner else ""
    return document(
        "Your To-Do list",
        f"{form or item_form()}{owned}<table id='id_list_table'>{numbered}</table>"
        f"<div id='id_sharing'>{sharing}{share_box}</div>",
        navbar,
    )


def my_lists_page(email: str, owned: Sequence[str], shared: Sequence[str]) -> bytes:
    """A My Lists page: the person's own lists and those shared with them."""

    def links(names: Sequence[str]) -> str:
        return "".join(
            f"<li><a href='/lists/{name}/'>{html.escape(name)}</a></li>" for name in names
        )

    return document(
        "My Lists",
        f"<h2>{email}'s lists</h2><ul id='id_owned_lists'>{links(owned)}</ul>"
        f"<h2>Lists shared by other users</h2><ul id='id_shared_lists'>{links(shared)}</ul>",
        logged_in_navbar(email),
    )


def home_page(navbar: str = "", form: str = "", head: str = "") -> bytes:
    return document("Start a new To-Do list", form or item_form(), navbar, head)


def items(*texts: str, heading: str = "item") -> Table:
    """A behave table of one column, as a feature writes it under a step."""
    return Table([heading], rows=[[text] for text in texts])


# -- The site, the server and the browser pool, as the cast sees them ------------------


class Site(QuietHandler):
    """Serves whatever page a case has put at a path (the same on every load)."""

    pages: dict[str, tuple[bytes, dict[str, str]]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body, headers = self.pages.get(self.path, (document("Nothing here"), {}))
        self.send_page(body, headers)


class ServerDouble:
    """The few members of `harness.server.Server` the Then steps touch."""

    session_cookie_name = "sessionid"

    def __init__(self, url: str, mailbox: dict[str, Email]) -> None:
        self.url = url
        self.mailbox = mailbox  # the newest email to each address

    def latest_email(self, address: str) -> Email | None:
        return self.mailbox.get(address)

    def errors_logged(self) -> list[str]:
        return []

    def error_log_tail(self) -> str | None:
        return None


class PoolDouble:
    """Hands everyone the module's one browser; nothing to clear."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def take(self, name: str) -> Any:
        return self.driver

    def give_back(self, driver: Any, url: str) -> None:
        pass


@dataclass
class Stage:
    """What a case sets its scene with: the tiny site, the browser, an auditor."""

    url: str
    driver: Any
    auditor: Auditor
    _paths = itertools.count()

    def context(
        self, table: Table | None = None, mailbox: dict[str, Email] | None = None
    ) -> SimpleNamespace:
        """A step's context: a real cast of the default people, on a site
        whose newest email to each address is in `mailbox`."""
        server = ServerDouble(self.url, mailbox or {})
        cast = Cast(server, PoolDouble(self.driver), people=dict(PEOPLE))
        return SimpleNamespace(cast=cast, table=table, scenario=SCENARIO, auditor=self.auditor)

    def serve(self, body: bytes, headers: dict[str, str] | None = None) -> str:
        """Put `body` at a fresh address of the site; its URL."""
        path = f"/page/{next(self._paths)}/"
        Site.pages[path] = (body, headers or {})
        return self.url + path

    def shows(self, context: SimpleNamespace, name: str, body: bytes, **headers: str) -> Actor:
        """`name`'s browser shows `body`, loaded from the site."""
        actor = context.cast.mentioned(name)
        actor.list_page.visit(self.serve(body, headers))
        return actor


@dataclass(frozen=True)
class Call:
    """A case's call of its step: the context, the sentence as a feature
    writes it (after "Then"), and who the headline must name."""

    context: SimpleNamespace
    sentence: str
    people: tuple[str, ...]


CASES: dict[str, Callable[[Stage], Call]] = {}


def case(scene: Callable[[Stage], Call]) -> Callable[[Stage], Call]:
    """A failing case for the Then step of the same name."""
    CASES[scene.__name__] = scene
    return scene


# -- accessibility ---------------------------------------------------------------------


@case
def no_accessibility_problems(stage: Stage) -> Call:
    """A box with no label, and text too faint to read."""
    context = stage.context()
    faint = "<input id='id_text' name='text'><p style='color:#c8c8c8'>Faint</p>"
    stage.shows(context, "Edith", home_page(form=faint))
    return Call(context, "the page Edith sees has no accessibility problems", ("Edith",))


# -- accounts --------------------------------------------------------------------------


@case
def no_email_to(stage: Stage) -> Call:
    """The site mailed a login link to an address it should have refused."""
    sent = Email(LOGIN_EMAIL_SUBJECT, "noreply@superlists", ("not-an-email",), "Log in here")
    return Call(
        stage.context(mailbox={"not-an-email": sent}), 'no email is sent to "not-an-email"', ()
    )


@case
def told_to_check_email(stage: Stage) -> Call:
    """The site went back to the home page without a word."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "Edith is told to check her email", ("Edith",))


@case
def gets_login_email(stage: Stage) -> Call:
    """Edith's newest email from the site is not a login link."""
    welcome = Email("Welcome to Superlists", "noreply@superlists", ("edith@example.com",), "Hi")
    return Call(
        stage.context(mailbox={"edith@example.com": welcome}),
        "Edith gets an email with a login link",
        ("Edith",),
    )


@case
def told(stage: Stage) -> Call:
    """The page says nothing about the invalid link."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, 'Edith is told "Invalid login link, please request a new one"', ("Edith",))


@case
def is_logged_in(stage: Stage) -> Call:
    """The navbar says Francis is logged in, in Edith's browser."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("francis@example.com")))
    return Call(context, "Edith is logged in", ("Edith", "Francis"))


@case
def is_logged_out(stage: Stage) -> Call:
    """The navbar still offers to log out."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("edith@example.com")))
    return Call(context, "Edith is logged out", ("Edith",))


# -- item_validation -------------------------------------------------------------------


@case
def asked_to_fill_in(stage: Stage) -> Call:
    """The item box is not required, so the browser lets an empty item through."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(form=item_form(required=False)))
    return Call(context, "Edith is asked to fill in the item first", ("Edith",))


@case
def warned(stage: Stage) -> Call:
    """The site warns about something else."""
    context = stage.context()
    warning = item_form(warning="Something went wrong")
    page = list_page(["Buy wellies"], navbar=logged_out_navbar(), form=warning)
    stage.shows(context, "Edith", page)
    return Call(context, 'Edith is warned "You\'ve already got this in your list"', ("Edith",))


@case
def warning_gone(stage: Stage) -> Call:
    """The warning is still showing."""
    context = stage.context()
    warning = item_form(warning="You can't have an empty list item")
    stage.shows(context, "Edith", home_page(form=warning))
    return Call(context, "her warning disappears", ("Edith",))


# -- keyboard --------------------------------------------------------------------------


@case
def focus_is_visible(stage: Stage) -> Call:
    """The item box has the focus, but a style takes its outline away."""
    context = stage.context()
    unfocused = "<style>#id_text:focus, #id_text:focus-visible { outline: none }</style>"
    edith = stage.shows(context, "Edith", home_page(logged_out_navbar(), head=unfocused))
    edith.list_page.move_to_item_box_by_keyboard()
    return Call(context, "Edith can see where the keyboard focus is", ("Edith",))


@case
def reading_order(stage: Stage) -> Call:
    """The item box jumps the queue with a tabindex."""
    context = stage.context()
    first = home_page(logged_out_navbar(), item_form(attributes="tabindex='1'"))
    stage.shows(context, "Edith", first)
    return Call(
        context,
        "Edith can reach every control on the page with the keyboard, in reading order",
        ("Edith",),
    )


# -- lists -----------------------------------------------------------------------------


@case
def sees_someones_list(stage: Stage) -> Call:
    """Francis opens Edith's list; two of its rows are swapped."""
    context = stage.context(table=items("Milk", "Eggs", "Bread"))
    francis = stage.shows(context, "Francis", list_page(["Milk", "Bread", "Eggs"]))
    context.cast.mentioned("Edith").list_url = francis.list_page.current_url
    return Call(context, "Francis sees Edith's list:", ("Francis", "Edith"))


@case
def told_nothing_there(stage: Stage) -> Call:
    """Francis sees Edith's list where he should find nothing."""
    context = stage.context()
    stage.shows(context, "Francis", list_page(["Get help"], owner="edith@example.com"))
    return Call(context, "Francis is told there is nothing at that address", ("Francis",))


@case
def list_reads(stage: Stage) -> Call:
    """Edith's list lacks the item she added."""
    context = stage.context(table=items("Milk", "Eggs"))
    stage.shows(context, "Edith", list_page(["Milk"]))
    return Call(context, "her list reads:", ("Edith",))


@case
def lists_apart(stage: Stage) -> Call:
    """Francis's new list turned out to be Edith's."""
    context = stage.context()
    edith = stage.shows(context, "Edith", list_page(["Buy milk"]))
    edith.list_url = edith.list_page.current_url
    context.cast.mentioned("Francis").list_url = edith.list_url
    return Call(
        context, "Francis's list is at a different address from Edith's", ("Francis", "Edith")
    )


@case
def item_box_centred(stage: Stage) -> Call:
    """The page lost its style sheet: the item box sits at the left."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "the item box is centred in her window", ("Edith",))


# -- my_lists --------------------------------------------------------------------------


@case
def sees_own_lists(stage: Stage) -> Call:
    """Edith's own lists miss one and show one of Francis's."""
    context = stage.context(table=items("Trip", "Groceries", heading="list"))
    page = my_lists_page("edith@example.com", ["Groceries", "Francis's party"], [])
    stage.shows(context, "Edith", page)
    return Call(context, "Edith sees her own lists:", ("Edith",))


@case
def no_my_lists_link(stage: Stage) -> Call:
    """The navbar still shows the My lists link."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_in_navbar("edith@example.com")))
    return Call(context, "Edith no longer sees the My lists link", ("Edith",))


@case
def my_lists_link(stage: Stage) -> Call:
    """The navbar of a logged-in person lacks the My lists link."""
    context = stage.context()
    navbar = logged_in_navbar("edith@example.com", my_lists=False)
    stage.shows(context, "Edith", home_page(navbar))
    return Call(context, "Edith sees the My lists link", ("Edith",))


@case
def sees_shared_lists(stage: Stage) -> Call:
    """Edith's list is not among those shared with Onesiphorus."""
    context = stage.context(table=items("Get help", heading="list"))
    page = my_lists_page("onesiphorus@example.com", ["His own"], [])
    stage.shows(context, "Onesiphorus", page)
    return Call(context, "Onesiphorus sees these lists shared by other users:", ("Onesiphorus",))


# -- security --------------------------------------------------------------------------


@case
def sees_secure_connection(stage: Stage) -> Call:
    """The site is served over plain http."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar()))
    return Call(context, "Edith sees the site over a secure connection", ("Edith",))


@case
def told_to_stay_secure(stage: Stage) -> Call:
    """The site asks for a secure connection for a month only."""
    context = stage.context()
    page = home_page(logged_out_navbar())
    stage.shows(context, "Edith", page, **{"Strict-Transport-Security": "max-age=2592000"})
    return Call(context, "the site tells her browser to always use a secure connection", ("Edith",))


# -- sharing ---------------------------------------------------------------------------


@case
def not_offered_sharing(stage: Stage) -> Call:
    """Francis, a sharee, is offered the box only the owner should have."""
    context = stage.context()
    page = list_page(
        ["Get help"],
        owner="edith@example.com",
        sharees=["francis@example.com"],
        can_share=True,
        navbar=logged_in_navbar("francis@example.com"),
    )
    stage.shows(context, "Francis", page)
    return Call(context, "Francis is not offered a way to share the list", ("Francis",))


@case
def sees_sharee(stage: Stage) -> Call:
    """Edith's list is shared with Francis, not Onesiphorus."""
    context = stage.context()
    page = list_page(
        ["Get help"],
        owner="edith@example.com",
        sharees=["francis@example.com"],
        can_share=True,
        navbar=logged_in_navbar("edith@example.com"),
    )
    stage.shows(context, "Edith", page)
    return Call(
        context,
        "Edith sees Onesiphorus among the people the list is shared with",
        ("Edith", "Onesiphorus", "Francis"),
    )


@case
def sees_owner(stage: Stage) -> Call:
    """The list page names Onesiphorus as the owner of Edith's list."""
    context = stage.context()
    page = list_page(["Get help"], owner="onesiphorus@example.com")
    stage.shows(context, "Francis", page)
    return Call(
        context, "Francis sees that Edith owns the list", ("Francis", "Edith", "Onesiphorus")
    )


# -- smoke -----------------------------------------------------------------------------


@case
def invited_to_start_list(stage: Stage) -> Call:
    """The item box invites something else."""
    context = stage.context()
    form = item_form(placeholder="Type here")
    stage.shows(context, "Edith", home_page(logged_out_navbar(), form))
    return Call(context, "Edith is invited to start a new list", ("Edith",))


@case
def offered_login(stage: Stage) -> Call:
    """The login box's label does not say what it is for."""
    context = stage.context()
    stage.shows(context, "Edith", home_page(logged_out_navbar(label="Email")))
    return Call(context, "Edith is offered a way to log in", ("Edith",))


# -- The tests -------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def short_waits():
    before = wait.default_deadline.seconds
    wait.configure(0.3)
    yield
    wait.configure(before)


@pytest.fixture(scope="module")
def stage():
    axe = AxeScriptEndpoint(read_axe())
    auditor = Auditor("fail")
    auditor.use(axe)
    try:
        with serving(Site) as url, local_browser() as driver:
            yield Stage(url, driver, auditor)
    finally:
        axe.close()


@pytest.fixture(scope="module")
def then_steps():
    return load_then_steps()


def test_every_then_step_has_a_failing_case(then_steps):
    missing = sorted(set(then_steps) - set(CASES))
    gone = sorted(set(CASES) - set(then_steps))
    assert not missing, (
        f"no failing case for the Then step(s) {missing}: "
        "a new Then step needs a case in harness/people/tests/test_then_headlines.py"
    )
    assert not gone, f"cases for Then steps that no longer exist: {gone}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_failed_then_says_what_went_wrong_in_peoples_words(then_steps, stage, name):
    call = CASES[name](stage)
    with pytest.raises(AssertionError) as raised:
        run_then(then_steps[name], call.context, call.sentence)
    told = explain(raised.value)
    headline = told.headline
    print(f"{name}: {headline}")
    assert told.kind == "failure", f"{name}: {told.kind}: {headline}"
    assert headline_problems(headline) == [], f"{name}: {headline}"
    for person in call.people:
        assert person in headline, f"{name} does not name {person}: {headline}"
        assert PEOPLE[person].email not in headline, f"{name} shows an email: {headline}"
