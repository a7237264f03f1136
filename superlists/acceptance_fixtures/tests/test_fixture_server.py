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
from superlists.acceptance_fixtures.management.commands.fixture_server import (
    handle_request,
    reply_to,
)
from superlists.acceptance_fixtures.tests.test_create_session import run_manage
from superlists.accounts.models import Token, User
from superlists.accounts.views import TOO_MANY_LINKS_ERROR
from superlists.lists.forms import DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR
from superlists.lists.models import Item, List
from superlists.lists.views import ONLY_OWNER_CAN_SHARE_ERROR
from superlists.settings import BASE_DIR

FILE_BACKEND = "superlists.email_files.OrderedFileBackend"


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
    Token.objects.create(email="francis@example.com")
    Token.objects.create(email="edith@example.com")

    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        # Who was mailed: a harness reading real mailboxes empties theirs.
        assert handle_request({"op": "reset"}) == {
            "mailed": ["edith@example.com", "francis@example.com"]
        }

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
        with pytest.raises(RuntimeError, match="over SMTP, not to files.*mailbox"):
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


# -- the state-changing ops, in process ------------------------------------------


def ask(request) -> dict:
    """The reply to ``request`` sent as one line, as the server would write it."""
    reply = reply_to(json.dumps(request))
    json.dumps(reply)  # it must travel as a JSON line
    return reply


def texts_of(url: str) -> list[str]:
    list_ = List.objects.get(uid=url.strip("/").rsplit("/", 1)[1])
    return list(list_.item_set.values_list("text", flat=True))


@pytest.mark.django_db
class TestListOps:
    def test_start_list_answers_the_lists_path(self):
        reply = ask({"op": "start_list", "items": ["Buy milk", "<b>&</b>"], "session": None})
        list_ = List.objects.get()
        assert reply == {"ok": True, "result": {"url": f"/lists/{list_.uid}/"}}
        assert texts_of(reply["result"]["url"]) == ["Buy milk", "<b>&</b>"]
        assert list_.owner is None

    def test_a_session_from_create_session_owns_the_list(self):
        session = ask({"op": "create_session", "email": "edith@example.com"})["result"]
        url = ask({"op": "start_list", "items": ["Mine"], "session": session})["result"]["url"]
        assert List.objects.get().owner.email == "edith@example.com"
        reply = ask({"op": "add_items", "list": url, "items": ["More"], "session": session})
        assert reply == {"ok": True, "result": None}
        assert texts_of(url) == ["Mine", "More"]

    def test_share_list_then_the_sharee_may_add(self):
        owner = api.create_pre_authenticated_session("edith@example.com")
        sharee = api.create_pre_authenticated_session("francis@example.com")
        url = api.start_list(["Ours"], owner)
        shared = ask(
            {"op": "share_list", "list": url, "email": "francis@example.com", "session": owner}
        )
        assert shared == {"ok": True, "result": None}
        ask({"op": "add_items", "list": url, "items": ["Francis was here"], "session": sharee})
        assert texts_of(url) == ["Ours", "Francis was here"]

    def test_send_login_links_mails_them(self):
        reply = ask(
            {
                "op": "send_login_links",
                "email": "edith@example.com",
                "times": 2,
                "site_url": "http://h:1",
            }
        )
        assert reply == {"ok": True, "result": None}
        assert len(mail.outbox) == 2
        assert mail.outbox[0].body.endswith(
            f"http://h:1/accounts/login?token={Token.objects.first().uid}"
        )


@pytest.mark.django_db
class TestRefusedReplies:
    def test_a_refused_item(self):
        reply = ask({"op": "start_list", "items": ["Twice", "Twice"], "session": None})
        assert reply == {"ok": False, "refused": DUPLICATE_ITEM_ERROR}
        assert not List.objects.exists()

    def test_a_list_the_user_may_not_see(self):
        url = api.start_list(["Private"], api.create_pre_authenticated_session("e@example.com"))
        reply = ask({"op": "add_items", "list": url, "items": ["x"], "session": None})
        assert set(reply) == {"ok", "refused"} and reply["ok"] is False
        assert reply["refused"].startswith("Not found")
        assert texts_of(url) == ["Private"]

    def test_sharing_by_a_non_owner(self):
        url = api.start_list(["Anyone's"], None)
        reply = ask({"op": "share_list", "list": url, "email": "a@example.com", "session": None})
        assert reply == {"ok": False, "refused": ONLY_OWNER_CAN_SHARE_ERROR}

    def test_too_many_login_links_after_sending_the_allowed_ones(self):
        request = {
            "op": "send_login_links",
            "email": "e@example.com",
            "times": 6,
            "site_url": "http://h",
        }
        assert ask(request) == {"ok": False, "refused": TOO_MANY_LINKS_ERROR}
        assert len(mail.outbox) == 5

    def test_an_empty_item_text_is_a_refusal_not_a_malformed_request(self):
        reply = ask({"op": "start_list", "items": [""], "session": None})
        assert reply == {"ok": False, "refused": EMPTY_ITEM_ERROR}

    def test_other_failures_stay_errors(self):
        reply = ask(
            {"op": "send_login_links", "email": "e@example.com", "times": 1, "site_url": "h"}
        )
        assert reply["ok"] is False and "refused" not in reply
        assert reply["error"].startswith("ValueError: site_url")


