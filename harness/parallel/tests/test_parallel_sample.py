"""A small sample suite, in a temporary folder, that the runner's tests run
for real: plain behave and `harness.parallel` on the same features, with
workers that are real behave processes but open no browser and no server.

Its environment uses the harness's own hooks for everything a worker hands
the runner (stop signals, the HTML report, the shard, the scratch and its
JUnit, @flaky retries). Its steps pass, fail, sleep, or kill their worker.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]

BEHAVE_INI = """\
[behave]
paths = features
tags = not @wip
junit = true
junit_directory = reports
logging_level = WARNING

[behave.userdata]
report = reports/acceptance.html
retries = 2
"""

ENVIRONMENT = """\
import os

from behave.fixture import use_fixture

from harness import hooks
from harness.config import load_config
from harness.run.errors import HarnessError


def before_all(context):
    context.config.setup_logging()
    use_fixture(hooks.stop_signals, context)
    if os.environ.get("SAMPLE_CANNOT_START"):  # as a run with no browser: one line, exit 1
        hooks.end_run_early(context, HarnessError(os.environ["SAMPLE_CANNOT_START"]))
    defines = dict(context.config.userdata_defines or [])
    context.run_config = load_config(context.config.userdata, defines)
    use_fixture(hooks.html_report, context)
    use_fixture(hooks.shard_of_suite, context)
    use_fixture(hooks.run_scratch, context)
    use_fixture(hooks.undefined_step_suggestions, context)
    use_fixture(hooks.junit_of_this_run, context)
    use_fixture(hooks.flaky_retries, context)


def before_feature(context, feature):
    hooks.arm_retries(context, feature)
"""

STEPS = """\
import os
import signal
import time
from pathlib import Path

from behave import step


@step("it passes")
def passes(context):
    pass


@step("it fails")
def fails(context):
    raise AssertionError("it failed on purpose")


@step("it fails in {engine}")
def fails_in(context, engine):
    assert context.run_config.browser != engine, f"it failed in {engine} on purpose"


@step("it takes {seconds:g} seconds")
def takes(context, seconds):
    time.sleep(seconds)


@step("its worker is killed")
def killed(context):
    os.kill(os.getpid(), signal.SIGKILL)


@step('Edith adds "{item}"')
def adds(context, item):
    pass


@step("these items:")
def items(context):
    pass


@step("it passes on attempt {attempt:d}")
def passes_on(context, attempt):
    tries = Path("attempts") / context.scenario.name
    tries.parent.mkdir(exist_ok=True)
    tried = int(tries.read_text()) + 1 if tries.exists() else 1
    tries.write_text(str(tried))
    assert tried >= attempt, f"attempt {tried} fails"
"""

#: Runs the runner in the current folder instead of the project's.
RUNNER = (
    "import sys; from pathlib import Path; from harness.parallel import main; "
    "sys.exit(main(sys.argv[1:], root=Path.cwd()))"
)


def environment() -> dict[str, str]:
    """The environment the sample runs get: the harness importable, no shard."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPERLISTS_")}
    env["PYTHONPATH"] = str(PROJECT)
    return env


def sample_suite(root: Path, features: dict[str, str], durations: object = None) -> Path:
    """Write a sample suite with `features` (file name: Gherkin) into `root`."""
    (root / "features").mkdir(parents=True)
    (root / "steps").mkdir()
    (root / "behave.ini").write_text(BEHAVE_INI)
    (root / "environment.py").write_text(ENVIRONMENT)
    (root / "steps" / "steps.py").write_text(STEPS)
    for name, text in features.items():
        (root / "features" / name).write_text(textwrap.dedent(text))
    if durations is not None:
        (root / "reports").mkdir()
        (root / "reports" / "durations.json").write_text(json.dumps(durations))
    return root


def behave(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A plain behave run of the sample suite."""
    return subprocess.run(
        [sys.executable, "-m", "behave", *args],
        cwd=root,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def runner(
    root: Path, *args: str, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """A `harness.parallel` run of the sample suite (`env`: more environment)."""
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        cwd=root,
        env={**environment(), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_runner(root: Path, *args: str) -> subprocess.Popen[str]:
    """A `harness.parallel` run of the sample suite, left running."""
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args],
        cwd=root,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


SIMPLE = {
    "a.feature": """\
        Feature: A
          Scenario: A passes
            Given it passes

          Scenario: A fails
            Given it fails
        """,
    "b.feature": """\
        Feature: B
          Scenario: B passes
            Given it passes
        """,
}


def test_the_sample_suite_runs_under_plain_behave(tmp_path):
    root = sample_suite(tmp_path, SIMPLE)
    done = behave(root, "-f", "progress")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "2 scenarios passed, 1 failed" in done.stdout
    assert sorted(p.name for p in (root / "reports").iterdir()) == [
        ".lock", "TESTS-a.xml", "TESTS-b.xml", "acceptance-history.json", "acceptance.html",
    ]  # fmt: skip


def test_the_sample_suite_runs_under_the_runner(tmp_path):
    root = sample_suite(tmp_path, SIMPLE)
    done = runner(root, "-j", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "parallel run: 2 worker(s), 1 failed, 2 passed" in done.stdout
    assert "it failed on purpose" in done.stderr  # the failing step, under the run's lines
