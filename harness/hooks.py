"""The run's set-up and tear-down behind the one-line hooks in `environment.py`,
written as behave's `@fixture` functions (behave's word; the harness's
"fixture layer" is `harness.server`).

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
from urllib.parse import urlsplit

from behave.fixture import fixture, use_fixture
from behave.model import Feature, Scenario, Step
from behave.model_core import Status

from harness.audits import accessibility
from harness.authoring import suggestions
from harness.browsers import engines, grid, launch, pool, session, trust
from harness.config import Config, load_config
from harness.people.cast import Cast
from harness.people.personas import load_default_cast
from harness.results import artifacts
from harness.results.report import Report
from harness.results.retries import Retries
from harness.results.run_description import server_description
from harness.results.storyboard import Storyboard
from harness.run import failures, junit_notes, wait
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


def _run_cleanups_now(context: Any) -> None:
    """Run every cleanup registered so far, newest first, as behave would at
    the end of the run. (behave has no public call for "now".)"""
    context._do_remaining_cleanups()


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
        kept = keep_shard(context._runner.features, shard, context.config.reporters)
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
        home=_browser_home(context),
        on_start=lambda driver: _name_the_engine(context, driver),
        certificates=_webkit_certificates(context),
    )
    yield context.browsers
    context.browsers.close()


def _name_the_engine(context: Any, driver: engines.Browser) -> None:
    """The first browser's engine and version, for the report's facts and JUnit."""
    if getattr(context, "engine", None) is None:
        context.engine = engines.engine_label(driver) or "unknown"
        if context.report is not None:
            context.report.facts["Browser"] = context.engine


def _webkit_certificates(context: Any) -> list[dict[str, str]] | None:
    """For WebKit against a server with a private CA: the server's
    certificate, verified against that CA by the run, allowed for its host
    alone (WebKit takes no CA: `trust.verified_site_certificate`). On a Grid
    the nodes allow it (`scripts/grid up`): the run checks they allow this
    very certificate, or says in one line how to give it to them."""
    config = context.run_config
    remote = config.remote
    if config.browser != "webkit" or remote is None or remote.ca_file is None:
        return None
    folder = context.scratch.directory / "webkit-certificates"
    pinned = trust.verified_site_certificate(remote.url, remote.ca_file, folder)
    if not config.grid_url:
        return trust.webkit_certificates(remote.url, pinned)
    host = urlsplit(remote.url).hostname
    offered = grid.webkit_certificates(config.grid_url) or []
    if not any(c["host"] == host and _same_file(c["certificateFile"], pinned) for c in offered):
        raise HarnessError(
            f"the Grid's WebKit nodes do not allow {remote.name}'s certificate (WebKit takes "
            f"no CA): start the Grid after {remote.name} is deployed, so that it verifies "
            "and gives them that certificate (scripts/grid down; scripts/grid up)"
        )
    return None


def _same_file(path: str, other: Path) -> bool:
    try:
        return Path(path).read_bytes() == other.read_bytes()
    except OSError:
        return False


def _browser_home(context: Any) -> Path | None:
    """A HOME trusting the server's private CA, for local browsers (a Grid's
    nodes have their own); None when the run needs no CA."""
    remote = context.run_config.remote
    if remote is None or remote.ca_file is None or context.run_config.grid_url:
        return None
    return trust.browser_home(remote.ca_file, context.scratch.directory / "browser-home")


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
    """The run's record of undefined steps and their suggestions: set at the
    run's level, so every scenario adds to it, and JUnit reads it at the end.
    The console and the report show them under each such step."""
    context.undefined_steps = suggestions.UndefinedSteps(context._runner.step_registry)
    for formatter in context._runner.formatters:
        if hasattr(formatter, "suggest"):
            formatter.suggest = lambda step, scenario: suggestion_for(
                context, step, scenario
            ).lines()


def suggestion_for(
    context: Any, step: Step, scenario: Scenario | None = None
) -> suggestions.Suggestion:
    """What to suggest for the undefined `step` of `scenario` (by default the
    one running now), worked out once however many places show it."""
    offered: suggestions.Suggestion | None = getattr(step, "suggestion", None)
    if offered is None:
        scenario = scenario or context.scenario
        offered = context.undefined_steps.suggest(scenario.feature.name, scenario.name, step)
        step.suggestion = offered
    return offered


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
        suggestions.annotate_junit(context.scratch.junit_dir, context.undefined_steps.offered)
        auditor = getattr(context, "auditor", None)
        if auditor is not None and auditor.mode == "report":
            accessibility.annotate_junit(context.scratch.junit_dir, auditor.audits.values())
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
    context.report = Report.attach_to(context._runner, path)
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
def accessibility_audits(context: Any) -> Iterator[accessibility.Auditor]:
    """axe-core audits of each page state the run meets (`accessibility` in
    behave.ini): every step is followed by an audit of the pages it may have
    changed, and the run ends with a line of counts."""
    config = context.run_config
    context.auditor = accessibility.Auditor(config.accessibility)
    if config.accessibility == "off":
        yield context.auditor
        return
    context.auditor.source  # noqa: B018 - axe missing stops the run here, in one line
    server = accessibility.AxeServer(context.auditor.source)
    context.auditor.use(server)
    if context.report is not None:
        context.report.accessibility = context.auditor.audits
    unwrap = accessibility.follow_steps(context._runner.step_registry, audit_changed_pages)
    try:
        yield context.auditor
    finally:
        unwrap()
        server.close()
    print("\n".join(context.auditor.closing_lines()), file=sys.stderr)
    if config.accessibility_record is not None:
        try:
            accessibility.record(context.auditor.audits, config.accessibility_record)
        except OSError as error:
            print(f"behave: error: could not record the audits: {error}", file=sys.stderr)


def audit_changed_pages(context: Any) -> None:
    """After a step: audit each browser whose page it may have changed, if the
    run has not seen that page state. A new problem fails the step (`fail`)
    or is noted under it (`report`)."""
    cast = getattr(context, "cast", None)
    if cast is None:
        return
    where = (context.scenario.feature.name, context.scenario.name)
    for person, driver in cast.browsers():
        if not driver.page_changed:
            continue
        driver.page_changed = False
        try:
            audit = context.auditor.audit_if_new(driver, person, where)
        except accessibility.AxeUnavailable as error:
            raise failures.PermanentFailure(str(error)) from None  # a failed step, in one line
        if audit is None or not audit.problems:
            continue
        if context.report is not None:
            context.report.attach_accessibility_problem(audit.message())
        if context.auditor.mode == "fail":
            raise audit.failure()


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
        _run_cleanups_now(context)
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
    suggest_for_undefined(context, scenario)
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


def suggest_for_undefined(context: Any, scenario: Scenario) -> None:
    """Every step nobody defined gets its suggestions worked out, for JUnit,
    and shown in the report, those after the first included."""
    for step in scenario.all_steps:
        if step.status == Status.undefined:
            suggestion_for(context, step, scenario)
    if context.report is not None:
        context.report.show_undefined(scenario.all_steps)


def explain_in_junit(scenario: Scenario) -> None:
    """Each failed step's whole explanation as its error message, which JUnit
    (and behave's own formatters) show. (behave sets the message again after
    the after_step hook, so it is replaced once the scenario is over.)"""
    for step in scenario.all_steps:
        told = getattr(step, "explanation", None)
        if told is not None:
            step.error_message = told.text()


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
    match = context._runner.step_registry.find_match(step)
    source = [f"step defined at {match.location}"] if match is not None else []
    told = failures.explain(step.exception, step.error_message).with_notes(trace=source)
    if told.kind != "wording" and hasattr(context, "cast"):
        # A product failure: what each browser showed. (The feature's words
        # being wrong, the screen shows nothing about it.)
        told = told.with_notes(details=save_artifacts(context, step.exception))
    step.explanation = told


def save_artifacts(context: Any, error: BaseException | None) -> list[str]:
    """Save each browser's screenshot (outlining what the failed check read),
    page and console log, and the server's log; returns lines saying where."""
    try:
        folder = context.scratch.mark_artifacts()
    except OSError as problem:
        return [f"could not save artifacts: {problem}"]
    person, focus = getattr(error, "person", None), getattr(error, "focus", None)
    saved, notes = artifacts.save_failure_artifacts(
        folder,
        context.scenario.name,
        context.cast.browsers(),
        context.server.error_log_tail,
        outlines={person: focus} if person and focus else None,
    )
    if context.report is not None:
        context.report.attach_files(saved)
        for note in notes:
            context.report.attach_note(note)
    lines = [f"saved {a.path}" + (f", {a.detail}" if a.detail else "") for a in saved]
    return [*lines, *notes]
