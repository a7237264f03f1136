"""The fixture layer for the app in a container on this machine (`make container`).

The browsers use the container's published port; the fixtures run in one
long-lived `podman exec -i CONTAINER python manage.py fixture_server` per run
(about 0.15 s to start once, instead of once per call), with the same
protocol, the same two keys and the same email reading as staging. The
container's own key is its fixture opt-in: `make container` starts a
disposable test instance with it; an image run any other way has it off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from deploy.containers import (
    ENGINES,
    TEST_INSTANCE,
    ContainerError,
    ContainerFacts,
    Engine,
    find_engine,
    valid_name,
)
from deploy.site_layout import CONTAINER_SITE, SiteLayout
from harness.run.choices import read_choice
from harness.run.errors import HarnessError
from harness.server.fixture_process import FixtureProcessServer
from harness.server.pipes import ExecPipe
from harness.server.targets import NamedServer

if TYPE_CHECKING:
    from harness.server.base import Opening


@dataclass(frozen=True, kw_only=True)
class ContainerTarget(NamedServer):
    """The app in a container on this machine (`NAME = CONTAINER-NAME`)."""

    container: str
    #: podman, docker, or auto (podman if installed).
    engine: str = "auto"

    def more_instances_hint(self) -> str:
        return "a container server is one instance: use -j 1"


class ContainerKind:
    """The row of `SERVER_KINDS` for the app in a container."""

    name = "container"
    keys = frozenset({"engine", "site", "instances"})

    def read(
        self, name: str, address: str, own: Mapping[str, str], common: Mapping[str, Any]
    ) -> ContainerTarget:
        if own.get("instances", "1").strip() != "1":
            raise HarnessError(
                f"Config {name}.instances={own['instances']!r}: a container server is one "
                "instance; use 1 (parallel workers need a staging server with instances)"
            )
        if not valid_name(address):
            raise HarnessError(
                f"Server {name!r} needs `{name} = CONTAINER-NAME` (letters, digits, . _ -) and "
                f"`{name}.url = http://...` in behave.ini [behave.userdata]"
            )
        return ContainerTarget(
            **common,
            container=address,
            engine=read_choice(f"{name}.engine", own.get("engine", "auto"), ("auto", *ENGINES)),
            site_dir=own.get("site", CONTAINER_SITE.root),
        )

    def open(self, target: NamedServer | None, opening: Opening) -> ContainerServer:
        assert isinstance(target, ContainerTarget)
        return ContainerServer.connect(target, request_timeout=opening.fixture_timeout)


#: The row.
CONTAINER = ContainerKind()


class ContainerServer(FixtureProcessServer):
    """The app in a container, plus, if allowed, its fixture process."""

    target: ContainerTarget

    def opt_in_hint(self) -> str:
        return f"run it as a disposable test instance with {start_command(self.target)}"

    def __init__(self, target: ContainerTarget, engine: Engine, request_timeout: float) -> None:
        super().__init__(target, request_timeout)
        self._engine = engine

    @classmethod
    def connect(cls, target: ContainerTarget, *, request_timeout: float) -> ContainerServer:
        """Check the container runs where the config says; on a disposable one,
        start the fixture process."""
        try:
            engine = find_engine(target.engine)
            facts = engine.inspect(target.container)
        except ContainerError as error:
            raise HarnessError(str(error)) from None
        if facts is None:
            raise HarnessError(
                f"there is no container {target.container} for server {target.name}: "
                f"start it with {start_command(target)}"
            )
        if facts.state != "running":
            raise HarnessError(
                f"container {target.container} ({target.name}) is not running "
                f"(it is {facts.state}): start it with {start_command(target)}"
            )
        _check_url(target, facts)
        server = cls(target, engine, request_timeout)
        try:
            if target.disposable:
                server.start_fixtures(ExecPipe(server._fixture_command(), request_timeout,
                                               env=engine.environment()))  # fmt: skip
        except BaseException:
            server.close()
            raise
        return server

    def _fixture_command(self) -> list[str]:
        site = SiteLayout(self.target.site_dir)
        return self._engine.argv(
            "exec", "--interactive", "--workdir", site.root, self.target.container,
            site.python, site.manage_py, "fixture_server",
        )  # fmt: skip

    def error_log_tail(self) -> str | None:
        try:
            return self._engine.logs_tail(self.target.container)
        except ContainerError as error:
            return f"(no container log: {error})"

    def close(self) -> None:
        self.stop_fixtures()


def start_command(target: ContainerTarget) -> str:
    """How to start the container `target` names, in its own words."""
    if target.container == TEST_INSTANCE.name:
        return "`make container`"
    port = urlsplit(target.url).port or 80
    return f"`scripts/container up --name {target.container} --port {port}`"


def _check_url(target: ContainerTarget, facts: ContainerFacts) -> None:
    """The browsers must reach the container whose data the fixtures change,
    by a host name it accepts: anything else is refused before any browser."""
    where = urlsplit(target.url)
    right = f"http://{facts.environment.get('DJANGO_ALLOWED_HOST', where.hostname)}:"
    if facts.host_port is not None and facts.host_port != (where.port or 80):
        raise HarnessError(
            f"container {target.container} serves on port {facts.host_port}, but {target.name}.url "
            f"is {target.url}: set -D {target.name}.url={right}{facts.host_port}"
        )
    allowed = facts.environment.get("DJANGO_ALLOWED_HOST")
    if allowed and where.hostname != allowed.strip("[]"):
        raise HarnessError(
            f"container {target.container} answers only to the host name {allowed}, but "
            f"{target.name}.url is {target.url}: set -D {target.name}.url={right}{where.port or 80}"
        )
