"""The run's set-up and tear-down behind the one-line hooks in `environment.py`,
written as behave's `@fixture` functions (behave's word; the harness's
"fixture layer" is `harness.server`).

This module is the wiring: what each feature does during a run lives with
the package that owns it (the audits in `harness.audits.during_run`, the
suggestions for undefined steps in `harness.authoring.undefined_in_run`, a
failed step's explanation and files in `harness.results.failure_capture`,
what the browsers trust in `harness.browsers.run_trust`).

Order matters: behave runs cleanups in reverse, so what is set up last is
undone first. The browsers quit before the server they talk to stops, and the
server stops before the run's scratch is removed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from behave.fixture import fixture, use_fixture
from behave.model import Feature, Scenario, Step

from harness.audits.auditor import Auditor
from harness.audits.during_run import audits_of_run, note_problems_in_junit
from harness.authoring import undefined_in_run
from harness.browsers import engines, launch, pool, run_trust, session
from harness.config import Config, load_config
from harness.people.cast import Cast
from harness.people.personas import load_default_cast
from harness.results import artifacts
from harness.results.failure_capture import explain_failed_step, explain_in_junit
from harness.results.report import Report
from harness.results.retries import Retries
from harness.results.run_description import server_description
from harness.results.storyboard import Storyboard
from harness.run import junit_notes, wait
from harness.run.behave_internals import run_cleanups_now, runner_of
from harness.run.errors import HarnessError
from harness.run.interrupts import Interrupts
from harness.run.scratch import RunScratch, new_run_id
from harness.run.shards import keep_shard
from harness.server import SiteUnderTest, open_server


def _under_behave_django(context: Any) -> bool:
    try:
        from behave_django.environment import PatchedContext
    except ImportError:
        return False
    return isinstance(context, PatchedContext)


def _stop_now(context: Any) -> None:
    """On a stop signal: quit the browsers, stop the server, drop the scratch.

    Called directly rather than through behave's cleanup stack: the signal may
    arrive while behave is in the middle of a fixture, and re-entering that
    fixture's generator fails. Each part is safe to call twice, and a
    half-finished run's JUnit is not published (its exit status tells CI).
    """
    for name, stop in (("browsers", "close"), ("server", "close"), ("scratch", "release")):
        part = getattr(context, name, None)
        if part is not None:
            try:
                getattr(part, stop)()
            except BaseException:  # noqa: BLE001, S112 - stop the rest regardless
                continue


@fixture
def stop_signals(context: Any) -> Interrupts:
    """Ctrl-C, SIGTERM and SIGHUP stop the run and exit 128+N, until the process
    ends: a signal after the cleanups still gets its line and its status."""
    interrupts = Interrupts(lambda: _stop_now(context))
    interrupts.install()
    return interrupts


@fixture
def run_config(context: Any) -> Config:
    """Parse behave.ini userdata, environment and -D once into `context.run_config`."""
    defines = dict(context.config.userdata_defines or [])
    config = load_config(context.config.userdata, defines)
    wait.configure(config.wait_timeout)
    if len(config.browsers) > 1:
        engines = ",".join(config.browsers)
        raise HarnessError(
            f"browsers={engines} runs the suite once in each engine, which a parallel run "
            f"does: `python -m harness.parallel -D browsers={engines}` (a plain run takes "
            "one: -D browser=webkit)"
        )
    launch.check_installed(config)
    context.run_config = config
    return config


#: Where `make bench` asks a run to write its counts (steps run, pages served).
BENCH_COUNTS = "SUPERLISTS_BENCH_COUNTS"


@fixture
def bench_counts(context: Any) -> Iterator[None]:
    """For `make bench`: with SUPERLISTS_BENCH_COUNTS=PATH, the run writes how
    many steps it ran and how many pages its local server served."""
    # A list, changed in place: a value set during a scenario would be
    # dropped with the scenario's layer of the context.
    context.steps_run = [0]
    yield
    path = os.environ.get(BENCH_COUNTS)
    if path:
        from harness.server.local import pages_served

        counts = {"steps": context.steps_run[0], "pages": pages_served()}
        Path(path).write_text(json.dumps(counts), encoding="utf-8")


@fixture
def shard_of_suite(context: Any) -> None:
    """With `-D shard=I/N`, keep only this run's slice of the suite."""
    shard = context.run_config.shard
    if shard is not None:
        kept = keep_shard(runner_of(context).features, shard, context.config.reporters)
        print(f"shard {shard}: {kept} scenario(s) of this run's features", file=sys.stderr)


@fixture
def default_cast(context: Any) -> None:
    """Read who is who (features/people.csv) once: a bad line stops the run here."""
    context.people = load_default_cast()


