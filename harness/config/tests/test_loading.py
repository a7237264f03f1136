"""Reading the run's settings: defaults, the order of precedence, settings
nobody knows, and passwords where they must not be."""

import re
from pathlib import Path

import pytest

from harness.config import DEFAULTS, load_config
from harness.config.tests.config_errors import HTTPS_STAGING, MAILBOX_SECRET, config_error
from harness.run.choices import env_name
from harness.run.errors import HarnessError


def test_defaults_apply_when_nothing_is_set():
    config = load_config({}, {}, {})
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


def test_the_marks_make_and_a_run_leave_in_the_environment_are_not_settings():
    marks = {
        "SUPERLISTS_CHECK_RUN": "make-1",
        "SUPERLISTS_BROWSER_OF_RUN": "run/1/ab",
        "SUPERLISTS_BENCH_COUNTS": "/tmp/counts.json",
    }
    assert load_config({}, {}, marks).remote is None
    # ...but a setting's misspelling still is one line.
    assert "SUPERLISTS_CHECK_RUNS" in config_error(environ={**marks, "SUPERLISTS_CHECK_RUNS": "x"})
