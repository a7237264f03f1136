import json
import os
import select
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, override_settings

from superlists.acceptance_fixtures import api
from superlists.acceptance_fixtures.management.commands.fixture_server import handle_request
from superlists.acceptance_fixtures.tests.test_create_session import run_manage
from superlists.accounts.models import Token, User
from superlists.lists.models import Item, List
from superlists.settings import BASE_DIR

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def send_to_file(directory, to, subject, body="body"):
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(directory)):
        mail.send_mail(subject, body, "noreply@superlists", [to])


# -- handle_request, in process ----------------------------------------------


@pytest.mark.django_db
def test_reset_empties_app_data(tmp_path):
    owner = User.objects.create(email="edith@example.com")
    list_ = List.objects.create(owner=owner)
    Item.objects.create(list=list_, text="Buy peacock feathers")
    Token.objects.create(email="edith@example.com")

    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        assert handle_request({"op": "reset"}) is None

    assert (User.objects.count(), List.objects.count(), Item.objects.count()) == (0, 0, 0)
    assert Token.objects.count() == 0


@pytest.mark.django_db
def test_reset_forgets_sent_emails(tmp_path):
    send_to_file(tmp_path, "edith@example.com", "Your login link")
    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        handle_request({"op": "reset"})
    assert list(tmp_path.glob("*.log")) == []


@pytest.mark.django_db
def test_create_session_returns_a_key_that_logs_a_client_in():
    key = handle_request({"op": "create_session", "email": "edith@example.com"})
    assert Session.objects.filter(session_key=key).exists()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert "Logged in as edith@example.com" in client.get("/").content.decode()


def test_create_session_needs_an_email():
    with pytest.raises(KeyError):
        handle_request({"op": "create_session"})


def test_latest_email_reads_the_email_directory(tmp_path):
    send_to_file(tmp_path, "edith@example.com", "Your login link", "Use this link")
    send_to_file(tmp_path, "francis@example.com", "Not for Edith")
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(tmp_path)):
        found = handle_request({"op": "latest_email", "to": "edith@example.com"})
        nobody = handle_request({"op": "latest_email", "to": "nobody@example.com"})
    assert found == {
        "subject": "Your login link",
        "from": "noreply@superlists",
        "to": "edith@example.com",
        "body": "Use this link",
    }
    assert nobody is None
    json.dumps(found)  # it must travel as a JSON reply


@pytest.mark.parametrize("path", ["", None])
def test_latest_email_without_email_file_path_fails(path):
    with override_settings(EMAIL_FILE_PATH=path):
        with pytest.raises(RuntimeError, match="EMAIL_FILE_PATH"):
            handle_request({"op": "latest_email", "to": "edith@example.com"})


@pytest.mark.parametrize("request_", [{"op": "explode"}, {}])
def test_unknown_op_is_a_value_error(request_):
    with pytest.raises(ValueError, match="unknown op"):
        handle_request(request_)


def test_clear_sent_emails_deletes_only_message_files(tmp_path):
    send_to_file(tmp_path, "edith@example.com", "one")
    send_to_file(tmp_path, "edith@example.com", "two")
    keep = tmp_path / "notes.txt"
    keep.write_text("not an email")
    assert len(list(tmp_path.glob("*.log"))) >= 1
    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        api.clear_sent_emails()
    assert list(tmp_path.iterdir()) == [keep]


def test_clear_sent_emails_without_email_file_path_does_nothing(tmp_path, monkeypatch):
    stray = tmp_path / "stray.log"
    stray.write_text("x")
    monkeypatch.chdir(tmp_path)
    with override_settings(EMAIL_FILE_PATH=""):
        api.clear_sent_emails()
    assert stray.exists()


# -- the real process ---------------------------------------------------------


def manage_env(tmp_path):
    """The environment `run_manage` uses, for a process we talk to interactively."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "EMAIL_FILE_PATH"
    }
    env["DJANGO_DB_PATH"] = str(tmp_path / "db.sqlite3")
    env["EMAIL_FILE_PATH"] = str(tmp_path / "emails")
    return env


class FixtureProcess:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "fixture_server"],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,  # unbuffered, so select() sees every byte still unread
        )

    def read_line(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(remaining, 0))
            if not ready:
                pytest.fail(f"no reply within {timeout}s; got {line!r} so far")
            byte = self.process.stdout.read(1)
            if not byte:
                stderr = self.process.stderr.read().decode()
                pytest.fail(f"fixture_server closed stdout after {line!r}: {stderr}")
            line += byte
        return json.loads(line)

    def ask(self, request):
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        return self.read_line()


@pytest.fixture
def fixture_process(tmp_path):
    env = manage_env(tmp_path)
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert migrated.returncode == 0, migrated.stderr
    fixture = FixtureProcess(env)
    yield fixture
    if fixture.process.poll() is None:
        fixture.process.kill()
    fixture.process.wait()
    for stream in (fixture.process.stdin, fixture.process.stdout, fixture.process.stderr):
        stream.close()


def test_fixture_server_speaks_json_lines(fixture_process, tmp_path):
    emails = tmp_path / "emails"
    send_to_file(emails, "edith@example.com", "Your login link", "Use this link")

    assert fixture_process.read_line() == {"ok": True, "result": "ready"}

    found = fixture_process.ask({"op": "latest_email", "to": "edith@example.com"})
    assert found["ok"] is True
    assert found["result"]["subject"] == "Your login link"

    assert fixture_process.ask({"op": "reset"}) == {"ok": True, "result": None}
    assert list(emails.glob("*.log")) == []

    session = fixture_process.ask({"op": "create_session", "email": "edith@example.com"})
    assert session["ok"] is True
    assert isinstance(session["result"], str) and len(session["result"]) == 32

    # A bad request is answered, and the process keeps serving.
    assert fixture_process.ask({"op": "explode"}) == {
        "ok": False,
        "error": "ValueError: unknown op 'explode'",
    }
    fixture_process.process.stdin.write(b"\n")  # blank lines are ignored
    assert fixture_process.ask("not an object")["ok"] is False
    fixture_process.process.stdin.write(b"{not json\n")
    assert fixture_process.read_line()["error"].startswith("JSONDecodeError")
    assert fixture_process.ask({"op": "reset"}) == {"ok": True, "result": None}

    fixture_process.process.stdin.close()
    assert fixture_process.process.wait(timeout=5) == 0
    assert fixture_process.process.stdout.read() == b""


def test_opted_out_site_has_no_fixture_server(tmp_path):
    result = run_manage(tmp_path, "fixture_server", DJANGO_ACCEPTANCE_FIXTURES="0")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr
