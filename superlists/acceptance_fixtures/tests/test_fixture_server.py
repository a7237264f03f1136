"""``manage.py fixture_server``: any operation of the table by name, one JSON
line each way, with no code of its own per operation."""

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from superlists.acceptance_fixtures import api
from superlists.acceptance_fixtures.management.commands import fixture_server
from superlists.acceptance_fixtures.management.commands.fixture_server import reply_to
from superlists.acceptance_fixtures.operations import OPERATIONS
from superlists.acceptance_fixtures.tests.test_create_session import run_manage
from superlists.lists.forms import DUPLICATE_ITEM_ERROR
from superlists.lists.models import List
from superlists.settings import BASE_DIR

FILE_BACKEND = "superlists.email_files.OrderedFileBackend"
KNOWN = ", ".join(sorted(OPERATIONS))


def send_to_file(directory, to, subject, body="body"):
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(directory)):
        mail.send_mail(subject, body, "noreply@superlists", [to])


# -- the dispatch, in process ------------------------------------------------------


def ask(request) -> dict:
    """The reply to ``request`` sent as one line, as the server would write it."""
    reply = reply_to(json.dumps(request))
    json.dumps(reply)  # it must travel as a JSON line
    return reply


def test_the_command_names_no_operation():
    source = Path(fixture_server.__file__).read_text()
    code = source.split('"""', 2)[2]  # past the module's docstring
    assert [name for name in OPERATIONS if f'"{name}"' in code or f"'{name}'" in code] == []


@pytest.mark.django_db
class TestReplies:
    def test_a_result(self):
        reply = ask({"op": "start_lists", "names": ["One", "Two"], "session": None})
        urls = [list_.get_absolute_url() for list_ in List.objects.order_by("id")]
        assert reply == {"ok": True, "result": {"urls": urls}}

    def test_nothing_to_return_is_null(self):
        url = api.start_list(["Ours"], None)
        reply = ask({"op": "add_items", "list": url, "items": ["More"], "session": None})
        assert reply == {"ok": True, "result": None}

    def test_a_refusal_is_the_sites_words(self):
        reply = ask({"op": "start_list", "items": ["Twice", "Twice"], "session": None})
        assert reply == {"ok": False, "refused": DUPLICATE_ITEM_ERROR}

    def test_bad_arguments_are_one_line_naming_the_field(self):
        reply = ask({"op": "start_list", "items": ["x"]})
        assert reply == {
            "ok": False,
            "error": "BadCall: missing field 'session': it must be a session key or null",
        }
        assert not List.objects.exists()

    def test_other_failures_stay_errors(self):
        reply = ask(
            {"op": "send_login_links", "email": "e@example.com", "times": 1, "site_url": "h"}
        )
        assert reply["ok"] is False and "refused" not in reply
        assert reply["error"].startswith("ValueError: site_url")


@pytest.mark.parametrize("request_, name", [({"op": "explode"}, "'explode'"), ({}, "None")])
def test_an_unknown_operation_is_one_line_naming_those_there_are(request_, name):
    assert ask(request_) == {
        "ok": False,
        "error": f"BadCall: unknown op {name}; the operations are: {KNOWN}",
    }


@pytest.mark.parametrize("request_", [[], "start_list", 3, None])
def test_a_request_must_be_an_object(request_):
    reply = ask(request_)
    assert reply["ok"] is False
    assert reply["error"].startswith("BadCall: a request must be a JSON object")


def test_broken_json_is_an_error():
    reply = reply_to('{"op": "start_list", "items": [')
    assert reply["ok"] is False and reply["error"].startswith("JSONDecodeError")


