"""Run configuration, read once per run into a frozen `Config`.

Order of precedence, lowest first:

1. built-in defaults (the table in `harness.config.settings`);
2. `behave.ini`, section `[behave.userdata]`;
3. environment variables: `SUPERLISTS_` + the key upper-cased, dots and dashes
   as underscores (`wait_timeout` -> `SUPERLISTS_WAIT_TIMEOUT`,
   `staging.url` -> `SUPERLISTS_STAGING_URL`);
4. `behave -D key=value` on the command line.

A setting nobody knows stops the run in one line, wherever it comes from.
Named servers' `NAME.*` settings are read by `harness.config.named_servers`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from harness.config import settings as s
from harness.config.named_servers import named_server, server_keys
from harness.config.readers import history_file, history_path
from harness.config.settings import DEFAULTS, Origin, settings_from
from harness.run.choices import env_name
from harness.run.errors import HarnessError
from harness.run.shards import Shard
from harness.server.targets import NamedServer

__all__ = ["DEFAULTS", "Config", "history_path", "load_config", "read_detail"]


@dataclass(frozen=True)
class Config:
    """Everything a run is configured with; built once in `before_all`. One
    field a setting of `harness.config.settings.SETTINGS` (a unit test holds
    the two to each other); what each is, is said there."""

    headless: bool
    wait_timeout: float
    artifacts_dir: Path
    #: The engine this run's browsers are.
    browser: str
    #: The engines the run covers: (browser,) unless `browsers` names more,
    #: which only a parallel run can run.
    browsers: tuple[str, ...]
    chromium: Path
    chromedriver: Path
    webkit: Path
    webkit_driver: Path
    grid_url: str
    window_size: tuple[int, int]
    connect_timeout: float
    fixture_timeout: float
    run_id: str
    report: Path | None
    retries: int
    #: "failures", "all" or "steps".
    screenshots: str
    #: The report's history file; None when there is none.
    history: Path | None
    accessibility: str
    accessibility_record: Path | None
    shard: Shard | None
    live_server_host: str
    site_host: str
    #: "owner" or "developer".
    detail: str
    #: The named server `server` picks; None for the local one.
    remote: NamedServer | None

    @property
    def screenshots_of_all(self) -> bool:
        """Every scenario's last view of every browser goes in the report."""
        return self.screenshots == "all"

    @property
    def is_local(self) -> bool:
        """True when the suite starts its own in-process live server."""
        return self.remote is None


def _merge(
    ini: Mapping[str, str], defines: Mapping[str, str], environ: Mapping[str, str]
) -> dict[str, str]:
    merged = dict(DEFAULTS)
    merged.update(ini)
    for key in merged:
        if env_name(key) in environ:
            merged[key] = environ[env_name(key)]
    merged.update(defines)
    return merged


#: SUPERLISTS_* variables that are not settings of a run: the staging host's
#: certificate for `fab deploy` (in .staging/env), and the mark a run puts on
#: its browsers' drivers (harness.run.reaper).
NOT_SETTINGS = frozenset(
    {
        "SUPERLISTS_STAGING_CERT",
        "SUPERLISTS_STAGING_CERT_KEY",
        # The marks on what a run (harness.run.reaper) and a make (harness.run.leftovers)
        # started, and where `make bench` wants a run's counts (harness.hooks).
        "SUPERLISTS_BROWSER_OF_RUN",
        "SUPERLISTS_CHECK_RUN",
        "SUPERLISTS_BENCH_COUNTS",
    }
)


def known_keys(values: Mapping[str, str], origin: Origin) -> set[str]:
    """Every setting `origin` may give: the built-in ones it may, and for each
    declared server its name and the `NAME.*` keys of every kind."""
    return set(settings_from(origin)) | server_keys(values)


