"""Merge: the workers' results as one run's JUnit, HTML report and durations.

Everything the merge writes goes through a temporary file in the same folder
and `os.replace`, so a reader (or a full disk) never leaves half a file: the
previous one stays until the new one is whole.

- `outcome`: what became of each scenario (and the lines the run says of it);
- `junit`, `report` (with `html`, its parser): the merged files' contents;
- `audits`: the workers' accessibility audits as one run's;
- `publishing`: the JUnit set and the report put in place of the last run's.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness.parallel.merge.audits import merged_audits
from harness.parallel.merge.junit import merge_junit
from harness.parallel.merge.outcome import (
    Lane,
    Outcome,
    not_run_lines,
    outcomes_of,
    settle,
    workers_engine,
)
from harness.parallel.merge.publishing import publish_junit, publish_report
from harness.parallel.merge.report import merge_report
from harness.results.report_file import publish, report_problem


def save_durations(path: Path, durations: dict[str, float]) -> None:
    """Record `durations` for the next run's deal (OSError if it cannot)."""
    publish(json.dumps(dict(sorted(durations.items())), indent=1) + "\n", path)


__all__ = [
    "Lane",
    "Outcome",
    "merge_junit",
    "merge_report",
    "merged_audits",
    "not_run_lines",
    "outcomes_of",
    "publish",
    "publish_junit",
    "publish_report",
    "report_problem",
    "save_durations",
    "settle",
    "workers_engine",
]
