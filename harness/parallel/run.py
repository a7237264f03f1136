"""The runner: plan, deal, run the workers, merge, say how it went."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from harness import accessibility, junit_notes
from harness.interrupts import Interrupts
from harness.parallel.merge import (
    merge_junit,
    merge_report,
    outcomes_of,
    publish,
    report_problem,
    save_durations,
)
from harness.parallel.merge.outcome import Outcome
from harness.parallel.plan import Suite, deal, load_durations, plan_suite
from harness.parallel.workers import (
    ACCESSIBILITY_RECORD,
    BROWSERS_PER_WORKER,
    Crew,
    Worker,
    collect,
    grid_slots,
    instance_defines,
    start,
    worker_options,
    worker_said,
)
from harness.paths import PROJECT

if TYPE_CHECKING:
    from harness.config import Config
    from harness.scratch import RunScratch

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

    from harness.config import load_config
    from harness.errors import HarnessError
    from harness.scratch import RunScratch, new_run_id

    jobs, behave_args = parse_args(sys.argv[1:] if argv is None else argv)
    os.chdir(root)
    if "--dry-run" in behave_args:
        print("parallel: error: for a dry run, use `behave --dry-run` itself", file=sys.stderr)
        return 2
    try:
        behave_config = Configuration(command_args=behave_args, load_config=True)
        defines = dict(behave_config.userdata_defines or [])
        run_config = load_config(behave_config.userdata, defines)
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
    jobs = _fit_jobs(jobs, run_config)
    suite = plan_suite(behave_args, scratch.directory, run_config.shard, root, crew)
    durations = load_durations(DURATIONS_FILE)
    workers = deal(suite.planned, jobs, durations)
    print(
        f"parallel: {len(suite.planned)} scenarios in {len(workers)} worker(s)"
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
    return finish(
        suite, workers, behave_config, run_config, scratch, started, started_at, durations
    )


def _fit_jobs(jobs: int, run_config: Config) -> int:
    """As many workers as the servers and browsers allow (SystemExit if none can)."""
    remote = run_config.remote
    if remote is not None:
        if jobs > 1 and remote.instances < 2:
            raise SystemExit(
                f"parallel: error: {remote.name} has one instance, and parallel workers would "
                f"flush each other's data: {remote.more_instances_hint()}"
            )
        jobs = min(jobs, remote.instances)
    if run_config.grid_url:
        slots = grid_slots(run_config.grid_url)
        if slots and jobs > max(1, slots // BROWSERS_PER_WORKER):
            jobs = max(1, slots // BROWSERS_PER_WORKER)
            print(
                f"parallel: the Grid has {slots} browser slots and a worker may hold "
                f"{BROWSERS_PER_WORKER}: {jobs} worker(s)",
                flush=True,
            )
    return jobs


def finish(
    suite: Suite,
    workers: list[Worker],
    behave_config: Any,
    run_config: Config,
    scratch: RunScratch,
    started: float,
    started_at: datetime,
    durations: dict[str, float],
) -> int:
    """Merge JUnit, report and durations; print what happened; the exit status."""
    outcomes = outcomes_of(workers)
    counts = Counter(outcome.status for outcome in outcomes.values())
    took = time.monotonic() - started
    summary = (
        f"parallel run: {len(workers)} worker(s), "
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
        problems += _publish_results(suite, workers, outcomes, behave_config, scratch)
        if run_config.report is not None:
            problems += _publish_report(
                suite, workers, outcomes, behave_config, run_config, run_config.report,
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
        from harness.scratch import SCRATCH_ROOT, remove_abandoned

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
        for line in _not_run_lines(suite, outcomes):
            print(line)
    failed = any(o.status not in ("passed", "skipped") for o in outcomes.values())
    # A worker that could not start (no browser, say) reports no scenario at all.
    stopped_early = any(w.process is not None and w.process.returncode != 0 for w in workers)
    return 1 if failed or stopped_early or crashed else 0


def _publish_results(
    suite: Suite,
    workers: list[Worker],
    outcomes: dict[str, Outcome],
    behave_config: Any,
    scratch: RunScratch,
) -> list[str]:
    """The run's JUnit in place of the last run's; what went wrong, in lines."""
    if not behave_config.junit:
        return []
    reports = Path(behave_config.junit_directory)
    try:
        merge_junit(suite, workers, outcomes, scratch.junit_dir)
        engine = workers_engine(workers)
        if engine is not None:
            junit_notes.add_property(scratch.junit_dir, "browser", engine)
        scratch.publish_junit(reports)
    except OSError as error:
        return [f"parallel: error: could not write JUnit to {reports}/: {error.strerror or error}"]
    return []


def _publish_report(
    suite: Suite,
    workers: list[Worker],
    outcomes: dict[str, Outcome],
    behave_config: Any,
    run_config: Config,
    path: Path,
    started_at: datetime,
    summary: str,
    audits: dict[str, accessibility.Audit],
) -> list[str]:
    """The run's HTML report, whole, in place of the last (`path`); what went
    wrong, in lines."""
    from harness.report import Report

    # The project's own report renders the page; it is never closed as a
    # formatter, so it never writes `path` itself.
    report = Report(behave_config, path)
    report.suite_start_time = started_at
    server = run_config.remote
    report.describe_run("local" if server is None else f"{server.name} ({server.url})")
    report.retried, report.failed_all = _retries(outcomes)
    report.facts["Browser"] = workers_engine(workers) or run_config.browser
    report.facts["Parallel"] = summary.removeprefix("parallel run: ")
    if run_config.accessibility != "off":
        report.accessibility = audits
    try:
        publish(merge_report(suite, workers, outcomes, report), path)
    except OSError as error:
        return [
            f"parallel: error: could not write the report to {path}: {error.strerror or error} "
            "(the last one is left as it was)"
        ]
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
    """Every page state the workers audited, once: as the first worker (by
    number) to meet it recorded it."""
    merged: dict[str, accessibility.Audit] = {}
    for worker in workers:
        for key, audit in accessibility.read_record(worker.folder / ACCESSIBILITY_RECORD).items():
            merged.setdefault(key, audit)
    return merged


def _retries(outcomes: dict[str, Outcome]) -> tuple[list[str], list[str]]:
    """The @flaky scenarios that passed only after retrying, and those that
    failed every attempt, as `harness.retries` words them."""
    retried, failed_all = [], []
    for outcome in outcomes.values():
        done = outcome.finished
        if done is None or done.attempts < 2:
            continue
        where = f"{done.location} {done.name}"
        if done.status == "passed":
            retried.append(f"{where} (attempt {done.attempts})")
        else:
            failed_all.append(f"{where} ({done.attempts} attempts)")
    return retried, failed_all


def _not_run_lines(suite: Suite, outcomes: dict[str, Outcome]) -> list[str]:
    """One line for each scenario that has no result, in file order."""
    return [
        f"parallel: {outcome.not_run}: {slot.location} {slot.name}"
        for feature in suite.features
        for slot in feature.slots
        if (outcome := outcomes.get(slot.location)) is not None and outcome.not_run
    ]
