"""How this project runs its app in a container, in one place.

The container tooling (`scripts/container`, behind `make container`) and the
acceptance harness (`-D server=container`) both import this module; neither
imports the other. Plain Python: no Fabric, no Django, no harness.

- `Engine`: podman (preferred) or docker, always with this project's podman
  settings (`container/containers.conf`, the flags these machines need).
- `Instance`: one running copy of the app: its container, data volume and port.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deploy import PROJECT
from deploy.site_layout import CONTAINER_DATA

#: podman's settings for this project (runtime, cgroups, ulimits).
PODMAN_CONF = PROJECT / "container" / "containers.conf"
CONTAINERFILE = PROJECT / "container" / "Containerfile"
#: The app's image, and the base it is built on (made from Debian's packages).
IMAGE = "localhost/superlists:latest"
BASE_IMAGE = "localhost/superlists-base:bookworm"
#: Labels every container (and volume) this project starts, so its own can be
#: told apart from anyone else's.
LABEL = "superlists.instance"
#: Where gunicorn listens inside the container (`container/serve`).
APP_PORT = 8000

ENGINES = ("podman", "docker")
INSTALL_HINT = "install podman with `sudo apt-get install podman runc` (or run `make system-deps`)"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")


class ContainerError(Exception):
    """Something about containers went wrong; the message is one line that
    says what and how to fix it."""


def valid_name(name: str) -> bool:
    """True if `name` can name a container (the same rule podman and docker use)."""
    return bool(_NAME.fullmatch(name))


@dataclass(frozen=True)
class ContainerFacts:
    """What a container's `inspect` says, as far as this project cares (the
    same fields in podman's and docker's output)."""

    state: str
    #: The container's `LABEL` value, or None if this project did not start it.
    label: str | None
    #: The port of this machine where the app's `APP_PORT` is published.
    host_port: int | None
    environment: dict[str, str]

    @classmethod
    def from_inspect(cls, found: dict[str, Any]) -> ContainerFacts:
        """Read one element of `ENGINE inspect`'s JSON array."""
        config = found.get("Config") or {}
        published = ((found.get("NetworkSettings") or {}).get("Ports") or {}).get(
            f"{APP_PORT}/tcp"
        ) or []
        host_port = next((int(p["HostPort"]) for p in published if p.get("HostPort")), None)
        return cls(
            state=str((found.get("State") or {}).get("Status", "unknown")),
            label=(config.get("Labels") or {}).get(LABEL) or None,
            host_port=host_port,
            environment=dict(e.split("=", 1) for e in config.get("Env") or [] if "=" in e),
        )


