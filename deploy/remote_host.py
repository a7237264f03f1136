"""The deploy's view of one host over SSH: `RemoteHost` wraps a Fabric
connection with what every deploy step needs (commands, sudo, files written
with their mode from the first byte, root-owned files installed through sudo,
this package's stdlib-only scripts run on the host), and `one_line` says a
failed connection or remote command in one line. Not the acceptance suite's
`Server` (harness/server/): this one sets a host up, that one drives a site.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import shlex
from pathlib import Path
from typing import Any

from fabric import Connection
from invoke.exceptions import Failure, UnexpectedExit

from deploy.messages import DeployError

# paramiko logs connection failures with tracebacks from its own thread; the
# one-line error (`one_line`) says the same thing.
logging.getLogger("paramiko").setLevel(logging.CRITICAL)

#: The scripts a deploy runs on the host itself, as `python3 -c SOURCE`.
SERVER_CHECKS = Path(__file__).resolve().parent / "server_checks.py"
SERVER_RELEASES = Path(__file__).resolve().parent / "server_releases.py"


class RemoteHost:
    """The deploy's view of one host: commands, files, sudo, its checks."""

    def __init__(self, c: Connection) -> None:
        self.c = c
        self.home = ""

    @property
    def where(self) -> str:
        return f"{self.c.user}@{self.c.host}:{self.c.port}"

    def run(self, command: str, **kwargs: Any) -> Any:
        return self.c.run(command, hide=True, **kwargs)

    def sudo(self, command: str, **kwargs: Any) -> Any:
        return self.c.sudo(command, hide=True, **kwargs)

    def put(self, content: str | bytes, path: str, mode: str = "644") -> None:
        """Write a file the deploy user owns, with `mode` from the first byte
        (`.env` holds secrets: it must never be readable by others, even briefly)."""
        data = content.encode() if isinstance(content, str) else content
        quoted = shlex.quote(path)
        # SFTP keeps an existing file's mode when it overwrites it.
        self.run(f"(umask 077 && : > {quoted}) && chmod {mode} {quoted}")
        self.c.put(io.BytesIO(data), path)

    def install(self, content: str, path: str, mode: str = "644") -> None:
        """Write a root-owned file outside the deploy user's home, through sudo."""
        staging = f"{self.home}/.superlists-upload-{secrets.token_hex(4)}"
        self.put(content, staging, mode="600")
        self.sudo(
            f"install -D -o root -g root -m {mode} {staging} {shlex.quote(path)} && rm -f {staging}"
        )

    def check_sudo(self) -> None:
        if self.c.config.sudo.password:
            return  # fab --prompt-for-sudo-password
        if self.run("sudo -n true", warn=True).failed:
            raise DeployError(
                f"{self.where} cannot use sudo without a password: give the deploy user "
                "NOPASSWD sudo, or add --prompt-for-sudo-password"
            )

    def script(
        self,
        script: Path,
        *arguments: str,
        stdin: str = "",
        sudo: bool = False,
        python: str = "python3",
        prefix: str = "",
    ) -> dict[str, Any]:
        """Run one of this package's stdlib-only scripts on the server
        (`server_checks.py`, `server_releases.py`): its one JSON line."""
        argv = " ".join(shlex.quote(a) for a in arguments)
        command = f"{prefix}{python} -c {shlex.quote(script.read_text())} {argv}"
        if sudo:
            result = self.sudo(command, in_stream=io.StringIO(stdin))
        else:
            result = self.run(command, in_stream=io.StringIO(stdin))
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def sh(script: str) -> str:
    """`script` as one command (for sudo, which runs only the first of several)."""
    return f"sh -c {shlex.quote(script)}"


def last_line(result: Any) -> str:
    """The last line a remote command said (its error, else its output)."""
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {result.exited}"


def one_line(error: BaseException, c: Connection) -> str:
    """A connection or remote-command failure as one line."""
    where = f"{c.user}@{c.host}:{c.port}"
    if isinstance(error, UnexpectedExit):
        return f"`{error.result.command[:60]}...` failed on {where}: {last_line(error.result)}"
    if isinstance(error, Failure):
        reason = getattr(error, "reason", None) or type(error).__name__
        return f"`{error.result.command[:60]}...` failed on {where}: {reason}".splitlines()[0]
    return f"cannot use {where}: {type(error).__name__}: {error}".splitlines()[0]
