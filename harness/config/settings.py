"""The table of the run's built-in settings: one entry a setting, the only
place a setting's name, default, reader, origins and help are written.

`DEFAULTS`, the check for unknown settings (`harness.config.loading`) and the
table in docs/configuration.md (`python -m harness.config --doc`) all come
from `SETTINGS`. `Config` keeps explicit typed fields, so that mypy sees each
one's real type; `load_config` fills each from its entry's `read`, and a unit
test fails when the fields and this table disagree. Named servers'
`NAME.*` settings are not here: each server kind knows its own
(`harness.server.kinds`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from harness.config import readers

T = TypeVar("T")


class Origin(enum.Enum):
    """Where a setting's text may come from, lowest precedence first (the
    built-in default is lower still)."""

    BEHAVE_INI = "behave.ini"
    ENVIRONMENT = "the environment"
    COMMAND_LINE = "-D"


#: Every built-in setting may come from anywhere.
ANYWHERE = frozenset(Origin)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One row of the table."""

    name: str
    #: The text used when no origin gives one.
    default: str
    #: `(name, text) -> value`, refusing bad text in one line (`readers`).
    reader: Callable[[str, str], T]
    #: One line for the docs: what it is, in its readers' words (Markdown).
    help: str
    #: The default as the docs show it, when it is empty (what empty means).
    shown_default: str = ""
    #: The `Config` field it fills, when that is not its name.
    field: str = ""
    origins: frozenset[Origin] = ANYWHERE

    @property
    def config_field(self) -> str:
        """The `Config` field this setting's value goes in."""
        return self.field or self.name

    def read(self, values: Mapping[str, str]) -> T:
        """This setting's value, from the merged texts `values`."""
        return self.reader(self.name, values[self.name])


