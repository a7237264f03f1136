"""Release bookkeeping `fab deploy` and `fab rollback` run on the server itself.

Standard library only, sent as `python3 -c SOURCE` like `server_checks.py`,
so it runs before the site's virtualenv exists. Each command prints one JSON
line and exits 0; `lock` then holds the lock until its stdin closes.

    lock PATH WHO              one deploy at a time on this host
    new SITE                   a new, empty release folder
    mark SITE RELEASE STATE    good | failed | rolled-back
    switch SITE RELEASE        put RELEASE live: one rename of `src`
    previous SITE              the good release before the live one
    cleanup SITE KEEP          remove what is neither live nor worth keeping
    backup DATABASE COPY       a consistent copy of a live SQLite database
    restore COPY DATABASE      put that copy back, in one transaction

Why a counter: a release's name is its place in the deploy order, taken
here, under the lock, from the releases already on the server. Names made
from the deploying machine's clock sort by time zone, not by deploy, and
cleanup once removed the live release that way.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path

#: A release's name: its deploy number, then when (UTC) it was made.
NAME = re.compile(r"^(\d{6})-\d{8}T\d{6}Z$")
#: What a release folder's `.state` file may say. No file: not finished.
STATES = ("good", "failed", "rolled-back")
#: The links in the site folder that lead into the live release. Only `src`
#: is ever switched; the others go through it, so one rename moves them all.
THROUGH_SOURCE = (".env", ".venv", "gunicorn.conf.py")
#: Database backups kept whatever became of their releases (newest first).
BACKUPS_KEPT = 5


def number(name: str) -> int:
    """A release's place in the deploy order; -1 for a name from before numbers."""
    match = NAME.match(name)
    return int(match.group(1)) if match else -1


def in_order(names: list[str]) -> list[str]:
    """Oldest first: numbered releases by number, older names before them."""
    return sorted(names, key=lambda name: (number(name), name))


def releases(site: Path) -> list[str]:
    """The release folders on the server, oldest first."""
    folder = site / "releases"
    if not folder.is_dir():
        return []
    return in_order([path.name for path in folder.iterdir() if path.is_dir()])


def state(site: Path, release: str) -> str:
    """good, failed, rolled-back, or "" for a release that never finished."""
    try:
        return (site / "releases" / release / ".state").read_text().strip()
    except OSError:
        return ""


def live(site: Path) -> str | None:
    """The release `src` points to, if any."""
    try:
        return Path(os.readlink(site / "src")).name
    except OSError:
        return None


def new_release(site: Path, now: datetime.datetime | None = None) -> str:
    """Make the next release's folder (mode 700: it will hold `.env`)."""
    # timezone.utc, not datetime.UTC: this runs on the server's python3,
    # which may be older than 3.11 (Debian 11 has 3.9).
    utc = datetime.timezone.utc  # noqa: UP017
    now = (now or datetime.datetime.now(utc)).astimezone(utc)
    taken = [number(name) for name in releases(site)]
    name = f"{max([0, *taken]) + 1:06d}-{now:%Y%m%dT%H%M%SZ}"
    folder = site / "releases" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700)
    return name


def mark(site: Path, release: str, new_state: str) -> None:
    if new_state not in STATES:
        raise ValueError(f"a release is {', '.join(STATES)}, not {new_state!r}")
    (site / "releases" / release / ".state").write_text(new_state + "\n")


def _link(site: Path, name: str, target: str) -> None:
    """Make `site/name` a link to `target`, replacing what was there in one rename."""
    path, temporary = site / name, site / f".{name}.switching"
    if path.is_dir() and not path.is_symlink():
        # A folder from before releases carried their own (a shared .venv):
        # set aside, not deleted, as the processes still running use it.
        aside = site / "set-aside" / f"{name.lstrip('.')}-{datetime.datetime.now():%s}"
        aside.parent.mkdir(exist_ok=True)
        path.rename(aside)
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    temporary.rename(path)


def switch(site: Path, release: str) -> dict[str, object]:
    """Put `release` live. What was live before, and whether the new release
    runs on another virtualenv (then gunicorn needs a restart, not a reload)."""
    folder = site / "releases" / release
    if not (folder / ".env").is_file():
        raise FileNotFoundError(f"release {release} has no .env of its own")
    before = live(site)
    venv_before = os.path.realpath(site / ".venv") if (site / ".venv").exists() else ""
    _link(site, "src", f"releases/{release}")
    for name in THROUGH_SOURCE:
        path = site / name
        if not (path.is_symlink() and os.readlink(path) == f"src/{name}"):
            _link(site, name, f"src/{name}")
    venv_after = os.path.realpath(site / ".venv")
    return {"ok": True, "before": before, "new_venv": venv_before != venv_after}


