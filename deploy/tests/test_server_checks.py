"""The checks `fab deploy` runs on the server, with a fake SMTP server."""

import json
import smtplib
import subprocess
import sys

import pytest

from deploy import server_checks


class FakeSMTP:
    """Records the conversation; `refuse` makes login fail as a server would."""

    said: list[str] = []
    refuse: Exception | None = None

    def __init__(self, host, port, timeout, **kwargs):
        self.said.append(f"connect {host}:{port}")

    def starttls(self, context):
        self.said.append("starttls")

    def login(self, user, password):
        self.said.append(f"login {user}")
        if self.refuse:
            raise self.refuse
        return 235, b"2.7.0 Authentication successful"

    def sendmail(self, *args):
        raise AssertionError("a check must never send mail")

    def quit(self):
        self.said.append("quit")


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.said, FakeSMTP.refuse = [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    return FakeSMTP


def test_a_login_is_connect_starttls_auth_quit(smtp):
    said = server_checks.mail_login("mail.test", 587, "superlists", "starttls", "pw")
    assert said == {"ok": True, "refused": False, "said": "235 2.7.0 Authentication successful"}
    assert smtp.said == ["connect mail.test:587", "starttls", "login superlists", "quit"]


def test_a_refusal_quotes_the_server_on_one_line(smtp):
    smtp.refuse = smtplib.SMTPAuthenticationError(535, b"5.7.8 Error:\r\n authentication failed")
    said = server_checks.mail_login("mail.test", 587, "superlists", "starttls", "bad")
    assert said == {"ok": False, "refused": True, "said": "535 5.7.8 Error: authentication failed"}
    assert smtp.said[-1] == "quit"


def test_an_unreachable_server_is_one_line():
    # Port 1 on loopback: nothing listens there.
    said = server_checks.mail_login("127.0.0.1", 1, "u", "none", "pw")
    assert said["ok"] is False and said["said"].startswith("ConnectionRefusedError")
    assert said["refused"] is False  # nobody answered: not a refusal of the login


def test_the_password_travels_on_stdin_and_the_answer_is_one_json_line():
    source = server_checks.__file__
    result = subprocess.run(
        [sys.executable, "-c", open(source).read(), "mail", "127.0.0.1", "1", "u", "none"],
        input="secret\n", capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert json.loads(result.stdout)["ok"] is False
    assert "secret" not in result.stdout + result.stderr


def test_a_site_that_does_not_answer_is_reported():
    said = server_checks.site_answers("localhost", 1, seconds=0.3)
    assert said["ok"] is False and "ConnectionRefusedError" in said["said"]
