import logging
from urllib.parse import urlparse

import pytest
from django.contrib import auth
from django.core import mail
from django.test import Client

from superlists.accounts.models import Token, User

pytestmark = pytest.mark.django_db


class TestSendLoginEmail:
    def test_sends_mail_with_absolute_login_link(self, client):
        client.post("/accounts/send_login_email", {"email": "edith@example.com"})
        token = Token.objects.get()
        assert token.email == "edith@example.com"
        [message] = mail.outbox
        assert message.subject == "Your login link for Superlists"
        assert message.from_email == "noreply@superlists"
        assert message.to == ["edith@example.com"]
        expected_url = f"http://testserver/accounts/login?token={token.uid}"
        assert message.body == f"Use this link to log in:\n\n{expected_url}"

    def test_redirects_home_with_success_message(self, client):
        response = client.post(
            "/accounts/send_login_email", {"email": "edith@example.com"}, follow=True
        )
        assert response.redirect_chain == [("/", 302)]
        html = response.content.decode()
        assert "Check your email, we&#x27;ve sent you a link you can use to log in." in html
        assert "alert-success" in html

    def test_blank_email_sends_nothing(self, client):
        response = client.post("/accounts/send_login_email", {"email": ""})
        assert response.status_code == 302
        assert mail.outbox == [] and Token.objects.count() == 0

    def test_get_not_allowed(self, client):
        assert client.get("/accounts/send_login_email").status_code == 405


class TestLogin:
    def test_valid_link_logs_in_and_redirects_home(self, client):
        token = Token.objects.create(email="edith@example.com")
        response = client.get(f"/accounts/login?token={token.uid}")
        assert response.status_code == 302 and response["Location"] == "/"
        user = auth.get_user(client)
        assert user.is_authenticated and user.email == "edith@example.com"
        assert "Logged in as edith@example.com" in client.get("/").content.decode()

    def test_emailed_link_works_end_to_end(self, client):
        client.post("/accounts/send_login_email", {"email": "edith@example.com"})
        link = mail.outbox[0].body.split("\n\n")[1]
        parsed = urlparse(link)
        client.get(f"{parsed.path}?{parsed.query}")
        assert auth.get_user(client).email == "edith@example.com"

    @pytest.mark.parametrize("query", ["?token=not-a-uuid", "", "?token=" + "0" * 32])
    def test_invalid_link_shows_error_and_stays_logged_out(self, client, query, caplog):
        with caplog.at_level(logging.WARNING):
            response = client.get(f"/accounts/login{query}", follow=True)
        assert response.status_code == 200
        assert "Invalid login link, please request a new one" in response.content.decode()
        assert "alert-danger" in response.content.decode()
        assert not auth.get_user(client).is_authenticated
        assert any(r.levelno == logging.WARNING for r in caplog.records)

    def test_reused_link_refused(self, client):
        token = Token.objects.create(email="edith@example.com")
        client.get(f"/accounts/login?token={token.uid}")
        client.post("/accounts/logout")
        response = client.get(f"/accounts/login?token={token.uid}", follow=True)
        assert "Invalid login link" in response.content.decode()
        assert not auth.get_user(client).is_authenticated


class TestLogout:
    def test_post_logs_out_and_redirects_home(self, client):
        client.force_login(User.objects.create(email="a@example.com"))
        response = client.post("/accounts/logout")
        assert response["Location"] == "/"
        assert not auth.get_user(client).is_authenticated

    def test_get_does_not_log_out(self, client):
        client.force_login(User.objects.create(email="a@example.com"))
        assert client.get("/accounts/logout").status_code == 405
        assert auth.get_user(client).is_authenticated


def test_logout_requires_csrf_token():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(User.objects.create(email="a@example.com"))
    assert csrf_client.post("/accounts/logout").status_code == 403
    assert auth.get_user(csrf_client).is_authenticated
