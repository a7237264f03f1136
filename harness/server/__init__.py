"""The fixture layer: one `Server` interface, one implementation per kind of server.

`open_server(config)` picks the implementation once per run, from the
`SERVER_KINDS` table: the run's server is "local" (`-D server=local`), or a
named server whose `NAME.kind` says how to reach it ("ssh", the default, or
"container").
A new kind of server is a new row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.config import Config
from harness.server.base import Email, Refused, Server
from harness.server.fixture_client import FixtureProcessGone


def _start_local(config: Config, test_db: Path, under_behave_django: bool) -> Server:
    """Django in this process, with `test_db` as its database."""
    from harness.server.local import LocalServer

    return LocalServer.start(
        test_db,
        borrowed=under_behave_django,
        bind_host=config.live_server_host,
        site_host=config.site_host,
    )


def _connect_ssh(config: Config, test_db: Path, under_behave_django: bool) -> Server:
    """A deployed site over SSH, with its fixture process if it is disposable."""
    from harness.server.remote import RemoteServer

    assert config.remote is not None
    return RemoteServer.connect(
        config.remote,
        connect_timeout=config.connect_timeout,
        request_timeout=config.fixture_timeout,
    )


def _connect_container(config: Config, test_db: Path, under_behave_django: bool) -> Server:
    """The app in a container here, with its fixture process if it is disposable."""
    from harness.server.container import ContainerServer

    assert config.remote is not None
    return ContainerServer.connect(config.remote, request_timeout=config.fixture_timeout)


#: How to open each kind of server.
SERVER_KINDS: dict[str, Callable[[Config, Path, bool], Server]] = {
    "local": _start_local,
    "ssh": _connect_ssh,
    "container": _connect_container,
}


def server_kind(config: Config) -> str:
    """The kind of server the run targets: a key of SERVER_KINDS."""
    return "local" if config.remote is None else config.remote.kind


def open_server(config: Config, test_db: Path, *, under_behave_django: bool = False) -> Server:
    """Start or connect to the server the run targets (`test_db` is the local
    kind's database)."""
    return SERVER_KINDS[server_kind(config)](config, test_db, under_behave_django)


__all__ = [
    "SERVER_KINDS",
    "Email",
    "FixtureProcessGone",
    "Refused",
    "Server",
    "open_server",
    "server_kind",
]
