import logging
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from superlists.accounts.authentication import PasswordlessAuthenticationBackend
from superlists.accounts.models import Token, User

pytestmark = pytest.mark.django_db

LOGGER = "superlists.accounts.authentication"


@pytest.fixture
def backend():
    return PasswordlessAuthenticationBackend()


def age_token(token: Token, seconds: int) -> None:
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(seconds=seconds))


def test_valid_token_creates_user_on_first_login(backend):
    token = Token.objects.create(email="new@example.com")
    user = backend.authenticate(None, uid=str(token.uid))
    assert user == User.objects.get(email="new@example.com")


def test_valid_token_returns_existing_user(backend):
    existing = User.objects.create(email="old@example.com")
    token = Token.objects.create(email="old@example.com")
    assert backend.authenticate(None, uid=str(token.uid)) == existing
    assert User.objects.count() == 1


def test_token_marked_used_and_refused_second_time(backend, caplog):
    token = Token.objects.create(email="a@example.com")
    assert backend.authenticate(None, uid=str(token.uid)) is not None
    token.refresh_from_db()
    assert token.used_at is not None
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert backend.authenticate(None, uid=str(token.uid)) is None
    assert [(r.levelno, "already used" in r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, True)
    ]


def test_unknown_token_refused_and_logged(backend, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert backend.authenticate(None, uid=str(uuid.uuid4())) is None
    assert "unknown" in caplog.records[0].getMessage()
    assert caplog.records[0].levelno == logging.WARNING
    assert User.objects.count() == 0


@pytest.mark.parametrize("bad", ["not-a-uuid", "", "'; drop table"])
def test_malformed_token_refused_and_logged(backend, caplog, bad):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert backend.authenticate(None, uid=bad) is None
    assert "malformed" in caplog.records[0].getMessage()


def test_expired_token_refused_and_logged(backend, caplog, settings):
    token = Token.objects.create(email="late@example.com")
    age_token(token, settings.LOGIN_TOKEN_MAX_AGE + 1)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert backend.authenticate(None, uid=str(token.uid)) is None
    assert "expired" in caplog.records[0].getMessage()
    assert User.objects.count() == 0


def test_token_just_inside_max_age_accepted(backend, settings):
    token = Token.objects.create(email="ontime@example.com")
    age_token(token, settings.LOGIN_TOKEN_MAX_AGE - 5)
    assert backend.authenticate(None, uid=str(token.uid)) is not None


def test_max_age_is_one_hour(settings):
    assert settings.LOGIN_TOKEN_MAX_AGE == 3600


def test_no_uid_is_not_for_this_backend(backend, caplog):
    assert backend.authenticate(None) is None
    assert caplog.records == []


def test_get_user(backend):
    user = User.objects.create(email="a@example.com")
    assert backend.get_user("a@example.com") == user
    assert backend.get_user("missing@example.com") is None
