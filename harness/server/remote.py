"""Remote fixture layer: a deployed site, reached over one SSH connection.

One Fabric connection per run (with TCP_NODELAY: paramiko leaves Nagle on,
which costs ~40 ms per round trip). Over it runs one long-lived
`manage.py fixture_server` process in the site's own environment, so Django
starts once per run, not once per fixture call.

Safety has two keys: the config must declare the server disposable, and the
server must have opted in (its fixture app installed). Without both, nothing
that writes to the server runs.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from harness.config import RemoteTarget
from harness.errors import HarnessError
from harness.server.base import Email, Server
from harness.server.fixture_client import FixtureClient, Pipe, SSHPipe
from site_layout import SiteLayout


class RemoteServer(Server):
    """A deployed superlists site plus, if allowed, its fixture process."""

    def __init__(self, target: RemoteTarget, connection: Any, request_timeout: float) -> None:
        self.target = target
        self._connection = connection
        self._request_timeout = request_timeout
        # Until the fixture process starts (it never does on a server that is
        # not disposable), requests meet the client's refusal, or this pipe's.
        self._fixtures = self.fixtures_over(_NotStarted(target.name))

    @classmethod
    def connect(
        cls, target: RemoteTarget, *, connect_timeout: float, request_timeout: float
    ) -> RemoteServer:
        """Open the SSH connection; on a disposable server, start the fixture process.

        `connect_timeout` bounds everything up to a logged-in connection,
        `request_timeout` each fixture request.
        """
        server = cls(target, _open_connection(target, connect_timeout), request_timeout)
        try:
            if target.disposable:
                server._start_fixture_process()
        except BaseException:
            server.close()
            raise
        return server

    @property
    def url(self) -> str:
        return self.target.url

    # -- the two keys ---------------------------------------------------------

    def skip_reason(self, tags: set[str]) -> str | None:
        if self.target.disposable or "readonly" in tags:
            return None
        return (
            f"{self.target.name} is not disposable: only @readonly scenarios run "
            f"(set {self.target.name}.disposable = true to run everything)"
        )

    def _start_fixture_process(self) -> None:
        command = SiteLayout(self.target.site_dir).manage("fixture_server", replace_shell=True)
        pipe = SSHPipe(self._connection, command, self._request_timeout)
        self._fixtures = self.fixtures_over(pipe)
        self._fixtures.wait_until_ready()

    def fixtures_over(self, pipe: Pipe) -> FixtureClient:
        """The fixture client for this server, over `pipe`."""
        return FixtureClient(
            pipe,
            self.target.name,
            disposable=self.target.disposable,
            timeout=self._request_timeout,
        )

    def _request(self, op: str, **fields: object) -> Any:
        return self._fixtures.request(op, **fields)

    # -- fixture interface ----------------------------------------------------

    def reset_database(self) -> None:
        self._request("reset")

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
        found = self._request("latest_email", to=to)
        if found is None:
            return None
        recipients = tuple(address.strip() for address in found["to"].split(","))
        return Email(found["subject"], found["from"], recipients, found["body"])

    def error_log_tail(self) -> str | None:
        error_log = SiteLayout(self.target.site_dir).error_log
        result = self._connection.run(f"tail -n 60 {error_log}", hide=True, warn=True, timeout=10)
        return str(result.stdout)

    def close(self) -> None:
        try:
            self._fixtures.close()
        finally:
            self._fixtures = self.fixtures_over(_NotStarted(self.target.name))
            self._connection.close()


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


@contextlib.contextmanager
def _paramiko_quiet() -> Iterator[None]:
    """Keep paramiko's own tracebacks (a failed handshake logs ~20 lines, some
    from its transport thread after the fact) off the console: the HarnessError
    says what went wrong in one line. Only a successful connection gives
    paramiko's log back to behave's log capture."""
    paramiko_log = logging.getLogger("paramiko")
    sink = logging.NullHandler()  # without a handler, logging's lastResort prints
    paramiko_log.addHandler(sink)
    paramiko_log.propagate = False
    yield  # an exception skips the restore: the run is ending
    paramiko_log.propagate = True
    paramiko_log.removeHandler(sink)


def _open_connection(target: RemoteTarget, timeout: float) -> Any:
    from fabric import Connection
    from paramiko.ssh_exception import SSHException

    if target.key_file is not None and not target.key_file.exists():
        raise HarnessError(
            f"SSH key {target.key_file} for {target.name} does not exist: "
            f"set {target.name}.key in behave.ini"
        )
    user, _, hostport = target.ssh.partition("@")
    host, _, port_text = hostport.partition(":")
    port = int(port_text or 22)  # config has checked it is a number
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as error:
        raise HarnessError(
            f"cannot reach {target.name} at {host}:{port} ({error.strerror or error}): "
            "is the server up? (`make staging-host` builds the local one)"
        ) from None
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connect_kwargs: dict[str, Any] = {
        "sock": sock,
        "look_for_keys": False,
        "allow_agent": False,
        # paramiko waits 15 s for a server that accepts TCP but never speaks
        # SSH; the connect timeout covers every stage of the handshake.
        "timeout": timeout,
        "banner_timeout": timeout,
        "auth_timeout": timeout,
        "channel_timeout": timeout,
    }
    if target.key_file is not None:
        connect_kwargs["key_filename"] = str(target.key_file)
    connection = Connection(host, user=user, port=port, connect_kwargs=connect_kwargs)
    # paramiko times each stage (banner, key exchange, auth) separately; one
    # deadline for the whole login cuts the socket when it passes.
    deadline = threading.Timer(timeout, _cut, args=(sock,))
    deadline.daemon = True
    with _paramiko_quiet():
        deadline.start()
        try:
            connection.open()
        except (SSHException, OSError, EOFError) as error:
            connection.close()
            sock.close()
            raise _ssh_failure(target, timeout, error) from None
        finally:
            deadline.cancel()
    return connection


def _cut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed already


def _ssh_failure(target: RemoteTarget, timeout: float, error: BaseException) -> HarnessError:
    from paramiko.ssh_exception import AuthenticationException

    if isinstance(error, AuthenticationException):
        return HarnessError(
            f"{target.ssh} refused the SSH key {target.key_file}: check {target.name}.key "
            "and the server's authorized_keys"
        )
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return HarnessError(
        f"{target.ssh} did not complete an SSH login within {timeout:g}s "
        f"(connect_timeout; {reason}): is sshd running there, on that port?"
    )
