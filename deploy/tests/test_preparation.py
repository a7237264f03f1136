"""A release checked and migrated before the switch, against a scripted host:
the live database is touched only once the migrations passed on a copy, and
put back if they fail on it."""

import pytest

from deploy.messages import DeployError
from deploy.preparation import check_and_migrate
from deploy.site_layout import Release
from deploy.tests.sample_options import sample_options
from deploy.tests.scripted_host import LAYOUT, NEW, Result, ScriptedHost

DATABASE = "/home/deploy/sites/superlists/db.sqlite3"


def _migrating_host(rehearsal: Result, live: Result) -> ScriptedHost:
    def ready(host, domain, stage):
        # Migrations are pending; once rehearsed, the release boots.
        return {"ok": True, "pending": stage == "all", "said": "200"}

    return ScriptedHost(
        answers=[
            (r"^test -s", Result()),  # the live database exists
            (r"DJANGO_DB_PATH=\S*rehearsal\S* \.venv/bin/python manage.py migrate", rehearsal),
            (r"manage\.py migrate --noinput", live),
        ],
        scripts={"release": ready},
    )


def test_a_migration_failing_on_the_copy_never_reaches_the_live_database():
    host = _migrating_host(
        rehearsal=Result(stderr="Traceback...\nRuntimeError: boom", exited=1), live=Result()
    )
    with pytest.raises(DeployError) as refused:
        check_and_migrate(host, sample_options(), LAYOUT, Release(LAYOUT, NEW), DATABASE)
    assert str(refused.value) == (
        "a migration fails on a copy of the live database: RuntimeError: boom; "
        "the live database is unchanged"
    )
    live_migrations = [
        c for c in host.commands if "migrate --noinput" in c and "rehearsal" not in c
    ]
    assert live_migrations == []
    # The checks, then the copy; nothing touched the live database.
    assert [args[0] for args in host.scripted] == ["release", "backup"]
    assert any(c.startswith("rm -f") and "rehearsal" in c for c in host.commands)


def test_a_migration_failing_on_the_live_database_puts_the_backup_back():
    host = _migrating_host(
        rehearsal=Result(), live=Result(stderr="OperationalError: database is locked", exited=1)
    )
    with pytest.raises(DeployError) as refused:
        check_and_migrate(host, sample_options(), LAYOUT, Release(LAYOUT, NEW), DATABASE)
    assert "migrating the live database failed: OperationalError: database is locked" in str(
        refused.value
    )
    backup = f"/home/deploy/sites/superlists/backups/{NEW}.sqlite3"
    assert host.scripted[-1] == ("restore", backup, DATABASE)
    assert ("backup", DATABASE, backup) in host.scripted


def test_with_nothing_to_migrate_the_release_is_checked_against_the_live_database():
    host = ScriptedHost(scripts={"release": [{"ok": True, "pending": False, "said": "200"}]})
    check_and_migrate(host, sample_options(), LAYOUT, Release(LAYOUT, NEW), DATABASE)
    assert not [c for c in host.commands if "migrate --noinput" in c]
    assert host.scripted == [("release", "staging.test", "all")]


def test_a_release_that_does_not_serve_its_home_page_is_refused_before_the_switch():
    host = ScriptedHost(scripts={"release": [{"ok": False, "said": "its home page answered 500"}]})
    with pytest.raises(DeployError, match="not ready, on the server: its home page answered"):
        check_and_migrate(host, sample_options(), LAYOUT, Release(LAYOUT, NEW), DATABASE)
