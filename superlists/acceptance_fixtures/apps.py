"""App configuration for the acceptance-test backdoor."""

from django.apps import AppConfig


class AcceptanceFixturesConfig(AppConfig):
    """Test backdoor: pre-authenticated sessions and fast database resets.

    It lets anyone with shell access log in as any user, so settings only
    install it when opted in (development/tests, or ``DJANGO_ACCEPTANCE_FIXTURES=1``).
    """

    name = "superlists.acceptance_fixtures"
    label = "acceptance_fixtures"
    verbose_name = "Acceptance test backdoor"
