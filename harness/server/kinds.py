"""The table of server kinds: one row, one object, per kind of server.

A kind knows the `NAME.*` settings of its own (`keys`), how to read them into
its target (`read`), and how to open a server of its kind for a run
(`open`). `harness.config` hands every named server to its kind, and the list
of kinds people may name is this table's. A new kind of server is a module
of its own (its target, its server, its kind object) plus one row here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from harness.run.choices import read_choice
from harness.server.base import Opening
from harness.server.container import CONTAINER
from harness.server.local import LOCAL
from harness.server.ssh import SSH
from harness.server.targets import NamedServer

if TYPE_CHECKING:
    from harness.server.base import SiteUnderTest

#: The settings every named server may have, besides its kind's own.
COMMON_KEYS = frozenset({"url", "kind", "disposable", "ca", "mailbox"})


class ServerKind(Protocol):
    """One row of the table."""

    #: What `NAME.kind` says for this kind ("local" is the built-in server).
    name: str
    #: The `NAME.*` settings this kind reads, besides `COMMON_KEYS`.
    keys: frozenset[str]

    def read(
        self, name: str, address: str, own: Mapping[str, str], common: Mapping[str, Any]
    ) -> NamedServer:
        """The target `NAME = address` with its `NAME.*` settings `own`
        (suffix -> text); `common` holds the fields every target has, read."""

    def open(self, target: NamedServer | None, opening: Opening) -> SiteUnderTest:
        """Start or connect to the server `target` (None for the local kind)."""


#: Every kind of server, by name.
SERVER_KINDS: dict[str, ServerKind] = {kind.name: kind for kind in (LOCAL, SSH, CONTAINER)}


def kind_named(name: str, value: str) -> ServerKind:
    """The kind a named server's `NAME.kind` picks (never the built-in local one)."""
    named = tuple(kind for kind in SERVER_KINDS if kind != "local")
    return SERVER_KINDS[read_choice(f"{name}.kind", value, named)]