@fixture
def run_scratch(context: Any) -> Iterator[RunScratch]:
    """This run's own folder: its test database and JUnit, removed at the end."""
    config = context.run_config
    run_id = config.run_id or new_run_id()
    try:
        context.scratch = RunScratch.claim(run_id, config.artifacts_dir)
    except FileExistsError:
        raise HarnessError(
            f"run_id {run_id!r} is in use by a run that is still going: "
            "give this run another (-D run_id=NAME) or leave it unset"
        ) from None
    except OSError as error:
        raise HarnessError(f"cannot create the run's scratch folder: {error}") from None
    yield context.scratch
    context.scratch.release()


@fixture
def browser_pool(context: Any) -> Iterator[pool.BrowserPool]:
    """The run's browsers; the first starts in the background while the server comes up."""
    context.browsers = pool.BrowserPool(
        context.run_config,
        context.scratch.run_id,
        home=run_trust.browser_home_for(context.run_config, context.scratch.directory),
        on_start=lambda driver: _name_the_engine(context, driver),
        certificates=run_trust.webkit_certificates_for(
            context.run_config, context.scratch.directory
        ),
    )
    yield context.browsers
    context.browsers.close()


def _name_the_engine(context: Any, driver: engines.Browser) -> None:
    """The first browser's engine and version, for the report's facts and JUnit."""
    if getattr(context, "engine", None) is None:
        context.engine = engines.engine_label(driver) or "unknown"
        if context.report is not None:
            context.report.facts["Browser"] = context.engine


@fixture
def target_server(context: Any) -> Iterator[SiteUnderTest]:
    """The fixture layer for this run: a local live server or a remote site."""
    context.server = open_server(
        context.run_config,
        context.scratch.test_db,
        under_behave_django=_under_behave_django(context),
    )
    yield context.server
    context.server.close()


@fixture
def first_browser(context: Any) -> None:
    """Wait for the browser started in the background: one that cannot start
    stops the run here, in one line, not in every scenario."""
    context.browsers.ready()


@fixture
def undefined_step_suggestions(context: Any) -> None:
    """The run's record of undefined steps and their suggestions, for the
    console, the report and JUnit (`harness.authoring.undefined_in_run`)."""
    undefined_in_run.offer_suggestions(context)


@fixture
def junit_of_this_run(context: Any) -> Iterator[None]:
    """behave writes this run's JUnit into its scratch; at the end (or on an
    interrupt) those files replace whatever the JUnit folder held before."""
    config = context.config
    if not config.junit:
        yield
        return
    reports = Path(config.junit_directory)
    config.junit_directory = str(context.scratch.junit_dir)
    yield
    try:
        undefined_in_run.note_suggestions_in_junit(context, context.scratch.junit_dir)
        note_problems_in_junit(context, context.scratch.junit_dir)
        engine = getattr(context, "engine", None)
        if engine is not None:
            junit_notes.add_property(context.scratch.junit_dir, "browser", engine)
        context.scratch.publish_junit(reports)
    except OSError as error:
        print(f"behave: error: could not write JUnit to {reports}/: {error}", file=sys.stderr)


@fixture
def html_report(context: Any) -> None:
    """The run's HTML report (`report` in behave.ini), written when the run ends,
    whatever formatters the command line chose."""
    context.report = None
    path = context.run_config.report
    if path is None:
        return
    context.report = Report.attach_to(runner_of(context), path)
    context.report.describe_run(server_description(context.run_config.remote), context.run_config)


@fixture
def flaky_retries(context: Any) -> Iterator[Retries]:
    """Extra attempts for @flaky scenarios; the closing line lists any that
    passed only after retrying."""
    report = context.report
    if report is None:
        context.retries = Retries(context.run_config.retries)
    else:
        context.retries = Retries(
            context.run_config.retries,
            on_passed_after_retry=report.mark_retried,
            on_failed_all=report.mark_failed_all,
        )
        # One list each, shown both at the top of the report and in the closing line.
        report.retried = context.retries.passed_after_retry
        report.failed_all = context.retries.failed_all
    yield context.retries
    line = context.retries.summary()
    if line:
        print(line, file=sys.stderr)


@fixture
def accessibility_audits(context: Any) -> Iterator[Auditor]:
    """axe-core audits of each page state the run meets (`accessibility` in
    behave.ini): every step is followed by an audit of the pages it may have
    changed, and the run ends with a line of counts (`harness.audits.during_run`)."""
    yield from audits_of_run(context)


def arm_retries(context: Any, feature: Feature) -> None:
    """Before each feature: its @flaky scenarios get their extra attempts."""
    context.retries.arm(feature)


