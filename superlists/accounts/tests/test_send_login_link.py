"""`send_login_link`, the rule the login form's view calls, called directly,
and the link the view mails, which must not have changed by the extraction."""

import logging
import smtplib
import ssl

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix

from superlists.accounts.models import Token
from superlists.accounts.views import (
    INVALID_EMAIL_ERROR,
    MAIL_FAILED_ERROR,
    TOO_MANY_LINKS_ERROR,
    send_login_link,
)

pytestmark = pytest.mark.django_db


def test_sends_a_link_to_the_login_page_under_the_site_url():
    assert send_login_link("edith@example.com", "http://127.0.0.1:8000") is None
    token = Token.objects.get()
    [message] = mail.outbox
    assert message.to == ["edith@example.com"]
    assert message.body == (
        f"Use this link to log in:\n\nhttp://127.0.0.1:8000/accounts/login?token={token.uid}"
    )


def test_refuses_an_invalid_address_without_a_token():
    assert send_login_link("edith@", "http://127.0.0.1:8000") == INVALID_EMAIL_ERROR
    assert not Token.objects.exists() and mail.outbox == []


def test_refuses_past_the_rate_limit(settings):
    settings.LOGIN_EMAILS_PER_WINDOW = 2
    results = [send_login_link("edith@example.com", "http://x.example") for _ in range(3)]
    assert results == [None, None, TOO_MANY_LINKS_ERROR]
    assert len(mail.outbox) == Token.objects.count() == 2


@pytest.fixture
def script_prefix():
    """Set the prefix a site served under a SCRIPT_NAME has. The WSGI handler
    sets it for each request; the test client does not, so the test does."""
    yield set_script_prefix
    clear_script_prefix()


@pytest.mark.parametrize(
    "request_options, expected_site",
    [
        ({}, "http://testserver"),
        ({"HTTP_HOST": "localhost:8000"}, "http://localhost:8000"),
        ({"HTTP_HOST": "[::1]:8000", "secure": True}, "https://[::1]:8000"),
        ({"HTTP_HOST": "127.0.0.1", "SCRIPT_NAME": "/prefix/"}, "http://127.0.0.1/prefix"),
    ],
)
def test_the_view_mails_the_same_link_as_before(script_prefix, request_options, expected_site):
    script_prefix(request_options.get("SCRIPT_NAME", "/"))
    response = Client().post(
        "/accounts/send_login_email", {"email": "edith@example.com"}, **request_options
    )
    token = Token.objects.get()
    link = mail.outbox[0].body.split("\n\n", 1)[1]
    assert link == f"{expected_site}/accounts/login?token={token.uid}"
    # How the view built the link before the rule moved out of it.
    before = response.wsgi_request.build_absolute_uri(reverse("login") + f"?token={token.uid}")
    assert link == before


class FailingBackend(BaseEmailBackend):
    """An email backend whose every send raises ``error``, as a failing SMTP
    server or connection makes Django's SMTP backend do."""

    error: BaseException = RuntimeError("FailingBackend.error was not set")

    def send_messages(self, email_messages):
        raise self.error


@pytest.fixture
def failing_mail(settings, monkeypatch):
    """Make sending mail raise the exception passed to the returned function;
    the mail server named is the one the log line must quote."""
    settings.EMAIL_HOST = "mail.example.com"
    settings.EMAIL_PORT = 587

    def fail_with(error):
        monkeypatch.setattr(FailingBackend, "error", error)
        settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    return fail_with


def mail_errors(caplog):
    return [
        r
        for r in caplog.records
        if r.name == "superlists.accounts.views" and r.levelno == logging.ERROR
    ]


MAIL_FAILURES = [
    pytest.param(
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Error: authentication failed"),
        "5.7.8 Error: authentication failed",
        id="auth-failed",
    ),
    pytest.param(
        smtplib.SMTPSenderRefused(530, b"5.7.0 Authentication required", "noreply@superlists"),
        "5.7.0 Authentication required",
        id="sender-refused",
    ),
    pytest.param(
        ConnectionRefusedError(111, "Connection refused"),
        "Connection refused",
        id="connection-refused",
    ),
    pytest.param(TimeoutError("timed out"), "timed out", id="timeout"),
    pytest.param(
        ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"),
        "wrong version number",
        id="tls",
    ),
]


@pytest.mark.parametrize("error, reply", MAIL_FAILURES)
def test_a_failed_send_is_reported_logged_and_leaves_no_token(failing_mail, caplog, error, reply):
    failing_mail(error)
    assert send_login_link("edith@example.com", "http://x.example") == MAIL_FAILED_ERROR
    assert not Token.objects.exists()
    [record] = mail_errors(caplog)
    message = record.getMessage()
    assert message.startswith(
        f"Could not send a login link to 'edith@example.com' via mail.example.com:587: "
        f"{type(error).__name__}: "
    )
    assert reply in message
    # One line, and no traceback: the reply says what went wrong.
    assert "\n" not in message and record.exc_info is None


def test_the_log_line_quotes_the_server_reply(failing_mail, caplog):
    failing_mail(smtplib.SMTPAuthenticationError(535, b"5.7.8 Error: authentication failed"))
    send_login_link("edith@example.com", "http://x.example")
    [record] = mail_errors(caplog)
    assert record.getMessage() == (
        "Could not send a login link to 'edith@example.com' via mail.example.com:587: "
        "SMTPAuthenticationError: (535, b'5.7.8 Error: authentication failed')"
    )


def test_a_multi_line_error_is_logged_on_one_line(failing_mail, caplog):
    failing_mail(OSError("TLS handshake failed:\r\nthe peer hung up\n"))
    send_login_link("edith@example.com", "http://x.example")
    [record] = mail_errors(caplog)
    assert record.getMessage().endswith("OSError: TLS handshake failed: the peer hung up")


def test_failed_sends_do_not_count_toward_the_rate_limit(settings, failing_mail):
    settings.LOGIN_EMAILS_PER_WINDOW = 2
    locmem = settings.EMAIL_BACKEND
    failing_mail(smtplib.SMTPSenderRefused(530, b"5.7.0 Authentication required", "x@y"))
    failures = [send_login_link("edith@example.com", "http://x.example") for _ in range(5)]
    assert failures == [MAIL_FAILED_ERROR] * 5
    settings.EMAIL_BACKEND = locmem
    results = [send_login_link("edith@example.com", "http://x.example") for _ in range(3)]
    assert results == [None, None, TOO_MANY_LINKS_ERROR]
    assert len(mail.outbox) == Token.objects.count() == 2


def test_other_errors_are_not_mistaken_for_a_mail_failure(failing_mail, caplog):
    failing_mail(RuntimeError("a bug, not the mail server"))
    with pytest.raises(RuntimeError, match="a bug"):
        send_login_link("edith@example.com", "http://x.example")
    assert mail_errors(caplog) == []


@pytest.mark.parametrize("error, reply", MAIL_FAILURES[:3])
def test_the_view_shows_a_friendly_message_when_mail_fails(failing_mail, caplog, error, reply):
    failing_mail(error)
    client = Client()
    response = client.post("/accounts/send_login_email", {"email": "edith@example.com"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "We could not send your login link just now; please try again in a few minutes." in html
    assert "alert-danger" in html
    [record] = mail_errors(caplog)
    assert reply in record.getMessage()
    assert not Token.objects.exists()
