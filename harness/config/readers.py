"""How the text of each built-in setting is read: one function a setting,
`(key, text) -> value`, each refusing bad text in one line that says what to
write instead. The table in `harness.config.settings` names them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from harness.run.choices import FALSE, read_bool, read_choice, read_seconds
from harness.run.errors import HarnessError
from harness.run.shards import Shard, parse_shard

#: The most extra attempts a @flaky scenario may get.
MAX_RETRIES = 5

#: The longest a single check may keep retrying, in seconds.
MAX_WAIT_TIMEOUT = 600.0
#: The longest any other configured timeout may be, in seconds.
MAX_TIMEOUT = 600.0

#: The browser engines a run can use (not the container engines of
#: `deploy.containers`).
BROWSER_ENGINES = ("chromium", "webkit")

#: What `screenshots` may be set to.
SCREENSHOTS = ("failures", "all", "steps")

#: What `accessibility` may be set to.
ACCESSIBILITY_MODES = ("fail", "report", "off")

#: The two audiences the console can be written for.
DETAILS = ("owner", "developer")

_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")

#: What `history` asks for before the report's place is known: a file, none,
#: or one beside the report (`history_file` decides).
HistoryWish = Path | Literal["auto", "off"]


def text(key: str, value: str) -> str:
    """The text as given, spaces around removed."""
    return value.strip()


def path(key: str, value: str) -> Path:
    """A path, as given."""
    return Path(value)


def optional_path(key: str, value: str) -> Path | None:
    """A path, or None when empty."""
    return Path(value.strip()) if value.strip() else None


def boolean(key: str, value: str) -> bool:
    """true/false, yes/no, on/off, 1/0 (`read_bool`)."""
    return read_bool(key, value)


def wait_seconds(key: str, value: str) -> float:
    """How long a check may keep retrying."""
    return read_seconds(key, value, most=MAX_WAIT_TIMEOUT)


def seconds(key: str, value: str) -> float:
    """Any other timeout."""
    return read_seconds(key, value, most=MAX_TIMEOUT)


def run_id(key: str, value: str) -> str:
    """Empty, or a name usable as a folder of the run's scratch."""
    value = value.strip()
    if value and not _RUN_ID.fullmatch(value):
        raise HarnessError(
            f"Config {key}={value!r} is not usable as a folder name: use up to 64 "
            "letters, digits, dots, dashes or underscores"
        )
    return value


def report(key: str, value: str) -> Path | None:
    """The report's .html file, or None for `off`."""
    value = value.strip()
    if value.lower() in FALSE - {""}:
        return None
    file = Path(value)
    if not (file.suffix.lower() in (".html", ".htm") and file.stem and not value.endswith("/")):
        raise HarnessError(
            f"Config {key}={value!r} is not an .html file: use e.g. "
            "report=reports/acceptance.html, or report=off"
        )
    return file


def retries(key: str, value: str) -> int:
    """0 to MAX_RETRIES extra attempts; `off` for 0."""
    value = value.strip().lower()
    if value in FALSE:
        return 0
    if not (value.isascii() and value.isdigit() and int(value) <= MAX_RETRIES):
        raise HarnessError(
            f"Config {key}={value!r} is not a number of retries: use 0-{MAX_RETRIES}, or off"
        )
    return int(value)


def screenshots(key: str, value: str) -> str:
    """Which screenshots the report holds."""
    return read_choice(key, value, SCREENSHOTS)


def history(key: str, value: str) -> HistoryWish:
    """A .json file, `off`, or `auto` (also for empty)."""
    value = value.strip()
    if value.lower() in FALSE - {""}:
        return "off"
    if value.lower() in ("", "auto"):
        return "auto"
    file = Path(value)
    if file.suffix.lower() != ".json" or not file.stem or value.endswith("/"):
        raise HarnessError(
            f"Config {key}={value!r} is not a .json file: use e.g. "
            "history=reports/acceptance-history.json, auto (beside the report) or off"
        )
    return file


def history_path(report: Path) -> Path:
    """Where the history of the report at `report` is kept: beside it."""
    return report.with_name(f"{report.stem}-history.json")


def history_file(wish: HistoryWish, report: Path | None) -> Path | None:
    """The history file `history` asks for, given where the report goes."""
    if wish == "off":
        return None
    if wish == "auto":
        return history_path(report) if report is not None else None
    return wish


def browser(key: str, value: str) -> str:
    """The engine of this run's browsers."""
    return read_choice(
        key, value, BROWSER_ENGINES,
        "use chromium or webkit (Firefox cannot be had here: Debian packages no geckodriver)",
    )  # fmt: skip


def browsers(key: str, value: str) -> tuple[str, ...]:
    """The engines `browsers` names, in its order: none when it is empty."""
    names = [name for name in value.split(",") if name.strip()]
    engines = tuple(
        read_choice(
            key,
            name,
            BROWSER_ENGINES,
            "name engines from chromium and webkit, e.g. browsers=chromium,webkit",
        )  # fmt: skip
        for name in names
    )
    if len(set(engines)) < len(engines):
        raise HarnessError(
            f"Config {key}={value!r} names an engine twice: use e.g. browsers=chromium,webkit"
        )
    return engines


def accessibility(key: str, value: str) -> str:
    """What the accessibility audits do with a problem."""
    return read_choice(
        key, value, ACCESSIBILITY_MODES,
        "use fail (a problem fails its scenario), report (reported only) or off",
    )  # fmt: skip


def detail(key: str, value: str) -> str:
    """The console's audience."""
    return read_choice(key, value, DETAILS)


def shard(key: str, value: str) -> Shard | None:
    """`I/N`, or None for the whole suite (`parse_shard`)."""
    return parse_shard(value)


def host(key: str, value: str) -> str:
    """Empty, or a host name or address."""
    value = value.strip()
    if value and not _HOST.fullmatch(value):
        raise HarnessError(
            f"Config {key}={value!r} is not a host name or address: use e.g. {key}=192.168.1.5"
        )
    return value


def listening_host(key: str, value: str) -> str:
    """A host name or address; empty means localhost."""
    return host(key, value) or "localhost"


def grid_url(key: str, value: str) -> str:
    """Empty (local browsers), or a Selenium Grid's http(s) address."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HarnessError(
            f"Config {key}={value!r} is not a Grid address: use e.g. "
            "grid_url=http://127.0.0.1:4444 (or leave it empty for local browsers)"
        )
    return value.rstrip("/")


def window_size(key: str, value: str) -> tuple[int, int]:
    """WIDTH,HEIGHT in ASCII digits, each 1 to 10000."""
    try:
        width, height = (int(part) for part in value.split(",") if part.isascii())
    except ValueError:
        width = height = 0
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise HarnessError(f"Config {key}={value!r} is malformed: use WIDTH,HEIGHT e.g. 1024,768")
    return width, height