@fixture
def storyboard(context: Any) -> Iterator[Storyboard | None]:
    """With `-D screenshots=steps` (and a report): a frame of each person a
    step was about, after every step (`harness.results.storyboard`)."""
    context.storyboard = None
    if context.run_config.screenshots != "steps" or context.report is None:
        yield None
        return
    try:
        folder = context.scratch.mark_artifacts() / "storyboard"
    except OSError as error:
        raise HarnessError(f"cannot keep the storyboard's pictures: {error}") from None
    context.storyboard = Storyboard(folder, context.server.url, session.PARKING_PATH)
    yield context.storyboard
    context.storyboard.close()


@fixture
def browsers_quit_first(context: Any) -> Iterator[None]:
    """Registered after the server, so its cleanup (which runs first) quits the
    browsers while the server they talk to is still up."""
    yield
    context.browsers.quit_all()


def set_up_run(context: Any) -> None:
    """Everything a run needs, or one clear line on stderr and exit 1."""
    context.config.setup_logging()  # defining before_all drops behave's own call
    try:
        use_fixture(stop_signals, context)
        use_fixture(run_config, context)
        use_fixture(bench_counts, context)
        use_fixture(html_report, context)  # a report that cannot be written stops us here
        use_fixture(undefined_step_suggestions, context)  # for the console and the report
        use_fixture(shard_of_suite, context)
        use_fixture(default_cast, context)
        use_fixture(run_scratch, context)
        use_fixture(accessibility_audits, context)
        use_fixture(browser_pool, context)
        use_fixture(target_server, context)
        use_fixture(browsers_quit_first, context)
        use_fixture(first_browser, context)
        use_fixture(junit_of_this_run, context)
        use_fixture(flaky_retries, context)
        use_fixture(storyboard, context)
    except HarnessError as error:
        end_run_early(context, error)


def end_run_early(context: Any, error: HarnessError) -> NoReturn:
    """Stop a run that cannot start: one line, what was started undone, exit 1.

    Not behave's `context.abort()`: that carries on to report the run as
    "ABORTED: By user", which is not what happened.
    """
    print(f"behave: error: {error}", file=sys.stderr)
    try:
        run_cleanups_now(context)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


@fixture
def scenario_cast(context: Any, scenario: Scenario) -> Iterator[Cast | None]:
    """A clean database and a fresh cast for each scenario."""
    reason = context.server.skip_reason(set(scenario.effective_tags)) or browsers_gone(context)
    if reason:
        scenario.skip(reason)
        yield None
        return
    if "readonly" not in scenario.effective_tags:  # read-only scenarios change nothing
        # A fixture process that has ended fails this scenario in one line
        # (behave's HOOK-ERROR); the server then skips every later one with
        # the same reason, and the run ends with its results reported.
        context.server.reset_database()
    context.server.scenario_began()
    context.cast = Cast(context.server, context.browsers, people=dict(context.people))
    if context.storyboard is not None:
        context.storyboard.begin(artifacts.folder_name(scenario.name))
    yield context.cast
    explain_in_junit(scenario)
    undefined_in_run.suggest_for_undefined(context, scenario)
    if context.report is not None:
        failure_shown = context.report.scenario_ended()
        if context.run_config.screenshots_of_all and not failure_shown:
            context.report.attach_screenshots(context.cast.browsers())
        if context.storyboard is not None:
            context.report.attach_storyboard(context.storyboard.frames())
    context.cast.dismiss()


def browsers_gone(context: Any) -> str | None:
    """Why no browser can be had any more (a Grid gone mid-run). The first
    scenario to meet it fails, in one line (so the run cannot end green);
    every later one is skipped with that reason, not failed one by one."""
    pool = context.browsers
    gone = pool.unavailable
    if gone is None:
        return None
    if not pool.unavailable_told:  # on the pool: the run's, not the scenario's, layer
        pool.unavailable_told = True
        raise HarnessError(f"{gone}: the remaining scenarios are skipped")
    return f"not run: {gone}"


def step_ended(context: Any, step: Step) -> None:
    """After a failed step: say why in the people's words (the console and
    the report read `step.explanation`; JUnit gets it at the scenario's end),
    and, for a product failure, save what each browser showed. With a
    storyboard, every step first gets its frames."""
    if hasattr(context, "steps_run"):
        context.steps_run[0] += 1
    if getattr(context, "storyboard", None) is not None and hasattr(context, "cast"):
        context.storyboard.after_step(
            f"{step.keyword} {step.name}", context.cast.browsers_looked_at()
        )
    if not step.status.has_failed():
        return
    explain_failed_step(context, step, runner_of(context).step_registry)
