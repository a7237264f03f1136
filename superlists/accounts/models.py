"""Passwordless user and login-token models."""

import uuid

from django.contrib import auth
from django.db import models


class UserManager(auth.base_user.BaseUserManager):
    """Manager creating users from an email address alone."""

    def create_user(self, email: str, **extra):
        """Create and return a user for ``email``."""
        return self.create(email=self.normalize_email(email), **extra)


class User(models.Model):
    """A visitor known only by their email address; there is no password."""

    email = models.EmailField(primary_key=True)

    REQUIRED_FIELDS: list[str] = []
    USERNAME_FIELD = "email"
    is_anonymous = False
    is_authenticated = True
    is_active = True

    objects = UserManager()

    # No get_session_auth_hash(): without a password there is nothing to bind sessions to,
    # and its absence tells django.contrib.auth to skip session hash verification.

    def __str__(self) -> str:
        return self.email


class Token(models.Model):
    """A single-use login link secret, valid for ``settings.LOGIN_TOKEN_MAX_AGE`` seconds."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    created = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.uid})"
