"""The SSH kind of server: a deployed site, reached over one SSH connection.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from deploy.site_layout import MAX_INSTANCES, SiteLayout, instance_port
from harness.run.errors import HarnessError
from harness.server.fixture_process import FixtureProcessServer
from harness.server.pipes import SSHPipe
from harness.server.targets import NamedServer

if TYPE_CHECKING:
    from harness.server.base import Opening


@dataclass(frozen=True, kw_only=True)
class SSHTarget(NamedServer):
    """A deployed site reached over SSH (`NAME = user@host:port`)."""

    #: user@host:port, the form Fabric's Connection parses.
    address: str
    key_file: Path | None = None

    def instance(self, number: int) -> SSHTarget:
        """Staging instance `number`: 1 is the site itself; the others sit in
        `SITE/instances/N` on consecutive ports (the layout `fab deploy` makes)."""
        if number == 1:
            return self
        parts = urlsplit(self.url)
        first = parts.port or (443 if parts.scheme == "https" else 80)
        host = parts.netloc.rpartition("@")[2]
        host = host.rpartition(":")[0] if parts.port else host  # keeps [::1]'s brackets
        return replace(
            self,
            url=f"{parts.scheme}://{host}:{instance_port(first, number)}",
            site_dir=SiteLayout(self.site_dir).instance(number).root,
            instances=1,
        )

    def more_instances_hint(self) -> str:
        return (
            "deploy one per worker (`fab deploy --staging --instances N`) and set "
            f"{self.name}.instances = N, or use -j 1"
        )


class SSHKind:
    """The row of `SERVER_KINDS` for sites over SSH (the default kind)."""

    name = "ssh"
    keys = frozenset({"key", "site", "instances"})

    def read(
        self, name: str, address: str, own: Mapping[str, str], common: Mapping[str, Any]
    ) -> SSHTarget:
        # Parsed as the connection parses it: user@, host, then :port.
        port = address.partition("@")[2].partition(":")[2] or "22"
        if "@" not in address or not (port.isascii() and port.isdigit()):
            raise HarnessError(
                f"Server {name!r} needs `{name} = user@host:port` and `{name}.url = https://...` "
                "in behave.ini [behave.userdata]"
            )
        if not 0 < int(port) < 65536:
            raise HarnessError(
                f"Server {name!r} has port {port} in {address!r}: use a port 1-65535"
            )
        instances = own.get("instances", "1").strip()
        if not (
            instances.isascii() and instances.isdigit() and 1 <= int(instances) <= MAX_INSTANCES
        ):
            raise HarnessError(
                f"Config {name}.instances={instances!r} is not a number of instances: "
                f"use 1-{MAX_INSTANCES}"
            )
        key = own.get("key", "").strip()
        return SSHTarget(
            **common,
            address=address,
            key_file=Path(key).expanduser() if key else None,
            site_dir=own.get("site", "~/sites/superlists"),
            instances=int(instances),
        )

    def open(self, target: NamedServer | None, opening: Opening) -> SSHServer:
        assert isinstance(target, SSHTarget)
        return SSHServer.connect(
            target,
            connect_timeout=opening.connect_timeout,
            request_timeout=opening.fixture_timeout,
        )


#: The row.
SSH = SSHKind()


class SSHServer(FixtureProcessServer):
    """A deployed superlists site over SSH plus, if allowed, its fixture process."""

    target: SSHTarget

    def __init__(self, target: SSHTarget, connection: Any, request_timeout: float) -> None:
        super().__init__(target, request_timeout)
        self._connection = connection

    @classmethod
    def connect(
        cls, target: SSHTarget, *, connect_timeout: float, request_timeout: float
    ) -> SSHServer:
        """Open the SSH connection; on a disposable server, start the fixture process.

        `connect_timeout` bounds everything up to a logged-in connection,
        `request_timeout` each fixture request.
        """
        server = cls(target, _open_connection(target, connect_timeout), request_timeout)
        try:
            if target.disposable:
                command = SiteLayout(target.site_dir).manage("fixture_server", replace_shell=True)
                server.start_fixtures(
                    SSHPipe(connection=server._connection, command=command, timeout=request_timeout)
                )
        except BaseException:
            server.close()
            raise
        return server

    def error_log_tail(self) -> str | None:
        error_log = SiteLayout(self.target.site_dir).error_log
        result = self._connection.run(f"tail -n 60 {error_log}", hide=True, warn=True, timeout=10)
        return str(result.stdout)

    def close(self) -> None:
        try:
            self.stop_fixtures()
        finally:
            self._connection.close()


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


def _open_connection(target: SSHTarget, timeout: float) -> Any:
    from fabric import Connection
    from paramiko.ssh_exception import SSHException

    if target.key_file is not None and not target.key_file.exists():
        raise HarnessError(
            f"SSH key {target.key_file} for {target.name} does not exist: "
            f"set {target.name}.key in behave.ini"
        )
    user, _, hostport = target.address.partition("@")
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


def _ssh_failure(target: SSHTarget, timeout: float, error: BaseException) -> HarnessError:
    from paramiko.ssh_exception import AuthenticationException

    if isinstance(error, AuthenticationException):
        return HarnessError(
            f"{target.address} refused the SSH key {target.key_file}: check {target.name}.key "
            "and the server's authorized_keys"
        )
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return HarnessError(
        f"{target.address} did not complete an SSH login within {timeout:g}s "
        f"(connect_timeout; {reason}): is sshd running there, on that port?"
    )
