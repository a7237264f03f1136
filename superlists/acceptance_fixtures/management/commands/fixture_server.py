"""``manage.py fixture_server``: the acceptance fixtures as a long-lived process.

The remote acceptance harness starts this once per run over SSH and talks to
it through stdin/stdout, one JSON object per line, so Django starts once per
run instead of once per fixture call.

Requests: {"op": NAME, FIELD: VALUE, ...}, NAME an operation of the table
(`superlists.acceptance_fixtures.operations`, where each one's fields and
result are declared) and its fields, every one required and no other. This
command knows no operation by name: a new one in the table is served as it is.

Responses, one line each:
    {"ok": true, "result": ...}      done (null where the operation returns nothing)
    {"ok": false, "refused": "..."}  the site would refuse this, in its own words
    {"ok": false, "error": "..."}    a malformed request or a failure, "Type: message"
The first line written is {"ok": true, "result": "ready"}, or, when another
fixture process is serving the same database (a second acceptance run against
the same server, whose resets would flush the first run's data mid-scenario),
{"ok": false, "busy": "..."}, and the process exits.
"""

import fcntl
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from superlists.acceptance_fixtures import api, operations


def handle_request(request: object) -> object:
    """Run one request through the table; its result. `operations.BadCall` for a
    malformed request, `api.Refused` if the site would refuse it."""
    if not isinstance(request, dict):
        raise operations.BadCall(f"a request must be a JSON object, not {type(request).__name__}")
    fields = dict(request)
    return operations.call(fields.pop("op", None), fields)


def reply_to(line: str) -> dict:
    """The response to one request line: a result, a refusal or an error, never an exception."""
    try:
        return {"ok": True, "result": handle_request(json.loads(line))}
    except api.Refused as refusal:
        return {"ok": False, "refused": str(refusal)}
    except Exception as error:  # noqa: BLE001 - report it to the harness, keep serving
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}


BUSY = (
    "another acceptance run is using this server's fixtures: wait for it to finish "
    "(two runs would flush each other's data)"
)


def claim_database(database: Path):
    """An open lock file beside the database, held for as long as the process
    lives (the kernel lets go when it ends, however it ends); None if another
    fixture process holds it."""
    lock = open(f"{database}.fixtures-lock", "a")  # noqa: SIM115 - held until exit
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    return lock


class Command(BaseCommand):
    """Serve fixture requests on stdin/stdout until stdin closes."""

    help = "Serve acceptance fixture requests as JSON lines on stdin/stdout (backdoor)."

    def handle(self, *args, **options):
        out = sys.stdout
        lock = claim_database(Path(settings.DATABASES["default"]["NAME"]))
        if lock is None:
            out.write(json.dumps({"ok": False, "busy": BUSY}) + "\n")
            out.flush()
            return
        out.write(json.dumps({"ok": True, "result": "ready"}) + "\n")
        out.flush()
        for line in sys.stdin:
            if not line.strip():
                continue
            out.write(json.dumps(reply_to(line)) + "\n")
            out.flush()
