"""The migrated template each local run copies as its own test database."""

import contextlib
import sqlite3

import pytest

from harness.run.errors import HarnessError
from harness.server.template_db import copy_template, migrations_fingerprint, save_template


def _django_like(path, fingerprint=0):
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        db.execute(f"PRAGMA user_version = {fingerprint}")
        db.commit()


def test_a_current_template_is_copied(tmp_path):
    template, run_db = tmp_path / "template.sqlite3", tmp_path / "run.sqlite3"
    _django_like(template, migrations_fingerprint())
    copy_template(run_db, template)
    assert run_db.read_bytes() == template.read_bytes()


def test_a_corrupt_template_is_reported_in_one_line_and_dropped(tmp_path, capsys):
    template, run_db = tmp_path / "template.sqlite3", tmp_path / "run.sqlite3"
    template.write_bytes(b"this is not a database" * 100)
    copy_template(run_db, template)
    assert not template.exists() and not run_db.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "template.sqlite3 is not a usable test database" in err
    assert "rebuilding it" in err


def test_a_foreign_database_is_not_used(tmp_path, capsys):
    template, run_db = tmp_path / "template.sqlite3", tmp_path / "run.sqlite3"
    with contextlib.closing(sqlite3.connect(template)) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    copy_template(run_db, template)
    assert not run_db.exists()
    assert "not a Django database" in capsys.readouterr().err


def test_a_template_from_other_migrations_is_replaced_with_a_note(tmp_path, capsys):
    template, run_db = tmp_path / "template.sqlite3", tmp_path / "run.sqlite3"
    _django_like(template, fingerprint=migrations_fingerprint() ^ 1)
    assert copy_template(run_db, template) is False
    assert not run_db.exists() and not template.exists()
    assert "built by other migrations" in capsys.readouterr().err


def test_a_folder_where_the_template_goes_is_one_clear_error(tmp_path):
    template = tmp_path / "template.sqlite3"
    template.mkdir()
    with pytest.raises(HarnessError, match="is not a file: remove it"):
        copy_template(tmp_path / "run.sqlite3", template)


def test_saving_stamps_the_template_with_the_migrations_fingerprint(tmp_path):
    template, run_db = tmp_path / "template.sqlite3", tmp_path / "run.sqlite3"
    _django_like(run_db)
    save_template(run_db, template)
    with contextlib.closing(sqlite3.connect(template)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == migrations_fingerprint()
    copy_template(tmp_path / "next-run.sqlite3", template)
    assert (tmp_path / "next-run.sqlite3").exists()
