"""Run configuration, parsed once per run into a frozen dataclass.

Order of precedence, lowest first:

1. built-in defaults (`DEFAULTS` below);
2. `behave.ini`, section `[behave.userdata]`;
3. environment variables: `SUPERLISTS_` + the key upper-cased, dots and dashes
   as underscores (`wait_timeout` -> `SUPERLISTS_WAIT_TIMEOUT`,
   `staging.url` -> `SUPERLISTS_STAGING_URL`);
4. `behave -D key=value` on the command line.

Named servers are declared in userdata as `NAME = ADDRESS` plus `NAME.url`,
`NAME.kind` (ssh, the default, or container), `NAME.site`, `NAME.disposable`
and, by kind, `NAME.key` and `NAME.instances` (ssh; ADDRESS is user@host:port)
or `NAME.engine` (container; ADDRESS is the container's name). Any server may
name `NAME.ca`, a CA certificate the run's browsers trust for it (an https
URL signed by a private CA), and `NAME.mailbox`, `imaps://READER@HOST:PORT`,
where the harness reads the site's real email; the reader's password comes
only from the environment, `SUPERLISTS_NAME_MAILBOX_PASSWORD`.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harness.run.choices import FALSE, env_name, read_bool, read_choice, read_seconds
from harness.run.errors import HarnessError
from harness.run.shards import Shard, parse_shard
from harness.server.kinds import COMMON_KEYS, SERVER_KINDS, kind_named
from harness.server.targets import Mailbox, NamedServer

DEFAULTS: dict[str, str] = {
    "server": "local",
    "headless": "true",
    "wait_timeout": "5",
    "artifacts_dir": "artifacts",
    # The browser engine: chromium, or webkit (Debian's WebKitGTK, on a
    # virtual display). Firefox cannot be had here: Debian packages no geckodriver.
    "browser": "chromium",
    # The engines a parallel run runs the whole suite in, each scenario once in
    # each: e.g. "chromium,webkit" (python -m harness.parallel). Empty: `browser`.
    "browsers": "",
    "chromium": "/usr/lib/chromium/chromium-headless-shell",
    "chromedriver": "/usr/bin/chromedriver",
    "webkit": "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "webkit_driver": "/usr/bin/WebKitWebDriver",
    "grid_url": "",
    "window_size": "1024,768",
    # Seconds to wait for an SSH server to answer, from TCP connect to login.
    "connect_timeout": "5",
    # Seconds one fixture request (reset, session, email) may take on a server.
    "fixture_timeout": "30",
    # Names this run's scratch (test database, JUnit, artifacts). Empty: made
    # up from the time and pid; a parallel runner gives each worker its own.
    "run_id": "",
    # The HTML report every run writes; "off" for none.
    "report": "reports/acceptance.html",
    # Extra attempts for a scenario tagged @flaky; "off" (or 0) for a strict gate.
    "retries": "2",
    # Screenshots in the report: "failures", "all" (every scenario's last view)
    # or "steps" (a storyboard: each person's screen after each step about them).
    "screenshots": "failures",
    # Where the report keeps its history of runs (trend, flaky marks): "auto",
    # beside the report (reports/acceptance-history.json); a .json path; or "off".
    "history": "auto",
    # axe-core audits of every page state the scenarios meet (WCAG 2.0/2.1 A and
    # AA): "fail" fails the scenario that first meets a problem, "report" only
    # reports it, "off" audits nothing.
    "accessibility": "fail",
    # Where to write the run's accessibility audits as JSON; the parallel runner
    # gives each worker one, and merges them. Empty: nowhere.
    "accessibility_record": "",
    # I/N: run only the I-th of N deterministic slices of the suite (CI shards).
    "shard": "",
    # Where the local live server listens, and the host name browsers use to
    # reach it (default: the same). A Grid on other machines needs 0.0.0.0 and
    # this machine's address.
    "live_server_host": "localhost",
    "site_host": "",
    # What the console shows: "owner" (the features' readers: steps, failures
    # in their words, suggestions) or "developer" (also each step's source,
    # tracebacks, captured output and behave's runner banner).
    "detail": "owner",
}

#: The two audiences the console can be written for.
DETAILS = ("owner", "developer")

#: The most extra attempts a @flaky scenario may get.
MAX_RETRIES = 5

#: The longest a single check may keep retrying, in seconds.
MAX_WAIT_TIMEOUT = 600.0
#: The longest any other configured timeout may be, in seconds.
MAX_TIMEOUT = 600.0

_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Config:
    """Everything a run is configured with; built once in `before_all`."""

    server: str
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
    #: "failures", "all" or "steps": see DEFAULTS.
    screenshots: str
    #: The report's history file; None when there is none.
    history: Path | None
    accessibility: str
    accessibility_record: Path | None
    shard: Shard | None
    live_server_host: str
    site_host: str
    #: "owner" or "developer": see DEFAULTS.
    detail: str
    #: The named server the run targets; None for the local one.
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


def _run_id(value: str) -> str:
    if value and not _RUN_ID.fullmatch(value):
        raise HarnessError(
            f"Config run_id={value!r} is not usable as a folder name: use up to 64 "
            "letters, digits, dots, dashes or underscores"
        )
    return value


def _report(value: str) -> Path | None:
    value = value.strip()
    if value.lower() in FALSE - {""}:
        return None
    path = Path(value)
    if not (path.suffix.lower() in (".html", ".htm") and path.stem and not value.endswith("/")):
        raise HarnessError(
            f"Config report={value!r} is not an .html file: use e.g. "
            "report=reports/acceptance.html, or report=off"
        )
    return path


def _retries(value: str) -> int:
    value = value.strip().lower()
    if value in FALSE:
        return 0
    if not (value.isascii() and value.isdigit() and int(value) <= MAX_RETRIES):
        raise HarnessError(
            f"Config retries={value!r} is not a number of retries: use 0-{MAX_RETRIES}, or off"
        )
    return int(value)


SCREENSHOTS = ("failures", "all", "steps")


def history_path(report: Path) -> Path:
    """Where the history of the report at `report` is kept: beside it."""
    return report.with_name(f"{report.stem}-history.json")


def _history(value: str, report: Path | None) -> Path | None:
    value = value.strip()
    if value.lower() in FALSE - {""} or report is None and value.lower() in ("", "auto"):
        return None
    if value.lower() in ("", "auto"):
        return history_path(report) if report is not None else None
    path = Path(value)
    if path.suffix.lower() != ".json" or not path.stem or value.endswith("/"):
        raise HarnessError(
            f"Config history={value!r} is not a .json file: use e.g. "
            "history=reports/acceptance-history.json, auto (beside the report) or off"
        )
    return path


_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


#: The browser engines a run can use.
ENGINES = ("chromium", "webkit")


def _browser(value: str) -> str:
    return _one_of(
        "browser", value, ENGINES,
        "use chromium or webkit (Firefox cannot be had here: Debian packages no geckodriver)",
    )  # fmt: skip


def _browsers(value: str, browser: str) -> tuple[str, ...]:
    """The engines `browsers` names, in its order, or just `browser`."""
    names = [name for name in value.split(",") if name.strip()]
    if not names:
        return (browser,)
    engines = tuple(
        _one_of(
            "browsers",
            name,
            ENGINES,
            "name engines from chromium and webkit, e.g. browsers=chromium,webkit",
        )  # fmt: skip
        for name in names
    )
    if len(set(engines)) < len(engines):
        raise HarnessError(
            f"Config browsers={value!r} names an engine twice: use e.g. browsers=chromium,webkit"
        )
    return engines


#: What `accessibility` may be set to.
ACCESSIBILITY_MODES = ("fail", "report", "off")


def _accessibility(value: str) -> str:
    return _one_of(
        "accessibility", value, ACCESSIBILITY_MODES,
        "use fail (a problem fails its scenario), report (reported only) or off",
    )  # fmt: skip


def _one_of(key: str, value: str, choices: tuple[str, ...], how: str) -> str:
    """`value` as one of `choices` (any case, spaces around ignored), or
    HarnessError saying `how` to set `key`."""
    choice = value.strip().lower()
    if choice not in choices:
        raise HarnessError(f"Config {key}={value!r} is unknown: {how}")
    return choice


def _host(key: str, value: str) -> str:
    value = value.strip()
    if value and not _HOST.fullmatch(value):
        raise HarnessError(
            f"Config {key}={value!r} is not a host name or address: use e.g. {key}=192.168.1.5"
        )
    return value


def _grid_url(value: str) -> str:
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
            f"Config grid_url={value!r} is not a Grid address: use e.g. "
            "grid_url=http://127.0.0.1:4444 (or leave it empty for local browsers)"
        )
    return value.rstrip("/")


def _window(value: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in value.split(",") if part.isascii())
    except ValueError:
        width = height = 0
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise HarnessError(
            f"Config window_size={value!r} is malformed: use WIDTH,HEIGHT e.g. 1024,768"
        )
    return width, height


def _named_server(name: str, values: Mapping[str, str], environ: Mapping[str, str]) -> NamedServer:
    """The server `name` as its kind reads it, with what every kind has."""
    if name not in declared_servers(values):
        choices = ", ".join(["local", *declared_servers(values)])
        raise HarnessError(
            f"Unknown server {name!r}: use -D server=NAME with one of: {choices} "
            "(servers are declared in behave.ini [behave.userdata])"
        )
    kind = kind_named(name, values.get(f"{name}.kind", "ssh"))
    url = values.get(f"{name}.url", "").strip()
    if not url:
        raise HarnessError(
            f"Server {name!r} needs `{name}.url = https://...` (where browsers reach it) "
            "in behave.ini [behave.userdata]"
        )
    if not url.startswith(("http://", "https://")):
        raise HarnessError(
            f"Config {name}.url={url!r} is not a web address: use https://HOST or http://HOST:PORT"
        )
    ca = values.get(f"{name}.ca", "").strip()
    disposable = read_bool(f"{name}.disposable", values.get(f"{name}.disposable", "false"))
    common = {
        "name": name,
        "kind": kind.name,
        "url": url.rstrip("/"),
        "disposable": disposable,
        "ca_file": Path(ca).expanduser() if ca else None,
        # Only a disposable server's email is read (a @readonly run sends none).
        "mailbox": _mailbox(name, values.get(f"{name}.mailbox", ""), environ)
        if disposable
        else None,
    }
    prefix = f"{name}."
    own = {key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)}
    return kind.read(name, values[name].strip(), own, common)


def declared_servers(values: Mapping[str, str]) -> list[str]:
    """The servers the settings name: `NAME = ...` with a `NAME.url`, and the
    one `server` picks (so that a missing URL is said as such)."""
    chosen = values.get("server", "").strip()
    return sorted(
        key
        for key in values
        if "." not in key and key not in DEFAULTS and (f"{key}.url" in values or key == chosen)
    )


def _mailbox(name: str, value: str, environ: Mapping[str, str]) -> Mailbox | None:
    value = value.strip()
    secret = env_name(f"{name}.mailbox_password")
    if not value:
        return None
    parts = urlsplit(value)
    # Checked first, and never echoed: the value holds a secret.
    if parts.password is not None:
        raise HarnessError(
            f"Config {name}.mailbox holds a password: remove it, and set {secret} "
            "in the environment instead (never in files or on the command line)"
        )
    try:
        port = parts.port or 993
    except ValueError:
        port = 0
    if parts.scheme != "imaps" or not parts.username or not parts.hostname or not port:
        raise HarnessError(
            f"Config {name}.mailbox={value!r} is not an IMAPS address: use "
            "imaps://READER@HOST:993 (the password goes in the environment)"
        )
    password = environ.get(secret, "")
    if not password:
        raise HarnessError(
            f"{name}.mailbox needs the reader's password in the environment variable {secret}"
            " (for the local staging host: set -a; . .staging/env; set +a)"
        )
    return Mailbox(parts.hostname, port, parts.username, password)


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


def known_keys(values: Mapping[str, str]) -> set[str]:
    """Every setting a run may have: the built-in ones, and for each declared
    server its name and the `NAME.*` keys of every kind, its own kind's first."""
    known = set(DEFAULTS)
    for name in declared_servers(values):
        kind = SERVER_KINDS.get(values.get(f"{name}.kind", "ssh").strip().lower())
        # An unknown kind is said as such when the server is read; until
        # then, any kind's settings may be its.
        every = frozenset().union(*(k.keys for k in SERVER_KINDS.values()))
        suffixes = COMMON_KEYS | (kind.keys if kind else every)
        known |= {name, f"{name}.mailbox_password", *(f"{name}.{s}" for s in suffixes)}
    return known


