import re
from pathlib import Path

import pytest

from harness.config import DEFAULTS, load_config
from harness.run.choices import env_name
from harness.run.errors import HarnessError
from harness.server.ssh import SSHTarget
from harness.server.targets import Mailbox

STAGING = {
    "staging": "deploy@staging.example.com:2222",
    "staging.url": "http://staging.example.com:8080/",
    "staging.key": "~/.ssh/staging_key",
    "staging.disposable": "yes",
}


def config_error(ini=None, defines=None, environ=None) -> str:
    with pytest.raises(HarnessError) as caught:
        load_config(ini or {}, defines or {}, environ or {})
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_defaults_apply_when_nothing_is_set():
    config = load_config({}, {}, {})
    assert config.server == "local"
    assert config.headless is True
    assert config.wait_timeout == 5.0
    assert config.artifacts_dir == Path("artifacts")
    assert config.chromium == Path(DEFAULTS["chromium"])
    assert config.chromedriver == Path(DEFAULTS["chromedriver"])
    assert config.grid_url == ""
    assert config.window_size == (1024, 768)


def test_ini_overrides_defaults():
    config = load_config(
        {"wait_timeout": "2.5", "headless": "false", "grid_url": " http://grid:4444 "}, {}, {}
    )
    assert config.wait_timeout == 2.5
    assert config.headless is False
    assert config.grid_url == "http://grid:4444"


def test_environment_overrides_ini():
    config = load_config({"wait_timeout": "2"}, {}, {"SUPERLISTS_WAIT_TIMEOUT": "7"})
    assert config.wait_timeout == 7.0


def test_environment_overrides_defaults_without_ini():
    config = load_config({}, {}, {"SUPERLISTS_ARTIFACTS_DIR": "/tmp/out"})
    assert config.artifacts_dir == Path("/tmp/out")


def test_defines_beat_environment():
    config = load_config(
        {"wait_timeout": "2"}, {"wait_timeout": "9"}, {"SUPERLISTS_WAIT_TIMEOUT": "7"}
    )
    assert config.wait_timeout == 9.0


def test_unrelated_environment_variables_are_ignored():
    config = load_config({}, {}, {"WAIT_TIMEOUT": "8", "PATH": "/bin"})
    assert config.wait_timeout == 5.0


@pytest.mark.parametrize(
    ("ini", "defines", "environ", "message"),
    [
        ({}, {"wait_timout": "10"}, {}, "'wait_timout' from -D: did you mean wait_timeout?"),
        ({"brwoser": "webkit"}, {}, {}, "'brwoser' from behave.ini"),
        ({}, {}, {"SUPERLISTS_WAIT_TIMOUT": "9"}, "did you mean SUPERLISTS_WAIT_TIMEOUT?"),
        (
            {"staging": "d@h:22", "staging.url": "https://h"},
            {"staging.dispoable": "true"},
            {},
            "'staging.dispoable' from -D: did you mean staging.disposable?",
        ),
        (
            {"box": "superlists-test", "box.url": "http://h:1", "box.kind": "container"},
            {"box.key": "id"},
            {},
            "Unknown setting 'box.key' from -D",  # an SSH setting, on a container
        ),
    ],
)
def test_a_misspelt_setting_stops_the_run_naming_the_closest(ini, defines, environ, message):
    with pytest.raises(HarnessError, match=re.escape(message)):
        load_config({**ini, **defines}, defines, environ)


def test_the_staging_hosts_env_file_is_not_mistaken_for_settings():
    environ = {
        "SUPERLISTS_STAGING_CERT": "/x.pem",
        "SUPERLISTS_STAGING_CERT_KEY": "/x.key",
        "SUPERLISTS_STAGING_MAILBOX_PASSWORD": "pw",
        "SUPERLISTS_STAGING_CA": "/ca.pem",
    }
    assert load_config({"staging": "d@h:22", "staging.url": "https://h"}, {}, environ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("False", False), ("yes", True), ("0", False), (" on ", True), ("no", False)],
)
def test_booleans_are_parsed(text, expected):
    assert load_config({"headless": text}, {}, {}).headless is expected


def test_bad_boolean_names_the_key():
    message = config_error(defines={"headless": "maybe"})
    assert "headless" in message
    assert "'maybe'" in message


@pytest.mark.parametrize("value", ["soon", "-1", "0", "nan", "NaN", "inf", "-inf", "600.5", "1e9"])
def test_wait_timeout_must_be_a_finite_number_up_to_600_seconds(value):
    message = config_error({"wait_timeout": value})
    assert "wait_timeout" in message
    assert "\n" not in message


@pytest.mark.parametrize("value", ["0.01", "5", "600"])
def test_wait_timeout_accepts_the_range(value):
    assert load_config({"wait_timeout": value}, {}, {}).wait_timeout == float(value)


def test_window_size_is_parsed():
    assert load_config({"window_size": "1280,720"}, {}, {}).window_size == (1280, 720)


@pytest.mark.parametrize("value", ["1280x720", "1280", "1,2,3", "wide,tall", "0,768", "-5,5"])
def test_malformed_window_size_is_reported(value):
    message = config_error({"window_size": value})
    assert "window_size" in message
    assert "WIDTH,HEIGHT" in message


def test_local_server_has_no_remote_target():
    config = load_config({"server": "local", **STAGING}, {}, {})
    assert config.remote is None
    assert config.is_local is True


def test_named_server_becomes_a_remote_target():
    config = load_config(STAGING, {"server": "staging"}, {})
    assert config.is_local is False
    assert config.server == "staging"
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


