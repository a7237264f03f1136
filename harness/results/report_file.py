"""The report's file: whether a path can take it, writing it whole, and the
lines that say where it went or why it could not be written.

Plain runs (`harness.results.report.Report`) and parallel runs
(`harness.parallel`) both check, write and announce their report here, so the
two say the same words.
"""

from __future__ import annotations

import os
from pathlib import Path


def report_problem(path: Path) -> str | None:
    """Why a report cannot be written to `path` (a few words), or None: asked
    before a run starts, so that no run finds out at its end that its report
    is lost."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(f".{path.name}.{os.getpid()}.probe")
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        return str(error.strerror or error)
    return None


def unwritable_report(path: Path) -> str | None:
    """What a run says, before it starts, when its report cannot be written to
    `path`, with how to choose another; None when it can."""
    problem = report_problem(path)
    if problem is None:
        return None
    return f"cannot write the report to {path}: {problem} (set -D report=PATH.html, or report=off)"


def not_written(path: Path, error: OSError) -> str:
    """What a run says when writing its finished report to `path` failed."""
    return f"could not write the report to {path}: {error.strerror or error}"


def publish(text: str, path: Path) -> None:
    """Write `text` to `path` whole, or leave `path` as it was (OSError): a
    reader, or a full disk, never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # gone already, unless something failed


def made_line(path: Path, size: int, seconds: float) -> str:
    """The closing line that says where the report is, its size and what it took."""
    return f"report: {path} ({size / 1024:,.0f} KB, made in {seconds:.2f} s)"
