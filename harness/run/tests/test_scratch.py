import os
import subprocess
import sys
import textwrap

import pytest

from harness.run.scratch import (
    RUN_MARKER,
    RunScratch,
    new_run_id,
    prune_artifacts,
    remove_abandoned,
)


def test_run_ids_are_unique_per_process_and_usable_as_folder_names():
    assert str(os.getpid()) in new_run_id()
    assert "/" not in new_run_id()


def test_a_run_gets_its_own_folder_database_and_artifacts(tmp_path):
    scratch = RunScratch.claim("run-1", tmp_path / "artifacts", root=tmp_path / "scratch")
    assert scratch.directory == tmp_path / "scratch" / "run-1"
    assert scratch.test_db.parent == scratch.directory
    assert scratch.junit_dir.parent == scratch.directory
    assert scratch.artifacts_dir == tmp_path / "artifacts" / "run-1"
    scratch.release()
    assert not scratch.directory.exists()


def test_two_live_runs_cannot_share_an_id(tmp_path):
    first = RunScratch.claim("same", tmp_path, root=tmp_path / "scratch")
    with pytest.raises(FileExistsError):
        RunScratch.claim("same", tmp_path, root=tmp_path / "scratch")
    first.release()


def test_a_dead_runs_folder_is_removed_and_a_live_ones_kept(tmp_path):
    root = tmp_path / "scratch"
    live = RunScratch.claim("live", tmp_path, root=root)
    # A run in another process that dies without releasing its folder.
    subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import os
                from pathlib import Path
                from harness.run.scratch import RunScratch
                RunScratch.claim("dead", Path({str(tmp_path)!r}), root=Path({str(root)!r}))
                os._exit(9)
                """
            ),
        ],
        check=False,
    )
    (root / "not-a-run").mkdir()
    assert (root / "dead").is_dir()
    assert remove_abandoned(root) == [root / "dead"]
    assert (root / "live").is_dir()
    assert (root / "not-a-run").is_dir()
    live.release()


def test_publishing_junit_replaces_every_earlier_file(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "TESTS-deleted_feature.xml").write_text("<testsuite failures='1'/>")
    (reports / "notes.txt").write_text("not JUnit: left alone")
    scratch = RunScratch.claim("r", tmp_path, root=tmp_path / "scratch")
    scratch.junit_dir.mkdir()
    (scratch.junit_dir / "TESTS-lists.xml").write_text("<testsuite/>")
    scratch.publish_junit(reports)
    assert sorted(p.name for p in reports.iterdir()) == [".lock", "TESTS-lists.xml", "notes.txt"]
    scratch.release()


def test_only_the_newest_runs_artifacts_are_kept(tmp_path):
    for number in range(5):
        run = tmp_path / f"run-{number}"
        run.mkdir()
        (run / RUN_MARKER).touch()
        os.utime(run, (number, number))
    (tmp_path / "someone-elses-folder").mkdir()
    prune_artifacts(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run-3", "run-4", "someone-elses-folder"]
