import time
from datetime import UTC, datetime

import pytest

from harness.server import base as base_module
from harness.server.base import Email, SiteUnderTest, logged_errors


def email_with(body):
    return Email("Your login link", "noreply@superlists", ("edith@example.com",), body)


def test_login_link_is_found_in_the_body():
    body = "Use this link to log in:\n\nhttp://localhost:8081/accounts/login?token=abc-123"
    assert email_with(body).login_link == "http://localhost:8081/accounts/login?token=abc-123"


def test_login_link_stops_at_whitespace():
    body = "Link: https://example.com/accounts/login?token=xyz\nThanks"
    assert email_with(body).login_link == "https://example.com/accounts/login?token=xyz"


@pytest.mark.parametrize(
    "body",
    ["No link here", "http://localhost:8081/lists/1/", "http://localhost/accounts/login"],
)
def test_missing_login_link_fails(body):
    with pytest.raises(AssertionError, match="no login link"):
        _ = email_with(body).login_link


def unix(text):
    """The Unix time of a UTC 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp()


DJANGO_ERROR = "2026-12-01 09:08:18,238 ERROR django.request: Internal Server Error: /lists/new"
GUNICORN_ERROR = "[2026-12-01 09:08:19 +0000] [42] [ERROR] Error handling request /accounts/"
LOG = "\n".join(
    [
        "2026-12-01 09:08:10,001 ERROR django.request: an earlier scenario's error",
        "2026-12-01 09:08:17,100 INFO django.server: GET / 200",
        "2026-12-01 09:08:18,000 WARNING django.request: Not Found: /favicon.ico",
        DJANGO_ERROR,
        "Traceback (most recent call last):",
        '  File "/srv/app/lists/views.py", line 12, in new_list',
        "ERROR without a time of its own",
        "[2026-12-01 09:08:18 +0000] [42] [INFO] Booting worker with pid: 42",
        GUNICORN_ERROR + "   ",
    ]
)


def test_logged_errors_are_the_error_lines_since_a_time_oldest_first():
    assert logged_errors(LOG, unix("2026-12-01 09:08:15")) == [DJANGO_ERROR, GUNICORN_ERROR]


def test_logged_errors_from_the_start_of_time_are_all_of_them():
    assert logged_errors(LOG, 0.0) == [LOG.splitlines()[0], DJANGO_ERROR, GUNICORN_ERROR]


def test_an_empty_log_has_no_errors():
    assert logged_errors("", 0.0) == []


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        # Clocks may differ by 2 s, and the log's times are whole seconds.
        ("2026-12-01 09:08:20", [DJANGO_ERROR, GUNICORN_ERROR]),
        ("2026-12-01 09:08:20.9", [DJANGO_ERROR, GUNICORN_ERROR]),
        ("2026-12-01 09:08:21", [GUNICORN_ERROR]),
        ("2026-12-01 09:08:22", []),
    ],
)
def test_errors_logged_a_little_before_the_time_still_count(since, expected):
    whole, _, fraction = since.partition(".")
    moment = unix(whole) + (float(f"0.{fraction}") if fraction else 0.0)
    assert logged_errors(LOG, moment) == expected


def test_the_logs_times_are_utc_whatever_this_machines_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30
    time.tzset()
    try:
        assert logged_errors(DJANGO_ERROR, unix("2026-12-01 09:08:18")) == [DJANGO_ERROR]
        assert logged_errors(DJANGO_ERROR, unix("2026-12-01 09:08:21")) == []
    finally:
        monkeypatch.undo()
        time.tzset()


class MinimalServer(SiteUnderTest):
    def __init__(self, url="http://testserver", log=None):
        self._url = url
        self.log = log
        self.calls = []
        self.answers = {}

    @property
    def url(self):
        return self._url

    def error_log_tail(self):
        return self.log

    def call(self, operation, **arguments):
        self.calls.append((operation, arguments))
        return self.answers.get(operation)

    def close(self):
        raise NotImplementedError


def test_https_scenarios_are_skipped_on_a_plain_http_site():
    reason = MinimalServer("http://10.200.0.2:8000").skip_reason({"https", "readonly"})
    assert reason is not None
    assert "http://10.200.0.2:8000" in reason
    assert "HTTPS" in reason


@pytest.mark.parametrize(
    ("url", "tags"),
    [
        ("https://10.200.0.2", {"https"}),
        ("https://10.200.0.2:444", {"https", "readonly"}),
        ("http://testserver", set()),
        ("http://testserver", {"readonly", "httpsish"}),
    ],
)
def test_other_scenarios_run_anywhere_and_https_ones_on_an_https_site(url, tags):
    assert MinimalServer(url).skip_reason(tags) is None


def test_errors_logged_are_those_since_the_scenario_began(monkeypatch):
    server = MinimalServer(log=LOG)
    assert server.errors_logged() == [LOG.splitlines()[0], DJANGO_ERROR, GUNICORN_ERROR]
    monkeypatch.setattr(base_module.time, "time", lambda: unix("2026-12-01 09:08:15"))
    server.scenario_began()
    monkeypatch.setattr(base_module.time, "time", lambda: unix("2026-12-01 09:09:00"))
    assert server.errors_logged() == [DJANGO_ERROR, GUNICORN_ERROR]


def test_a_server_without_a_log_has_logged_no_errors():
    server = MinimalServer(log=None)
    server.scenario_began()
    assert server.errors_logged() == []


def test_a_line_is_an_error_by_its_level_not_by_a_word_in_it():
    lines = "\n".join(
        [
            '2026-12-01 09:08:18,238 INFO django.server: "GET /ERROR HTTP/1.1" 200',
            "2026-12-01 09:08:18,238 WARNING superlists: ERROR in the item text",
            "[2026-12-01 09:08:18 +0000] [42] [INFO] Worker ERROR-free",
            "2026-12-01 09:08:18,238 CRITICAL superlists: disk full",
        ]
    )
    assert logged_errors(lines, 0.0) == ["2026-12-01 09:08:18,238 CRITICAL superlists: disk full"]


def test_reset_and_email_go_through_the_one_generic_call():
    server = MinimalServer()
    server.answers["latest_email"] = {
        "subject": "Hi",
        "from": "noreply@superlists",
        "to": "edith@example.com, francis@example.com",
        "body": "Hello",
    }
    server.reset_database()
    found = server.latest_email("edith@example.com")
    assert found == Email(
        "Hi", "noreply@superlists", ("edith@example.com", "francis@example.com"), "Hello"
    )
    assert server.calls == [("reset", {}), ("latest_email", {"to": "edith@example.com"})]
    server.answers["latest_email"] = None
    assert server.latest_email("nobody@example.com") is None


def test_the_interface_grows_no_method_per_operation():
    # What a kind must say: its URL, the generic call, and how it closes.
    assert SiteUnderTest.__abstractmethods__ == frozenset({"url", "call", "close"})
