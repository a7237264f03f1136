"""`send_login_link`, the rule the login form's view calls, called directly,
and the link the view mails, which must not have changed by the extraction."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix

from superlists.accounts.models import Token
from superlists.accounts.views import (
    INVALID_EMAIL_ERROR,
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
