"""Passwordless user and login-token models."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.db import models

#: Django's email validator accepts addresses up to 320 characters (RFC 3696),
#: longer than EmailField's default 254; every address it accepts must fit.
EMAIL_MAX_LENGTH = 320


class UserManager(auth.base_user.BaseUserManager):
    """Manager creating users from an email address alone."""

    def create_user(self, email: str, **extra):
        """Create and return a user for ``email``."""
        return self.create(email=self.normalize_email(email), **extra)


class User(models.Model):
    """A visitor known only by their email address; there is no password."""

    email = models.EmailField(primary_key=True, max_length=EMAIL_MAX_LENGTH)

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


class TokenManager(models.Manager):
    """Issues login tokens, at most ``LOGIN_EMAILS_PER_WINDOW`` per address per window."""

    def issue(self, email: str) -> "Token | None":
        """A new token for ``email``, or None if the address has had its share lately.

        Insert first, then count this address's tokens up to and including the
        new one: ids only grow, so of N simultaneous requests exactly the first
        LOGIN_EMAILS_PER_WINDOW see a count within the limit, whichever gunicorn
        worker serves them. A refused token is deleted before anyone sees it.
        """
        token = self.create(email=email)
        since = token.created - timedelta(seconds=settings.LOGIN_EMAIL_WINDOW)
        # Case-insensitive, so EDITH@… and edith@… share one allowance.
        issued = self.filter(email__iexact=email, created__gt=since, id__lte=token.id).count()
        if issued > settings.LOGIN_EMAILS_PER_WINDOW:
            token.delete()
            return None
        return token


class Token(models.Model):
    """A single-use login link secret, valid for ``settings.LOGIN_TOKEN_MAX_AGE`` seconds."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = TokenManager()

    def __str__(self) -> str:
        return f"{self.email} ({self.uid})"
