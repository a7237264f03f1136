import uuid

import pytest
from django.contrib import auth

from superlists.accounts.models import Token, User

pytestmark = pytest.mark.django_db


def test_user_is_identified_by_email_alone():
    user = User.objects.create(email="a@example.com")
    assert user.pk == "a@example.com"
    assert User.USERNAME_FIELD == "email"
    assert User.REQUIRED_FIELDS == []
    assert not hasattr(user, "password")


def test_user_is_authenticated_not_anonymous():
    user = User(email="a@example.com")
    assert user.is_authenticated is True
    assert user.is_anonymous is False


def test_user_model_is_the_auth_user_model():
    assert auth.get_user_model() is User


def test_create_user_normalises_domain():
    assert User.objects.create_user("Bob@EXAMPLE.com").email == "Bob@example.com"


def test_token_gets_unique_uuid_and_timestamp():
    first = Token.objects.create(email="a@example.com")
    second = Token.objects.create(email="a@example.com")
    assert isinstance(first.uid, uuid.UUID)
    assert first.uid != second.uid
    assert first.created is not None
    assert first.used_at is None
