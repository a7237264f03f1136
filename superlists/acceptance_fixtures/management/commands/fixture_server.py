"""``manage.py fixture_server``: the acceptance fixtures as a long-lived process.

The remote acceptance harness starts this once per run over SSH and talks to
it through stdin/stdout, one JSON object per line, so Django starts once per
run instead of once per fixture call.

Requests:  {"op": "reset"} | {"op": "create_session", "email": E}
           | {"op": "latest_email", "to": E}
Responses: {"ok": true, "result": ...} or {"ok": false, "error": "..."}
The first line written is {"ok": true, "result": "ready"}.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from superlists.acceptance_fixtures import api


def handle_request(request: dict) -> object:
    """Run one fixture request and return its result."""
    op = request.get("op")
    if op == "reset":
        api.reset_database()
        api.clear_sent_emails()
        return None
    if op == "create_session":
        return api.create_pre_authenticated_session(request["email"])
    if op == "latest_email":
        directory = getattr(settings, "EMAIL_FILE_PATH", None)
        if not directory:
            raise RuntimeError("EMAIL_FILE_PATH is not set on this server")
        return api.latest_email_in_dir(directory, request["to"])
    raise ValueError(f"unknown op {op!r}")


class Command(BaseCommand):
    """Serve fixture requests on stdin/stdout until stdin closes."""

    help = "Serve acceptance fixture requests as JSON lines on stdin/stdout (backdoor)."

    def handle(self, *args, **options):
        out = sys.stdout
        out.write(json.dumps({"ok": True, "result": "ready"}) + "\n")
        out.flush()
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                response = {"ok": True, "result": handle_request(json.loads(line))}
            except Exception as error:  # noqa: BLE001 - report it to the harness, keep serving
                response = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            out.write(json.dumps(response) + "\n")
            out.flush()