@dataclass(frozen=True)
class Engine:
    """A container engine's command line: `podman` or `docker`."""

    program: str

    def argv(self, *arguments: str) -> list[str]:
        """The command line for `ENGINE arguments...`."""
        return [self.program, *arguments]

    def environment(self) -> dict[str, str]:
        """The environment every engine command runs with: podman reads this
        project's settings (and only those) through CONTAINERS_CONF."""
        environment = dict(os.environ)
        if Path(self.program).name == "podman":
            environment["CONTAINERS_CONF"] = str(PODMAN_CONF)
        return environment

    def run(
        self, *arguments: str, timeout: float = 60, merged: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run an engine command and capture its output (it never raises for a
        non-zero exit: callers say what a failure means). With `merged`,
        stderr joins stdout in the order it was written."""
        try:
            return subprocess.run(
                self.argv(*arguments),
                env=self.environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise ContainerError(
                f"`{self.program} {' '.join(arguments[:2])}` did not finish within {timeout:g}s"
            ) from None

    def inspect(self, container: str) -> ContainerFacts | None:
        """What the engine knows of `container`, or None if there is none."""
        result = self.run("inspect", "--type", "container", container)
        if result.returncode != 0:
            if "no such" in result.stderr.lower():
                return None
            # The engine itself is broken (storage, runtime, permissions): say
            # so, rather than "no container", which would send people the wrong way.
            raise ContainerError(
                f"{self.program} cannot inspect containers: {last_line(result.stderr)}"
            )
        return ContainerFacts.from_inspect(json.loads(result.stdout)[0])

    def state(self, container: str) -> str | None:
        """The container's state ("running", "exited", ...), or None if there is none."""
        facts = self.inspect(container)
        return None if facts is None else facts.state

    def users_of_volume(self, volume: str) -> list[str]:
        """The containers (running or not) that mount `volume`."""
        found = self.run("ps", "--all", "--filter", f"volume={volume}", "--format", "{{.Names}}")
        return found.stdout.split()

    def runs_fixture_process(self, container: str) -> bool:
        """Whether an acceptance run is using `container` right now: its
        long-lived `manage.py fixture_server` process is running there."""
        listed = self.run("top", container, "args")
        return listed.returncode == 0 and "fixture_server" in listed.stdout

    def has_image(self, image: str) -> bool:
        """True if `image` is in the engine's local store."""
        return self.run("image", "inspect", "--format", "{{.Id}}", image).returncode == 0

    def logs_tail(self, container: str, lines: int = 60) -> str:
        """The last `lines` lines the container printed (gunicorn's access and error log)."""
        # gunicorn's access log is the container's stdout, its errors stderr:
        # one stream, so a traceback sits among the requests that led to it.
        return self.run("logs", "--tail", str(lines), container, timeout=15, merged=True).stdout


def last_line(text: str) -> str:
    """The last non-blank line of an engine's output, for a one-line message."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no output"


DEBIAN_MIRROR = "http://deb.debian.org/debian"


def debian_image(
    engine: Engine,
    image: str,
    packages: list[str],
    *,
    changes: tuple[str, ...] = (),
    mirror: str = DEBIAN_MIRROR,
) -> None:
    """Make `image` from Debian bookworm's packages (mmdebstrap minbase plus
    `packages`), unless the engine has it already: no registry needed.
    `changes` are `import --change` instructions (CMD, STOPSIGNAL...)."""
    if engine.has_image(image):
        return
    if shutil.which("mmdebstrap") is None:
        raise ContainerError(
            f"making {image} needs mmdebstrap, which is not installed: "
            "`sudo apt-get install mmdebstrap` (or run `make system-deps`)"
        )
    with tempfile.TemporaryDirectory(prefix="superlists-image-") as scratch:
        rootfs = Path(scratch) / "rootfs.tar"
        made = subprocess.run(
            ["mmdebstrap", "--quiet", "--variant=minbase", f"--include={','.join(packages)}",
             "bookworm", str(rootfs), mirror],
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if made.returncode != 0:
            raise ContainerError(
                f"making {image} failed (mmdebstrap from {mirror}): "
                f"{last_line(made.stderr or made.stdout)}"
            )
        options = [part for change in changes for part in ("--change", change)]
        imported = engine.run("import", *options, str(rootfs), image, timeout=300)
        if imported.returncode != 0:
            raise ContainerError(f"importing {image} failed: {last_line(imported.stderr)}")


def find_engine(preferred: str = "auto") -> Engine:
    """The engine to use: `preferred`, or with "auto" podman if installed,
    else docker. A docker command whose daemon does not answer is refused: on
    these machines `docker` is often only a client."""
    if preferred not in ("auto", *ENGINES):
        raise ContainerError(
            f"unknown container engine {preferred!r}: use auto, {' or '.join(ENGINES)}"
        )
    candidates = ENGINES if preferred == "auto" else (preferred,)
    for program in candidates:
        path = shutil.which(program)
        if path is None:
            continue
        engine = Engine(path)
        if program == "docker" and engine.run("info", "--format", "{{.ID}}", timeout=15).returncode:
            raise ContainerError(
                f"docker is installed but no Docker engine answers it: start the Docker "
                f"daemon, or {INSTALL_HINT}"
            )
        return engine
    wanted = "podman or docker" if preferred == "auto" else preferred
    raise ContainerError(f"{wanted} is not installed: {INSTALL_HINT}")


@dataclass(frozen=True)
class Instance:
    """One copy of the app in a container: `name` is the container's, and its
    data volume's prefix; it serves on `host:port` of this machine."""

    name: str
    port: int
    host: str = "127.0.0.1"

    @property
    def volume(self) -> str:
        """The named volume that holds its database and sent emails."""
        return f"{self.name}-data"

    @property
    def url(self) -> str:
        """Where a browser reaches it."""
        return f"http://{self.host}:{self.port}"

    def run_arguments(self, *, fixtures: bool) -> list[str]:
        """`run` arguments that start it from `IMAGE`. With `fixtures`, it is a
        disposable test instance: the acceptance fixtures are on (the server's
        key of the two) and emails go to files on the volume."""
        settings = {
            "DJANGO_ALLOWED_HOST": self.host,
            # Served over plain HTTP on this machine only.
            "DJANGO_INSECURE_HTTP": "1",
            "DJANGO_ACCEPTANCE_FIXTURES": "1" if fixtures else "0",
        }
        if fixtures:
            settings["EMAIL_FILE_PATH"] = f"{CONTAINER_DATA}/emails"
        environment = [f"--env={key}={value}" for key, value in settings.items()]
        return [
            "run",
            "--detach",
            # A tiny init as PID 1 passes SIGTERM on: without it, a stop while
            # the shell is still migrating waits 10 s and then kills.
            "--init",
            f"--name={self.name}",
            f"--label={LABEL}={'test' if fixtures else 'plain'}",
            f"--publish={self.host}:{self.port}:{APP_PORT}",
            f"--volume={self.volume}:{CONTAINER_DATA}",
            *environment,
            IMAGE,
        ]


#: The disposable test instance `make container` runs and `-D server=container` targets.
TEST_INSTANCE = Instance("superlists-test", 8888)