GOOD = {
    "start_list": {"items": ["Buy milk"], "session": None},
    "add_items": {
        "list": "/lists/00000000-0000-4000-8000-000000000000/",
        "items": ["x"],
        "session": None,
    },
    "share_list": {
        "list": "/lists/00000000-0000-4000-8000-000000000000/",
        "email": "a@example.com",
        "session": None,
    },
    "send_login_links": {"email": "a@example.com", "times": 1, "site_url": "http://h"},
}

MISSING = object()  # in MALFORMED: the field is left out

MALFORMED = [
    # (op, changes to its good request, the field the error must name)
    ("start_list", {"items": MISSING}, "items"),
    ("start_list", {"items": []}, "items"),
    ("start_list", {"items": "Buy milk"}, "items"),
    ("start_list", {"items": ["ok", 3]}, "items"),
    ("start_list", {"items": [None]}, "items"),
    ("start_list", {"items": {"text": "x"}}, "items"),
    ("start_list", {"session": MISSING, "sesion": "abc"}, "sesion"),
    ("start_list", {"session": 5}, "session"),
    ("start_list", {"session": ["abc"]}, "session"),
    ("add_items", {"list": MISSING}, "list"),
    ("add_items", {"list": 7}, "list"),
    ("add_items", {"items": [["nested"]]}, "items"),
    ("add_items", {"extra": 1}, "extra"),
    ("share_list", {"email": MISSING}, "email"),
    ("share_list", {"email": ["a@example.com"]}, "email"),
    ("share_list", {"list": {"url": "/"}}, "list"),
    ("send_login_links", {"times": MISSING}, "times"),
    ("send_login_links", {"times": 0}, "times"),
    ("send_login_links", {"times": 51}, "times"),
    ("send_login_links", {"times": -1}, "times"),
    ("send_login_links", {"times": "5"}, "times"),
    ("send_login_links", {"times": 5.0}, "times"),
    ("send_login_links", {"times": True}, "times"),
    ("send_login_links", {"email": MISSING}, "email"),
    ("send_login_links", {"email": 1}, "email"),
    ("send_login_links", {"site_url": MISSING}, "site_url"),
    ("send_login_links", {"site_url": False}, "site_url"),
]


def malformed(op: str, changes: dict) -> dict:
    request = {"op": op, **GOOD[op], **changes}
    return {name: value for name, value in request.items() if value is not MISSING}


@pytest.mark.django_db
class TestMalformedRequests:
    @pytest.mark.parametrize("op, changes, field", MALFORMED)
    def test_an_error_names_the_bad_field_and_nothing_happens(self, op, changes, field):
        reply = ask(malformed(op, changes))
        assert reply["ok"] is False and "refused" not in reply
        assert reply["error"].startswith("ValueError: ")
        assert repr(field) in reply["error"]
        assert not List.objects.exists() and not Token.objects.exists() and mail.outbox == []

    def test_a_missing_session_is_not_taken_as_logged_out(self):
        reply = ask({"op": "start_list", "items": ["x"]})
        assert reply["error"] == (
            "ValueError: missing field 'session': it must be a session key or null"
        )
        assert not List.objects.exists()

    @pytest.mark.parametrize("op", sorted(GOOD))
    def test_the_good_requests_are_well_formed(self, op):
        # So each malformed case above fails on the change it makes, not on the rest.
        reply = ask({"op": op, **GOOD[op]})
        assert "error" not in reply, reply

    def test_fifty_links_is_the_most_one_may_ask_for(self):
        request = {"op": "send_login_links", "email": "e@example.com", "site_url": "http://h"}
        assert ask({**request, "times": 50}) == {"ok": False, "refused": TOO_MANY_LINKS_ERROR}
        assert "'times'" in ask({**request, "times": 51})["error"]

    @pytest.mark.parametrize("request_", [[], "start_list", 3, None])
    def test_a_request_must_be_an_object(self, request_):
        reply = ask(request_)
        assert reply["ok"] is False
        assert reply["error"].startswith("ValueError: a request must be a JSON object")

    def test_broken_json_is_an_error(self):
        reply = reply_to('{"op": "start_list", "items": [')
        assert reply["ok"] is False and reply["error"].startswith("JSONDecodeError")


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
        "error": "ValueError: unknown op 'explode'",
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
