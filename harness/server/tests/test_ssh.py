import json
import socket
import time
from pathlib import Path

import pytest

from harness.run.errors import HarnessError
from harness.server.base import Email, Refused
from harness.server.ssh import SSHServer, SSHTarget, _open_connection


def target(disposable=True, address="deploy@127.0.0.1:22", key_file=None):
    return SSHTarget(
        name="staging",
        kind="ssh",
        address=address,
        url="http://staging.example.com",
        key_file=key_file,
        site_dir="~/sites/superlists",
        disposable=disposable,
    )


class UntouchableConnection:
    def __getattr__(self, name):
        pytest.fail(f"the connection was used ({name}) but should not have been")


class FakePipe:
    """Plays a fixture process: records what is sent, replies with `lines`."""

    def __init__(self, lines):
        self.sent = b""
        self._lines = [line + "\n" for line in lines]
        self.closed = False

    def send(self, data):
        self.sent += data

    def read_line(self):
        return self._lines.pop(0) if self._lines else ""

    def close(self):
        self.closed = True

    def requests(self):
        return [json.loads(line) for line in self.sent.decode().splitlines()]


def server_replying(*lines, disposable=True):
    server = SSHServer(target(disposable=disposable), connection=None, request_timeout=30)
    server.pipe = FakePipe(lines)
    server._fixtures = server.fixtures_over(server.pipe)
    return server


def one_line_error(raises) -> str:
    message = str(raises.value)
    assert "\n" not in message
    return message


@pytest.fixture
def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def listening_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def test_disposable_server_runs_everything():
    server = SSHServer(target(disposable=True), UntouchableConnection(), 30)
    assert server.skip_reason(set()) is None
    assert server.skip_reason({"readonly"}) is None


def test_non_disposable_server_runs_only_readonly_scenarios():
    server = SSHServer(target(disposable=False), UntouchableConnection(), 30)
    assert server.skip_reason({"readonly", "slow"}) is None
    reason = server.skip_reason({"slow"})
    assert reason is not None
    assert "staging" in reason
    assert "staging.disposable = true" in reason


def test_url_comes_from_the_target():
    assert SSHServer(target(), UntouchableConnection(), 30).url == "http://staging.example.com"


def test_request_on_non_disposable_target_is_refused_before_sending():
    server = SSHServer(target(disposable=False), UntouchableConnection(), 30)
    with pytest.raises(HarnessError) as raises:
        server.reset_database()
    message = one_line_error(raises)
    assert "reset" in message
    assert "disposable" in message


def test_create_session_sends_a_json_line_and_returns_the_key():
    server = server_replying("INFO django started", '{"ok": true, "result": "abc"}')
    assert server.call("create_session", email="edith@example.com") == "abc"
    assert server.pipe.sent.endswith(b"\n")
    assert server.pipe.requests() == [{"op": "create_session", "email": "edith@example.com"}]


def test_reset_database_sends_reset():
    server = server_replying('{"ok": true, "result": null}')
    server.reset_database()
    assert server.pipe.requests() == [{"op": "reset"}]


def test_latest_email_becomes_an_email():
    found = {
        "subject": "Your login link for Superlists",
        "from": "noreply@superlists",
        "to": "edith@example.com, other@example.com",
        "body": "Use this link",
    }
    server = server_replying(json.dumps({"ok": True, "result": found}))
    email = server.latest_email("edith@example.com")
    assert email == Email(
        subject="Your login link for Superlists",
        sender="noreply@superlists",
        to=("edith@example.com", "other@example.com"),
        body="Use this link",
    )
    assert server.pipe.requests() == [{"op": "latest_email", "to": "edith@example.com"}]


def test_latest_email_none_when_nothing_was_sent():
    assert server_replying('{"ok": true, "result": null}').latest_email("a@b.c") is None


def test_replies_are_read_in_order():
    server = server_replying('{"ok": true, "result": "one"}', '{"ok": true, "result": "two"}')
    assert server.call("create_session", email="a@example.com") == "one"
    assert server.call("create_session", email="b@example.com") == "two"


