"""``manage.py fixture_server``: the acceptance fixtures as a long-lived process.

The remote acceptance harness starts this once per run over SSH and talks to
it through stdin/stdout, one JSON object per line, so Django starts once per
run instead of once per fixture call.

Requests:
    {"op": "reset"}                                          -> {"mailed": [E, ...]}
    {"op": "create_session", "email": E}                   -> a session key
    {"op": "latest_email", "to": E}                         -> {subject, from, to, body} | null
    {"op": "start_list", "items": [T, ...], "session": S}   -> {"url": "/lists/<uid>/"}
    {"op": "add_items", "list": U, "items": [T, ...], "session": S}
    {"op": "share_list", "list": U, "email": E, "session": S}
    {"op": "send_login_links", "email": E, "times": N, "site_url": U}
where S is a session key or null (not logged in), U a list's path or URL (for
send_login_links the site's root URL), [T, ...] a non-empty list of item texts
and N a whole number from 1 to 50. The last four ops accept no other fields.

Responses, one line each:
    {"ok": true, "result": ...}      done (result null where none is listed above)
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
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from superlists.acceptance_fixtures import api

#: More links than any rate limit needs; a bigger number is a harness bug.
MAX_LOGIN_LINKS = 50


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_string_or_null(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_item_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _is_link_count(value: object) -> bool:
    # JSON true would pass as the int 1.
    return type(value) is int and 1 <= value <= MAX_LOGIN_LINKS


STRING = (_is_string, "a string")
SESSION = (_is_string_or_null, "a session key or null")
ITEMS = (_is_item_list, "a non-empty list of strings")
TIMES = (_is_link_count, f"a whole number from 1 to {MAX_LOGIN_LINKS}")

#: The fields each state-changing op takes, all required, and what each must be.
FIELDS: dict[str, dict[str, tuple[Callable[[object], bool], str]]] = {
    "start_list": {"items": ITEMS, "session": SESSION},
    "add_items": {"list": STRING, "items": ITEMS, "session": SESSION},
    "share_list": {"list": STRING, "email": STRING, "session": SESSION},
    "send_login_links": {"email": STRING, "times": TIMES, "site_url": STRING},
}


def checked_fields(request: dict) -> dict:
    """The fields of a state-changing request, or a ValueError naming the bad one.

    Every field is required and no other is accepted: a misspelt "session"
    must not quietly become a logged-out request.
    """
    expected = FIELDS[request["op"]]
    unexpected = sorted(set(request) - set(expected) - {"op"})
    if unexpected:
        raise ValueError(f"unexpected field {unexpected[0]!r} for {request['op']}")
    for name, (is_valid, description) in expected.items():
        if name not in request:
            raise ValueError(f"missing field {name!r}: it must be {description}")
        if not is_valid(request[name]):
            raise ValueError(f"field {name!r} must be {description}, not {request[name]!r:.80}")
    return request


def handle_request(request: dict) -> object:
    """Run one fixture request and return its result; `api.Refused` if the site would refuse."""
    if not isinstance(request, dict):
        raise ValueError(f"a request must be a JSON object, not {type(request).__name__}")
    op = request.get("op")
    if op == "reset":
        mailed = api.reset_database()
        api.clear_sent_emails()
        return {"mailed": mailed}
    if op == "create_session":
        return api.create_pre_authenticated_session(request["email"])
    if op == "latest_email":
        directory = getattr(settings, "EMAIL_FILE_PATH", None)
        if not directory:
            raise RuntimeError(
                "this server sends its email over SMTP, not to files: the harness reads it "
                "from the mail server's mailboxes (set NAME.mailbox in behave.ini)"
            )
        return api.latest_email_in_dir(directory, request["to"])
    if op == "start_list":
        fields = checked_fields(request)
        return {"url": api.start_list(fields["items"], fields["session"])}
    if op == "add_items":
        fields = checked_fields(request)
        api.add_items(fields["list"], fields["items"], fields["session"])
        return None
    if op == "share_list":
        fields = checked_fields(request)
        api.share_list(fields["list"], fields["email"], fields["session"])
        return None
    if op == "send_login_links":
        fields = checked_fields(request)
        api.send_login_links(fields["email"], fields["times"], fields["site_url"])
        return None
    raise ValueError(f"unknown op {op!r}")


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