def test_clear_sent_emails_deletes_only_message_files(tmp_path):
    send_to_file(tmp_path, "edith@example.com", "one")
    send_to_file(tmp_path, "edith@example.com", "two")
    keep = tmp_path / "notes.txt"
    keep.write_text("not an email")
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

    def end(self):
        """Kill it if it still runs, and close its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


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
    fixture.end()


def test_fixture_server_speaks_json_lines(fixture_process, tmp_path):
    emails = tmp_path / "emails"
    send_to_file(emails, "edith@example.com", "Your login link", "Use this link")

    assert fixture_process.read_line() == {"ok": True, "result": "ready"}

    found = fixture_process.ask({"op": "latest_email", "to": "edith@example.com"})
    assert found["ok"] is True
    assert found["result"]["subject"] == "Your login link"

    assert fixture_process.ask({"op": "reset"}) == {"ok": True, "result": {"mailed": []}}
    assert list(emails.glob("*.log")) == []

    session = fixture_process.ask({"op": "create_session", "email": "edith@example.com"})
    assert session["ok"] is True
    assert isinstance(session["result"], str) and len(session["result"]) == 32

    # A bad request is answered, and the process keeps serving.
    assert fixture_process.ask({"op": "explode"}) == {
        "ok": False,
        "error": f"BadCall: unknown op 'explode'; the operations are: {KNOWN}",
    }
    fixture_process.process.stdin.write(b"\n")  # blank lines are ignored
    assert fixture_process.ask("not an object")["ok"] is False
    fixture_process.process.stdin.write(b"{not json\n")
    assert fixture_process.read_line()["error"].startswith("JSONDecodeError")
    assert fixture_process.ask({"op": "reset"}) == {"ok": True, "result": {"mailed": []}}

    fixture_process.process.stdin.close()
    assert fixture_process.process.wait(timeout=5) == 0
    assert fixture_process.process.stdout.read() == b""


def test_fixture_server_sets_up_state_and_reports_refusals(fixture_process, tmp_path):
    assert fixture_process.read_line() == {"ok": True, "result": "ready"}
    session = fixture_process.ask({"op": "create_session", "email": "edith@example.com"})
    session = session["result"]

    started = fixture_process.ask({"op": "start_list", "items": ["Ünï & <b>"], "session": session})
    url = started["result"]["url"]
    assert url.startswith("/lists/") and url.endswith("/")
    assert fixture_process.ask(
        {"op": "add_items", "list": url, "items": ["Ünï & <b>"], "session": session}
    ) == {"ok": False, "refused": DUPLICATE_ITEM_ERROR}
    assert fixture_process.ask(
        {"op": "add_items", "list": url, "items": ["More"], "session": None}
    )["refused"].startswith("Not found")
    assert fixture_process.ask(
        {"op": "share_list", "list": url, "email": "francis@example.com", "session": session}
    ) == {"ok": True, "result": None}

    sent = fixture_process.ask(
        {
            "op": "send_login_links",
            "email": "edith@example.com",
            "times": 1,
            "site_url": "http://127.0.0.1:8000",
        }
    )
    assert sent == {"ok": True, "result": None}
    found = fixture_process.ask({"op": "latest_email", "to": "edith@example.com"})["result"]
    assert found["subject"] == "Your login link for Superlists"
    assert "http://127.0.0.1:8000/accounts/login?token=" in found["body"]

    # A malformed request is answered, and the process keeps serving.
    bad = fixture_process.ask({"op": "start_list", "items": [], "session": None})
    assert bad["ok"] is False and "'items'" in bad["error"]
    assert fixture_process.ask({"op": "reset"}) == {
        "ok": True,
        "result": {"mailed": ["edith@example.com"]},
    }

    fixture_process.process.stdin.close()
    assert fixture_process.process.wait(timeout=5) == 0


def test_opted_out_site_has_no_fixture_server(tmp_path):
    result = run_manage(tmp_path, "fixture_server", DJANGO_ACCEPTANCE_FIXTURES="0")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr


def test_a_second_fixture_process_on_the_same_database_says_busy_and_exits(
    fixture_process, tmp_path
):
    assert fixture_process.read_line() == {"ok": True, "result": "ready"}
    second = FixtureProcess(manage_env(tmp_path))
    try:
        reply = second.read_line()
        assert reply["ok"] is False and "another acceptance run" in reply["busy"]
        assert second.process.wait(timeout=10) == 0
    finally:
        second.end()
    # The first goes on serving; once it ends, the database is free again.
    assert fixture_process.ask({"op": "reset"}) == {"ok": True, "result": {"mailed": []}}
    fixture_process.process.stdin.close()
    fixture_process.process.wait(timeout=10)
    third = FixtureProcess(manage_env(tmp_path))
    try:
        assert third.read_line() == {"ok": True, "result": "ready"}
    finally:
        third.end()
