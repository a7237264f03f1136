import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from superlists.settings import BASE_DIR


@pytest.mark.django_db
def test_command_prints_only_a_working_session_key():
    keys = []
    for _ in range(2):
        out = StringIO()
        call_command("create_session", "edith@example.com", stdout=out)
        keys.append(out.getvalue().strip())
        assert out.getvalue() == keys[-1] + "\n"
    assert keys[0] != keys[1]
    for key in keys:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert "Logged in as edith@example.com" in client.get("/").content.decode()


def run_manage(tmp_path, *args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "EMAIL_FILE_PATH"
    }
    env["DJANGO_DB_PATH"] = str(tmp_path / "db.sqlite3")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_command_available_in_dev_and_when_opted_in(tmp_path):
    assert run_manage(tmp_path, "migrate", "-v0").returncode == 0
    result = run_manage(tmp_path, "create_session", "x@example.com")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 32 and result.stdout.count("\n") == 1

    # Staging opts in explicitly while running in production mode.
    result = run_manage(
        tmp_path,
        "create_session",
        "x@example.com",
        DJANGO_DEBUG_FALSE="1",
        DJANGO_SECRET_KEY="s3cret",
        DJANGO_ALLOWED_HOST="example.com",
        DJANGO_ACCEPTANCE_FIXTURES="1",
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 32


def test_explicit_opt_out_hides_command(tmp_path):
    result = run_manage(tmp_path, "create_session", "x@y", DJANGO_ACCEPTANCE_FIXTURES="0")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr


def test_production_mode_hides_command_by_default(tmp_path):
    result = run_manage(
        tmp_path,
        "create_session",
        "x@y",
        DJANGO_DEBUG_FALSE="1",
        DJANGO_SECRET_KEY="s3cret",
        DJANGO_ALLOWED_HOST="example.com",
    )
    assert result.returncode != 0
    assert "Unknown command" in result.stderr


def test_production_mode_missing_secret_is_one_clear_line(tmp_path):
    result = run_manage(
        tmp_path, "create_session", "x@y", DJANGO_DEBUG_FALSE="1", DJANGO_ALLOWED_HOST="e.com"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("manage.py: error:")
    assert "DJANGO_SECRET_KEY" in lines[0]
