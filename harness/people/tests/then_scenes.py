"""The scenes the failing Then cases are set in: the project's Then steps as
the catalogue reads them, run as behave would; pages in the failing state,
as the site's templates would render them; and the tiny site, the server and
the browser pool as the cast sees them."""

from __future__ import annotations

import html
import inspect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from behave.model import Table
from behave.step_registry import registry

from harness.audits.auditor import Auditor
from harness.authoring import catalogue
from harness.people.cast import Actor, Cast
from harness.people.personas import load_default_cast
from harness.server import Email
from harness.testing.tiny_site import QuietHandler

PEOPLE = load_default_cast()
SCENARIO = SimpleNamespace(name="A scenario", feature=SimpleNamespace(name="A feature"))


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
