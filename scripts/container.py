"""Build the app's image and run it in a container, offline (podman, or docker).

    scripts/container build        the image (and, once, its base image)
    scripts/container up           build, then (re)start the disposable test
                                   instance on 127.0.0.1:8888 and print its URL
                                   (--no-fixtures: without the back door)
    scripts/container down         stop and remove it (its data volume stays;
                                   --wipe removes that too)
    scripts/container status       is it running, and where

`make container` is `up`; `make container-down` is `down`; the module itself
is `python -m scripts.container`, which `scripts/container` runs. Options:
--name and --port pick another instance (`make container-check` uses its own,
so it never touches yours); --engine podman|docker|auto (default auto: podman
if installed). Every failure is one `container: error:` line and exit 1.

The build needs no registry: the base image is made from Debian's packages
with mmdebstrap and imported once; the wheels are built on this machine, as
`fab deploy` does.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from deploy import PROJECT
from deploy.containers import (
    BASE_IMAGE,
    CONTAINERFILE,
    DEBIAN_MIRROR,
    IMAGE,
    LABEL,
    TEST_INSTANCE,
    ContainerError,
    Engine,
    Instance,
    debian_image,
    find_engine,
    last_line,
    valid_name,
)
from deploy.site_build import SiteDown, build_wheels, wait_until_up
from deploy.site_layout import CONTAINER_DATA, CONTAINER_SITE
from guards.locks_and_signals import (
    exit_status,
    hold_or_refuse,
    signal_of,
    stop_on_signals,
    stop_received,
)

BUILD_LOG = PROJECT / "build" / "container" / "build.log"
# podman prints "STEP 3/12: RUN ...", docker's classic builder "Step 3/12 : RUN
# ...", BuildKit "#7 [3/12] RUN ...".
_STEP = re.compile(r"^(?:STEP|Step) (\d+/\d+) ?: (.*)|^#\d+ \[[^\]]*?(\d+/\d+)\] (.*)")


def say(message: str) -> None:
    """Progress: a first build takes a minute or two."""
    print(f"==> {message}", flush=True)


def build_base(engine: Engine, mirror: str) -> None:
    """The base image, made from Debian's packages: Python and its venv module."""
    if not engine.has_image(BASE_IMAGE):
        say(f"Making the base image {BASE_IMAGE} from Debian bookworm (about 30 s, once)")
        try:
            debian_image(engine, BASE_IMAGE, ["python3", "python3-venv"], mirror=mirror)
        except ContainerError as error:
            raise ContainerError(f"the image build failed: {error}") from None


