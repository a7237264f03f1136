"""The deploy's choice of files, against a real git repository."""

import io
import subprocess
import tarfile

from deploy.shipping import shipped_files, source_tarball, uncommitted_changes


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_only_the_sites_tracked_files_are_shipped_as_they_are_in_the_working_tree(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "superlists").mkdir()
    (tmp_path / "harness").mkdir()
    (tmp_path / "manage.py").write_text("entry")
    (tmp_path / "superlists" / "app.py").write_text("v1")
    (tmp_path / "superlists" / "gone.py").write_text("deleted after commit")
    (tmp_path / "harness" / "suite.py").write_text("the test harness stays here")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "superlists" / "app.py").write_text("v2, not committed")
    (tmp_path / "superlists" / "gone.py").unlink()
    (tmp_path / "superlists" / "id_ed25519").write_text("an untracked private key")
    (tmp_path / "superlists" / "debug.log").write_text("ignored")

    assert shipped_files(tmp_path) == ["manage.py", "superlists/app.py"]
    assert sorted(uncommitted_changes(tmp_path)) == [
        "superlists/app.py",
        "superlists/gone.py",
    ]
    with tarfile.open(fileobj=io.BytesIO(source_tarball(tmp_path))) as tar:
        assert sorted(tar.getnames()) == ["manage.py", "superlists/app.py"]
        assert tar.extractfile("superlists/app.py").read() == b"v2, not committed"


def test_the_real_site_ships_without_its_test_harness():
    shipped = shipped_files()
    assert "manage.py" in shipped and "superlists/settings.py" in shipped
    assert not [name for name in shipped if name.startswith(("harness/", "features/", "deploy/"))]


def test_a_clean_tree_has_no_uncommitted_changes(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text("v1")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (tmp_path / "untracked.txt").write_text("not a change to a tracked file")
    assert uncommitted_changes(tmp_path) == []


def test_a_tracked_path_behind_a_symlinked_folder_is_not_shipped(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "b.txt").write_text("SECRET")
    _git(repo, "init", "-q")
    (repo / "superlists" / "a").mkdir(parents=True)
    (repo / "superlists" / "a" / "b.txt").write_text("tracked")
    (repo / "superlists" / "app.py").write_text("v1")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (repo / "superlists" / "a" / "b.txt").unlink()
    (repo / "superlists" / "a").rmdir()
    (repo / "superlists" / "a").symlink_to(outside)
    assert shipped_files(repo) == ["superlists/app.py"]
