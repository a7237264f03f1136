"""What every fixture-layer implementation offers the steps."""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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


class Server(ABC):
    """A running superlists site plus the back doors the suite needs into it."""

    #: Name of Django's session cookie on this site.
    session_cookie_name = "sessionid"

    @property
    @abstractmethod
    def url(self) -> str:
        """Base URL of the site, without a trailing slash."""

    @abstractmethod
    def reset_database(self) -> None:
        """Empty the site's data, so each scenario starts from nothing."""

    @abstractmethod
    def create_session(self, email: str) -> str:
        """Create a pre-authenticated session for `email`; return its key."""

    @abstractmethod
    def latest_email(self, to: str) -> Email | None:
        """The newest email the site sent to `to`, or None."""

    @abstractmethod
    def start_list(self, items: Sequence[str], session_key: str | None) -> str:
        """Create a list of `items`, as the site's forms would, owned by whoever
        `session_key` (a session cookie, or None) is logged in as; return its
        path. `Refused` if the site would refuse any item."""

    @abstractmethod
    def add_items(self, list_url: str, items: Sequence[str], session_key: str | None) -> None:
        """Add `items` to the list at `list_url`, as its page would for the
        session's user; `Refused` if the site would refuse."""

    @abstractmethod
    def share_list(self, list_url: str, email: str, session_key: str | None) -> None:
        """Share the list at `list_url` with `email`, as its share form would for
        the session's user; `Refused` if the site would refuse."""

    @abstractmethod
    def send_login_links(self, email: str, times: int) -> None:
        """Have the site email `times` login links to `email`, as its login form
        would (same rate limit); `Refused` if the site would refuse."""

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
