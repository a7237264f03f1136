"""The deploy's choice of files, against a real git repository."""

import io
import subprocess
import tarfile

from deploy import tasks


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_only_tracked_files_are_shipped_as_they_are_in_the_working_tree(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "app.py").write_text("v1")
    (tmp_path / "gone.py").write_text("deleted after commit")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "app.py").write_text("v2, not committed")
    (tmp_path / "gone.py").unlink()
    (tmp_path / "id_ed25519").write_text("an untracked private key")
    (tmp_path / "debug.log").write_text("ignored")

    assert tasks.shipped_files(tmp_path) == [".gitignore", "app.py"]
    assert sorted(tasks.uncommitted_changes(tmp_path)) == ["app.py", "gone.py"]
    with tarfile.open(fileobj=io.BytesIO(tasks._source_tarball(tmp_path))) as tar:
        assert sorted(tar.getnames()) == [".gitignore", "app.py"]
        assert tar.extractfile("app.py").read() == b"v2, not committed"


def test_a_clean_tree_has_no_uncommitted_changes(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text("v1")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "untracked.txt").write_text("not a change to a tracked file")
    assert tasks.uncommitted_changes(tmp_path) == []


def test_a_tracked_path_behind_a_symlinked_folder_is_not_shipped(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "b.txt").write_text("SECRET")
    _git(repo, "init", "-q")
    (repo / "a").mkdir()
    (repo / "a" / "b.txt").write_text("tracked")
    (repo / "app.py").write_text("v1")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (repo / "a" / "b.txt").unlink()
    (repo / "a").rmdir()
    (repo / "a").symlink_to(outside)
    assert tasks.shipped_files(repo) == ["app.py"]
