"""Named servers in the settings: which are declared, which `NAME.*` keys
each may have, and how the one a run targets is read (its kind reads its own
keys: `harness.server.kinds`).

A server is declared in userdata as `NAME = ADDRESS` plus `NAME.url`,
`NAME.kind` (ssh, the default, or container), `NAME.site`, `NAME.disposable`
and, by kind, `NAME.key` and `NAME.instances` (ssh; ADDRESS is user@host:port)
or `NAME.engine` (container; ADDRESS is the container's name). Any server may
name `NAME.ca`, a CA certificate the run's browsers trust for it (an https
URL signed by a private CA), and `NAME.mailbox`, `imaps://READER@HOST:PORT`,
where the harness reads the site's real email; the reader's password comes
only from the environment, `SUPERLISTS_NAME_MAILBOX_PASSWORD`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from harness.config.settings import DEFAULTS
from harness.run.choices import env_name, read_bool
from harness.run.errors import HarnessError
from harness.server.kinds import COMMON_KEYS, SERVER_KINDS, kind_named
from harness.server.targets import Mailbox, NamedServer


def declared_servers(values: Mapping[str, str]) -> list[str]:
    """The servers the settings name: `NAME = ...` with a `NAME.url`, and the
    one `server` picks (so that a missing URL is said as such)."""
    chosen = values.get("server", "").strip()
    return sorted(
        key
        for key in values
        if "." not in key and key not in DEFAULTS and (f"{key}.url" in values or key == chosen)
    )


def server_keys(values: Mapping[str, str]) -> set[str]:
    """For each declared server: its name and the `NAME.*` keys of every kind,
    its own kind's first."""
    keys: set[str] = set()
    for name in declared_servers(values):
        kind = SERVER_KINDS.get(values.get(f"{name}.kind", "ssh").strip().lower())
        # An unknown kind is said as such when the server is read; until
        # then, any kind's settings may be its.
        every = frozenset().union(*(k.keys for k in SERVER_KINDS.values()))
        suffixes = COMMON_KEYS | (kind.keys if kind else every)
        keys |= {name, f"{name}.mailbox_password", *(f"{name}.{s}" for s in suffixes)}
    return keys


def named_server(name: str, values: Mapping[str, str], environ: Mapping[str, str]) -> NamedServer:
    """The server `name` as its kind reads it, with what every kind has."""
    if name not in declared_servers(values):
        choices = ", ".join(["local", *declared_servers(values)])
        raise HarnessError(
            f"Unknown server {name!r}: use -D server=NAME with one of: {choices} "
            "(servers are declared in behave.ini [behave.userdata])"
        )
    kind = kind_named(name, values.get(f"{name}.kind", "ssh"))
    url = values.get(f"{name}.url", "").strip()
    if not url:
        raise HarnessError(
            f"Server {name!r} needs `{name}.url = https://...` (where browsers reach it) "
            "in behave.ini [behave.userdata]"
        )
    if not url.startswith(("http://", "https://")):
        raise HarnessError(
            f"Config {name}.url={url!r} is not a web address: use https://HOST or http://HOST:PORT"
        )
    ca = values.get(f"{name}.ca", "").strip()
    disposable = read_bool(f"{name}.disposable", values.get(f"{name}.disposable", "false"))
    common = {
        "name": name,
        "kind": kind.name,
        "url": url.rstrip("/"),
        "disposable": disposable,
        "ca_file": Path(ca).expanduser() if ca else None,
        # Only a disposable server's email is read (a @readonly run sends none).
        "mailbox": _mailbox(name, values.get(f"{name}.mailbox", ""), environ)
        if disposable
        else None,
    }
    prefix = f"{name}."
    own = {key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)}
    return kind.read(name, values[name].strip(), own, common)


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
