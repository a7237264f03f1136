#!/usr/bin/env python
"""Django's command-line utility for the superlists project."""

import os
import sys


def main() -> None:
    """Run a management command, turning configuration errors into one clear line."""
    # `manage.py behave` runs the acceptance suite: development tooling, with
    # settings of its own (the site's plus behave-django); the site's settings
    # never name it, so a deployed site has no such command.
    tooling = len(sys.argv) > 1 and sys.argv[1] == "behave"
    settings = "harness.django_settings" if tooling else "superlists.settings"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A missing variable is an operator error: a traceback would bury the message.
        print(f"manage.py: error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
