"""Authentication backend exchanging an emailed token for a logged-in user."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from superlists.accounts.models import Token, User

logger = logging.getLogger(__name__)


class PasswordlessAuthenticationBackend:
    """Log users in with the uid of a fresh, unused :class:`Token`."""

    def authenticate(self, request, uid=None):
        """Return the token's user (created on first login), or None if the token is unusable."""
        if uid is None:
            return None
        try:
            uid = uuid.UUID(str(uid))
        except ValueError:
            logger.warning("Refused login link: malformed uid %r", uid)
            return None
        token = Token.objects.filter(uid=uid).first()
        if token is None:
            logger.warning("Refused login link: unknown uid %s", uid)
            return None
        max_age = timedelta(seconds=settings.LOGIN_TOKEN_MAX_AGE)
        if timezone.now() - token.created > max_age:
            logger.warning("Refused login link: uid %s expired", uid)
            return None
        # One conditional UPDATE consumes the token: of two simultaneous clicks
        # exactly one changes the row. (A read-then-write transaction would
        # make SQLite refuse the second writer with "database is locked".)
        consumed = Token.objects.filter(pk=token.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not consumed:
            logger.warning("Refused login link: uid %s already used", uid)
            return None
        user, _ = User.objects.get_or_create(email=token.email)
        logger.info("Login link accepted for %s", user.email)
        return user

    def get_user(self, user_id):
        """Return the user with primary key ``user_id``, or None."""
        return User.objects.filter(pk=user_id).first()
