"""The rules behind the acceptance harness's set-up operations (the table the
harness calls by name is `operations.py`), inside the Django process.

Besides resetting and inspecting the site, they set up state for "Given"
steps without a browser: `start_list`, `add_items`, `share_list` and
`send_login_links` go through the same rule functions the views call, as the
user a session cookie belongs to, so a Given can only build a state the site's
own pages could have built. What the site would refuse raises `Refused`.
"""

import email
import email.policy
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from superlists.accounts import views as account_views
from superlists.accounts.models import Token, User
from superlists.lists import views as list_views
from superlists.lists.models import List

PASSWORDLESS_BACKEND = "superlists.accounts.authentication.PasswordlessAuthenticationBackend"

# Tables describing the schema rather than app data; emptying them would break the app.
KEPT_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})

# Django's file-based email backend writes this line after every message.
MESSAGE_SEPARATOR = "-" * 79


class Refused(Exception):
    """The app would refuse this request; the message is what a person would be told
    (the app's own message where it has one)."""


def user_of_session(session_key: str | None) -> User | AnonymousUser:
    """The user a session cookie value is logged in as.

    AnonymousUser for None, unknown or expired keys, as the site itself would
    treat a browser sending that cookie. The session is only read, never saved.
    """
    if session_key is None:
        return AnonymousUser()
    engine = import_module(settings.SESSION_ENGINE)
    # The same lookup AuthenticationMiddleware does for each request.
    request = HttpRequest()
    request.session = engine.SessionStore(session_key=session_key)
    return auth.get_user(request)


def start_list(items: Sequence[str], session_key: str | None) -> str:
    """Create a list, as the home page form would, owned by the session's user if logged in,
    then add the remaining items as the list page would. Returns the list's path.

    Atomic: if any item is refused, nothing is created and Refused is raised
    with the form's error.
    """
    first, *rest = _checked_items(items)
    user = user_of_session(session_key)
    with transaction.atomic():
        list_, form = list_views.start_list(user, {"text": first})
        if list_ is None:
            raise Refused(_first_error(form))
        _add_all(list_, rest)
    return list_.get_absolute_url()


def add_items(list_url: str, items: Sequence[str], session_key: str | None) -> None:
    """Add items to an existing list as its page would, as the session's user.

    ``list_url`` may be an absolute URL or a path of a list page. Refused if it
    is not one, if the site would answer Not found to this user there (see
    `List.can_be_used_by`), or with the form's error if any item is refused
    (empty, a duplicate, too long). Atomic: a refusal adds nothing.
    """
    items = _checked_items(items)
    user = user_of_session(session_key)
    with transaction.atomic():
        _add_all(_usable_list(list_url, user), items)


def share_list(list_url: str, email: str, session_key: str | None) -> None:
    """Share the list at ``list_url`` with ``email`` as its page's share form would.

    Refused, with the site's own words, if the site would answer Not found to
    the session's user there, if they are not the list's owner, if the address
    is invalid or if it is the owner's own (in any case).
    """
    if not isinstance(email, str):
        raise TypeError(f"email must be a string, not {type(email).__name__}")
    user = user_of_session(session_key)
    with transaction.atomic():
        refusal = list_views.share_with(_usable_list(list_url, user), user, email)
        if refusal is not None:
            raise Refused(refusal)


def send_login_links(email: str, times: int, site_url: str) -> None:
    """Request ``times`` login links for ``email`` exactly as the login form does.

    Same validation, rate limit and email as the form; each link points at the
    login page under ``site_url`` (``http://127.0.0.1:8000`` gives
    ``http://127.0.0.1:8000/accounts/login?token=<uid>``). A refusal (invalid
    address, too many links) raises Refused with the site's message, after
    sending the links that were allowed.
    """
    if not isinstance(email, str):
        raise TypeError(f"email must be a string, not {type(email).__name__}")
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"times must be a whole number from 1, not {times!r}")
    parts = urlsplit(site_url) if isinstance(site_url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"site_url must be an http(s) URL such as http://host:port, not {site_url!r}"
        )
    for _ in range(times):
        refusal = account_views.send_login_link(email, site_url)
        if refusal is not None:
            raise Refused(refusal)


