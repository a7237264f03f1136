"""The table of set-up operations the acceptance harness may call: each one, once.

The local harness calls these in-process and the remote ones through
``manage.py fixture_server``, both by name through `registry.call`. A new
"Given" that needs the site to do something new adds one function here, with
``@operation(NAME)`` and ``Annotated`` keyword arguments; nothing else on this
side changes. The rules stay in `api.py` (and the views it calls), so a Given
can only build a state the site's own pages could have built: what the site
would refuse raises `api.Refused` with the site's words.

Names and fields are the ``fixture_server`` protocol's, unchanged, so a
harness and a deployed site a version apart still understand each other.
"""

from typing import Annotated, TypedDict

from django.conf import settings
from django.core import mail
from django.db import transaction

from superlists.acceptance_fixtures import api
from superlists.acceptance_fixtures.registry import OPERATIONS, BadCall, Shape, call, operation

#: What callers use: the table, filled below, and the one way to call into it.
__all__ = ["OPERATIONS", "BadCall", "call"]

#: More links than any rate limit needs; a bigger number is a harness bug.
MAX_LOGIN_LINKS = 50
#: The test environment's backend (the local harness's): messages in `mail.outbox`.
IN_MEMORY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _is_item_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _is_link_count(value: object) -> bool:
    # JSON true would pass as the int 1.
    return type(value) is int and 1 <= value <= MAX_LOGIN_LINKS


Text = Annotated[str, Shape("a string", lambda value: isinstance(value, str))]
Session = Annotated[
    str | None,
    Shape("a session key or null", lambda value: value is None or isinstance(value, str)),
]
Items = Annotated[list[str], Shape("a non-empty list of strings", _is_item_list)]
Times = Annotated[int, Shape(f"a whole number from 1 to {MAX_LOGIN_LINKS}", _is_link_count)]


class Reset(TypedDict):
    """Who the site mailed since the last reset (a harness reading real
    mailboxes empties theirs)."""

    mailed: list[str]


class StartedList(TypedDict):
    """The path of a list's page: ``/lists/<uid>/``."""

    url: str


class StartedLists(TypedDict):
    """The paths of the lists' pages, in the order they were started."""

    urls: list[str]


#: An email the site sent (``to``: its recipients, comma-separated); the
#: functional form because "from" is a keyword.
Message = TypedDict("Message", {"subject": str, "from": str, "to": str, "body": str})


def _keeps_email_in_memory() -> bool:
    return settings.EMAIL_BACKEND == IN_MEMORY_BACKEND


@operation("reset")
def reset() -> Reset:
    """Empty the site's data and forget the email it sent, so a scenario
    starts from nothing and never reads an earlier one's login link."""
    mailed = api.reset_database()
    if _keeps_email_in_memory():
        mail.outbox.clear()
    else:
        api.clear_sent_emails()
    return {"mailed": mailed}


@operation("create_session")
def create_session(*, email: Text) -> str:
    """The key of a new session logged in as `email` (the user is created if needed)."""
    return api.create_pre_authenticated_session(email)


@operation("latest_email")
def latest_email(*, to: Text) -> Message | None:
    """The newest email the site sent to `to`, or null: from memory under the
    test environment, from the email folder on a site that writes files.
    A site that sends over SMTP is read at its mail server, not here."""
    if _keeps_email_in_memory():
        for message in reversed(mail.outbox):
            if to in message.to:
                return {
                    "subject": message.subject,
                    "from": message.from_email,
                    "to": ", ".join(message.to),
                    "body": message.body,
                }
        return None
    directory = getattr(settings, "EMAIL_FILE_PATH", None)
    if not directory:
        raise RuntimeError(
            "this server sends its email over SMTP, not to files: the harness reads it "
            "from the mail server's mailboxes (set NAME.mailbox in behave.ini)"
        )
    return api.latest_email_in_dir(directory, to)


@operation("start_list")
def start_list(*, items: Items, session: Session) -> StartedList:
    """A new list holding `items`, as the home page and then the list page
    would make it for the session's user (null: not logged in)."""
    return {"url": api.start_list(items, session)}


@operation("start_lists")
def start_lists(*, names: Items, session: Session) -> StartedLists:
    """One new list per name, each holding that one item (the name My lists
    shows), as the home page would make them one after another for the
    session's user. Atomic: if one is refused, none is made."""
    with transaction.atomic():
        return {"urls": [api.start_list([name], session) for name in names]}


# `list` shadows the builtin inside these two, but it is the protocol's field name.
@operation("add_items")
def add_items(*, list: Text, items: Items, session: Session) -> None:
    """Add `items` to the list whose page is at `list` (a path or URL), as that
    page would for the session's user."""
    api.add_items(list, items, session)


@operation("share_list")
def share_list(*, list: Text, email: Text, session: Session) -> None:
    """Share the list whose page is at `list` with `email`, as its share form
    would for the session's user."""
    api.share_list(list, email, session)


@operation("send_login_links")
def send_login_links(*, email: Text, times: Times, site_url: Text) -> None:
    """Send `times` login links to `email` as the login form would, each
    pointing at the site's root `site_url` (an http(s) URL)."""
    api.send_login_links(email, times, site_url)