def _refuse_unknown(
    ini: Mapping[str, str],
    defines: Mapping[str, str],
    environ: Mapping[str, str],
    values: Mapping[str, str],
) -> None:
    """A misspelt setting must not run with the default: one line, naming
    where it came from and the closest known key."""
    known = known_keys(values)
    by_variable = {env_name(key): key for key in known}
    unknown = [(key, "-D") for key in defines if key not in known]
    unknown += [(key, "behave.ini") for key in ini if key not in known and key not in defines]
    unknown += [
        (variable, "the environment")
        for variable in sorted(environ)
        if variable.startswith("SUPERLISTS_")
        and variable not in by_variable
        and variable not in NOT_SETTINGS
    ]
    if not unknown:
        return
    key, where = unknown[0]
    candidates = sorted(by_variable) if where == "the environment" else sorted(known)
    closest = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    hint = f": did you mean {closest[0]}?" if closest else ""
    listed = "" if closest else f" (settings: {', '.join(sorted(k for k in DEFAULTS))})"
    raise HarnessError(f"Unknown setting {key!r} from {where}{hint}{listed}")


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
    server = values["server"].strip()
    browser = _browser(values["browser"])
    browsers = _browsers(values["browsers"], browser)
    if values["browser"].strip() != DEFAULTS["browser"] and browser not in browsers:
        raise HarnessError(
            f"Config browser={browser} and browsers={','.join(browsers)} disagree (one may "
            f"come from {env_name('browsers')} or behave.ini): set one of them"
        )
    return Config(
        server=server,
        headless=read_bool("headless", values["headless"]),
        wait_timeout=read_seconds("wait_timeout", values["wait_timeout"], most=MAX_WAIT_TIMEOUT),
        artifacts_dir=Path(values["artifacts_dir"]),
        # `browsers`, when set, says which engines the run covers; a run of
        # one engine (each parallel worker is one) drives the first.
        browser=browsers[0],
        browsers=browsers,
        chromium=Path(values["chromium"]),
        chromedriver=Path(values["chromedriver"]),
        webkit=Path(values["webkit"]),
        webkit_driver=Path(values["webkit_driver"]),
        grid_url=_grid_url(values["grid_url"]),
        window_size=_window(values["window_size"]),
        connect_timeout=read_seconds(
            "connect_timeout", values["connect_timeout"], most=MAX_TIMEOUT
        ),
        fixture_timeout=read_seconds(
            "fixture_timeout", values["fixture_timeout"], most=MAX_TIMEOUT
        ),
        run_id=_run_id(values["run_id"].strip()),
        report=_report(values["report"]),
        retries=_retries(values["retries"]),
        screenshots=read_choice("screenshots", values["screenshots"], SCREENSHOTS),
        history=_history(values["history"], _report(values["report"])),
        accessibility=_accessibility(values["accessibility"]),
        accessibility_record=Path(values["accessibility_record"].strip())
        if values["accessibility_record"].strip()
        else None,
        shard=parse_shard(values["shard"]),
        live_server_host=_host("live_server_host", values["live_server_host"]) or "localhost",
        site_host=_host("site_host", values["site_host"]),
        detail=read_choice("detail", values["detail"], DETAILS),
        remote=None if server == "local" else _named_server(server, values, environ),
    )