def previous(site: Path) -> str | None:
    """The newest good release older than the live one: where a rollback goes."""
    current = live(site)
    names = releases(site)
    if current not in names:
        return None
    older = names[: names.index(current)]
    good = [name for name in older if state(site, name) == "good"]
    return good[-1] if good else None


def to_remove(
    names: list[str], states: dict[str, str], current: str | None, keep: int
) -> list[str]:
    """Which releases cleanup removes: every one that is not good (failed,
    rolled back or never finished), and good ones beyond the `keep` newest;
    never the live one, nor the good one before it (a rollback's target)."""
    ordered = in_order(names)
    good = [name for name in ordered if states.get(name) == "good" and name != current]
    keepers = set(good[-keep:] if keep > 0 else [])
    if current in ordered:
        keepers.add(current)
        before = [
            name
            for name in good
            if number(name) < number(current)
            or (number(name) == number(current) == -1 and name < current)
        ]
        if before:
            keepers.add(before[-1])
    return [name for name in ordered if name not in keepers]


def cleanup(site: Path, keep: int) -> dict[str, object]:
    """Remove releases by `to_remove`'s rules, database backups beyond the
    newest `BACKUPS_KEPT` (unless their release is kept), and virtualenvs no
    kept release uses."""
    names = releases(site)
    states = {name: state(site, name) for name in names}
    removed = to_remove(names, states, live(site), keep)
    for name in removed:
        shutil.rmtree(site / "releases" / name, ignore_errors=True)
    # Database backups outlive their releases: the one taken before a failed
    # or rolled-back release is the very one a person may need. The newest
    # few are kept, whatever became of their releases, and any whose release
    # is still here.
    backups = site / "backups"
    if backups.is_dir():
        kept = set(releases(site))
        taken = in_order([path.stem for path in backups.glob("*.sqlite3")])
        for name in taken[:-BACKUPS_KEPT] if BACKUPS_KEPT else taken:
            if name not in kept:
                (backups / f"{name}.sqlite3").unlink(missing_ok=True)
    used = set()
    for name in releases(site):
        venv = site / "releases" / name / ".venv"
        if venv.is_symlink():
            used.add(Path(os.readlink(venv)).name)
    venvs = site / "venvs"
    if venvs.is_dir():
        for folder in venvs.iterdir():
            if folder.name not in used:
                shutil.rmtree(folder, ignore_errors=True)
    return {"ok": True, "removed": removed}


def backup(database: Path, copy: Path) -> None:
    """A consistent copy of a database others may be writing (SQLite's backup API)."""
    copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy.unlink(missing_ok=True)
    descriptor = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    _copy_pages(database, copy)


def restore(copy: Path, database: Path) -> None:
    """Write `copy` back over `database`, page by page in one transaction:
    processes that have it open see either the old or the restored one."""
    _copy_pages(copy, database)


def _copy_pages(source_path: Path, target_path: Path) -> None:
    # Read-only: a missing source is an error, never an empty database
    # (which a plain connect would create, and copy over the target).
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def hold_lock(path: Path, who: str) -> None:
    """Take the host's deploy lock, say so, and hold it until stdin closes
    (the deploy ends, or its SSH connection drops: no lock outlives it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    file = path.open("a+")
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.seek(0)
        print(json.dumps({"ok": False, "said": file.read().strip() or "another deploy"}))
        return
    file.seek(0)
    file.truncate()
    file.write(who + "\n")
    file.flush()
    print(json.dumps({"ok": True}), flush=True)
    sys.stdin.read()


def main(argv: list[str]) -> None:
    command, *rest = argv
    result: dict[str, object] = {"ok": True}
    if command == "lock":
        hold_lock(Path(rest[0]), rest[1])
        return
    if command == "new":
        result["release"] = new_release(Path(rest[0]))
    elif command == "mark":
        mark(Path(rest[0]), rest[1], rest[2])
    elif command == "switch":
        result = switch(Path(rest[0]), rest[1])
    elif command == "previous":
        site = Path(rest[0])
        result.update(live=live(site), previous=previous(site))
    elif command == "cleanup":
        result = cleanup(Path(rest[0]), int(rest[1]))
    elif command == "backup":
        backup(Path(rest[0]), Path(rest[1]))
    elif command == "restore":
        restore(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
