"""The runner: plan, deal, run the workers, merge, say how it went."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from harness.audits import accessibility
from harness.browsers.grid import GRID_ENGINES, grid_slots
from harness.parallel.merge import (
    merge_junit,
    merge_report,
    outcomes_of,
    publish,
    report_problem,
    save_durations,
)
from harness.parallel.merge.outcome import Lane
from harness.parallel.plan import Suite, deal, load_durations, plan_suite
from harness.parallel.workers import (
    ACCESSIBILITY_RECORD,
    BROWSERS_PER_WORKER,
    Crew,
    Worker,
    collect,
    duration_key,
    instance_defines,
    start,
    worker_options,
    worker_said,
)
from harness.run import junit_notes
from harness.run.interrupts import Interrupts
from harness.run.paths import PROJECT

if TYPE_CHECKING:
    from harness.config import Config
    from harness.run.scratch import RunScratch

DURATIONS_FILE = Path("reports") / "durations.json"


def parse_args(argv: list[str]) -> tuple[int, list[str]]:
    """The number of workers, and the arguments that go to behave."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.parallel",
        description="Run the acceptance suite in N worker processes; other arguments go to behave.",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="workers (default: cores)"
    )
    jobs, behave_args = parser.parse_known_args(argv)
    if not 1 <= jobs.jobs <= 64:
        parser.error(f"-j {jobs.jobs}: use 1 to 64 workers")
    return jobs.jobs, behave_args


def main(argv: list[str] | None = None, root: Path = PROJECT) -> int:
    """Plan, deal, run, merge; returns the exit status. `root` is the folder
    behave runs in (the project's, but for the runner's own tests)."""
    from behave.configuration import Configuration

    from harness.browsers.launch import check_installed
    from harness.config import load_config
    from harness.run.errors import HarnessError
    from harness.run.scratch import RunScratch, new_run_id

    jobs, behave_args = parse_args(sys.argv[1:] if argv is None else argv)
    os.chdir(root)
    if "--dry-run" in behave_args:
        print("parallel: error: for a dry run, use `behave --dry-run` itself", file=sys.stderr)
        return 2
    try:
        behave_config = Configuration(command_args=behave_args, load_config=True)
        defines = dict(behave_config.userdata_defines or [])
        run_config = load_config(behave_config.userdata, defines)
        # Each engine's browser and driver are there, before any worker starts
        # (a worker that cannot start its browser would leave its scenarios unrun).
        for engine in run_config.browsers:
            check_installed(dataclasses.replace(run_config, browser=engine))
    except SystemExit as exit_:  # behave's option parser has said why already
        return exit_.code if isinstance(exit_.code, int) else 2
    except HarnessError as error:
        print(f"parallel: error: {error}", file=sys.stderr)
        return 2
    if run_config.report is not None:
        problem = report_problem(run_config.report)
        if problem:
            print(
                f"parallel: error: cannot write the report to {run_config.report}: {problem} "
                "(set -D report=PATH.html, or report=off)",
                file=sys.stderr,
            )
            return 2
    try:
        scratch = RunScratch.claim(run_config.run_id or new_run_id(), run_config.artifacts_dir)
    except (FileExistsError, OSError) as error:
        print(f"parallel: error: cannot claim the run's scratch folder: {error}", file=sys.stderr)
        return 2
    crew = Crew()

    def stop_everything() -> None:
        # Called by Interrupts on SIGINT/SIGTERM/SIGHUP: each worker gets the
        # same signal (and so quits its browsers and server, and exits 128+N);
        # the run publishes nothing half-finished.
        crew.stop(interrupts.received or signal.SIGTERM)
        scratch.release()

    interrupts = Interrupts(stop_everything, program="parallel")
    interrupts.install()
    try:
        return run(behave_args, behave_config, jobs, run_config, scratch, crew, root)
    finally:
        scratch.release()


