"""What a run is, as its report and history describe it: the server it
tested, the code it ran (commit, uncommitted changes) and what it was asked
to run.

Plain runs (`harness.hooks`) and parallel runs (`harness.parallel`) both name
their server with `server_description`, so the report's "Server" fact reads
the same whichever ran.
"""

from __future__ import annotations

import hashlib
import subprocess
from typing import TYPE_CHECKING, Any

from harness.run.paths import PROJECT

if TYPE_CHECKING:
    from harness.server.targets import NamedServer


def server_description(remote: NamedServer | None) -> str:
    """The run's server in a few words: "local", or its name and URL."""
    return "local" if remote is None else f"{remote.name} ({remote.url})"


def checkout() -> tuple[str, bool] | None:
    """The checked-out commit (full hash) and whether the tree has changes;
    None when unknown (not a git checkout)."""
    found = code()
    return None if found is None else (found[0], found[1])


def code() -> tuple[str, bool, str] | None:
    """The commit, whether the tree has changes, and the code's identity: the
    commit, plus a digest of the changes and new files if there are any
    (`RunRecord.code`); None when unknown (not a git checkout)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, timeout=10, check=True
        ).stdout

    try:
        head = git("rev-parse", "HEAD").strip()
        status = git("status", "--porcelain")
        if not status.strip():
            return head, False, head
        digest = hashlib.sha256((git("diff", "HEAD") + status).encode()).hexdigest()[:12]
    except (OSError, subprocess.SubprocessError):
        return None
    return head, True, f"{head}+{digest}"


def commit_fact(found: tuple[str, bool] | None) -> str:
    """The commit as the run's facts show it (`found` is `checkout()`'s)."""
    if found is None:
        return "unknown (not a git checkout)"
    head, changed = found[0][:12], found[1]
    return f"{head} (with uncommitted changes)" if changed else head


def selection(config: Any) -> str:
    """What a run was asked to run, as the history compares runs: its paths and tags."""
    paths = " ".join(str(path) for path in (getattr(config, "paths", None) or ["features"]))
    tags = " and ".join(str(tag) for tag in (getattr(config, "tags", None) or []))
    return f"{paths} | tags: {tags or 'any'}"