def build_image(engine: Engine, mirror: str) -> None:
    """The app's image, from container/Containerfile: cached layers make a
    rebuild with no changes take a second or two."""
    build_base(engine, mirror)
    wheels = build_wheels(say).relative_to(PROJECT)
    say(f"Building the image {IMAGE} ({engine.program})")
    BUILD_LOG.parent.mkdir(parents=True, exist_ok=True)
    command = engine.argv(
        "build", "--file", str(CONTAINERFILE.relative_to(PROJECT)), "--tag", IMAGE,
        "--build-arg", f"BASE={BASE_IMAGE}", "--build-arg", f"WHEELS={wheels}",
        "--build-arg", f"SITE={CONTAINER_SITE.root}", "--build-arg", f"DATA={CONTAINER_DATA}",
        ".",
    )  # fmt: skip
    step, last = "before its first step", ""
    pending: str | None = None  # a step shown only once it does work, not from cache
    cached = 0
    with BUILD_LOG.open("w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=engine.environment(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert process.stdout is not None
        for line in _lines_or_stop(process):
            log.write(line)
            match = _STEP.match(line.strip())
            if match:
                number, text = match.group(1, 2) if match.group(1) else match.group(3, 4)
                step = pending = f"step {number} ({text[:70]})"
            elif "Using cache" in line or line.strip() == "CACHED":
                cached, pending = cached + 1, None
            elif line.strip():
                last = line.strip()
                if pending:
                    print(f"    {pending}", flush=True)
                    pending = None
        status = process.wait()
    if stop_received():
        # The engine got the same Ctrl-C and stopped first: that is not a failure.
        raise KeyboardInterrupt
    if status == 0:
        say(f"Built {IMAGE}: {cached} step(s) from cache")
    else:
        raise ContainerError(
            f"the image build failed at {step}: {last[:200]} "
            f"(whole output in {os.path.relpath(BUILD_LOG, PROJECT)})"
        )


def _lines_or_stop(process: subprocess.Popen[str]) -> Iterator[str]:
    """The build's output as it comes; if this process is interrupted, the
    build is stopped too, rather than going on unattended."""
    assert process.stdout is not None
    try:
        yield from process.stdout
    except BaseException:
        process.terminate()
        process.wait(30)
        raise


def _port_taken(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def remove(engine: Engine, name: str) -> bool:
    """Stop and remove the container `name`; False if there was none. A
    container this project did not start is never touched."""
    facts = engine.inspect(name)
    if facts is None:
        return False
    if facts.label is None:
        raise ContainerError(
            f"container {name} was not started by scripts/container (it has no {LABEL} "
            "label): refusing to touch it; remove or rename it yourself, or use another "
            "name (`scripts/container up --name OTHER --port PORT`)"
        )
    # gunicorn stops in about a second; the time limit only bounds a stuck one.
    engine.run("stop", "--time", "5", name, timeout=60)
    removed = engine.run("rm", "--force", name, timeout=60)
    if removed.returncode != 0:
        raise ContainerError(f"could not remove container {name}: {last_line(removed.stderr)}")
    return True


def volume_label(engine: Engine, volume: str) -> str | None:
    """The volume's `LABEL` value, or None if it is missing or not this project's."""
    found = engine.run("volume", "inspect", "--format", f'{{{{index .Labels "{LABEL}"}}}}', volume)
    value = found.stdout.strip()
    return value if found.returncode == 0 and value and value != "<no value>" else None


def up(engine: Engine, instance: Instance, mirror: str, fixtures: bool = True) -> None:
    """Build, then start `instance` afresh: a disposable test instance, or
    without `fixtures` one like production (no back door, SMTP email)."""
    _refuse_if_in_use(engine, instance)
    build_image(engine, mirror)
    _refuse_if_in_use(engine, instance)  # a run may have started during the build
    old = engine.inspect(instance.name)
    # Checked before the old container goes: a failed `up` must not cost the
    # running one. The port the old container holds itself is no obstacle.
    if _port_taken(instance.host, instance.port) and not (
        old is not None and old.state == "running" and old.host_port == instance.port
    ):
        raise ContainerError(
            f"port {instance.port} on {instance.host} is already in use by another program: "
            f"stop it, or choose another with --port (and run the suite with "
            f"-D container.url=http://{instance.host}:PORT)"
        )
    if remove(engine, instance.name):
        say(f"Replaced the old container {instance.name}; its data volume stays")
    if engine.run("volume", "inspect", instance.volume).returncode != 0:
        # Made here, labelled, so that `down --wipe` only ever removes our own.
        engine.run("volume", "create", "--label", f"{LABEL}=data", instance.volume)
    say(f"Starting {instance.name} on {instance.url}")
    try:
        started = engine.run(*instance.run_arguments(fixtures=fixtures), timeout=120)
        if started.returncode != 0:
            raise ContainerError(
                f"container {instance.name} did not start: {last_line(started.stderr)}"
            )
        try:
            wait_until_up(instance.url + "/")
        except SiteDown as error:
            log = last_line(engine.logs_tail(instance.name, 20))
            raise ContainerError(f"{error}; its log ended: {log}") from None
    except BaseException:
        # Nothing half-started is left behind: not on a failure, not on Ctrl-C.
        try:
            remove(engine, instance.name)
        except ContainerError:
            pass  # the first failure is the one to report
        raise
    print(
        f"superlists is serving at {instance.url}/ (container {instance.name}, "
        f"{'a disposable test instance' if fixtures else 'no acceptance fixtures'}; "
        f"data in volume {instance.volume}).",
        flush=True,
    )
    print(f"  run the suite against it: {suite_command(instance, fixtures)}")
    print(f"  stop it: {stop_command(instance)}", flush=True)


def suite_command(instance: Instance, fixtures: bool) -> str:
    """The behave command line for `instance`."""
    command = ".venv/bin/behave -D server=container"
    if instance != TEST_INSTANCE:
        command += f" -D container={instance.name} -D container.url={instance.url}"
    # Without the back door only @readonly scenarios can run, and the config must say so.
    return command if fixtures else command + " -D container.disposable=false"


def stop_command(instance: Instance) -> str:
    """The command that stops `instance`."""
    if instance == TEST_INSTANCE:
        return "make container-down"
    return f"scripts/container down --name {instance.name}"


def _refuse_if_in_use(engine: Engine, instance: Instance) -> None:
    """Replacing or stopping a container an acceptance run is using would pull
    the site from under it: refused, in one line."""
    if engine.runs_fixture_process(instance.name):
        raise ContainerError(
            f"container {instance.name} is in use by an acceptance run (its fixture process "
            "is running): wait for the run to finish, or stop it (Ctrl-C), then try again"
        )


def down(engine: Engine, instance: Instance, wipe: bool) -> None:
    """Stop and remove `instance`; with `wipe`, its data volume too."""
    _refuse_if_in_use(engine, instance)
    if remove(engine, instance.name):
        print(f"stopped and removed container {instance.name}")
    else:
        print(f"no container {instance.name}: nothing to stop")
    if wipe:
        if engine.run("volume", "inspect", instance.volume).returncode != 0:
            return
        if volume_label(engine, instance.volume) is None:
            raise ContainerError(
                f"volume {instance.volume} was not made by scripts/container (no {LABEL} "
                "label): refusing to remove it"
            )
        users = engine.users_of_volume(instance.volume)
        if users:
            raise ContainerError(
                f"volume {instance.volume} is in use by container {', '.join(users)}: "
                "refusing to remove it (remove that container first)"
            )
        removed = engine.run("volume", "rm", instance.volume)
        if removed.returncode != 0:
            raise ContainerError(
                f"could not remove volume {instance.volume}: {last_line(removed.stderr)}"
            )
        print(f"removed its data volume {instance.volume}")
    elif engine.run("volume", "inspect", instance.volume).returncode == 0:
        print(
            f"its data volume {instance.volume} is kept "
            "(`scripts/container down --wipe` removes it)"
        )


def status(engine: Engine, instance: Instance) -> int:
    """Print whether `instance` runs; exit status 0 only if it does."""
    state = engine.state(instance.name)
    if state is None:
        start = (
            "make container"
            if instance == TEST_INSTANCE
            else f"scripts/container up --name {instance.name} --port {instance.port}"
        )
        print(f"no container {instance.name} (`{start}` starts it)")
        return 1
    print(f"container {instance.name}: {state}, {instance.url}/")
    return 0 if state == "running" else 1


def main() -> int:
    """The command line: one action on one instance; the exit status."""
    parser = argparse.ArgumentParser(
        prog="scripts/container", description="Build and run the app in a container."
    )
    parser.add_argument("action", choices=("build", "up", "down", "status"))
    parser.add_argument("--name", default=TEST_INSTANCE.name, help="container name")
    parser.add_argument("--port", type=int, default=TEST_INSTANCE.port, help="port on 127.0.0.1")
    parser.add_argument("--engine", default="auto", help="podman, docker or auto")
    parser.add_argument("--mirror", default=DEBIAN_MIRROR, help="Debian mirror for the base")
    parser.add_argument("--wipe", action="store_true", help="down: remove the data volume too")
    parser.add_argument(
        "--no-fixtures",
        action="store_true",
        help="up: without the acceptance fixtures (as production would run it)",
    )
    args = parser.parse_args()
    if not valid_name(args.name):
        parser.error(
            f"--name {args.name!r} cannot name a container: use up to 63 letters, digits, "
            ". _ or -, starting with a letter or digit"
        )
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port} is not a port: use 1-65535")
    instance = Instance(args.name, args.port)
    started = time.perf_counter()
    # A SIGTERM or SIGHUP stops it as Ctrl-C does: through the same clean-up.
    stop_on_signals()
    try:
        lock = _one_at_a_time(instance.name if args.action in ("up", "down") else None)
        engine = find_engine(args.engine)
        if args.action == "build":
            build_image(engine, args.mirror)
            say(f"Done in {time.perf_counter() - started:.1f}s")
        elif args.action == "up":
            up(engine, instance, args.mirror, fixtures=not args.no_fixtures)
        elif args.action == "down":
            down(engine, instance, args.wipe)
        else:
            return status(engine, instance)
    except ContainerError as error:
        print(f"container: error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:  # pip wheel, whose own error is above
        print(
            f"container: error: the image build failed building the wheels "
            f"(`{' '.join(map(str, error.cmd[1:5]))} ...` exited {error.returncode})",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt as stop:
        print(f"container: interrupted by {signal_of(stop).name}", file=sys.stderr)
        return exit_status(stop)
    except OSError as error:
        print(f"container: error: {error}", file=sys.stderr)
        return 1
    del lock  # held until here
    return 0


def _one_at_a_time(name: str | None) -> object:
    """A lock held while this process starts or stops container `name`: two at
    once would remove each other's work. Refused in one line if it is held."""
    if name is None:
        return None
    return hold_or_refuse(
        PROJECT / "build" / "container" / f"{name}.lock",
        ContainerError(f"another scripts/container is starting or stopping {name}: wait for it"),
    )


if __name__ == "__main__":
    sys.exit(main())
