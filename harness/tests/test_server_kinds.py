from harness.config import REMOTE_KINDS, load_config
from harness.server import SERVER_KINDS, server_kind

STAGING = {"staging": "deploy@h:22", "staging.url": "http://h:8000"}


def test_every_kind_a_config_can_name_has_a_row():
    assert set(SERVER_KINDS) == {"local", *REMOTE_KINDS}


def test_the_kind_is_picked_from_config():
    assert server_kind(load_config({}, {}, {})) == "local"
    assert server_kind(load_config(STAGING, {"server": "staging"}, {})) == "ssh"
