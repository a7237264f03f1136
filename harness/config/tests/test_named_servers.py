"""Named servers: declared in the settings, read by their kind, with their CA
and mailbox."""

from pathlib import Path

import pytest

from harness.config import load_config
from harness.config.tests.config_errors import (
    HTTPS_STAGING,
    MAILBOX_SECRET,
    STAGING,
    config_error,
)
from harness.server.ssh import SSHTarget
from harness.server.targets import Mailbox


def test_local_server_has_no_remote_target():
    config = load_config({"server": "local", **STAGING}, {}, {})
    assert config.remote is None
    assert config.is_local is True


def test_named_server_becomes_a_remote_target():
    config = load_config(STAGING, {"server": "staging"}, {})
    assert config.is_local is False
    assert config.remote == SSHTarget(
        name="staging",
        kind="ssh",
        address="deploy@staging.example.com:2222",
        url="http://staging.example.com:8080",
        key_file=Path("~/.ssh/staging_key").expanduser(),
        site_dir="~/sites/superlists",
        disposable=True,
    )


def test_remote_target_optional_fields():
    ini = {"prod": "me@prod:22", "prod.url": "https://prod", "prod.site": "/srv/site"}
    remote = load_config(ini, {"server": "prod"}, {}).remote
    assert remote is not None
    assert remote.key_file is None
    assert remote.site_dir == "/srv/site"
    assert remote.disposable is False


def test_bad_disposable_flag_names_the_key():
    message = config_error({**STAGING, "staging.disposable": "perhaps"}, {"server": "staging"})
    assert "staging.disposable" in message


def test_unknown_server_lists_the_choices():
    ini = {**STAGING, "prod": "me@prod:22", "prod.url": "https://prod"}
    message = config_error(ini, {"server": "stagign"})
    assert "'stagign'" in message
    assert "local, prod, staging" in message


def test_server_without_url_is_rejected():
    message = config_error({"qa": "me@qa:22"}, {"server": "qa"})
    assert "'qa'" in message
    assert "qa.url" in message


def test_server_without_user_is_rejected():
    message = config_error({"qa": "qa:22", "qa.url": "http://qa"}, {"server": "qa"})
    assert "'qa'" in message


def test_environment_overrides_namespaced_key():
    config = load_config(
        STAGING, {"server": "staging"}, {"SUPERLISTS_STAGING_URL": "http://elsewhere/"}
    )
    assert config.remote is not None
    assert config.remote.url == "http://elsewhere"


def test_environment_can_choose_the_server():
    config = load_config(STAGING, {}, {"SUPERLISTS_SERVER": "staging"})
    assert config.remote is not None
    assert config.remote.name == "staging"


def test_non_numeric_ssh_port_is_reported_in_one_line():
    message = config_error(
        ini={"staging": "deploy@10.200.0.2:abc", "staging.url": "http://10.200.0.2:8000"},
        defines={"server": "staging"},
    )
    assert "staging" in message and "user@host:port" in message
    assert "\n" not in message


@pytest.mark.parametrize("port", ["0", "65536", "99999"])
def test_a_server_port_must_be_a_real_port(port):
    ini = {"qa": f"me@qa:{port}", "qa.url": "http://qa"}
    assert "port" in config_error(ini, {"server": "qa"})


def test_a_server_url_must_be_a_web_address():
    ini = {"qa": "me@qa:22", "qa.url": "qa.example.com"}
    assert "qa.url" in config_error(ini, {"server": "qa"})


@pytest.mark.parametrize("ssh", ["me@[::1]:2222", "me@qa:22:1", "me@qa:\u0662\u0662"])
def test_a_server_address_the_ssh_layer_cannot_parse_is_refused_up_front(ssh):
    assert "user@host:port" in config_error({"qa": ssh, "qa.url": "http://qa"}, {"server": "qa"})


def test_staging_instances_sit_beside_the_site_on_consecutive_ports():
    target = load_config({**STAGING, "staging.instances": "3"}, {"server": "staging"}, {}).remote
    assert target.instances == 3
    assert target.instance(1) is target
    second = target.instance(2)
    assert (second.url, second.site_dir) == (
        "http://staging.example.com:8081",
        "~/sites/superlists/instances/2",
    )
    assert target.instance(3).url == "http://staging.example.com:8082"


@pytest.mark.parametrize("value", ["0", "17", "two", ""])
def test_bad_instances_is_one_line(value):
    message = config_error({**STAGING, "staging.instances": value}, {"server": "staging"})
    assert "staging.instances" in message


def test_a_named_server_is_reached_over_ssh_unless_it_says_otherwise():
    assert load_config(STAGING, {"server": "staging"}, {}).remote.kind == "ssh"
    message = config_error({**STAGING, "staging.kind": "carrier-pigeon"}, {"server": "staging"})
    assert "staging.kind='carrier-pigeon' is unknown: use one of ssh, container" in message


CONTAINER = {
    "box": "superlists-test",
    "box.kind": "container",
    "box.url": "http://127.0.0.1:8888/",
}


def test_a_container_server_is_named_by_its_container():
    target = load_config(CONTAINER, {"server": "box"}, {}).remote
    assert (target.kind, target.container, target.url) == (
        "container",
        "superlists-test",
        "http://127.0.0.1:8888",
    )
    # Inside the image, the site is where the Containerfile puts it; nothing
    # is disposable unless the config says so.
    assert (target.site_dir, target.disposable, target.engine) == ("/srv/superlists", False, "auto")


