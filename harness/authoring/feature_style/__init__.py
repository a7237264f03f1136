"""The style check for features: `make lint-features`, or
`python -m harness.authoring.feature_style [FOLDER_OR_FILE ...]` (features/ by default).

Two checkers, one kind of answer: behave-lint, a maintained Gherkin linter,
for what any Gherkin project wants (`linter.py`), and the rules that are this
project's own, on behave's parser (`rules.py`). Every problem is one line,
`features/x.feature:12: Scenario "…": what is wrong; what to do`, in file and
line order; the exit status is 1 if there are any, 2 for input that is not
features at all. docs/writing-features.md explains the style.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from behave.model import Feature
from behave.parser import ParserError, parse_file

from harness.authoring.feature_style.linter import linter_problems
from harness.authoring.feature_style.problems import Problem
from harness.authoring.feature_style.rules import WHEN_BLOCKS, project_problems
from harness.authoring.feature_style.sentences import sentence_problems
from harness.run.errors import HarnessError

__all__ = ["Problem", "check", "feature_files", "main"]

USAGE = """\
usage: python -m harness.authoring.feature_style [FOLDER_OR_FILE ...]

Checks the style of the features in each folder (and its subfolders) or
file, features/ by default: one line per problem, exit status 1 if any.
docs/writing-features.md explains the style."""

#: behave-lint's rules that one of ours says better, when ours found something
#: in the same part of a feature: a second When block is also a When after a
#: Then, and "split it" is the whole story.
SAID_BETTER = {"BS002": WHEN_BLOCKS}


def feature_files(paths: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """The .feature files under each folder (following links, as behave
    does) or each file, named as written, each once; and the folders that
    could not be read. HarnessError for a path that is neither."""
    found: dict[str, str] = {}  # real path -> as written
    unreadable: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(given, unreadable):
                found.setdefault(os.path.realpath(file), file)
        elif path.is_file() and path.suffix == ".feature":
            found.setdefault(os.path.realpath(given), given)
        elif path.exists():
            raise HarnessError(f"{given} is not a .feature file: name a feature or a folder")
        else:
            raise HarnessError(f"{given} does not exist: name a feature file or a folder of them")
    return list(found.values()), unreadable


def _walk(folder: str, unreadable: list[Problem]) -> list[str]:
    files = []
    visited: set[str] = set()

    def refused(error: OSError) -> None:
        unreadable.append(
            Problem(str(error.filename), 1, "folder", f"cannot be read: {error.strerror}")
        )

    for root, dirs, names in os.walk(folder, onerror=refused, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:  # a link back up the tree
            dirs.clear()
            continue
        visited.add(real)
        dirs.sort()
        files += [
            os.path.join(root, name)
            for name in sorted(names)
            if name.endswith(".feature") and os.path.isfile(os.path.join(root, name))
        ]
    return files


def check(files: Sequence[str]) -> list[Problem]:
    """Every problem in `files`, the project's rules and behave-lint's, in
    file and line order."""
    problems: list[Problem] = []
    features: dict[str, Feature] = {}
    for path in files:
        feature, unreadable = _parse(path)
        if unreadable is not None:
            problems.append(unreadable)
        elif feature is not None:
            features[path] = feature
            problems += project_problems(path, feature)
            problems += sentence_problems(path, feature)
    problems = _ours_first(problems, linter_problems(features))
    order = {path: number for number, path in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.line))


def _parse(path: str) -> tuple[Feature | None, Problem | None]:
    try:
        feature = parse_file(path)
    except ParserError as error:
        return None, _unreadable(path, error)
    except UnicodeDecodeError:
        return None, Problem(path, 1, "file", "is not UTF-8 text; save it as UTF-8", "unreadable")
    except OSError as error:
        reason = error.strerror or str(error)
        return None, Problem(path, 1, "file", f"cannot be read: {reason}", "unreadable")
    if feature is None:  # nothing but blank lines and comments
        return None, Problem(
            path, 1, "file", "no Feature; start it with `Feature: …`", "unreadable"
        )
    return feature, None


def _unreadable(path: str, error: ParserError) -> Problem:
    """behave's parser error in one line: the line it stopped at, and why."""
    text = (getattr(error, "line_text", "") or "").strip()
    if text.startswith("\ufeff"):  # behave reads a byte-order mark as text
        return Problem(
            path,
            1,
            "file",
            "starts with an invisible byte-order mark, which behave cannot read; save it "
            'as "UTF-8" (not "UTF-8 with BOM")',
            "unreadable",
        )
    reasons = [line for line in str(error).splitlines() if line.startswith("REASON:")]
    reason = reasons[0].split(":", 1)[1].strip() if reasons else "not Gherkin"
    return Problem(
        path,
        getattr(error, "line", None) or 1,
        "Gherkin",
        f'cannot read "{text}": {reason.rstrip(".")}; every line is a keyword (Feature:, '
        "Scenario:, Given, When, Then, And), a description, a table row or a tag",
        "unreadable",
    )


def _ours_first(ours: list[Problem], linters: list[Problem]) -> list[Problem]:
    """Ours, and behave-lint's except where one of ours says the same better."""
    found = {(p.path, p.where, p.rule) for p in ours}
    return ours + [p for p in linters if (p.path, p.where, SAID_BETTER.get(p.rule)) not in found]


def main(argv: Sequence[str] | None = None) -> int:
    """Check the features in the folders or files given (features/ by
    default); print one line per problem and return 1 if there are any."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if "--" in args:
        ending = args.index("--")
        options, paths = args[:ending], args[ending + 1 :]
    else:
        options, paths = (
            [a for a in args if a.startswith("-")],
            [a for a in args if not a.startswith("-")],
        )
    if options:
        print(f"lint-features: unknown option {options[0]}\n{USAGE}", file=sys.stderr)
        return 2
    paths = paths or ["features"]
    try:
        files, problems = feature_files(paths)
        if not files and not problems:
            raise HarnessError(f"no .feature files in {' '.join(paths)}")
        problems += check(files)
    except KeyboardInterrupt:
        print("lint-features: interrupted; nothing was checked to the end", file=sys.stderr)
        return 130
    except HarnessError as error:
        print(f"lint-features: error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    checked = f"{len(files)} feature file{'s' if len(files) != 1 else ''}"
    if problems:
        print(
            f"lint-features: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in {checked}; docs/writing-features.md explains the style",
            file=sys.stderr,
        )
        return 1
    print(f"lint-features: {checked}, no problems")
    return 0
