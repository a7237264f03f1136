"""Merge: the workers' results as one run's JUnit, HTML report and durations.

Everything the merge writes goes through a temporary file in the same folder
and `os.replace`, so a reader (or a full disk) never leaves half a file: the
previous one stays until the new one is whole.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness.parallel.merge.junit import merge_junit
from harness.parallel.merge.outcome import Lane, Outcome, outcomes_of
from harness.parallel.merge.report import merge_report
from harness.results.report import publish, report_problem


def save_durations(path: Path, durations: dict[str, float]) -> None:
    """Record `durations` for the next run's deal (OSError if it cannot)."""
    publish(json.dumps(dict(sorted(durations.items())), indent=1) + "\n", path)


__all__ = [
    "Lane",
    "Outcome",
    "merge_junit",
    "merge_report",
    "outcomes_of",
    "publish",
    "report_problem",
    "save_durations",
]
