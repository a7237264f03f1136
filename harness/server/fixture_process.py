"""The fixture interface of every server whose fixtures run in its own
long-lived `manage.py fixture_server` process (over SSH, in a container):
the requests, once, over a `FixtureClient`; each kind extends it with how it
starts the process and where its log is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.run.errors import HarnessError
from harness.run.tags import READONLY
from harness.server.base import Email, Server
from harness.server.fixture_client import FixtureClient, FixtureProcessGone, Pipe
from harness.server.mailbox import MailboxReader
from harness.server.targets import NamedServer


class FixtureProcessServer(Server):
    """A deployed site whose fixtures run in its own long-lived
    `manage.py fixture_server` process: the fixture interface, once, for every
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

    def _request(self, op: str, **fields: object) -> Any:
        try:
            return self._fixtures.request(op, **fields)
        except FixtureProcessGone as gone:
            self._gone = str(gone)
            raise

    def reset_database(self) -> None:
        mailed = self._request("reset")
        if self._mailboxes is not None:
            # Who the site mailed since the last reset: left unread, their mail
            # would pass for this scenario's.
            self._mailboxes.empty(mailed["mailed"] if isinstance(mailed, dict) else [])

    def create_session(self, email: str) -> str:
        return str(self._request("create_session", email=email))

    def start_list(self, items: Sequence[str], session_key: str | None) -> str:
        return str(self._request("start_list", items=list(items), session=session_key)["url"])

    def add_items(self, list_url: str, items: Sequence[str], session_key: str | None) -> None:
        self._request("add_items", list=list_url, items=list(items), session=session_key)

    def share_list(self, list_url: str, email: str, session_key: str | None) -> None:
        self._request("share_list", list=list_url, email=email, session=session_key)

    def send_login_links(self, email: str, times: int) -> None:
        self._request("send_login_links", email=email, times=times, site_url=self.url)

    def latest_email(self, to: str) -> Email | None:
        if self._mailboxes is not None:
            return self._mailboxes.latest(to)
        found = self._request("latest_email", to=to)
        if found is None:
            return None
        recipients = tuple(address.strip() for address in found["to"].split(","))
        return Email(found["subject"], found["from"], recipients, found["body"])


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
