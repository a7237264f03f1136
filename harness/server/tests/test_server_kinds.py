"""The table of server kinds: each row reads its own settings and opens its server."""

from dataclasses import dataclass

import pytest

from harness.config import load_config
from harness.run.errors import HarnessError
from harness.server import SERVER_KINDS, open_server, server_kind
from harness.server.kinds import COMMON_KEYS
from harness.server.targets import NamedServer

STAGING = {"staging": "deploy@h:22", "staging.url": "http://h:8000"}


def test_the_kind_is_picked_from_config():
    assert server_kind(load_config({}, {}, {})) == "local"
    assert server_kind(load_config(STAGING, {"server": "staging"}, {})) == "ssh"


def test_the_kinds_a_config_may_name_are_the_tables_rows():
    ini = {**STAGING, "staging.kind": "carrier-pigeon"}
    with pytest.raises(HarnessError, match="use one of ssh, container$"):
        load_config(ini, {"server": "staging"}, {})


@dataclass(frozen=True, kw_only=True)
class MemoryTarget(NamedServer):
    shelf: str


class MemoryKind:
    """A kind known only to this test: one object, one row."""

    name = "memory"
    keys = frozenset({"shelf"})
    opened: list[NamedServer] = []

    def read(self, name, address, own, common):
        return MemoryTarget(**common, site_dir=address, shelf=own.get("shelf", "top"))

    def open(self, target, opening):
        self.opened.append(target)
        return "a server"


def test_a_new_kind_is_one_object_and_one_row(monkeypatch):
    monkeypatch.setitem(SERVER_KINDS, "memory", MemoryKind())
    ini = {"mem": "here", "mem.url": "http://mem", "mem.kind": "memory", "mem.shelf": "low"}
    config = load_config(ini, {"server": "mem"}, {})
    assert config.remote == MemoryTarget(
        name="mem", kind="memory", url="http://mem", disposable=False, site_dir="here",
        shelf="low",
    )  # fmt: skip
    assert open_server(config, test_db=None) == "a server"  # type: ignore[arg-type]
    assert MemoryKind.opened == [config.remote]
    # Its own settings are known to the config; another kind's are not.
    with pytest.raises(HarnessError, match="Unknown setting 'mem.engine'"):
        load_config({**ini, "mem.engine": "podman"}, {"server": "mem"}, {})


def test_every_row_names_itself_and_reads_no_common_key_as_its_own():
    for name, kind in SERVER_KINDS.items():
        assert kind.name == name
        assert not kind.keys & COMMON_KEYS
