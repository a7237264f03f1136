#!/usr/bin/env python
"""Django's command-line utility for the superlists project."""

import os
import sys


def main() -> None:
    """Run a management command, turning configuration errors into one clear line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "superlists.settings")
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
