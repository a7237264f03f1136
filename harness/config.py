"""Run configuration, parsed once per run into a frozen dataclass.

Order of precedence, lowest first:

1. built-in defaults (`DEFAULTS` below);
2. `behave.ini`, section `[behave.userdata]`;
3. environment variables: `SUPERLISTS_` + the key upper-cased, dots and dashes
   as underscores (`wait_timeout` -> `SUPERLISTS_WAIT_TIMEOUT`,
   `staging.url` -> `SUPERLISTS_STAGING_URL`);
4. `behave -D key=value` on the command line.

Named servers are declared in userdata as `NAME = ADDRESS` plus `NAME.url`,
`NAME.kind` (ssh, the default, or container), `NAME.site`, `NAME.disposable`
and, by kind, `NAME.key` and `NAME.instances` (ssh; ADDRESS is user@host:port)
or `NAME.engine` (container; ADDRESS is the container's name). Any server may
name `NAME.ca`, a CA certificate the run's browsers trust for it (an https
URL signed by a private CA), and `NAME.mailbox`, `imaps://READER@HOST:PORT`,
where the harness reads the site's real email; the reader's password comes
only from the environment, `SUPERLISTS_NAME_MAILBOX_PASSWORD`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from deploy.containers import ENGINES, valid_name
from deploy.site_layout import CONTAINER_SITE, SiteLayout, instance_port
from harness.errors import HarnessError
from harness.shards import Shard, parse_shard

DEFAULTS: dict[str, str] = {
    "server": "local",
    "headless": "true",
    "wait_timeout": "5",
    "artifacts_dir": "artifacts",
    "chromium": "/usr/lib/chromium/chromium-headless-shell",
    "chromedriver": "/usr/bin/chromedriver",
    "grid_url": "",
    "window_size": "1024,768",
    # Seconds to wait for an SSH server to answer, from TCP connect to login.
    "connect_timeout": "5",
    # Seconds one fixture request (reset, session, email) may take on a server.
    "fixture_timeout": "30",
    # Names this run's scratch (test database, JUnit, artefacts). Empty: made
    # up from the time and pid; a parallel runner gives each worker its own.
    "run_id": "",
    # The HTML report every run writes; "off" for none.
    "report": "reports/acceptance.html",
    # Extra attempts for a scenario tagged @flaky; "off" (or 0) for a strict gate.
    "retries": "2",
    # Screenshots in the report: "failures", or "all" (every scenario's last view).
    "screenshots": "failures",
    # I/N: run only the I-th of N deterministic slices of the suite (CI shards).
    "shard": "",
    # Where the local live server listens, and the host name browsers use to
    # reach it (default: the same). A Grid on other machines needs 0.0.0.0 and
    # this machine's address.
    "live_server_host": "localhost",
    "site_host": "",
}

#: The most extra attempts a @flaky scenario may get.
MAX_RETRIES = 5

#: The longest a single check may keep retrying, in seconds.
MAX_WAIT_TIMEOUT = 600.0
#: The longest any other configured timeout may be, in seconds.
MAX_TIMEOUT = 600.0

_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class RemoteTarget:
    """A deployed server the suite can run against."""

    name: str
    #: ssh: user@host:port, the form Fabric's Connection parses; container:
    #: the container's name.
    address: str
    url: str
    key_file: Path | None
    site_dir: str
    disposable: bool
    #: Isolated copies deployed for parallel runs (`fab deploy --instances N`).
    instances: int = 1
    #: How the harness reaches it: a key of `harness.server.SERVER_KINDS`.
    kind: str = "ssh"
    #: container: the engine that runs it (podman, docker, or auto: podman if installed).
    engine: str = "auto"
    #: A CA certificate the run's browsers trust for this server (a private CA's).
    ca_file: Path | None = None
    #: Where the site's real email is read: IMAPS, or None (the fixture
    #: process reads a file-based email folder).
    mailbox: Mailbox | None = None

    def instance(self, number: int) -> RemoteTarget:
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


@dataclass(frozen=True)
class Mailbox:
    """An IMAPS server holding one mailbox per address, which `reader` may
    open for any address (a master login: `ADDRESS*reader`)."""

    host: str
    port: int
    reader: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Config:
    """Everything a run is configured with; built once in `before_all`."""

    server: str
    headless: bool
    wait_timeout: float
    artifacts_dir: Path
    chromium: Path
    chromedriver: Path
    grid_url: str
    window_size: tuple[int, int]
    connect_timeout: float
    fixture_timeout: float
    run_id: str
    report: Path | None
    retries: int
    screenshots_of_all: bool
    shard: Shard | None
    live_server_host: str
    site_host: str
    remote: RemoteTarget | None

    @property
    def is_local(self) -> bool:
        """True when the suite starts its own in-process live server."""
        return self.remote is None


def env_name(key: str) -> str:
    """The environment variable that overrides userdata `key`."""
    return "SUPERLISTS_" + key.upper().replace(".", "_").replace("-", "_")


def _merge(
    ini: Mapping[str, str], defines: Mapping[str, str], environ: Mapping[str, str]
) -> dict[str, str]:
    merged = dict(DEFAULTS)
    merged.update(ini)
    for key in merged:
        if env_name(key) in environ:
            merged[key] = environ[env_name(key)]
    merged.update(defines)
    return merged


def _bool(key: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise HarnessError(f"Config {key}={value!r} is not a boolean: use true or false")


def _seconds(key: str, value: str, most: float) -> float:
    """A duration in seconds, 0 < t <= most. NaN and infinity are refused: a
    deadline that can never pass would make a failing check retry forever."""
    try:
        number = float(value)
    except ValueError:
        raise HarnessError(f"Config {key}={value!r} is not a number: use e.g. {key}=5") from None
    if not (math.isfinite(number) and 0 < number <= most):
        raise HarnessError(
            f"Config {key}={value!r} is out of range: use a number of seconds "
            f"above 0 and at most {most:g}"
        )
    return number


def _run_id(value: str) -> str:
    if value and not _RUN_ID.fullmatch(value):
        raise HarnessError(
            f"Config run_id={value!r} is not usable as a folder name: use up to 64 "
            "letters, digits, dots, dashes or underscores"
        )
    return value


def _report(value: str) -> Path | None:
    value = value.strip()
    if value.lower() in _FALSE - {""}:
        return None
    path = Path(value)
    if not (path.suffix.lower() in (".html", ".htm") and path.stem and not value.endswith("/")):
        raise HarnessError(
            f"Config report={value!r} is not an .html file: use e.g. "
            "report=reports/acceptance.html, or report=off"
        )
    return path


def _retries(value: str) -> int:
    value = value.strip().lower()
    if value in _FALSE:
        return 0
    if not (value.isascii() and value.isdigit() and int(value) <= MAX_RETRIES):
        raise HarnessError(
            f"Config retries={value!r} is not a number of retries: use 0-{MAX_RETRIES}, or off"
        )
    return int(value)


def _screenshots(value: str) -> bool:
    value = value.strip().lower()
    if value not in ("failures", "all"):
        raise HarnessError(f"Config screenshots={value!r} is unknown: use failures or all")
    return value == "all"


_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


def _host(key: str, value: str) -> str:
    value = value.strip()
    if value and not _HOST.fullmatch(value):
        raise HarnessError(
            f"Config {key}={value!r} is not a host name or address: use e.g. {key}=192.168.1.5"
        )
    return value


def _window(value: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in value.split(",") if part.isascii())
    except ValueError:
        width = height = 0
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise HarnessError(
            f"Config window_size={value!r} is malformed: use WIDTH,HEIGHT e.g. 1024,768"
        )
    return width, height


def _remote(name: str, values: Mapping[str, str], environ: Mapping[str, str]) -> RemoteTarget:
    declared = sorted(k for k in values if "." not in k and f"{k}.url" in values)
    if name not in values:
        choices = ", ".join(["local", *declared])
        raise HarnessError(
            f"Unknown server {name!r}: use -D server=NAME with one of: {choices} "
            "(servers are declared in behave.ini [behave.userdata])"
        )
    kind = _kind(name, values.get(f"{name}.kind", "ssh"))
    address = values[name].strip()
    url = values.get(f"{name}.url", "")
    if kind == "container":
        _check_container(name, address, url)
    else:
        _check_ssh(name, address, url)
    if not url.startswith(("http://", "https://")):
        raise HarnessError(f"Config {name}.url={url!r} is not a web address: use http://HOST:PORT")
    key = values.get(f"{name}.key", "")
    ca = values.get(f"{name}.ca", "").strip()
    disposable = _bool(f"{name}.disposable", values.get(f"{name}.disposable", "false"))
    default_site = CONTAINER_SITE.root if kind == "container" else "~/sites/superlists"
    return RemoteTarget(
        name=name,
        address=address,
        url=url.rstrip("/"),
        key_file=Path(key).expanduser() if key else None,
        site_dir=values.get(f"{name}.site", default_site),
        disposable=disposable,
        instances=_instances(name, values.get(f"{name}.instances", "1"), kind),
        kind=kind,
        engine=_engine(name, values.get(f"{name}.engine", "auto")),
        ca_file=Path(ca).expanduser() if ca else None,
        # Only a disposable server's email is read (a @readonly run sends none).
        mailbox=_mailbox(name, values.get(f"{name}.mailbox", ""), environ) if disposable else None,
    )


def _mailbox(name: str, value: str, environ: Mapping[str, str]) -> Mailbox | None:
    value = value.strip()
    secret = env_name(f"{name}.mailbox_password")
    if not value:
        return None
    parts = urlsplit(value)
    # Checked first, and never echoed: the value holds a secret.
    if parts.password is not None:
        raise HarnessError(
            f"Config {name}.mailbox holds a password: remove it, and set {secret} "
            "in the environment instead (never in files or on the command line)"
        )
    try:
        port = parts.port or 993
    except ValueError:
        port = 0
    if parts.scheme != "imaps" or not parts.username or not parts.hostname or not port:
        raise HarnessError(
            f"Config {name}.mailbox={value!r} is not an IMAPS address: use "
            "imaps://READER@HOST:993 (the password goes in the environment)"
        )
    password = environ.get(secret, "")
    if not password:
        raise HarnessError(
            f"{name}.mailbox needs the reader's password in the environment variable {secret}"
            " (for the local staging host: set -a; . .staging/env; set +a)"
        )
    return Mailbox(parts.hostname, port, parts.username, password)


def _check_ssh(name: str, address: str, url: str) -> None:
    # Parsed as the fixture layer's SSH connection parses it: host, then port.
    port = address.partition("@")[2].partition(":")[2] or "22"
    if "@" not in address or not url or not (port.isascii() and port.isdigit()):
        raise HarnessError(
            f"Server {name!r} needs `{name} = user@host:port` and `{name}.url = http://...` "
            "in behave.ini [behave.userdata]"
        )
    if not 0 < int(port) < 65536:
        raise HarnessError(f"Server {name!r} has port {port} in {address!r}: use a port 1-65535")


def _check_container(name: str, address: str, url: str) -> None:
    if not (valid_name(address) and url):
        raise HarnessError(
            f"Server {name!r} needs `{name} = CONTAINER-NAME` (letters, digits, . _ -) and "
            f"`{name}.url = http://...` in behave.ini [behave.userdata]"
        )


def _engine(name: str, value: str) -> str:
    value = value.strip().lower()
    if value not in ("auto", *ENGINES):
        raise HarnessError(
            f"Config {name}.engine={value!r} is unknown: use auto, {' or '.join(ENGINES)}"
        )
    return value


#: Kinds a named server may be (`local` is the built-in server's).
REMOTE_KINDS = ("ssh", "container")


def _kind(name: str, value: str) -> str:
    value = value.strip().lower()
    if value not in REMOTE_KINDS:
        raise HarnessError(
            f"Config {name}.kind={value!r} is unknown: use one of {', '.join(REMOTE_KINDS)}"
        )
    return value


def _instances(name: str, value: str, kind: str) -> int:
    value = value.strip()
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 16):
        raise HarnessError(
            f"Config {name}.instances={value!r} is not a number of instances: use 1-16"
        )
    if kind == "container" and value != "1":
        raise HarnessError(
            f"Config {name}.instances={value!r}: a container server is one instance; "
            "use 1 (parallel workers need a staging server with instances)"
        )
    return int(value)


def load_config(
    ini: Mapping[str, str],
    defines: Mapping[str, str],
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the run's `Config`.

    `ini` is behave's userdata (behave.ini already merged with `-D`), `defines`
    the `-D` pairs alone, so environment variables can sit between the two.
    """
    environ = os.environ if environ is None else environ
    values = _merge(ini, defines, environ)
    server = values["server"].strip()
    secrets = sorted(key for key in {**ini, **defines} if key.endswith("_password"))
    if secrets:
        raise HarnessError(
            f"Config {secrets[0]} is a password in a file or on the command line: set "
            f"{env_name(secrets[0])} in the environment instead"
        )
    return Config(
        server=server,
        headless=_bool("headless", values["headless"]),
        wait_timeout=_seconds("wait_timeout", values["wait_timeout"], most=MAX_WAIT_TIMEOUT),
        artifacts_dir=Path(values["artifacts_dir"]),
        chromium=Path(values["chromium"]),
        chromedriver=Path(values["chromedriver"]),
        grid_url=values["grid_url"].strip(),
        window_size=_window(values["window_size"]),
        connect_timeout=_seconds("connect_timeout", values["connect_timeout"], most=MAX_TIMEOUT),
        fixture_timeout=_seconds("fixture_timeout", values["fixture_timeout"], most=MAX_TIMEOUT),
        run_id=_run_id(values["run_id"].strip()),
        report=_report(values["report"]),
        retries=_retries(values["retries"]),
        screenshots_of_all=_screenshots(values["screenshots"]),
        shard=parse_shard(values["shard"]),
        live_server_host=_host("live_server_host", values["live_server_host"]) or "localhost",
        site_host=_host("site_host", values["site_host"]),
        remote=None if server == "local" else _remote(server, values, environ),
    )