def _refuse_unknown(
    ini: Mapping[str, str],
    defines: Mapping[str, str],
    environ: Mapping[str, str],
    values: Mapping[str, str],
) -> None:
    """A misspelt setting must not run with the default: one line, naming
    where it came from and the closest known key."""
    known = {origin: known_keys(values, origin) for origin in Origin}
    by_variable = {env_name(key): key for key in known[Origin.ENVIRONMENT]}
    unknown = [
        (key, Origin.COMMAND_LINE) for key in defines if key not in known[Origin.COMMAND_LINE]
    ]
    unknown += [
        (key, Origin.BEHAVE_INI)
        for key in ini
        if key not in known[Origin.BEHAVE_INI] and key not in defines
    ]
    unknown += [
        (variable, Origin.ENVIRONMENT)
        for variable in sorted(environ)
        if variable.startswith("SUPERLISTS_")
        and variable not in by_variable
        and variable not in NOT_SETTINGS
    ]
    if not unknown:
        return
    key, origin = unknown[0]
    candidates = sorted(by_variable) if origin is Origin.ENVIRONMENT else sorted(known[origin])
    closest = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    hint = f": did you mean {closest[0]}?" if closest else ""
    listed = "" if closest else f" (settings: {', '.join(sorted(settings_from(origin)))})"
    raise HarnessError(f"Unknown setting {key!r} from {origin.value}{hint}{listed}")


def read_detail(userdata: Mapping[str, str], environ: Mapping[str, str] | None = None) -> str:
    """The console's audience, read before the run's config is (behave makes
    its runner and formatters first): "owner" unless `detail` says
    "developer". A value that is neither is refused later, by `load_config`."""
    environ = os.environ if environ is None else environ
    value = userdata.get("detail", environ.get(env_name("detail"), DEFAULTS["detail"]))
    return "developer" if str(value).strip().lower() == "developer" else "owner"


def load_config(
    ini: Mapping[str, str],
    defines: Mapping[str, str],
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the run's `Config`.

    `ini` is behave's userdata (behave.ini already merged with `-D`), `defines`
    the `-D` pairs alone, so environment variables can sit between the two.
    """
    environ = os.environ if environ is None else environ
    secrets = sorted(key for key in {**ini, **defines} if key.endswith("_password"))
    if secrets:
        raise HarnessError(
            f"Config {secrets[0]} is a password in a file or on the command line: set "
            f"{env_name(secrets[0])} in the environment instead"
        )
    values = _merge(ini, defines, environ)
    _refuse_unknown(ini, defines, environ, values)
    server = s.SERVER.read(values)
    browser = s.BROWSER.read(values)
    # `browsers`, when set, says which engines the run covers; a run of one
    # engine (each parallel worker is one) drives the first.
    browsers = s.BROWSERS.read(values) or (browser,)
    if values["browser"].strip() != DEFAULTS["browser"] and browser not in browsers:
        raise HarnessError(
            f"Config browser={browser} and browsers={','.join(browsers)} disagree (one may "
            f"come from {env_name('browsers')} or behave.ini): set one of them"
        )
    # The fields in the order the original reading raised its errors, so that
    # of two bad settings the same one is named first.
    return Config(
        headless=s.HEADLESS.read(values),
        wait_timeout=s.WAIT_TIMEOUT.read(values),
        artifacts_dir=s.ARTIFACTS_DIR.read(values),
        browser=browsers[0],
        browsers=browsers,
        chromium=s.CHROMIUM.read(values),
        chromedriver=s.CHROMEDRIVER.read(values),
        webkit=s.WEBKIT.read(values),
        webkit_driver=s.WEBKIT_DRIVER.read(values),
        grid_url=s.GRID_URL.read(values),
        window_size=s.WINDOW_SIZE.read(values),
        connect_timeout=s.CONNECT_TIMEOUT.read(values),
        fixture_timeout=s.FIXTURE_TIMEOUT.read(values),
        run_id=s.RUN_ID.read(values),
        report=s.REPORT.read(values),
        retries=s.RETRIES.read(values),
        screenshots=s.SCREENSHOTS.read(values),
        history=history_file(s.HISTORY.read(values), s.REPORT.read(values)),
        accessibility=s.ACCESSIBILITY.read(values),
        accessibility_record=s.ACCESSIBILITY_RECORD.read(values),
        shard=s.SHARD.read(values),
        live_server_host=s.LIVE_SERVER_HOST.read(values),
        site_host=s.SITE_HOST.read(values),
        detail=s.DETAIL.read(values),
        remote=None if server == "local" else named_server(server, values, environ),
    )
