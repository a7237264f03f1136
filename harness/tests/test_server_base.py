import pytest

from harness.server.base import Email


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