# Each setting is a name here so that `load_config` reads it typed; SETTINGS
# below lists them in the docs' order.
SERVER = Setting(
    name="server",
    default="local",
    reader=readers.text,
    help="`local`, or a server named in `behave.ini` (below)",
    field="remote",
)
# How long a @wait-wrapped check keeps retrying before it fails.
WAIT_TIMEOUT = Setting(
    name="wait_timeout",
    default="5",
    reader=readers.wait_seconds,
    help="seconds a check keeps retrying",
)
CONNECT_TIMEOUT = Setting(
    name="connect_timeout",
    default="5",
    reader=readers.seconds,
    help="seconds an SSH server gets to let us log in",
)
FIXTURE_TIMEOUT = Setting(
    name="fixture_timeout",
    default="30",
    reader=readers.seconds,
    help="seconds one fixture request on a server may take",
)
ARTIFACTS_DIR = Setting(
    name="artifacts_dir",
    default="artifacts",
    reader=readers.path,
    help="where failure artifacts go (one folder per run)",
)
RUN_ID = Setting(
    name="run_id",
    default="",
    reader=readers.run_id,
    help=(
        "names the run's scratch; must be unique among live runs (up to 64 letters, digits, "
        "`.`, `_`, `-`)"
    ),
    shown_default="the time and pid",
)
REPORT = Setting(
    name="report",
    default="reports/acceptance.html",
    reader=readers.report,
    help="the HTML report (an `.html` path); `off` for none",
)
SCREENSHOTS = Setting(
    name="screenshots",
    default="failures",
    reader=readers.screenshots,
    help=(
        "`all`: every scenario's last view in the report too; `steps`: a storyboard, each "
        "person's screen after each step about them ([report.md](report.md#storyboard))"
    ),
)
HISTORY = Setting(
    name="history",
    default="auto",
    reader=readers.history,
    help=(
        "the report's history of runs (trend, flaky marks): `auto` keeps it beside the report"
        " (`reports/acceptance-history.json`); a `.json` path; or `off`"
    ),
)
DETAIL = Setting(
    name="detail",
    default="owner",
    reader=readers.detail,
    help=(
        "what the console shows: `owner` (steps as written, failures in the people's words, "
        "suggestions) or `developer` (also each step's source, tracebacks, captured output "
        "and behave's runner banner)"
    ),
)
RETRIES = Setting(
    name="retries",
    default="2",
    reader=readers.retries,
    help=f"more attempts for a `@flaky` scenario, 0 to {readers.MAX_RETRIES}; `off` for none",
)
ACCESSIBILITY = Setting(
    name="accessibility",
    default="fail",
    reader=readers.accessibility,
    help=(
        "axe-core audits: `fail` (a problem fails its scenario), `report` (reported only) or "
        "`off` ([accessibility.md](accessibility.md))"
    ),
)
ACCESSIBILITY_RECORD = Setting(
    name="accessibility_record",
    default="",
    reader=readers.optional_path,
    help="a JSON file for the run's audits (the parallel runner gives each worker one)",
    shown_default="(none)",
)
SHARD = Setting(
    name="shard",
    default="",
    reader=readers.shard,
    help="`I/N`: only the I-th of N slices of the suite",
    shown_default="(all)",
)
LIVE_SERVER_HOST = Setting(
    name="live_server_host",
    default="localhost",
    reader=readers.listening_host,
    help="where the local live server listens",
)
SITE_HOST = Setting(
    name="site_host",
    default="",
    reader=readers.host,
    help="the host name browsers use for the local live server",
    shown_default="(same as `live_server_host`)",
)
HEADLESS = Setting(
    name="headless",
    default="true",
    reader=readers.boolean,
    help="`false` needs a windowed browser (below)",
)
BROWSER = Setting(
    name="browser",
    default="chromium",
    reader=readers.browser,
    help="the engine: `chromium`, or `webkit` (below)",
)
BROWSERS = Setting(
    name="browsers",
    default="",
    reader=readers.browsers,
    help=(
        "engines a parallel run runs every scenario in, e.g. `chromium,webkit` "
        "([parallel.md](parallel.md#two-engines-at-once))"
    ),
    shown_default="(`browser`)",
)
# Debian's Chromium as its headless shell (package chromium-headless-shell, the
# same build as `chromium`): pages load about twice as fast here as with
# `chromium --headless=new`. It is the binary itself, not the
# /usr/bin/chromium-headless-shell wrapper: that script does not exec it, so
# quit() would leave the browser running.
CHROMIUM = Setting(
    name="chromium",
    default="/usr/lib/chromium/chromium-headless-shell",
    reader=readers.path,
    help="the browser binary",
)
CHROMEDRIVER = Setting(
    name="chromedriver",
    default="/usr/bin/chromedriver",
    reader=readers.path,
    help="its driver",
)
WEBKIT = Setting(
    name="webkit",
    default="/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    reader=readers.path,
    help="WebKit's browser",
)
WEBKIT_DRIVER = Setting(
    name="webkit_driver",
    default="/usr/bin/WebKitWebDriver",
    reader=readers.path,
    help="its driver",
)
WINDOW_SIZE = Setting(
    name="window_size",
    default="1024,768",
    reader=readers.window_size,
    help="the browser window, `WIDTH,HEIGHT`",
)
GRID_URL = Setting(
    name="grid_url",
    default="",
    reader=readers.grid_url,
    help="a Selenium Grid 4 to take browsers from instead ([grid.md](grid.md))",
    shown_default="(none)",
)

#: Every built-in setting, in the order the docs list them.
SETTINGS: tuple[Setting[Any], ...] = (
    SERVER,
    WAIT_TIMEOUT,
    CONNECT_TIMEOUT,
    FIXTURE_TIMEOUT,
    ARTIFACTS_DIR,
    RUN_ID,
    REPORT,
    SCREENSHOTS,
    HISTORY,
    DETAIL,
    RETRIES,
    ACCESSIBILITY,
    ACCESSIBILITY_RECORD,
    SHARD,
    LIVE_SERVER_HOST,
    SITE_HOST,
    HEADLESS,
    BROWSER,
    BROWSERS,
    CHROMIUM,
    CHROMEDRIVER,
    WEBKIT,
    WEBKIT_DRIVER,
    WINDOW_SIZE,
    GRID_URL,
)

#: Each built-in setting's name and default text.
DEFAULTS: dict[str, str] = {setting.name: setting.default for setting in SETTINGS}


def settings_from(origin: Origin) -> frozenset[str]:
    """The names of the built-in settings `origin` may give."""
    return frozenset(setting.name for setting in SETTINGS if origin in setting.origins)
