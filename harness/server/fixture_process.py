"""The site under test for every kind whose fixtures run in its own
long-lived `manage.py fixture_server` process (over SSH, in a container):
`call` sends any operation of the app's table over a `FixtureClient`; each
kind extends it with how it starts the process and where its log is.
"""

from __future__ import annotations

from typing import Any

from harness.run.errors import HarnessError
from harness.run.tags import READONLY
from harness.server.base import Email, SiteUnderTest
from harness.server.fixture_client import FixtureClient, FixtureProcessGone, Pipe
from harness.server.mailbox import MailboxReader
from harness.server.targets import NamedServer


class FixtureProcessServer(SiteUnderTest):
    """A deployed site whose fixtures run in its own long-lived
    `manage.py fixture_server` process: the generic call, once, for every
    remote kind of server.

    A kind extends it with how it reaches the process (`start_fixtures` over
    its own pipe), where its log is, and what else `close` must let go of.
    Until the process starts (it never does on a server not declared
    disposable), requests meet the client's refusal, or a not-running pipe's.
    """

    def opt_in_hint(self) -> str:
        """How this server gets the server-side key (for the one-line error
        when it lacks it)."""
        return "deploy it as staging with `fab deploy --staging`"

    def __init__(self, target: NamedServer, request_timeout: float) -> None:
        self.target = target
        self._request_timeout = request_timeout
        self._fixtures = self.fixtures_over(_NotStarted(target.name))
        #: Why the fixture process is gone, once it is: every later scenario
        #: is skipped with this reason (nothing can be set up there any more).
        self._gone = ""
        # A site that sends real email is read at its mail server; otherwise
        # the fixture process reads the site's email folder.
        self._mailboxes = (
            MailboxReader(target.mailbox, target.ca_file, request_timeout, target.url)
            if target.mailbox is not None
            else None
        )

    @property
    def url(self) -> str:
        return self.target.url

    def skip_reason(self, tags: set[str]) -> str | None:
        if self._gone:
            return f"not run: {self._gone}"
        if reason := super().skip_reason(tags):
            return reason
        if self.target.disposable or READONLY in tags:
            return None
        return (
            f"{self.target.name} is not disposable: only @readonly scenarios run "
            f"(set {self.target.name}.disposable = true to run everything)"
        )

    def fixtures_over(self, pipe: Pipe) -> FixtureClient:
        """The fixture client for this server, over `pipe`."""
        return FixtureClient(
            pipe,
            self.target.name,
            disposable=self.target.disposable,
            timeout=self._request_timeout,
            opt_in_hint=self.opt_in_hint(),
        )

    def start_fixtures(self, pipe: Pipe) -> None:
        """Use the fixture process at the other end of `pipe`, once it says it
        is ready (a HarnessError line if it never does)."""
        self._fixtures = self.fixtures_over(pipe)
        self._fixtures.wait_until_ready()

    def stop_fixtures(self) -> None:
        """End the fixture process, if it runs; safe to call twice."""
        try:
            self._fixtures.close()
        finally:
            self._fixtures = self.fixtures_over(_NotStarted(self.target.name))

    def call(self, operation: str, **arguments: object) -> Any:
        try:
            return self._fixtures.request(operation, **arguments)
        except FixtureProcessGone as gone:
            self._gone = str(gone)
            raise

    def reset_database(self) -> None:
        mailed = self.call("reset")
        if self._mailboxes is not None:
            # Who the site mailed since the last reset: left unread, their mail
            # would pass for this scenario's.
            self._mailboxes.empty(mailed["mailed"] if isinstance(mailed, dict) else [])

    def latest_email(self, to: str) -> Email | None:
        if self._mailboxes is not None:
            return self._mailboxes.latest(to)
        return super().latest_email(to)


class _NotStarted:
    """The pipe of a fixture process that is not running."""

    def __init__(self, where: str) -> None:
        self._where = where

    def send(self, data: bytes) -> None:
        raise HarnessError(f"the fixture process on {self._where} is not running")

    def read_line(self) -> str:
        return ""

    def close(self) -> None:
        pass
