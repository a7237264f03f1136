"""The client side of `manage.py fixture_server`: JSON lines over any pipe.

The protocol and the disposable rule live here, once. How the bytes travel
is a `Pipe`: anything that can send, read a line and close (`pipes.py` has
one over SSH and one over a local command such as `podman exec -i`).
`FixtureProcessServer` is the fixture interface over such a client, which
each remote kind of server extends with how it starts and where its log is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from harness.errors import HarnessError
from harness.server.base import Email, Refused, Server
from harness.server.mailbox import MailboxReader
from harness.server.targets import NamedServer


class Pipe(Protocol):
    """A byte stream to a fixture process and back."""

    def send(self, data: bytes) -> None:
        """Write `data` to the process's stdin."""

    def read_line(self) -> str:
        """The next line the process printed; "" once it has ended. Raises
        TimeoutError when none comes within the pipe's timeout."""

    def close(self) -> None:
        """Close stdin (the process then exits) and let go of the stream."""


class FixtureProcessGone(HarnessError):
    """The fixture process ended mid-run: nothing more can be set up on that
    server in this run."""


class NoReply(Exception):
    """The fixture process ended without answering; carries what it printed."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def parse_reply(line: str) -> dict[str, Any] | None:
    """The fixture process's reply on this line, or None for anything else it
    printed (log lines, warnings)."""
    try:
        reply = json.loads(line)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) and isinstance(reply.get("ok"), bool) else None


class FixtureClient:
    """Requests to one fixture process: the JSON-lines protocol and the two keys.

    `where` names the server in messages; `disposable` is the config's key
    (the server's own key is that the process exists at all); `opt_in_hint`
    says how to give a server that key.
    """

    def __init__(
        self, pipe: Pipe, where: str, *, disposable: bool, timeout: float, opt_in_hint: str
    ) -> None:
        self._pipe = pipe
        self._where = where
        self._disposable = disposable
        self._timeout = timeout
        self._opt_in_hint = opt_in_hint

    def wait_until_ready(self) -> None:
        """Read the process's first line; a server without the fixtures app, a
        server another run is using, or a process that dies, is one
        HarnessError line."""
        try:
            first = self._read_reply()
        except NoReply as failure:
            output = failure.output
            if "Unknown command" in output:
                raise HarnessError(
                    f"{self._where} has not opted in to acceptance fixtures "
                    f"(manage.py fixture_server is an unknown command there): {self._opt_in_hint}"
                ) from None
            last = output.strip().splitlines()[-1] if output.strip() else "no output"
            raise HarnessError(
                f"the fixture process on {self._where} failed to start: {last}"
            ) from None
        if not first["ok"]:
            reason = first.get("busy") or first.get("error") or first
            raise HarnessError(f"{self._where}: {reason}")

    def request(self, op: str, **fields: object) -> Any:
        """Run one fixture operation; its result, `Refused` in the site's words,
        or a HarnessError line."""
        if not self._disposable:
            raise HarnessError(
                f"refusing {op} on {self._where}: it is not declared disposable "
                f"(set {self._where}.disposable = true in behave.ini)"
            )
        self._pipe.send((json.dumps({"op": op, **fields}) + "\n").encode())
        try:
            reply = self._read_reply()
        except NoReply as failure:
            said = failure.output.strip().splitlines()
            raise FixtureProcessGone(
                f"the fixture process on {self._where} has ended "
                f"({'its last words: ' + said[-1] if said else 'without a word'}), so "
                "nothing can be set up there: is the server still up?"
            ) from None
        if not reply["ok"] and "refused" in reply:
            raise Refused(reply["refused"])
        if not reply["ok"]:
            raise HarnessError(f"fixture {op} failed on {self._where}: {reply['error']}")
        return reply["result"]

    def close(self) -> None:
        """End the fixture process."""
        self._pipe.close()

    def _read_reply(self) -> dict[str, Any]:
        skipped: list[str] = []
        try:
            while line := self._pipe.read_line():
                reply = parse_reply(line)
                if reply is not None:
                    return reply
                skipped.append(line)  # log output from the server process
        except TimeoutError:
            raise HarnessError(
                f"the fixture process on {self._where} gave no answer "
                f"within {self._timeout:g}s (fixture_timeout)"
            ) from None
        raise NoReply("".join(skipped))


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
        if reason := super().skip_reason(tags):
            return reason
        if self.target.disposable or "readonly" in tags:
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
        return self._fixtures.request(op, **fields)

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
