"""WSGI entry point (used by gunicorn as ``superlists.wsgi:application``)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "superlists.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A bad .env is an operator error: one line in the error log, not a traceback
    # per worker. Exit code 4 is gunicorn's "app failed to load": it stops, not respawns.
    print(f"superlists: configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(4)
