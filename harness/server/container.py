"""The fixture layer for the app in a container on this machine (`make container`).

The browsers use the container's published port; the fixtures run in one
long-lived `podman exec -i CONTAINER python manage.py fixture_server` per run
(about 0.15 s to start once, instead of once per call), with the same
protocol, the same two keys and the same email reading as staging. The
container's own key is its fixture opt-in: `make container` starts a
disposable test instance with it; an image run any other way has it off.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from deploy.containers import TEST_INSTANCE, ContainerError, ContainerFacts, Engine, find_engine
from deploy.site_layout import SiteLayout
from harness.config import RemoteTarget
from harness.errors import HarnessError
from harness.server.fixture_client import FixtureProcessServer
from harness.server.pipes import ExecPipe


class ContainerServer(FixtureProcessServer):
    """The app in a container, plus, if allowed, its fixture process."""

    def opt_in_hint(self) -> str:
        return f"run it as a disposable test instance with {start_command(self.target)}"

    def __init__(self, target: RemoteTarget, engine: Engine, request_timeout: float) -> None:
        super().__init__(target, request_timeout)
        self._engine = engine

    @classmethod
    def connect(cls, target: RemoteTarget, *, request_timeout: float) -> ContainerServer:
        """Check the container runs where the config says; on a disposable one,
        start the fixture process."""
        try:
            engine = find_engine(target.engine)
            facts = engine.inspect(target.address)
        except ContainerError as error:
            raise HarnessError(str(error)) from None
        if facts is None:
            raise HarnessError(
                f"there is no container {target.address} for server {target.name}: "
                f"start it with {start_command(target)}"
            )
        if facts.state != "running":
            raise HarnessError(
                f"container {target.address} ({target.name}) is not running "
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
            "exec", "--interactive", "--workdir", site.root, self.target.address,
            site.python, site.manage_py, "fixture_server",
        )  # fmt: skip

    def error_log_tail(self) -> str | None:
        try:
            return self._engine.logs_tail(self.target.address)
        except ContainerError as error:
            return f"(no container log: {error})"

    def close(self) -> None:
        self.stop_fixtures()


def start_command(target: RemoteTarget) -> str:
    """How to start the container `target` names, in its own words."""
    if target.address == TEST_INSTANCE.name:
        return "`make container`"
    port = urlsplit(target.url).port or 80
    return f"`scripts/container up --name {target.address} --port {port}`"


def _check_url(target: RemoteTarget, facts: ContainerFacts) -> None:
    """The browsers must reach the container whose data the fixtures change,
    by a host name it accepts: anything else is refused before any browser."""
    where = urlsplit(target.url)
    right = f"http://{facts.environment.get('DJANGO_ALLOWED_HOST', where.hostname)}:"
    if facts.host_port is not None and facts.host_port != (where.port or 80):
        raise HarnessError(
            f"container {target.address} serves on port {facts.host_port}, but {target.name}.url "
            f"is {target.url}: set -D {target.name}.url={right}{facts.host_port}"
        )
    allowed = facts.environment.get("DJANGO_ALLOWED_HOST")
    if allowed and where.hostname != allowed.strip("[]"):
        raise HarnessError(
            f"container {target.address} answers only to the host name {allowed}, but "
            f"{target.name}.url is {target.url}: set -D {target.name}.url={right}{where.port or 80}"
        )
