import pytest

from harness.run.errors import HarnessError
from harness.server.fixture_client import FixtureClient, parse_reply


class Pipe:
    def __init__(self, *lines, timeout=False):
        self.lines = [line + "\n" for line in lines]
        self.timeout = timeout
        self.sent = []
        self.closed = False

    def send(self, data):
        self.sent.append(data)

    def read_line(self):
        if self.timeout:
            raise TimeoutError
        return self.lines.pop(0) if self.lines else ""

    def close(self):
        self.closed = True


def client(pipe, disposable=True):
    return FixtureClient(
        pipe, "staging", disposable=disposable, timeout=30, opt_in_hint="deploy it as staging"
    )


def test_ready_after_log_noise():
    client(Pipe("Watching for file changes", '{"ok": true, "result": "ready"}')).wait_until_ready()


def test_a_server_without_the_fixtures_app_is_told_to_deploy_as_staging():
    with pytest.raises(HarnessError, match="has not opted in .* deploy it as staging$"):
        client(Pipe("Unknown command: 'fixture_server'")).wait_until_ready()


def test_a_process_that_dies_at_start_gives_its_last_line():
    with pytest.raises(HarnessError, match="failed to start: ImportError: no module x$"):
        client(
            Pipe("Traceback (most recent call last):", "ImportError: no module x")
        ).wait_until_ready()


def test_silence_is_one_line_naming_fixture_timeout():
    with pytest.raises(HarnessError, match="gave no answer within 30s \\(fixture_timeout\\)"):
        client(Pipe(timeout=True)).request("reset")


def test_the_disposable_key_refuses_before_anything_is_sent():
    pipe = Pipe('{"ok": true, "result": null}')
    with pytest.raises(
        HarnessError, match="refusing reset on staging: it is not declared disposable"
    ):
        client(pipe, disposable=False).request("reset")
    assert pipe.sent == []


def test_a_request_is_one_json_line_and_close_closes_the_pipe():
    pipe = Pipe('{"ok": true, "result": "k"}')
    fixtures = client(pipe)
    assert fixtures.request("create_session", email="zoë@example.com") == "k"
    assert pipe.sent == [b'{"op": "create_session", "email": "zo\\u00eb@example.com"}\n']
    fixtures.close()
    assert pipe.closed


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        ('{"ok": true, "result": 1}', {"ok": True, "result": 1}),
        ('  {"result": 1, "ok": false}  ', {"result": 1, "ok": False}),
        ('{"ok": 1}', None),
        ("[1]", None),
        ("INFO starting", None),
        ("", None),
    ],
)
def test_parse_reply(line, reply):
    assert parse_reply(line) == reply


def test_a_disposable_server_whose_process_never_started_says_so():
    from harness.server.ssh import SSHServer, SSHTarget

    target = SSHTarget(
        name="staging", kind="ssh", address="d@h:22", url="http://h:8000", site_dir="~/s",
        disposable=True,
    )  # fmt: skip
    with pytest.raises(HarnessError, match="the fixture process on staging is not running"):
        SSHServer(target, connection=None, request_timeout=30).reset_database()


def test_a_server_busy_with_another_run_is_one_line():
    busy = '{"ok": false, "busy": "another acceptance run is using this server\'s fixtures"}'
    with pytest.raises(HarnessError, match="^staging: another acceptance run is using"):
        client(Pipe(busy)).wait_until_ready()


def test_a_process_that_ended_silently_says_so():
    with pytest.raises(HarnessError, match="has ended \\(without a word\\), so nothing can"):
        client(Pipe()).request("reset")
