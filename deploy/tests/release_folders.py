"""Release folders on disk for the tests of `server_releases`, as a deploy leaves them."""

from pathlib import Path

#: A release named before releases were numbered (by the deploying machine's clock).
LEGACY = "20261207-220102-ab12"


def numbered(n: int, stamp: str = "20260101T000000Z") -> str:
    return f"{n:06d}-{stamp}"


def make_release(
    site: Path, name: str, status: str = "", env: str | None = None, venv: str | None = None
) -> Path:
    folder = site / "releases" / name
    folder.mkdir(parents=True)
    if status:
        (folder / ".state").write_text(status + "\n")
    if env is not None:
        (folder / ".env").write_text(env)
    if venv is not None:
        (site / "venvs" / venv).mkdir(parents=True, exist_ok=True)
        (folder / ".venv").symlink_to(f"../../venvs/{venv}")
    return folder


def make_live(site: Path, name: str) -> None:
    (site / "src").symlink_to(f"releases/{name}")
