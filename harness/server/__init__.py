"""The fixture layer: one `SiteUnderTest` interface, one implementation per kind of server.

`open_server(config, ...)` opens the run's server once per run, through its
row of the table of kinds (`harness.server.kinds.SERVER_KINDS`): the built-in
"local" server (`-D server=local`), or a named server whose `NAME.kind` says
how to reach it ("ssh", the default, or "container").
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from harness.server.base import Email, Opening, Refused, SiteUnderTest
from harness.server.fixture_client import FixtureProcessGone
from harness.server.kinds import SERVER_KINDS
from harness.server.targets import NamedServer


class ServerSettings(Protocol):
    """What opening a server reads of the run's settings (the run's `Config`
    has these; the fixture layer sits below the settings and never imports
    them)."""

    @property
    def remote(self) -> NamedServer | None: ...
    @property
    def connect_timeout(self) -> float: ...
    @property
    def fixture_timeout(self) -> float: ...
    @property
    def live_server_host(self) -> str: ...
    @property
    def site_host(self) -> str: ...


def server_kind(config: ServerSettings) -> str:
    """The kind of server the run targets: a key of SERVER_KINDS."""
    return "local" if config.remote is None else config.remote.kind


def open_server(
    config: ServerSettings, test_db: Path, *, under_behave_django: bool = False
) -> SiteUnderTest:
    """Start or connect to the server the run targets (`test_db` is the local
    kind's database)."""
    opening = Opening(
        test_db=test_db,
        under_behave_django=under_behave_django,
        connect_timeout=config.connect_timeout,
        fixture_timeout=config.fixture_timeout,
        live_server_host=config.live_server_host,
        site_host=config.site_host,
    )
    return SERVER_KINDS[server_kind(config)].open(config.remote, opening)


__all__ = [
    "SERVER_KINDS",
    "Email",
    "FixtureProcessGone",
    "Refused",
    "SiteUnderTest",
    "open_server",
    "server_kind",
]
