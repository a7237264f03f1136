"""The database backups `fab deploy` takes on the server before it migrates,
and puts back when a migration fails, on real SQLite databases."""

import sqlite3
from pathlib import Path

from deploy.server_releases import backup, restore


def make_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany("INSERT INTO item (text) VALUES (?)", [("one",), ("two",)])
    connection.close()


def contents(connection: sqlite3.Connection) -> tuple[list, list]:
    columns = [row[1] for row in connection.execute("PRAGMA table_info(item)")]
    rows = connection.execute("SELECT * FROM item ORDER BY id").fetchall()
    return columns, rows


def change(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO item (text) VALUES ('three')")
        connection.execute("ALTER TABLE item ADD COLUMN done INTEGER DEFAULT 0")
    connection.close()


ORIGINAL = (["id", "text"], [(1, "one"), (2, "two")])


def test_a_backup_is_a_private_copy_that_restore_puts_back_as_it_was(tmp_path):
    database, copy = tmp_path / "db.sqlite3", tmp_path / "backups" / "000001.sqlite3"
    make_database(database)

    backup(database, copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(copy) as connection:
        assert contents(connection) == ORIGINAL
    connection.close()

    change(database)
    with sqlite3.connect(database) as connection:
        assert contents(connection) != ORIGINAL
    connection.close()

    restore(copy, database)
    with sqlite3.connect(database) as connection:
        assert contents(connection) == ORIGINAL
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_backup_replaces_an_older_copy_of_the_same_name(tmp_path):
    database, copy = tmp_path / "db.sqlite3", tmp_path / "copy.sqlite3"
    make_database(database)
    backup(database, copy)
    change(database)
    backup(database, copy)
    with sqlite3.connect(copy) as connection:
        assert contents(connection) == (
            ["id", "text", "done"],
            [(1, "one", 0), (2, "two", 0), (3, "three", 0)],
        )
    connection.close()


def test_a_restore_reaches_a_connection_that_was_already_open(tmp_path):
    database, copy = tmp_path / "db.sqlite3", tmp_path / "copy.sqlite3"
    make_database(database)
    backup(database, copy)
    change(database)
    already_open = sqlite3.connect(database)
    try:
        assert contents(already_open)[0] == ["id", "text", "done"]
        restore(copy, database)
        assert contents(already_open) == ORIGINAL
    finally:
        already_open.close()


def test_restoring_from_a_copy_that_is_not_there_leaves_the_database_alone(tmp_path):
    database = tmp_path / "db.sqlite3"
    make_database(database)
    try:
        restore(tmp_path / "no-such-copy.sqlite3", database)
    except (OSError, sqlite3.Error):
        pass
    with sqlite3.connect(database) as connection:
        assert contents(connection) == ORIGINAL
    connection.close()