def test_failed_request_reports_the_error():
    server = server_replying('{"ok": false, "error": "boom"}')
    with pytest.raises(HarnessError) as raises:
        server.call("create_session", email="edith@example.com")
    message = one_line_error(raises)
    assert "boom" in message
    assert "create_session" in message


def test_a_call_sends_its_name_and_fields_and_returns_the_result():
    server = server_replying('{"ok": true, "result": {"url": "/lists/abc/"}}')
    started = server.call("start_list", items=["Buy milk", "Купить"], session="key")
    assert started == {"url": "/lists/abc/"}
    assert server.pipe.requests() == [
        {"op": "start_list", "items": ["Buy milk", "Купить"], "session": "key"}
    ]


def test_any_operation_travels_the_same_way():
    server = server_replying(*['{"ok": true, "result": null}'] * 3)
    server.call("add_items", list="http://x/lists/a/", items=["Hi"], session=None)
    server.call("share_list", list="http://x/lists/a/", email="zoe@example.com", session="key")
    server.call("send_login_links", email="zoe@example.com", times=5, site_url=server.url)
    assert server.pipe.requests() == [
        {"op": "add_items", "list": "http://x/lists/a/", "items": ["Hi"], "session": None},
        {
            "op": "share_list",
            "list": "http://x/lists/a/",
            "email": "zoe@example.com",
            "session": "key",
        },
        {
            "op": "send_login_links",
            "email": "zoe@example.com",
            "times": 5,
            "site_url": "http://staging.example.com",
        },
    ]


def test_a_refusal_is_the_sites_words_not_a_harness_error():
    server = server_replying('{"ok": false, "refused": "You can\'t have an empty list item"}')
    with pytest.raises(Refused, match="^You can't have an empty list item$"):
        server.call("start_list", items=[" "], session=None)


@pytest.mark.parametrize(
    "noise", ['{"okay": true}', "{not json", '["ok"]', '{"ok": "yes"}', "   ", '"ok"']
)
def test_a_reply_is_recognised_by_parsing_not_by_its_first_characters(noise):
    server = server_replying(noise, '{ "result": "abc",  "ok": true }')
    assert server.call("create_session", email="a@example.com") == "abc"


def test_process_exit_is_reported():
    server = server_replying("Traceback: it died")
    with pytest.raises(HarnessError) as raises:
        server.reset_database()
    message = one_line_error(raises)
    assert "has ended (its last words: Traceback: it died)" in message


def test_unreachable_host_is_one_line(closed_port):
    with pytest.raises(HarnessError) as raises:
        _open_connection(target(address=f"deploy@127.0.0.1:{closed_port}"), 5)
    message = one_line_error(raises)
    assert "cannot reach staging" in message
    assert f"127.0.0.1:{closed_port}" in message


def test_missing_key_file_is_reported(listening_port, tmp_path):
    missing = tmp_path / "no_such_key"
    remote = target(address=f"deploy@127.0.0.1:{listening_port}", key_file=missing)
    with pytest.raises(HarnessError) as raises:
        _open_connection(remote, 5)
    message = one_line_error(raises)
    assert str(Path(missing)) in message
    assert "staging.key" in message


def test_a_host_that_never_speaks_ssh_fails_within_the_connect_timeout_quietly(
    listening_port, capsys, caplog
):
    started = time.monotonic()
    with pytest.raises(HarnessError) as raises:
        _open_connection(target(address=f"deploy@127.0.0.1:{listening_port}"), 0.5)
    assert time.monotonic() - started < 3
    message = one_line_error(raises)
    assert "did not complete an SSH login within 0.5s" in message
    assert "connect_timeout" in message
    time.sleep(0.2)  # paramiko's transport thread would log as it dies
    assert capsys.readouterr().err == ""
    assert not [r for r in caplog.records if r.name.startswith("paramiko")]
