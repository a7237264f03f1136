"""Helpers the acceptance harness calls directly, inside the Django process."""

import email
import email.policy
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.color import no_style
from django.db import connection

from superlists.accounts.models import User

PASSWORDLESS_BACKEND = "superlists.accounts.authentication.PasswordlessAuthenticationBackend"

# Tables describing the schema rather than app data; emptying them would break the app.
KEPT_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})

# Django's file-based email backend writes this line after every message.
MESSAGE_SEPARATOR = "-" * 79


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


def reset_database() -> None:
    """Delete every row of app data, keeping the schema bookkeeping tables.

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
    sql_list = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(sql_list)


def latest_email_in_dir(directory: Path, to: str) -> dict | None:
    """Return the newest message to ``to`` written by Django's file-based backend, or None.

    The result has the keys ``subject``, ``from``, ``to`` and ``body``.
    """
    files = sorted(Path(directory).glob("*.log"), key=lambda f: f.stat().st_mtime)
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
