"""What a deploy ships from this checkout: the site's files git tracks
(`SITE_PATHS`: the app, its entry point, its requirements) as they are in
the working tree, packed as one tarball, and the digest that names the
virtualenv of its requirements. Untracked and ignored files never leave this
machine; the acceptance suite, its harness and the deploy tooling stay here.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
from pathlib import Path

from deploy import PROJECT

#: What a site needs from the checkout: the app, its entry point and its
#: requirements. The acceptance suite, its harness and the deploy tooling stay here.
SITE_PATHS = ("manage.py", "requirements.txt", "superlists/")


def _git(root: Path, *args: str) -> list[str]:
    """NUL-separated output of a git command in `root`, as a list."""
    command, *rest = args
    output = subprocess.run(
        ["git", command, "-z", *rest], cwd=root, check=True, capture_output=True
    ).stdout.decode(errors="surrogateescape")  # any bytes git allows in a name
    return [entry for entry in output.split("\0") if entry]


def shipped_files(root: Path = PROJECT) -> list[str]:
    """What a deploy ships: the site's files (`SITE_PATHS`) that git tracks and
    that exist in the working tree.

    Untracked and ignored files never leave this machine, whatever they are.
    """
    real_root = root.resolve()

    def inside(name: str) -> bool:
        # A tracked path under a symlinked folder may point at untracked files
        # anywhere: ship regular files that really are where git says.
        path = root / name
        return path.is_file() and not path.is_symlink() and path.resolve() == real_root / name

    tracked = _git(root, "ls-files", "--cached", "--", *SITE_PATHS)
    return [name for name in tracked if inside(name)]


def uncommitted_changes(root: Path = PROJECT) -> list[str]:
    """Tracked files whose working-tree content differs from the last commit."""
    # Porcelain -z entries read "XY path"; renames add the old path as an entry of its own.
    return [
        entry[3:]
        for entry in _git(root, "status", "--porcelain", "--untracked-files=no")
        if len(entry) > 3 and entry[2] == " "
    ]


def source_tarball(root: Path = PROJECT) -> bytes:
    """The shipped files, as a gzipped tarball to unpack in a release folder."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in shipped_files(root):
            tar.add(root / name, arcname=name)
    return buffer.getvalue()


def requirements_digest() -> str:
    """Names the virtualenv for requirements.txt's content."""
    return hashlib.sha256((PROJECT / "requirements.txt").read_bytes()).hexdigest()[:16]
