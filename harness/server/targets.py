"""What a named server is: the `NAME = ...` and `NAME.*` lines of behave.ini.

`NamedServer` holds what every kind reads (its URL, whether it is disposable,
the CA its certificate comes from, where its email can be read); each kind
of server extends it, in its own module, with what only it has
(`harness.server.ssh.SSHTarget`, `harness.server.container.ContainerTarget`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Mailbox:
    """An IMAPS server holding one mailbox per address, which `reader` may
    open for any address (a master login: `ADDRESS*reader`)."""

    host: str
    port: int
    reader: str
    password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class NamedServer:
    """A server named in behave.ini, as every kind of server has it."""

    name: str
    #: Its row in `harness.server.kinds.SERVER_KINDS`.
    kind: str
    url: str
    #: The config's key: scenarios may flush its data (the server must opt in too).
    disposable: bool
    #: The site's folder there (`deploy.site_layout.SiteLayout`).
    site_dir: str
    #: A CA certificate the run's browsers trust for it (a private CA's).
    ca_file: Path | None = None
    #: Where its real email is read; None: the fixture process reads its email folder.
    mailbox: Mailbox | None = None
    #: Isolated copies of it, one per parallel worker.
    instances: int = 1

    def instance(self, number: int) -> NamedServer:
        """Copy `number` of this server (1 is itself)."""
        if number != 1:
            raise ValueError(f"{self.name} has one instance, not {number}")
        return self

    def more_instances_hint(self) -> str:
        """How to give this server more instances, for a one-line refusal."""
        return f"{self.name} is one instance: use -j 1"
