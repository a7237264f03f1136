"""How each built-in setting's text is read, and the one line bad text gets."""

from pathlib import Path

import pytest

from harness.config import load_config
from harness.config.tests.config_errors import config_error


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
