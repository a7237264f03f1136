"""How bytes travel to a `manage.py fixture_server` process and back.

Each class here is a `fixture_client.Pipe`: it can send, read a line within
its timeout, and close. The protocol on top lives in `FixtureClient`, once.
"""

from __future__ import annotations

import os
import select
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import Any


class SSHPipe:
    """A fixture process run over an open SSH connection's channel."""

    def __init__(self, connection: Any, command: str, timeout: float) -> None:
        self._channel = connection.client.get_transport().open_session()
        self._channel.settimeout(timeout)
        # stderr joins stdout so the process can never block on a full stderr
        # pipe nobody reads; the client skips its non-JSON lines.
        self._channel.set_combine_stderr(True)
        self._channel.exec_command(command)
        self._lines = self._channel.makefile("r")

    def send(self, data: bytes) -> None:
        self._channel.sendall(data)

    def read_line(self) -> str:
        return str(self._lines.readline())

    def close(self) -> None:
        try:
            self._channel.shutdown_write()  # EOF on stdin: the fixture process exits
            self._channel.status_event.wait(5)  # bounded: a hung process must not hang us
        finally:
            self._channel.close()


class ExecPipe:
    """A fixture process run as a command on this machine: `podman exec -i
    CONTAINER python manage.py fixture_server`, say.

    The command runs in a session of its own, so a Ctrl-C at the terminal
    reaches only the harness, which then ends the process in order (closing
    its stdin). If the harness dies outright, the process reads end-of-file
    on its stdin and exits by itself.
    """

    def __init__(
        self, argv: Sequence[str], timeout: float, env: Mapping[str, str] | None = None
    ) -> None:
        self._timeout = timeout
        self._buffer = b""
        self._process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Joined, as over SSH: a full stderr pipe nobody reads must never
            # block the process; the client skips lines that are not replies.
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )

    def send(self, data: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(data)
            stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # it has ended: the next read_line says so, with what it printed

    def read_line(self) -> str:
        stdout = self._process.stdout
        assert stdout is not None
        deadline = time.monotonic() + self._timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([stdout], [], [], remaining)
            if not ready:
                continue
            # Whatever has arrived, without waiting for more: the lines are
            # cut here, and only whole lines are decoded.
            chunk = os.read(stdout.fileno(), 65536)
            if not chunk:
                break  # the process has ended
            self._buffer += chunk
        line, newline, self._buffer = self._buffer.partition(b"\n")
        return (line + newline).decode(errors="replace")

    def close(self) -> None:
        process = self._process
        try:
            if process.stdin is not None:
                process.stdin.close()  # EOF on stdin: the fixture process exits
        except BrokenPipeError:
            pass
        try:
            process.wait(5)  # bounded: a hung process must not hang us
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        finally:
            if process.stdout is not None:
                process.stdout.close()
