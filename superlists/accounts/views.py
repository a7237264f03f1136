"""Views for requesting login links, logging in with them, and logging out."""

import logging

from django.contrib import auth, messages
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from superlists.accounts.models import Token

logger = logging.getLogger(__name__)

LOGIN_EMAIL_SUBJECT = "Your login link for Superlists"
LOGIN_EMAIL_FROM = "noreply@superlists"


@require_POST
def send_login_email(request):
    """Email a one-time login link to the submitted address, then go home."""
    email = request.POST.get("email", "").strip()
    if not email:
        messages.error(request, "Please enter an email address")
        return redirect("/")
    token = Token.objects.create(email=email)
    url = request.build_absolute_uri(reverse("login") + f"?token={token.uid}")
    send_mail(
        LOGIN_EMAIL_SUBJECT,
        f"Use this link to log in:\n\n{url}",
        LOGIN_EMAIL_FROM,
        [email],
    )
    logger.info("Sent login link to %s", email)
    messages.success(request, "Check your email, we've sent you a link you can use to log in.")
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
