"""What every kind of site under test offers the steps (`SiteUnderTest`), and
what they get back from it (`Email`, `Refused`)."""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.run.failures import PermanentFailure
from harness.run.tags import HTTPS

_LINK = re.compile(r"https?://\S+/accounts/login\?token=\S+")
#: An error line, as Django's formatter ("2026-12-01 09:08:18,238 ERROR …")
#: and gunicorn's ("[2026-12-01 09:08:18 +0000] [42] [ERROR] …") write it:
#: its time, and its level in the level's own field.
_LOGGED_ERROR = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ (?:ERROR|CRITICAL) "
    r"|^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) [+-]\d{4}\] \[\d+\] \[(?:ERROR|CRITICAL)\]"
)
#: Clocks of this machine and a server may differ a little.
_CLOCK_SLACK = 2.0


def logged_errors(log_tail: str, since: float) -> list[str]:
    """The ERROR lines of a log tail written since `since` (a Unix time; the
    log's times are UTC), oldest first."""
    found = []
    for line in log_tail.splitlines():
        error = _LOGGED_ERROR.match(line)
        if not error:
            continue
        stamp = error.group(1) or error.group(2)
        logged = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        if logged.timestamp() >= int(since - _CLOCK_SLACK):
            found.append(line.strip())
    return found


@dataclass(frozen=True)
class Opening:
    """What a run brings to opening its server (each kind uses what it needs)."""

    #: The run's own test database (the local kind's).
    test_db: Path
    #: Under `manage.py behave`, behave-django owns the database and live server.
    under_behave_django: bool
    connect_timeout: float
    fixture_timeout: float
    live_server_host: str
    site_host: str


@dataclass(frozen=True)
class Email:
    """An email the app sent, as the fixture layer found it."""

    subject: str
    sender: str
    to: tuple[str, ...]
    body: str

    @property
    def login_link(self) -> str:
        """The magic login link in the body; AssertionError if there is none."""
        match = _LINK.search(self.body)
        assert match, f"no login link in email body:\n{self.body}"
        return match.group(0)


class Refused(PermanentFailure):
    """The site would refuse this set-up, as it would refuse the same request
    from a browser; the message is the site's own."""


class SiteUnderTest(ABC):
    """The site a run tests, as the fixture layer sees it: where browsers reach
    it, and a back door into it for setting up and inspecting state.

    Named for what it is to the suite, not for the machine: "server" already
    means the host `deploy/` prepares (`RemoteHost`), an entry of behave.ini
    (`NamedServer`) and the process that serves pages. One class per kind
    (local, ssh, container) says only what differs by kind: how to open and
    close it, its URL, how `call` reaches the table of set-up operations
    (`superlists.acceptance_fixtures.operations`), and where its email is read.
    Steps never get a method per operation: they `call` one by name.
    """

    #: Name of Django's session cookie on this site.
    session_cookie_name = "sessionid"

    @property
    @abstractmethod
    def url(self) -> str:
        """Base URL of the site, without a trailing slash."""

    @abstractmethod
    def call(self, operation: str, **arguments: object) -> Any:
        """Run the set-up operation `operation` of the site's table with
        `arguments` (JSON values); its JSON result. `Refused` in the site's
        words if the site would refuse; a HarnessError line for an unknown
        operation or arguments that do not fit."""

    def reset_database(self) -> None:
        """Empty the site's data, so each scenario starts from nothing."""
        self.call("reset")

    def latest_email(self, to: str) -> Email | None:
        """The newest email the site sent to `to`, or None."""
        found = self.call("latest_email", to=to)
        if found is None:
            return None
        recipients = tuple(address.strip() for address in found["to"].split(","))
        return Email(found["subject"], found["from"], recipients, found["body"])

    def skip_reason(self, tags: set[str]) -> str | None:
        """Why a scenario with these tags must not run here, or None if it may."""
        if HTTPS in tags and not self.url.startswith("https://"):
            return f"{self.url} is served over plain HTTP: @https scenarios need an HTTPS site"
        return None

    def scenario_began(self) -> None:
        """Note the time: errors the site logs from now on are this scenario's."""
        self._scenario_began = time.time()

    def errors_logged(self) -> list[str]:
        """The ERROR lines the site has logged since the scenario began, oldest
        first (none where the server has no log of its own to read): why a
        page may not show what was expected, in the site's own words."""
        return logged_errors(self.error_log_tail() or "", getattr(self, "_scenario_began", 0.0))

    def error_log_tail(self) -> str | None:
        """The tail of the server's error log, for failure artifacts, if it has one."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Stop what `open_server` started; safe to call once."""