@pytest.mark.parametrize("name", ["", "-leading-dash", "has space", "a/b", "deploy@host:22"])
def test_a_container_name_no_engine_accepts_is_refused_in_one_line(name):
    message = config_error({**CONTAINER, "box": name}, {"server": "box"})
    assert "needs `box = CONTAINER-NAME`" in message


def test_an_unknown_container_engine_is_refused():
    message = config_error({**CONTAINER, "box.engine": "lxc"}, {"server": "box"})
    assert "box.engine='lxc' is unknown: use one of auto, podman, docker" in message
    assert load_config(
        {**CONTAINER, "box.engine": "Docker"}, {"server": "box"}, {}
    ).remote.engine == ("docker")


def test_a_container_is_one_instance():
    message = config_error({**CONTAINER, "box.instances": "2"}, {"server": "box"})
    assert "a container server is one instance" in message


def test_the_container_server_can_be_pointed_elsewhere_from_the_command_line():
    target = load_config(
        CONTAINER, {"server": "box", "box": "other", "box.url": "http://127.0.0.1:8889"}, {}
    ).remote
    assert (target.container, target.url) == ("other", "http://127.0.0.1:8889")


def test_a_server_may_name_the_ca_its_browsers_trust():
    target = load_config(HTTPS_STAGING, {"server": "staging"}, MAILBOX_SECRET).remote
    assert target.ca_file == Path("~/.staging/ca.pem").expanduser()
    assert load_config(STAGING, {"server": "staging"}, {}).remote.ca_file is None


def test_a_disposable_servers_mailbox_takes_its_password_from_the_environment():
    target = load_config(HTTPS_STAGING, {"server": "staging"}, MAILBOX_SECRET).remote
    assert target.mailbox == Mailbox("10.200.0.3", 993, "harness", "hunter2-secret")


def test_a_mailbox_without_a_port_is_on_the_imaps_port():
    ini = {**HTTPS_STAGING, "staging.mailbox": "imaps://harness@mail.example"}
    target = load_config(ini, {"server": "staging"}, MAILBOX_SECRET).remote
    assert (target.mailbox.host, target.mailbox.port) == ("mail.example", 993)


def test_a_server_without_a_mailbox_has_none():
    assert load_config(STAGING, {"server": "staging"}, MAILBOX_SECRET).remote.mailbox is None


def test_a_mailbox_without_its_password_in_the_environment_is_refused():
    message = config_error(HTTPS_STAGING, {"server": "staging"}, {})
    assert "staging.mailbox" in message
    assert "SUPERLISTS_STAGING_MAILBOX_PASSWORD" in message


def test_the_mailbox_password_is_read_from_the_environment_given_not_from_userdata():
    # An environment with the password for another server does not do.
    message = config_error(
        HTTPS_STAGING, {"server": "staging"}, {"SUPERLISTS_OTHER_MAILBOX_PASSWORD": "x"}
    )
    assert "SUPERLISTS_STAGING_MAILBOX_PASSWORD" in message


@pytest.mark.parametrize(
    "value",
    [
        "imaps://harness:hunter2-secret@10.200.0.3:993",
        "imaps://harness:@10.200.0.3",
        # Malformed as well: the password must not leak through the other error.
        "imap://harness:hunter2-secret@10.200.0.3:99999",
    ],
)
def test_a_password_in_the_mailbox_address_is_refused_without_repeating_it(value):
    ini = {**HTTPS_STAGING, "staging.mailbox": value}
    message = config_error(ini, {"server": "staging"}, MAILBOX_SECRET)
    assert "staging.mailbox holds a password" in message
    assert "SUPERLISTS_STAGING_MAILBOX_PASSWORD" in message
    assert "hunter2-secret" not in message


@pytest.mark.parametrize(
    "value",
    [
        "imap://harness@10.200.0.3:143",
        "https://harness@10.200.0.3",
        "imaps://10.200.0.3:993",
        "imaps://harness@:993",
        "imaps://harness@10.200.0.3:notaport",
    ],
)
def test_a_mailbox_that_is_not_an_imaps_address_is_refused(value):
    message = config_error({**HTTPS_STAGING, "staging.mailbox": value}, {"server": "staging"})
    assert f"staging.mailbox={value!r} is not an IMAPS address" in message
    assert "imaps://READER@HOST:993" in message


def test_a_server_that_is_not_disposable_needs_no_mailbox_password():
    ini = {**HTTPS_STAGING, "staging.disposable": "no"}
    target = load_config(ini, {"server": "staging"}, {}).remote
    assert target.mailbox is None
    assert target.ca_file is not None


def test_the_mailbox_password_never_shows_in_a_repr():
    config = load_config(HTTPS_STAGING, {"server": "staging"}, MAILBOX_SECRET)
    for shown in (repr(config.remote.mailbox), repr(config.remote), repr(config), str(config)):
        assert "hunter2-secret" not in shown
    assert "harness" in repr(config.remote.mailbox)


@pytest.mark.parametrize(
    ("url", "second", "third"),
    [
        ("https://10.200.0.2", "https://10.200.0.2:444", "https://10.200.0.2:445"),
        ("http://h", "http://h:81", "http://h:82"),
        ("http://h:8000", "http://h:8001", "http://h:8002"),
        ("https://h:8443/", "https://h:8444", "https://h:8445"),
        ("https://[::1]", "https://[::1]:444", "https://[::1]:445"),
    ],
)
def test_instances_follow_the_first_port_of_the_urls_scheme(url, second, third):
    target = load_config(
        {**STAGING, "staging.url": url, "staging.instances": "3"}, {"server": "staging"}, {}
    ).remote
    assert (target.instance(2).url, target.instance(3).url) == (second, third)
    assert target.instance(2).instances == 1
