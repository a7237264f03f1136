"""Settings read from the environment: switches, hosts, production security.

Settings are read once per process, so the start-up behaviour is checked in
a fresh `manage.py` process per case; the parsing itself directly.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from superlists.settings import parse_switch

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "Q2x9-vR7_pL4mZ8sT1wY6uN3bE5cF0hJ" + "a" * 20


def django_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `manage.py ARGS` with only these DJANGO_* variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "superlists.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(name: str, **env: str) -> str:
    """The value of setting `name` in a fresh process with this environment."""
    code = f"from django.conf import settings; print(settings.{name})"
    result = django_process("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


PRODUCTION = {
    "DJANGO_DEBUG_FALSE": "1",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOST": "superlists.example.com",
}


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " Yes ", "on", "On"])
def test_switch_on_values(raw):
    assert parse_switch("X", raw) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "OFF", "", "  "])
def test_switch_off_values(raw):
    assert parse_switch("X", raw) is False


@pytest.mark.parametrize("raw", ["nope", "2", "enabled", "y", "tru", "-1"])
def test_anything_else_is_refused_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_X=.* is not an on/off value: use"):
        parse_switch("DJANGO_X", raw)


def test_a_bad_back_door_switch_stops_start_up_with_one_line():
    result = django_process("check", DJANGO_ACCEPTANCE_FIXTURES="nope")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DJANGO_ACCEPTANCE_FIXTURES='nope'" in lines[0] and "1/true/yes/on" in lines[0]


def test_the_back_door_is_off_by_default_in_production():
    assert setting("ACCEPTANCE_FIXTURES", **PRODUCTION) == "False"
    assert setting("ACCEPTANCE_FIXTURES", **PRODUCTION, DJANGO_ACCEPTANCE_FIXTURES="") == "False"
    assert setting("ACCEPTANCE_FIXTURES", **PRODUCTION, DJANGO_ACCEPTANCE_FIXTURES="on") == "True"


def test_development_hosts_are_local_names_only():
    assert setting("ALLOWED_HOSTS") == "['localhost', '127.0.0.1', '[::1]']"


def test_production_hosts_are_only_the_configured_one():
    assert setting("ALLOWED_HOSTS", **PRODUCTION) == "['superlists.example.com']"


@pytest.mark.django_db
def test_a_forged_host_gets_no_login_link():
    response = Client(HTTP_HOST="evil.example").post(
        "/accounts/send_login_email", {"email": "edith@example.com"}
    )
    assert response.status_code == 400
    from django.core import mail

    assert mail.outbox == []


def test_testserver_is_allowed_only_because_the_test_runner_adds_it():
    assert "testserver" in settings.ALLOWED_HOSTS
    assert "*" not in settings.ALLOWED_HOSTS


def test_production_passes_the_deployment_checklist_without_warnings():
    result = django_process("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_plain_http_must_be_declared_and_is_then_reported():
    result = django_process(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DJANGO_INSECURE_HTTP="1"
    )
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in result.stderr


def test_a_missing_production_variable_is_one_line():
    result = django_process("check", DJANGO_DEBUG_FALSE="1", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "manage.py: error: Missing environment variable DJANGO_ALLOWED_HOST: "
        "set it in .env or the environment"
    ]


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(STRONG_KEY + "\n")
    production = {**PRODUCTION, "DJANGO_SECRET_KEY": "", "DJANGO_SECRET_KEY_FILE": str(key_file)}
    assert setting("SECRET_KEY", **production) == STRONG_KEY


@pytest.mark.parametrize("contents", [None, "  \n"])
def test_a_missing_or_empty_secret_key_file_is_one_line(tmp_path, contents):
    key_file = tmp_path / "secret_key"
    if contents is not None:
        key_file.write_text(contents)
    production = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = django_process("check", **production, DJANGO_SECRET_KEY_FILE=str(key_file))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DJANGO_SECRET_KEY_FILE=" in lines[0], result.stderr


def test_a_secret_key_in_the_environment_wins_over_the_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-the-file-" + STRONG_KEY)
    assert setting("SECRET_KEY", **PRODUCTION, DJANGO_SECRET_KEY_FILE=str(key_file)) == STRONG_KEY
