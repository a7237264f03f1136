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

from containers import APP_PORT, ContainerError, Engine, find_engine
from harness.config import RemoteTarget
from harness.errors import HarnessError
from harness.server.fixture_client import FixtureProcessServer
from harness.server.pipes import ExecPipe
from site_layout import SiteLayout

START_HINT = "start it with `make container`"


class ContainerServer(FixtureProcessServer):
    """The app in a container, plus, if allowed, its fixture process."""

    opt_in_hint = "run it as a disposable test instance with `make container`"

    def __init__(self, target: RemoteTarget, engine: Engine, request_timeout: float) -> None:
        super().__init__(target, request_timeout)
        self._engine = engine

    @classmethod
    def connect(cls, target: RemoteTarget, *, request_timeout: float) -> ContainerServer:
        """Check the container runs; on a disposable one, start the fixture process."""
        try:
            engine = find_engine(target.engine)
            state = engine.state(target.address)
        except ContainerError as error:
            raise HarnessError(str(error)) from None
        if state is None:
            raise HarnessError(
                f"there is no container {target.address} for server {target.name}: {START_HINT}"
            )
        if state != "running":
            raise HarnessError(
                f"container {target.address} ({target.name}) is not running "
                f"(it is {state}): {START_HINT}"
            )
        _check_port(engine, target)
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


def _check_port(engine: Engine, target: RemoteTarget) -> None:
    """The browsers must reach the container whose data the fixtures change:
    a URL that points at another container's port is refused."""
    published = engine.published_port(target.address, APP_PORT)
    wanted = urlsplit(target.url).port or 80
    if published is not None and published != wanted:
        raise HarnessError(
            f"container {target.address} serves on port {published}, but {target.name}.url "
            f"is {target.url}: set -D {target.name}.url=http://127.0.0.1:{published}"
        )
