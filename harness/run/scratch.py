"""A run's identity and its private scratch: test database, JUnit and artifacts.

Two `behave` runs in one checkout, or the workers of a parallel run, must never
share a file: one run flushing the database under another's feet, or
overwriting its JUnit, makes both fail for no reason of their own. So each run
claims a folder of its own, named by its run id, and keeps everything
per-run there.

A run holds an exclusive lock on its folder for as long as it lives. The kernel
drops the lock when the process ends, however it ends (even `kill -9`), so a
later run can tell an abandoned folder from a live one and remove it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guards.locks_and_signals import lock_descriptor, taking_turns
from harness.run.paths import PROJECT

#: Where runs keep their scratch, one folder per live run.
SCRATCH_ROOT = PROJECT / ".scratch"
#: How many runs' failure artifacts are kept; older run folders are pruned.
KEEP_ARTIFACT_RUNS = 20
#: Marks an artifact folder as a run's, so pruning never touches anything else.
RUN_MARKER = ".superlists-run"
_LOCK = "lock"


def new_run_id() -> str:
    """A run id that sorts by start time and is unique on this machine."""
    return time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) for the block."""
    with taking_turns(path):
        yield


@dataclass
class RunScratch:
    """The files that belong to one run and to no other."""

    run_id: str
    directory: Path
    artifacts_dir: Path
    _lock_fd: int

    @property
    def test_db(self) -> Path:
        """This run's own SQLite test database."""
        return self.directory / "test_db.sqlite3"

    @property
    def junit_dir(self) -> Path:
        """Where behave writes this run's JUnit until the run publishes it."""
        return self.directory / "junit"

    @classmethod
    def claim(cls, run_id: str, artifacts_root: Path, root: Path = SCRATCH_ROOT) -> RunScratch:
        """Make and lock this run's folder, after removing folders of runs that died.

        Raises FileExistsError if a live run already uses `run_id`.
        """
        root.mkdir(parents=True, exist_ok=True)
        remove_abandoned(root)
        final = root / run_id
        # Built under a hidden name and renamed when locked, so another run's
        # remove_abandoned() never sees it unlocked.
        building = root / f".{run_id}.{os.getpid()}"
        building.mkdir()
        fd = os.open(building / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        lock_descriptor(fd, wait=True)
        try:
            building.rename(final)
        except OSError:
            os.close(fd)
            shutil.rmtree(building, ignore_errors=True)
            raise FileExistsError(f"run id {run_id!r} is in use by another run") from None
        return cls(run_id, final, artifacts_root / run_id, fd)

    def publish_junit(self, reports: Path) -> None:
        """Make `reports` hold this run's JUnit files, and only them.

        Files from earlier runs go first (a deleted feature's stale failure
        must not linger); the swap happens under a lock, so two runs ending at
        once leave one complete set, never a mix.
        """
        written = sorted(self.junit_dir.glob("TESTS-*.xml"))
        with locked(reports / ".lock"):
            for old in reports.glob("TESTS-*.xml"):
                old.unlink(missing_ok=True)
            for new in written:
                os.replace(new, reports / new.name)

    def mark_artifacts(self) -> Path:
        """Create this run's artifact folder (marked as a run's) and return it."""
        self.artifacts_dir.mkdir(parents=True, exist_ok=True)
        (self.artifacts_dir / RUN_MARKER).touch()
        prune_artifacts(self.artifacts_dir.parent, keep=KEEP_ARTIFACT_RUNS)
        return self.artifacts_dir

    def release(self) -> None:
        """Delete the scratch folder and drop the lock. Artifacts stay."""
        shutil.rmtree(self.directory, ignore_errors=True)
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1


def remove_abandoned(root: Path) -> list[Path]:
    """Delete scratch folders whose run has ended without cleaning up."""
    removed = []
    for folder in root.iterdir():
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            fd = os.open(folder / _LOCK, os.O_RDWR)
        except OSError:
            continue  # no lock file: not a run folder, leave it alone
        try:
            free = lock_descriptor(fd, wait=False)
        finally:
            os.close(fd)
        if not free:
            continue  # its run is alive
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def prune_artifacts(root: Path, keep: int) -> None:
    """Keep the artifacts of the `keep` most recent runs; delete older runs' folders."""
    runs = [folder for folder in root.iterdir() if (folder / RUN_MARKER).exists()]
    runs.sort(key=lambda folder: folder.stat().st_mtime, reverse=True)
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
