"""The command line: build the catalogue, then write docs/steps.md or, with
--check, compare it with what is there."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from harness.authoring.catalogue.entries import STEPS_DIR, CatalogueError, collect, load_steps
from harness.authoring.catalogue.markdown import render
from harness.authoring.catalogue.verification import verify
from harness.run.paths import PROJECT

OUTPUT = PROJECT / "docs" / "steps.md"


def build(steps_dir: Path = STEPS_DIR) -> str:
    """The catalogue's text for the steps in `steps_dir`.

    Raises CatalogueError with every problem found, so that a catalogue with
    a wrong example is never written.
    """
    try:
        load_steps(steps_dir)
    except Exception as error:  # a step module that does not load is one more problem line
        message = str(error).strip().replace("\n", " ")
        raise CatalogueError(
            [f"{_shown(steps_dir)}: cannot load the steps: {type(error).__name__}: {message}"]
        ) from error
    topics, problems = collect()
    problems += verify(topics)
    if problems:
        raise CatalogueError(problems)
    return render(topics)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT).as_posix()
    except ValueError:
        return str(path)


def _write(path: Path, text: str) -> None:
    # Through a temporary file, so that an interrupted write leaves the old page.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="\n")
    partial.replace(path)


def _is_current(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def main(argv: Sequence[str] | None = None, *, steps_dir: Path = STEPS_DIR) -> int:
    """Write the catalogue, or with --check compare it; the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.authoring.catalogue", description="Write the step catalogue."
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the file differs from what would be written",
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help=f"where it goes (default {_shown(OUTPUT)})"
    )
    args = parser.parse_args(argv)
    output: Path = args.output
    try:
        text = build(steps_dir)
    except CatalogueError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.check:
        if not _is_current(output, text):
            print(f"{_shown(output)} is out of date: run make steps", file=sys.stderr)
            return 1
        print(f"{_shown(output)} is up to date")
        return 0
    _write(output, text)
    print(f"wrote {_shown(output)}")
    return 0