def _checked_items(items: Sequence[str]) -> list[str]:
    # A bare string is a Sequence[str] too: it would become one item per letter.
    if isinstance(items, str):
        raise TypeError("items must be a sequence of strings, not one string")
    items = list(items)
    if not items:
        raise ValueError("items must not be empty")
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"items must be strings, not {type(item).__name__}")
    return items


def _first_error(form: BaseForm) -> str:
    return next(iter(form.errors.values()))[0]


def _add_all(list_: List, items: Sequence[str]) -> None:
    """Add ``items`` one by one as the list page would; the caller's transaction
    undoes them all if one is refused. Whether the user may use the list is the
    caller's check."""
    for text in items:
        item, form = list_views.add_item(list_, {"text": text})
        if item is None:
            raise Refused(_first_error(form))


def _usable_list(list_url: str, user) -> List:
    """The list whose page is at ``list_url``, if the site would show it to ``user``."""
    if not isinstance(list_url, str):
        raise TypeError(f"list_url must be a string, not {type(list_url).__name__}")
    # Ignore the scheme and host, as the harness may pass a full URL; decode
    # the path as the request handler does before resolving it.
    path = unquote(urlsplit(list_url).path)
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is None or match.url_name != "view_list":
        raise Refused(f"Not a list's address: {list_url!r}")
    list_ = List.objects.filter(uid=match.kwargs["list_uid"]).first()
    # A missing list and a hidden one get the same answer, as on the site.
    if list_ is None or not list_.can_be_used_by(user):
        raise Refused(_not_found(path, user))
    return list_


def _not_found(path: str, user) -> str:
    who = user.email if user.is_authenticated else "a visitor who is not logged in"
    return f"Not found: the site answers 'Not found' at {path} to {who}"


def create_pre_authenticated_session(email: str) -> str:
    """Return the key of a new session logged in as ``email``, creating the user if needed."""
    user, _ = User.objects.get_or_create(email=email)
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = PASSWORDLESS_BACKEND
    hash_fn = getattr(user, "get_session_auth_hash", None)
    session[HASH_SESSION_KEY] = hash_fn() if hash_fn else ""
    session.save()
    return session.session_key


def reset_database() -> list[str]:
    """Delete every row of app data, keeping the schema bookkeeping tables;
    return the addresses the site has mailed login links to since the last
    reset (its tokens), so a harness reading real mailboxes can empty theirs.

    Not ``manage.py flush``: it fires ``post_migrate``, which re-checks content
    types and permissions for every app and costs far more than the delete itself.
    """
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in KEPT_TABLES
    ]
    mailed = sorted(set(Token.objects.values_list("email", flat=True)))
    sql_list = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(sql_list)
    return mailed


def latest_email_in_dir(directory: Path, to: str) -> dict | None:
    """Return the newest message to ``to`` written by Django's file-based backend, or None.

    The result has the keys ``subject``, ``from``, ``to`` and ``body``.
    """
    # OrderedFileBackend's names sort in the order the files were written.
    files = sorted(Path(directory).glob("*.log"), key=lambda f: f.name)
    found = None
    for path in files:
        for chunk in path.read_text(encoding="utf-8").split("\n" + MESSAGE_SEPARATOR + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.lstrip("\n"), policy=email.policy.default)
            recipients = [a.strip() for a in str(message.get("To", "")).split(",")]
            if to in recipients:
                # Later files and later chunks within a file are newer.
                found = {
                    "subject": str(message["Subject"]),
                    "from": str(message["From"]),
                    "to": str(message["To"]),
                    "body": message.get_content(),
                }
    return found


def clear_sent_emails() -> None:
    """Delete the messages the file-based email backend has written, if it is in use.

    Part of a reset: a scenario must never read a login link from an earlier one.
    """
    directory = getattr(settings, "EMAIL_FILE_PATH", None)
    if directory:
        for path in Path(directory).glob("*.log"):
            path.unlink(missing_ok=True)
