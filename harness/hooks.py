"""behave fixtures behind the one-line hooks in `environment.py`.

Order matters: the server starts before the browser, so behave's cleanups,
which run in reverse, quit the browser before the live server stops.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from behave.fixture import fixture, use_fixture
from behave.model import Scenario, Step

from harness import artifacts, browser, wait
from harness.cast import Cast
from harness.config import Config, load_config
from harness.errors import HarnessError
from harness.server import Server, open_server


def _under_behave_django(context: Any) -> bool:
    try:
        from behave_django.environment import PatchedContext
    except ImportError:
        return False
    return isinstance(context, PatchedContext)


@fixture
def run_config(context: Any) -> Config:
    """Parse behave.ini userdata, environment and -D once into `context.settings`."""
    defines = dict(context.config.userdata_defines or [])
    settings = load_config(context.config.userdata, defines)
    wait.configure(settings.wait_timeout)
    browser.check_installed(settings)
    context.settings = settings
    return settings


@fixture
def browser_pool(context: Any) -> Iterator[browser.BrowserPool]:
    """The run's browsers; the first starts in the background while the server comes up."""
    context.browsers = browser.BrowserPool(context.settings)
    yield context.browsers
    context.browsers.close()


@fixture
def target_server(context: Any) -> Iterator[Server]:
    """The fixture layer for this run: a local live server or a remote site."""
    context.server = open_server(
        context.settings, under_behave_django=_under_behave_django(context)
    )
    yield context.server
    context.server.close()


@fixture
def browsers_quit_first(context: Any) -> Iterator[None]:
    """Registered after the server, so its cleanup (which runs first) quits the
    browsers while the server they talk to is still up."""
    yield
    context.browsers.quit_all()


def set_up_run(context: Any) -> None:
    """Everything a run needs, or one clear line on stderr and an aborted run."""
    context.config.setup_logging()  # defining before_all drops behave's own call
    try:
        use_fixture(run_config, context)
        use_fixture(browser_pool, context)
        use_fixture(target_server, context)
        use_fixture(browsers_quit_first, context)
    except HarnessError as error:
        print(f"behave: error: {error}", file=sys.stderr)
        context.abort(reason=str(error))


@fixture
def scenario_cast(context: Any, scenario: Scenario) -> Iterator[Cast | None]:
    """A clean database and a fresh cast for each scenario."""
    reason = context.server.skip_reason(set(scenario.effective_tags))
    if reason:
        scenario.skip(reason)
        yield None
        return
    if "readonly" not in scenario.effective_tags:  # read-only scenarios change nothing
        context.server.reset_database()
    context.cast = Cast(context.server, context.browsers)
    yield context.cast
    context.cast.dismiss()


def capture_failure(context: Any, step: Step) -> None:
    """After a failed step, save artefacts and print where they are."""
    if not step.status.has_failed() or not hasattr(context, "cast"):
        return
    saved, notes = artifacts.save_failure_artifacts(
        context.settings.artifacts_dir,
        context.scenario.name,
        context.cast.browsers(),
        context.server.error_log_tail,
    )
    for line in [*(f"  artefact: {path}" for path in saved), *(f"  note: {n}" for n in notes)]:
        print(line, file=sys.stderr)
