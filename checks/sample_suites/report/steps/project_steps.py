"""The project's own steps, loaded as behave loads them: this check uses the
real vocabulary, plus one step of its own (flaky_steps.py)."""

from pathlib import Path

from behave.runner_util import exec_file

for path in sorted((Path(__file__).resolve().parents[4] / "steps").glob("*.py")):
    exec_file(str(path))
