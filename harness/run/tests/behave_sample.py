"""A tiny behave project, run once by the installed behave, whose hooks and
formatter try each of `harness.run.behave_internals`'s uses and write down
what they saw, for `test_behave_internals.py` to judge.

Each use is tried on its own (an exception is written down as that use's
answer), so one use that an upgrade breaks does not hide the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.run.paths import PROJECT

FIRST_FEATURE = """\
Feature: First
  @tagged
  Scenario: Plain
    Given a step
    When a step with a table
      | name  |
      | Edith |
"""

CUT_FEATURE = """\
Feature: Cut
  Scenario: Kept
    Given a step
  Scenario: Dropped
    Given a step
"""

STEPS = """\
from behave import given, when


@given("a step")
def a_step(context):
    pass


@when("a step with a table")
def a_step_with_a_table(context):
    pass
"""

ENVIRONMENT = """\
import json
from pathlib import Path

from behave.fixture import fixture, use_fixture

from harness.run import behave_internals as door

SEEN = {}


def note(use, how):
    try:
        SEEN[use] = how()
    except Exception as error:  # written down as the use's answer
        SEEN[use] = f"error: {type(error).__name__}: {error}"


@fixture
def marked(context):
    yield
    with open("cleanups.txt", "a") as cleanups:
        cleanups.write("ran\\n")


class Heard:
    # A formatter added by add_formatter: what it is told.
    name = "heard"

    def __init__(self):
        self.features = []

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    def feature(self, feature):
        self.features.append(feature.name)

    def close(self):
        Path("heard.json").write_text(json.dumps(self.features))


def _runner(context):
    runner = door.runner_of(context)
    return {
        "features": sorted(f.name for f in runner.features),
        "has_step_registry": runner.step_registry.find_match is not None,
        "has_formatters": isinstance(runner.formatters, list),
    }


def _cleanups_now(context):
    use_fixture(marked, context)
    door.run_cleanups_now(context)
    return Path("cleanups.txt").read_text().count("ran")


def _cut(context):
    for feature in door.runner_of(context).features:
        if feature.name == "Cut":
            door.keep_run_items(feature, feature.run_items[:1])
    return True


def _wrap(context):
    registry = door.runner_of(context).step_registry
    originals = [door.step_function(m) for m in door.step_matchers(registry)]
    calls = context.wrapped_calls = []

    def wrap(func):
        def wrapped(context, *args, **kwargs):
            calls.append(func.__name__)
            return func(context, *args, **kwargs)
        return wrapped

    undo = door.wrap_step_functions(registry, wrap)
    context.undo_wrapping = lambda: (
        undo(), [door.step_function(m) for m in door.step_matchers(registry)] == originals
    )[1]
    return len(originals)


def _junit_names(context):
    name = door.junit_file_namer(context.config)
    return sorted(name(feature) for feature in door.runner_of(context).features)


def before_all(context):
    note("runner_of", lambda: _runner(context))
    note("run_cleanups_now", lambda: _cleanups_now(context))
    note("add_formatter", lambda: door.add_formatter(door.runner_of(context), Heard()))
    note("keep_run_items", lambda: _cut(context))
    note("wrap_step_functions", lambda: _wrap(context))
    note("junit_file_namer", lambda: _junit_names(context))
    SEEN["ran"] = []
    SEEN["called_inside"] = []


def before_scenario(context, scenario):
    SEEN["ran"].append(scenario.name)


def after_step(context, step):
    calls = getattr(context, "wrapped_calls", [])
    SEEN["called_inside"].append(bool(calls))
    calls.clear()


def after_all(context):
    undo = getattr(context, "undo_wrapping", None)
    if undo is not None:
        note("unwrap", undo)
    Path("seen.json").write_text(json.dumps(SEEN))
"""

FORMATTER = """\
import json
from pathlib import Path

from harness.run.behave_internals import PlainFormatterEnds


