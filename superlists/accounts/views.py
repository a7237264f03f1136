"""Views for requesting login links, logging in with them, and logging out."""

import logging
import smtplib
from urllib.parse import urljoin

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from superlists.accounts.models import Token

logger = logging.getLogger(__name__)

LOGIN_EMAIL_SUBJECT = "Your login link for Superlists"
LOGIN_EMAIL_FROM = "noreply@superlists"
LOGIN_LINK_SENT = "Check your email, we've sent you a link you can use to log in."
INVALID_EMAIL_ERROR = "Please enter a valid email address"
TOO_MANY_LINKS_ERROR = (
    "Too many login links requested for this address; try again in a few minutes."
)
MAIL_FAILED_ERROR = "We could not send your login link just now; please try again in a few minutes."


def is_mailable_address(email: str) -> bool:
    """Django's email validator, plus printable ASCII only.

    The validator lets control characters into quoted local parts, and some
    (\x0b, \x0c, \x1c-\x1e) split the To: header when mailed. Non-ASCII is
    refused too: a lookalike letter or an IDNA-2003 domain mapping (straße.de
    is mailed to strasse.de) would send a login link to somebody else.
    """
    if not all(" " <= char <= "~" for char in email):
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def send_login_link(email: str, site_url: str) -> str | None:
    """Email a one-time login link for ``email`` to that address, if the site may.

    ``site_url`` is where the site is served (``http://127.0.0.1:8000`` or
    ``https://host/``); the link is the login page there. Returns None once
    sent, or the message telling the visitor why not:

    - INVALID_EMAIL_ERROR: the (stripped) address is not mailable
      (`is_mailable_address`); no token is issued.
    - TOO_MANY_LINKS_ERROR: the address has had its share of links this window
      (`TokenManager.issue`).
    - MAIL_FAILED_ERROR: the mail server, or the connection to it, failed
      (`smtplib.SMTPException` or `OSError`). The failure is logged at ERROR
      with the server's reply, and the attempt's token is deleted, so it
      neither works as a link nor counts toward the limit.

    Any other exception propagates: it is a bug, not a mail outage.
    """
    email = email.strip()
    if not is_mailable_address(email):
        return INVALID_EMAIL_ERROR
    token = Token.objects.issue(email)
    if token is None:
        logger.warning("Refused login link for %r: too many requested lately", email)
        return TOO_MANY_LINKS_ERROR
    url = urljoin(site_url, reverse("login") + f"?token={token.uid}")
    try:
        send_mail(
            LOGIN_EMAIL_SUBJECT,
            f"Use this link to log in:\n\n{url}",
            LOGIN_EMAIL_FROM,
            [email],
        )
    # SMTPException is the server's refusal (auth required, sender refused...);
    # OSError is the connection's failure (refused, timed out, TLS errors).
    # Nothing else is caught: any other exception is a bug and should be a 500.
    except (smtplib.SMTPException, OSError) as error:
        # Nobody received this token, so it must not work as a link, nor use
        # up the visitor's allowance for an attempt that was not their fault.
        token.delete()
        # One line per failure, so the log stays greppable: a multi-line
        # server reply (or an odd exception text) is flattened.
        reason = " ".join(str(error).split())
        logger.error(
            "Could not send a login link to %r via %s:%s: %s: %s",
            email,
            settings.EMAIL_HOST,
            settings.EMAIL_PORT,
            type(error).__name__,
            reason,
        )
        return MAIL_FAILED_ERROR
    logger.info("Sent login link to %r", email)
    return None


@require_POST
def send_login_email(request):
    """Email a one-time login link to the submitted address, then go home.

    The rules, and the link, are `send_login_link`'s; this view only reports
    the outcome. Django's email validator also keeps newlines out of the mail
    headers.
    """
    # The site's root as this request reached it: the same scheme and host the
    # link had when the view built it with build_absolute_uri() itself.
    error = send_login_link(request.POST.get("email", ""), request.build_absolute_uri("/"))
    if error is not None:
        messages.error(request, error)
    else:
        messages.success(request, LOGIN_LINK_SENT)
    return redirect("/")


def login(request):
    """Log in with the token from the query string, or explain that the link is invalid."""
    user = auth.authenticate(request, uid=request.GET.get("token", ""))
    if user is None:
        messages.error(request, "Invalid login link, please request a new one")
    else:
        auth.login(request, user)
    return redirect("/")


@require_POST
def logout(request):
    """Log the current user out."""
    auth.logout(request)
    return redirect("/")
