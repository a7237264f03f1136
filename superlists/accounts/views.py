"""Views for requesting login links, logging in with them, and logging out."""

import logging

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


@require_POST
def send_login_email(request):
    """Email a one-time login link to the submitted address, then go home.

    The address must pass Django's email validator (which also keeps newlines
    out of the mail headers), and each address gets a limited number of links
    per window (`TokenManager.issue`).
    """
    email = request.POST.get("email", "").strip()
    if not is_mailable_address(email):
        messages.error(request, INVALID_EMAIL_ERROR)
        return redirect("/")
    token = Token.objects.issue(email)
    if token is None:
        logger.warning("Refused login link for %r: too many requested lately", email)
        messages.error(request, TOO_MANY_LINKS_ERROR)
        return redirect("/")
    url = request.build_absolute_uri(reverse("login") + f"?token={token.uid}")
    send_mail(
        LOGIN_EMAIL_SUBJECT,
        f"Use this link to log in:\n\n{url}",
        LOGIN_EMAIL_FROM,
        [email],
    )
    logger.info("Sent login link to %r", email)
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