class Ends(PlainFormatterEnds):
    # Counts the ends PlainFormatterEnds reports, and writes captured output.
    ends = {"scenario": 0, "feature": 0, "captured": "not tried"}

    def end_scenario(self):
        if self.current_scenario:
            Ends.ends["scenario"] += 1
            try:
                self.write_captured_output()
                Ends.ends["captured"] = "ok"
            except Exception as error:
                Ends.ends["captured"] = f"error: {type(error).__name__}: {error}"
        super().end_scenario()

    def end_feature(self):
        if self.current_feature:
            Ends.ends["feature"] += 1
        super().end_feature()

    def close(self):
        super().close()
        Path("ends.json").write_text(json.dumps(Ends.ends))
"""


RETRY_FEATURE = """\
Feature: Retried
  Scenario: Twice
    Given a step that fails the first time
"""

RETRY_STEPS = """\
from behave import given

TRIES = []


@given("a step that fails the first time")
def fails_once(context):
    TRIES.append(1)
    assert len(TRIES) > 1, "the first time"
"""

RETRY_ENVIRONMENT = """\
from harness.run import behave_internals as door


def attempts(run, runner):
    return run(runner) and run(runner)


def before_feature(context, feature):
    for scenario in feature.scenarios:
        door.run_scenario_through(scenario, attempts)
"""


RETRY_FORMATTER = """\
from behave_html_pretty_formatter import PrettyHTMLFormatter

from harness.run.behave_internals import show_last_attempt_only


class LastAttempt(PrettyHTMLFormatter):
    def __init__(self, stream_opener, config):
        super().__init__(stream_opener, config)
        show_last_attempt_only(self)
"""


@dataclass(frozen=True)
class SampleRun:
    """The sample project after its run: its folder and its output."""

    folder: Path
    stdout: str
    stderr: str

    def read_json(self, name: str) -> Any:
        """A JSON file the run wrote; None if it wrote none."""
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def write_sample(folder: Path) -> Path:
    """The sample project in `folder`; returns `folder`."""
    (folder / "features" / "steps").mkdir(parents=True)
    (folder / "features" / "first.feature").write_text(FIRST_FEATURE, encoding="utf-8")
    (folder / "features" / "cut.feature").write_text(CUT_FEATURE, encoding="utf-8")
    (folder / "features" / "steps" / "steps.py").write_text(STEPS, encoding="utf-8")
    (folder / "features" / "environment.py").write_text(ENVIRONMENT, encoding="utf-8")
    (folder / "sample_formatter.py").write_text(FORMATTER, encoding="utf-8")
    return folder


def write_retry_sample(folder: Path) -> Path:
    """A project whose one scenario fails once, run through a second attempt."""
    (folder / "features" / "steps").mkdir(parents=True)
    (folder / "features" / "retried.feature").write_text(RETRY_FEATURE, encoding="utf-8")
    (folder / "features" / "steps" / "steps.py").write_text(RETRY_STEPS, encoding="utf-8")
    (folder / "features" / "environment.py").write_text(RETRY_ENVIRONMENT, encoding="utf-8")
    (folder / "retry_formatter.py").write_text(RETRY_FORMATTER, encoding="utf-8")
    return folder


def run_behave(folder: Path, *args: str) -> SampleRun:
    """Run the installed behave (this interpreter's) in `folder` with `args`."""
    env = dict(os.environ)
    # The project, for `harness`, in whichever interpreter runs these tests.
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(PROJECT)])
    done = subprocess.run(
        [sys.executable, "-m", "behave", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return SampleRun(folder, done.stdout, done.stderr)


def run_sample(folder: Path) -> SampleRun:
    """The sample in `folder`, run with its formatter, behave-html-pretty-formatter's
    page and JUnit."""
    write_sample(folder)
    return run_behave(
        folder, "--no-capture",
        "-f", "sample_formatter:Ends", "-o", "ends.txt",
        "-f", "behave_html_pretty_formatter:PrettyHTMLFormatter", "-o", "page.html",
        "--junit", "--junit-directory", "junit",
        "features",
    )  # fmt: skip


def run_retry_sample(folder: Path) -> SampleRun:
    """The retry sample in `folder`, run with behave-html-pretty-formatter's
    page, told to show a retried scenario's last attempt only."""
    write_retry_sample(folder)
    return run_behave(folder, "-f", "retry_formatter:LastAttempt", "-o", "page.html", "features")
