"""behave-lint, a maintained Gherkin linter, in the project's words.

Its rules are chosen in pyproject.toml's `[tool.behave-lint]`: what any
Gherkin project wants (a Then in each scenario, unique names, a description,
Given-When-Then order, no secrets). It runs as a command, with JSON output,
which is the interface it promises; its Python modules are not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from behave.model import Feature, Rule

from harness.authoring.feature_style.problems import Problem
from harness.authoring.feature_style.rules import named
from harness.run.errors import HarnessError
from harness.run.paths import PROJECT

#: Files per behave-lint command: a command line has a length limit.
BATCH = 200
REINSTALL = "reinstall it: .venv/bin/pip install -r requirements-dev.txt"

#: What the project says for behave-lint's findings, by rule: what is wrong;
#: what to do. Each reads its fields from behave-lint's own message; a
#: message worded otherwise keeps behave-lint's words.
HOUSE_WORDS: dict[str, tuple[str, str]] = {
    "BC001": (r"first defined at line (?P<line>\d+)",
              "the scenario at line {line} has the same name; give each a name of its own"),
    "BC002": (r"", "no scenarios; add one, or remove the file"),
    "BC003": (r"", "no Examples; add a table of examples under it"),
    "BC005": (r"first defined in (?P<file>.+?)\)",
              "{file} has a feature of the same name; give each a name of its own"),
    "BC007": (r"", "no steps; write what happens, one sentence a line"),
    "BC009": (r"placeholder <(?P<name>[^>]+)>",
              '"<{name}>" is not a column of its Examples; add the column, or use one that is'),
    "BK005": (r"'(?P<step>.+?)'(?=[\s,;)]|$)", '"{step}" is said twice; say it once'),
    "BP006": (r"", "no description; under the Feature line, say in a sentence or two why it "
                   "matters to the people who use it"),
    "BP007": (r"", "no Then; say what the person sees afterwards (Then …)"),
    "BS002": (r"", "steps out of order; set the scene (Given), act once (When), then say what "
                   "the person sees (Then)"),
    "BSEC001": (r"", "looks like a real password or key; everyone reads features and git keeps "
                     "them: use a made-up one"),
    "BSEC002": (r"", "has a web address with a password in it; everyone reads features and "
                     "git keeps them: leave the password out"),
    "BX001": (r"has (?P<count>\d+) steps \(max: (?P<most>\d+)\)",
              "{count} steps, more than {most}; one behaviour needs fewer: split it"),
}  # fmt: skip


def linter_problems(features: dict[str, Feature]) -> list[Problem]:
    """behave-lint's findings in `features` (already parsed by behave, for
    naming the part each is in)."""
    problems = []
    paths = list(features)
    by_real_path = {str(Path(path).resolve()): path for path in paths}
    for start in range(0, len(paths), BATCH):
        for diagnostic in _run(paths[start : start + BATCH]):
            given = diagnostic["file_path"]
            path = given if given in features else by_real_path.get(str(Path(given).resolve()))
            if path is None:
                continue
            line = int(diagnostic.get("line") or 1)
            problems.append(
                Problem(
                    path,
                    line,
                    where(features[path], line),
                    house_words(diagnostic),
                    diagnostic["rule_id"],
                )
            )
    return problems


def _run(paths: Sequence[str]) -> list[dict[str, Any]]:
    command = [
        sys.executable, "-m", "behave_lint", "--output", "json", "--no-cache", "--no-color",
        "--config", str(PROJECT / "pyproject.toml"), "--", *paths,
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        found = json.loads(done.stdout)["diagnostics"]
    except OSError as error:
        raise HarnessError(f"behave-lint could not start ({error.strerror}); {REINSTALL}") from None
    except (ValueError, KeyError, TypeError):
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise HarnessError(f"behave-lint did not run ({reason}); {REINSTALL}") from None
    return list(found)


def house_words(diagnostic: dict[str, Any]) -> str:
    """A finding in the project's words, or in behave-lint's with its rule id."""
    rule, message = diagnostic["rule_id"], str(diagnostic["message"])
    pattern, words = HOUSE_WORDS.get(rule, (None, None))
    if pattern is not None and words is not None:
        found = re.search(pattern, message)
        if found is not None:
            fields = found.groupdict()
            if "file" in fields:
                fields["file"] = _relative(fields["file"])
            return words.format(**fields)
    suggestion = str(diagnostic.get("suggestion") or f"see behave-lint --explain {rule}")
    suggestion = suggestion.rstrip(".")
    return f"{message}; {suggestion[:1].lower()}{suggestion[1:]} ({rule})"


def _relative(path: str) -> str:
    """`path` from the current folder, as the other files are named, where it is under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def where(feature: Feature, line: int) -> str:
    """How to name the part of `feature` that `line` is in: the last one to
    start at or before it."""
    starts = [(feature.line, f'Feature "{feature.name}"'), *_starts(feature)]
    return max((start for start in starts if start[0] <= line), default=starts[0])[1]


def _starts(container: Feature | Rule) -> list[tuple[int, str]]:
    starts = []
    if container.background is not None:
        starts.append((container.background.line, "Background"))
    for item in container.run_items:
        starts.append((item.line, named(item)))
        if isinstance(item, Rule):
            starts += _starts(item)
    return starts