@pytest.mark.parametrize("key", ["connect_timeout", "fixture_timeout", "wait_timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "601", "1e9", "soon", ""])
def test_every_timeout_must_be_finite_and_in_range(key, value):
    message = config_error(defines={key: value})
    assert message.startswith(f"Config {key}=")


def test_timeouts_have_sensible_defaults_and_can_be_set():
    config = load_config({}, {"connect_timeout": "1.5", "fixture_timeout": "60"}, {})
    assert (config.connect_timeout, config.fixture_timeout) == (1.5, 60.0)
    assert load_config({}, {}, {}).connect_timeout == 5.0


@pytest.mark.parametrize("run_id", ["../escape", "a/b", ".hidden", "x" * 65, "sp ace"])
def test_a_run_id_must_be_a_plain_folder_name(run_id):
    assert "run_id" in config_error(defines={"run_id": run_id})


def test_a_run_id_can_be_given():
    assert load_config({}, {"run_id": "worker-3"}, {}).run_id == "worker-3"
    assert load_config({}, {}, {}).run_id == ""


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


def test_a_window_size_in_other_digits_is_refused():
    assert "window_size" in config_error(
        defines={"window_size": "\u0663\u0660\u0660,\u0663\u0660\u0660"}
    )


def test_report_retries_and_screenshots_defaults():
    config = load_config({}, {}, {})
    assert config.report == Path("reports/acceptance.html")
    assert config.retries == 2
    assert config.screenshots == "failures"
    assert config.screenshots_of_all is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", None), ("false", None), ("x/r.htm", Path("x/r.htm")), ("r.HTML", Path("r.HTML"))],
)
def test_report_can_move_or_be_switched_off(value, expected):
    assert load_config({}, {"report": value}, {}).report == expected


@pytest.mark.parametrize(("value", "expected"), [("off", 0), ("0", 0), ("5", 5), (" 3 ", 3)])
def test_retries_accepts_off_and_0_to_5(value, expected):
    assert load_config({}, {"retries": value}, {}).retries == expected


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("report", "notes.txt", "is not an .html file"),
        ("report", "", "is not an .html file"),
        ("report", ".html", "is not an .html file"),
        ("report", "reports/", "is not an .html file"),
        ("retries", "6", "use 0-5, or off"),
        ("retries", "-1", "use 0-5, or off"),
        ("retries", "two", "use 0-5, or off"),
        ("retries", "²", "use 0-5, or off"),
        ("screenshots", "some", "use one of failures, all, steps"),
        ("history", "runs.txt", "is not a .json file"),
    ],
)
def test_bad_report_settings_are_one_line(key, value, message):
    assert message in config_error(defines={key: value})


def test_screenshots_all():
    assert load_config({}, {"screenshots": "ALL"}, {}).screenshots_of_all is True


def test_live_server_host_and_site_host():
    config = load_config({}, {}, {})
    assert (config.live_server_host, config.site_host) == ("localhost", "")
    config = load_config({}, {"live_server_host": "0.0.0.0", "site_host": "192.168.1.5"}, {})
    assert (config.live_server_host, config.site_host) == ("0.0.0.0", "192.168.1.5")


@pytest.mark.parametrize("value", ["http://x", "a b", "host:80", "-x", "x/y"])
def test_a_bad_host_is_one_line(value):
    assert "is not a host name or address" in config_error(defines={"site_host": value})


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


HTTPS_STAGING = {
    "staging": "deploy@10.200.0.2:22",
    "staging.url": "https://10.200.0.2/",
    "staging.disposable": "yes",
    "staging.ca": "~/.staging/ca.pem",
    "staging.mailbox": "imaps://harness@10.200.0.3:993",
}
MAILBOX_SECRET = {"SUPERLISTS_STAGING_MAILBOX_PASSWORD": "hunter2-secret"}


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


@pytest.mark.parametrize("key", ["staging.mailbox_password", "mailbox_password"])
@pytest.mark.parametrize("where", ["ini", "defines"])
def test_a_password_in_userdata_or_on_the_command_line_is_refused(key, where):
    given = {key: "hunter2-secret"}
    ini, defines = (
        ({**HTTPS_STAGING, **given}, {"server": "staging"})
        if where == "ini"
        else (HTTPS_STAGING, {"server": "staging", **given})
    )
    message = config_error(ini, defines, MAILBOX_SECRET)
    assert f"Config {key} is a password" in message
    assert env_name(key) in message
    assert "hunter2-secret" not in message


def test_a_password_key_is_refused_even_for_the_local_server():
    message = config_error({"staging.mailbox_password": "x"}, {}, {})
    assert "SUPERLISTS_STAGING_MAILBOX_PASSWORD" in message


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


@pytest.mark.parametrize(
    "value", ["not a url", "127.0.0.1:4444", "ftp://grid:4444", "http://:4444"]
)
def test_a_grid_url_that_is_not_one_is_refused_before_anything_starts(value):
    message = config_error({}, {"grid_url": value})
    assert f"grid_url={value!r} is not a Grid address" in message


def test_a_grid_url_is_kept_without_its_trailing_slash():
    assert load_config({}, {"grid_url": "http://127.0.0.1:4444/"}, {}).grid_url == (
        "http://127.0.0.1:4444"
    )


def test_the_marks_make_and_a_run_leave_in_the_environment_are_not_settings():
    marks = {
        "SUPERLISTS_CHECK_RUN": "make-1",
        "SUPERLISTS_BROWSER_OF_RUN": "run/1/ab",
        "SUPERLISTS_BENCH_COUNTS": "/tmp/counts.json",
    }
    assert load_config({}, {}, marks).server == "local"
    # ...but a setting's misspelling still is one line.
    assert "SUPERLISTS_CHECK_RUNS" in config_error(environ={**marks, "SUPERLISTS_CHECK_RUNS": "x"})
