"""`make bench-report`: the HTML report as living documentation: its build
time, what a storyboard costs, its size, and a 10x suite's report."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from deploy import PROJECT
from scripts.bench.measure import figure

#: The report's closing line: "report: PATH (123 KB, made in 0.41 s)".
MADE = re.compile(r"^report: .* \(([\d,]+) KB, made in ([\d.]+) s\)$", re.MULTILINE)


def _suite_with_report(report_path: Path, screenshots: str) -> tuple[float, float, float]:
    """One whole-suite run writing its report to `report_path`: (wall seconds,
    the report's build seconds, its size in KB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(PROJECT / ".venv/bin/behave"),
            *("-f", "null", "--no-junit", "--no-summary"),
            *("-D", f"report={report_path}", "-D", f"screenshots={screenshots}"),
        ],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    made = MADE.search(done.stderr)
    if done.returncode != 0 or made is None:
        raise SystemExit(f"bench: the suite failed or wrote no report:\n{done.stderr[-2000:]}")
    return wall, float(made.group(2)), float(made.group(1).replace(",", ""))


def bench_living(runs: int) -> None:
    """The report as living documentation: what it costs to build, what a
    storyboard costs, how big each is, and how it grows with a suite 10x."""
    walls: dict[str, list[float]] = {"failures": [], "steps": []}
    built: dict[str, list[float]] = {"failures": [], "steps": []}
    sizes: dict[str, list[float]] = {"failures": [], "steps": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
        for _ in range(runs):
            for mode in ("failures", "steps"):
                wall, seconds, size = _suite_with_report(Path(scratch) / f"{mode}.html", mode)
                walls[mode].append(wall)
                built[mode].append(seconds)
                sizes[mode].append(size)
        tenfold = _tenfold_report(Path(scratch) / "tenfold", runs)
    plain = figure("suite, screenshots=failures", walls["failures"])
    story = figure("suite, screenshots=steps (a storyboard)", walls["steps"])
    print(f"{'storyboard / failures suite time (goal <= 1.3)':<52} ratio  {story / plain:8.3f}")
    made = figure("report build (render and write), whole suite", built["failures"])
    print(f"{'report build / suite time (goal <= 5%)':<52} {made / plain * 100:8.1f} %")
    figure("report build, whole suite, with a storyboard", built["steps"])
    figure("report size, whole suite, screenshots=failures", sizes["failures"], "KB")
    figure("report size, whole suite, screenshots=steps", sizes["steps"], "KB")
    figure("report build, 10x suite (570-odd scenarios)", tenfold[0])
    figure("report size, 10x suite", tenfold[1], "KB")


#: The 10x suite's steps: every sentence passes at once (the report is measured).
_TENFOLD_STEPS = """from behave import step


@step("{sentence}")
def any_sentence(context, sentence):
    pass
"""


_TENFOLD_HOOKS = """from pathlib import Path

from harness.results.report import Report
from harness.run.behave_internals import runner_of


def before_all(context):
    report = Report.attach_to(runner_of(context), Path("report.html"))
    report.describe_run("local")
    report.engines = ("chromium",)
    report.history = Path("report-history.json")
"""


def _tenfold_report(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """The features copied ten times (titles told apart), every step passing at
    once: the report's build seconds and size in KB, per run."""
    (folder / "features" / "steps").mkdir(parents=True)
    for copy in range(1, 11):
        for feature in sorted((PROJECT / "features").glob("*.feature")):
            text = feature.read_text(encoding="utf-8")
            text = re.sub(r"^Feature: (.*)$", rf"Feature: \1 (copy {copy})", text, flags=re.M)
            (folder / "features" / f"{copy:02d}-{feature.name}").write_text(text, "utf-8")
    (folder / "features" / "steps" / "any.py").write_text(_TENFOLD_STEPS)
    (folder / "features" / "environment.py").write_text(_TENFOLD_HOOKS)
    seconds, sizes = [], []
    for _ in range(runs):
        done = subprocess.run(
            [
                str(PROJECT / ".venv/bin/behave"),
                "-f",
                "null",
                "--no-junit",
                "--no-summary",
                "features",
            ],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        made = MADE.search(done.stderr)
        if made is None:
            raise SystemExit(f"bench: the 10x suite wrote no report:\n{done.stderr[-2000:]}")
        seconds.append(float(made.group(2)))
        sizes.append(float(made.group(1).replace(",", "")))
    return seconds, sizes
