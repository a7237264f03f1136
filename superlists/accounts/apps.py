"""App configuration for passwordless accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users identified by email, logging in through one-time emailed links."""

    name = "superlists.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
