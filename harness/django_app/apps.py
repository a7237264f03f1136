"""The app that carries the `behave` management command."""

from django.apps import AppConfig


class AcceptanceRunnerConfig(AppConfig):
    """Registers `manage.py behave`; no models."""

    name = "harness.django_app"
    label = "acceptance_runner"
