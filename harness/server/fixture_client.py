"""The client side of `manage.py fixture_server`: JSON lines over any pipe.

The protocol and the disposable rule live here, once. How the bytes travel
is a `Pipe`: anything that can send, read a line and close (`pipes.py` has
one over SSH and one over a local command such as `podman exec -i`). The
site under test built on this client is `fixture_process.FixtureProcessServer`.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from harness.run.errors import HarnessError
from harness.server.base import Refused


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
