"""What every fixture-layer implementation offers the steps."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

_LINK = re.compile(r"https?://\S+/accounts/login\?token=\S+")


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

    def skip_reason(self, tags: set[str]) -> str | None:
        """Why a scenario with these tags must not run here, or None if it may."""
        return None

    def error_log_tail(self) -> str | None:
        """The tail of the server's error log, for failure artefacts, if it has one."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Stop what `open_server` started; safe to call once."""
