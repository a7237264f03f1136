"""The merged results put in place of the last run's: the JUnit set and the
HTML report, each whole or not at all.

Each `publish_*` returns what went wrong as lines for the runner to print
(none when all went well): a merge that fails loses its file, never the
run's results.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.audits import accessibility
from harness.parallel.merge.junit import merge_junit
from harness.parallel.merge.outcome import Lane, retries_of, workers_engine
from harness.parallel.merge.report import merge_report
from harness.parallel.plan import Suite
from harness.results.report import Report
from harness.results.report_file import made_line, not_written, publish
from harness.results.run_description import server_description
from harness.run import junit_notes

if TYPE_CHECKING:
    from harness.config import Config
    from harness.run.scratch import RunScratch


def publish_junit(
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


def publish_report(
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
    wrong, in lines. `summary` is the runner's closing line."""
    # The project's own report renders the page; it is never closed as a
    # formatter, so it never writes `path` itself.
    report = Report(behave_config, path)
    report.suite_start_time = started_at
    report.describe_run(server_description(run_config.remote), run_config)
    report.retried, report.failed_all = retries_of(lanes)
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
        return [f"parallel: error: {not_written(path, error)} (the last one is left as it was)"]
    print(made_line(path, len(page.encode()), time.perf_counter() - began), file=sys.stderr)
    return []
