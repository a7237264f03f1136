"""The fixture layer: one `Server` interface, a local and a remote implementation.

`open_server(config)` picks the implementation once per run.
"""

from __future__ import annotations

from pathlib import Path

from harness.config import Config
from harness.server.base import Email, Refused, Server


def open_server(config: Config, test_db: Path, *, under_behave_django: bool = False) -> Server:
    """Start (local, with `test_db` as its database) or connect to (remote) the
    server the run targets."""
    if config.remote is not None:
        from harness.server.remote import RemoteServer

        return RemoteServer.connect(
            config.remote,
            connect_timeout=config.connect_timeout,
            request_timeout=config.fixture_timeout,
        )
    from harness.server.local import LocalServer

    return LocalServer.start(
        test_db,
        borrowed=under_behave_django,
        bind_host=config.live_server_host,
        site_host=config.site_host,
    )


__all__ = ["Email", "Refused", "Server", "open_server"]
