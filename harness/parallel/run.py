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

from harness.audits import accessibility
from harness.browsers.grid import GRID_ENGINES, grid_slots
from harness.parallel.merge import (
    Lane,
    merged_audits,
    not_run_lines,
    publish_junit,
    publish_report,
    save_durations,
    settle,
)
from harness.parallel.plan import Suite, deal, load_durations, plan_suite
from harness.parallel.workers import (
    BROWSERS_PER_WORKER,
    Crew,
    collect,
    duration_key,
    instance_defines,
    start,
    worker_options,
    worker_said,
)
from harness.results.report_file import unwritable_report
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
        problem = unwritable_report(run_config.report)
        if problem:
            print(f"parallel: error: {problem}", file=sys.stderr)
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
    settle(lanes)
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
        problems += publish_junit(suite, lanes, behave_config, scratch)
        if run_config.report is not None:
            problems += publish_report(
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
        for line in not_run_lines(suite, lanes):
            print(line)
    failed = any(o.status not in ("passed", "skipped") for o in outcomes)
    # A worker that could not start (no browser, say) reports no scenario at all.
    stopped_early = any(w.process is not None and w.process.returncode != 0 for w in workers)
    return 1 if failed or stopped_early or crashed else 0