def run(
    behave_args: list[str],
    behave_config: Any,
    jobs: int,
    run_config: Config,
    scratch: RunScratch,
    crew: Crew,
    root: Path = PROJECT,
) -> int:
    """Plan, deal and start the workers, then wait and merge."""
    started, started_at = time.monotonic(), datetime.now()
    engines = run_config.browsers
    several = len(engines) > 1
    jobs = _fit_jobs(jobs, run_config)
    suite = plan_suite(behave_args, scratch.directory, run_config.shard, root, crew)
    durations = load_durations(DURATIONS_FILE)
    lanes: list[Lane] = []
    for engine in engines:
        # The workers are shared out between the engines, one each at least.
        lane_jobs = _fit_to_grid(max(1, jobs // len(engines)), run_config, engine)
        dealt = deal(
            suite.planned,
            lane_jobs,
            _durations_in(durations, engine),
            first=sum(len(lane.workers) for lane in lanes) + 1,
        )
        for worker in dealt:
            worker.engine, worker.one_of_several_engines = engine, several
        lanes.append(Lane(engine, dealt))
    workers = [worker for lane in lanes for worker in lane.workers]
    print(
        f"parallel: {len(suite.planned)} scenarios in {len(workers)} worker(s)"
        + (f", each scenario in {' and '.join(engines)}" if several else "")
        + (" (durations from earlier runs)" if durations else " (an even split: no durations yet)"),
        flush=True,
    )
    options = worker_options(behave_args, list(behave_config.paths))
    for worker in workers:
        worker.folder = scratch.directory / f"w{worker.number}"
        start(
            worker,
            options + instance_defines(run_config.remote, worker.number),
            scratch.run_id,
            crew,
            root,
            report=run_config.report is not None,
        )
    collect(workers, durations)
    return finish(suite, lanes, behave_config, run_config, scratch, started, started_at, durations)


def _durations_in(durations: dict[str, float], engine: str) -> dict[str, float]:
    """The recorded durations of the scenarios in `engine`, by scenario key."""
    if engine == "chromium":
        return durations
    suffix = duration_key("", engine)
    return {key.removesuffix(suffix): t for key, t in durations.items() if key.endswith(suffix)}


def _fit_jobs(jobs: int, run_config: Config) -> int:
    """As many workers as the servers allow (SystemExit if none can)."""
    remote = run_config.remote
    engines = len(run_config.browsers)
    if remote is not None:
        if engines > remote.instances:
            raise SystemExit(
                f"parallel: error: {remote.name} has {remote.instances} instance(s), and a run "
                f"in {engines} engines needs one for each: {remote.more_instances_hint()}"
            )
        if jobs > 1 and remote.instances < 2:
            raise SystemExit(
                f"parallel: error: {remote.name} has one instance, and parallel workers would "
                f"flush each other's data: {remote.more_instances_hint()}"
            )
        jobs = min(jobs, remote.instances)
    return jobs


def _fit_to_grid(jobs: int, run_config: Config, engine: str) -> int:
    """As many workers in `engine` as the Grid's browsers of that engine allow,
    if there is one (a Grid with none stopped the run already: check_installed)."""
    if run_config.grid_url:
        slots = grid_slots(run_config.grid_url, engine)
        if slots and jobs > max(1, slots // BROWSERS_PER_WORKER):
            jobs = max(1, slots // BROWSERS_PER_WORKER)
            print(
                f"parallel: the Grid has {slots} {GRID_ENGINES[engine].name} browser slots "
                f"and a worker may hold {BROWSERS_PER_WORKER}: {jobs} worker(s)",
                flush=True,
            )
    return jobs


def finish(
    suite: Suite,
    lanes: list[Lane],
    behave_config: Any,
    run_config: Config,
    scratch: RunScratch,
    started: float,
    started_at: datetime,
    durations: dict[str, float],
) -> int:
    """Merge JUnit, report and durations; print what happened; the exit status."""
    workers = [worker for lane in lanes for worker in lane.workers]
    for lane in lanes:
        lane.outcomes = outcomes_of(lane.workers)
        if len(lanes) > 1:
            lane.label = workers_engine(lane.workers) or lane.engine
    outcomes = [outcome for lane in lanes for outcome in lane.outcomes.values()]
    counts = Counter(outcome.status for outcome in outcomes)
    took = time.monotonic() - started
    summary = (
        f"parallel run: {len(workers)} worker(s), "
        + (f"{len(lanes)} engines, " if len(lanes) > 1 else "")
        + (", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none")
        + f", in {took:.1f}s"
    )
    # Like a plain run that cannot start (no browser, say), a run whose every
    # worker stopped before its first scenario leaves the last results in place.
    never_started = bool(workers) and not any(
        w.said.started or (w.process is not None and w.process.returncode == 0) for w in workers
    )
    problems: list[str] = []
    audits = merged_audits(workers)
    if not never_started:
        problems += _publish_results(suite, lanes, behave_config, scratch)
        if run_config.report is not None:
            problems += _publish_report(
                suite, lanes, behave_config, run_config, run_config.report,
                started_at, summary, audits,
            )  # fmt: skip
    try:
        save_durations(DURATIONS_FILE, durations)
    except OSError as error:
        problems.append(
            f"parallel: note: could not record durations in {DURATIONS_FILE}: "
            f"{error.strerror or error}"
        )
    for worker in workers:
        said = worker_said(worker)
        if said:
            print(f"--- w{worker.number} said:\n{said}", file=sys.stderr)
    if run_config.accessibility != "off" and not never_started:
        print("\n".join(accessibility.closing_lines(audits.values())), file=sys.stderr)
    print(summary, flush=True)
    for line in problems:
        print(line, file=sys.stderr)
    crashed = [w for w in workers if not w.ended_well]
    if crashed:
        from harness.run.scratch import SCRATCH_ROOT, remove_abandoned

        # A worker killed outright could not remove its scratch; its lock died
        # with it, so the folder can go now rather than at some later run.
        remove_abandoned(SCRATCH_ROOT)
        print(
            "parallel: error: worker(s) ended abnormally: "
            + ", ".join(f"w{w.number} ({w.how_it_ended()})" for w in crashed)
        )
    if never_started:
        print(
            "parallel: error: no worker started a scenario: the last run's JUnit and report "
            "are left as they were"
        )
    else:
        for line in _not_run_lines(suite, lanes):
            print(line)
    failed = any(o.status not in ("passed", "skipped") for o in outcomes)
    # A worker that could not start (no browser, say) reports no scenario at all.
    stopped_early = any(w.process is not None and w.process.returncode != 0 for w in workers)
    return 1 if failed or stopped_early or crashed else 0


def _publish_results(
    suite: Suite, lanes: list[Lane], behave_config: Any, scratch: RunScratch
) -> list[str]:
    """The run's JUnit in place of the last run's; what went wrong, in lines."""
    if not behave_config.junit:
        return []
    reports = Path(behave_config.junit_directory)
    try:
        for lane in lanes:
            # Each engine's set apart first, so that each is told its engine.
            folder = scratch.junit_dir / f"lane-{lane.engine}"
            merge_junit(suite, lane, folder)
            engine = workers_engine(lane.workers)
            if engine is not None:
                junit_notes.add_property(folder, "browser", engine)
            for path in folder.glob("TESTS-*.xml"):
                path.replace(scratch.junit_dir / path.name)
        scratch.publish_junit(reports)
    except OSError as error:
        return [f"parallel: error: could not write JUnit to {reports}/: {error.strerror or error}"]
    return []


def _publish_report(
    suite: Suite,
    lanes: list[Lane],
    behave_config: Any,
    run_config: Config,
    path: Path,
    started_at: datetime,
    summary: str,
    audits: dict[str, accessibility.Audit],
) -> list[str]:
    """The run's HTML report, whole, in place of the last (`path`); what went
    wrong, in lines."""
    from harness.results.report import Report, made_line

    # The project's own report renders the page; it is never closed as a
    # formatter, so it never writes `path` itself.
    report = Report(behave_config, path)
    report.suite_start_time = started_at
    server = run_config.remote
    report.describe_run("local" if server is None else f"{server.name} ({server.url})", run_config)
    report.retried, report.failed_all = _retries(lanes)
    report.facts["Browser"] = ", ".join(
        workers_engine(lane.workers) or lane.engine for lane in lanes
    )
    report.facts["Parallel"] = summary.removeprefix("parallel run: ")
    if run_config.accessibility != "off":
        report.accessibility = audits
    began = time.perf_counter()
    try:
        page = merge_report(suite, lanes, report)
        publish(page, path)
    except OSError as error:
        return [
            f"parallel: error: could not write the report to {path}: {error.strerror or error} "
            "(the last one is left as it was)"
        ]
    print(made_line(path, len(page.encode()), time.perf_counter() - began), file=sys.stderr)
    return []


def workers_engine(workers: list[Worker]) -> str | None:
    """The browser engine and version the workers named in their JUnit."""
    for worker in workers:
        for path in sorted((worker.folder / "junit").glob("TESTS-*.xml")):
            try:
                found = ElementTree.parse(path).getroot().find(".//property[@name='browser']")
            except (OSError, ElementTree.ParseError):
                continue
            if found is not None:
                return found.get("value")
    return None


def merged_audits(workers: list[Worker]) -> dict[str, accessibility.Audit]:
    """Every page state the workers audited, once per engine: as the first
    worker (by number) in that engine to meet it recorded it. (One engine's
    audit of a state says nothing of another's: a problem may be WebKit's alone.)"""
    merged: dict[str, accessibility.Audit] = {}
    for worker in workers:
        for key, audit in accessibility.read_record(worker.folder / ACCESSIBILITY_RECORD).items():
            merged.setdefault(f"{worker.engine} {key}", audit)
    return merged


def _retries(lanes: list[Lane]) -> tuple[list[str], list[str]]:
    """The @flaky scenarios that passed only after retrying, and those that
    failed every attempt, as `harness.results.retries` words them."""
    retried, failed_all = [], []
    for lane in lanes:
        for outcome in lane.outcomes.values():
            done = outcome.finished
            if done is None or done.attempts < 2:
                continue
            where = f"{done.location} {done.name}" + _in_engine(lane)
            if done.status == "passed":
                retried.append(f"{where} (attempt {done.attempts})")
            else:
                failed_all.append(f"{where} ({done.attempts} attempts)")
    return retried, failed_all


def _not_run_lines(suite: Suite, lanes: list[Lane]) -> list[str]:
    """One line for each scenario that has no result, in file order."""
    return [
        f"parallel: {outcome.not_run}: {slot.location} {slot.name}{_in_engine(lane)}"
        for feature in suite.features
        for slot in feature.slots
        for lane in lanes
        if (outcome := lane.outcomes.get(slot.location)) is not None and outcome.not_run
    ]


def _in_engine(lane: Lane) -> str:
    """ " [webkit]" after a scenario's name, in a run of several engines."""
    return f" [{lane.engine}]" if lane.label else ""
