import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, override_settings

from superlists.acceptance_fixtures.api import (
    create_pre_authenticated_session,
    latest_email_in_dir,
    reset_database,
)
from superlists.accounts.models import Token, User
from superlists.lists.models import Item, List


def client_with_session(key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


@pytest.mark.django_db
class TestPreAuthenticatedSession:
    def test_session_logs_client_in(self):
        key = create_pre_authenticated_session("edith@example.com")
        html = client_with_session(key).get("/").content.decode()
        assert "Logged in as edith@example.com" in html
        assert User.objects.filter(email="edith@example.com").exists()

    def test_is_idempotent_and_keys_stay_valid(self):
        first = create_pre_authenticated_session("edith@example.com")
        second = create_pre_authenticated_session("edith@example.com")
        assert first != second
        assert User.objects.count() == 1
        for key in (first, second):
            assert "Logged in as" in client_with_session(key).get("/").content.decode()

    def test_stored_in_configured_session_engine(self):
        key = create_pre_authenticated_session("edith@example.com")
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        assert store.get("_auth_user_id") == "edith@example.com"

    def test_unknown_session_key_is_not_logged_in(self):
        html = client_with_session("nonsense").get("/").content.decode()
        assert "Logged in as" not in html


@pytest.mark.django_db
def test_reset_database_empties_app_data_but_keeps_schema_tables():
    from django.contrib.contenttypes.models import ContentType

    create_pre_authenticated_session("a@example.com")
    list_ = List.objects.create(owner=User.objects.get())
    Item.objects.create(list=list_, text="x")
    list_.shared_with.add(User.objects.create(email="b@example.com"))
    Token.objects.create(email="a@example.com")
    content_types = ContentType.objects.count()

    started = time.perf_counter()
    reset_database()
    elapsed = time.perf_counter() - started

    assert (List.objects.count(), Item.objects.count(), User.objects.count()) == (0, 0, 0)
    assert (Token.objects.count(), Session.objects.count()) == (0, 0)
    assert ContentType.objects.count() == content_types > 0
    assert elapsed < 0.5
    # Sequences restart, so ids are predictable in every scenario.
    assert List.objects.create().id == 1


class TestLatestEmailInDir:
    def send(self, directory, to, subject, body="body"):
        with override_settings(
            EMAIL_BACKEND="superlists.email_files.OrderedFileBackend",
            EMAIL_FILE_PATH=str(directory),
        ):
            mail.send_mail(subject, body, "noreply@superlists", [to])

    def test_returns_none_for_empty_or_missing_dir(self, tmp_path):
        assert latest_email_in_dir(tmp_path, "a@example.com") is None
        assert latest_email_in_dir(tmp_path / "nope", "a@example.com") is None

    def test_returns_newest_message_to_recipient(self, tmp_path):
        # Back to back, with no pause: well inside one tick of the file clock.
        self.send(tmp_path, "a@example.com", "old")
        self.send(tmp_path, "a@example.com", "new", "Use this link to log in:\n\nhttp://x/y")
        self.send(tmp_path, "b@example.com", "someone else's")
        found = latest_email_in_dir(tmp_path, "a@example.com")
        assert found == {
            "subject": "new",
            "from": "noreply@superlists",
            "to": "a@example.com",
            "body": "Use this link to log in:\n\nhttp://x/y",
        }
        assert latest_email_in_dir(tmp_path, "c@example.com") is None

    def test_reads_several_messages_in_one_file(self, tmp_path):
        messages = [
            mail.EmailMessage(f"msg {n}", f"body {n}", "noreply@superlists", ["a@example.com"])
            for n in (1, 2)
        ]
        with override_settings(
            EMAIL_BACKEND="superlists.email_files.OrderedFileBackend",
            EMAIL_FILE_PATH=str(tmp_path),
        ):
            mail.get_connection().send_messages(messages)
        assert len(list(tmp_path.iterdir())) == 1
        assert latest_email_in_dir(tmp_path, "a@example.com")["subject"] == "msg 2"
