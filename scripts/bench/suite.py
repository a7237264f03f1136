"""The local suite's figures beyond steps and the report: accessibility
audits, two engines, failures told in the people's words, and what a product
owner waits for."""

from __future__ import annotations

import re
import subprocess
import time

from deploy import PROJECT
from scripts.bench.measure import figure, parallel_wall, suite_wall, timed


def bench_failures(runs: int, repeats: int) -> None:
    """What telling failures in the people's words costs: a passing suite
    with the product owners' console against behave's own pretty formatter
    (interleaved, with the ratio; the target is at most 1.02), and the
    outline drawn into a failed step's screenshot round what the check read
    (the boxes asked of the browser, the PNG decoded, drawn and encoded)."""
    console: list[float] = []
    pretty: list[float] = []
    for run in range(runs):
        # Each goes first in turn, so an order effect cancels: with the console
        # always first, two runs read 1.04; alternating, 0.96.
        pair = [(console, "harness.results.console:Console"), (pretty, "pretty")]
        for samples, formatter in pair if run % 2 == 0 else reversed(pair):
            samples += suite_wall(1, formatter=formatter)
    ours = figure("passing suite, the product owners' console", console)
    theirs = figure("passing suite, behave's pretty formatter", pretty)
    print(f"{'console / pretty (a run with no failures)':<52} ratio  {ours / theirs:8.3f}")

    from harness.browsers import launch
    from harness.config import load_config
    from harness.results.artifacts import _boxes, outlined

    rows = "".join(f"<tr><td>{n}: Item {n}</td></tr>" for n in range(1, 9))
    page = f"<h1>Your To-Do list</h1><table id='id_list_table'>{rows}</table>"
    driver = launch.start_browser(load_config({}, {}))
    try:
        driver.get("data:text/html;charset=utf-8," + page)
        png = driver.get_screenshot_as_png()
        plain = timed(driver.get_screenshot_as_png, repeats)
        drawn = timed(lambda: outlined(png, _boxes(driver, "#id_list_table")), repeats)
    finally:
        launch.quit_browser(driver)
    shot = figure("failure screenshot (1024x768), taken", plain, "ms", 1000)
    outline = figure("  its outline, per failed step", drawn, "ms", 1000)
    print(f"{'outline / screenshot':<52} ratio  {outline / shot:8.3f}")


def bench_engines(runs: int) -> None:
    """The suite in WebKit and in both engines at once, each against the
    Chromium suite, the three interleaved."""
    chromium: list[float] = []
    webkit: list[float] = []
    both: list[float] = []
    for _ in range(runs):
        chromium += suite_wall(1)
        webkit += suite_wall(1, "-D", "browser=webkit")
        both.append(parallel_wall(2, "-D", "browsers=chromium,webkit")[0])
    alone = figure("Chromium suite, wall", chromium)
    other = figure("WebKit suite, wall", webkit)
    print(f"{'WebKit suite / Chromium suite':<52} ratio  {other / alone:8.3f}")
    together = figure("both engines, one parallel run (2 workers), wall", both)
    print(f"{'both engines in parallel / Chromium suite alone':<52} ratio  {together / alone:8.3f}")


def bench_accessibility(runs: int) -> None:
    """The suite with audits failing on problems against the suite without
    them, interleaved; and what the audits covered (the run's closing line)."""
    on: list[float] = []
    off: list[float] = []
    closing = ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(PROJECT / ".venv/bin/behave"), "-f", "null", "--no-junit", "--no-summary",
             "-D", "accessibility=fail"],
            cwd=PROJECT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        on.append(time.perf_counter() - start)
        closing = next(
            (line for line in done.stderr.splitlines() if line.startswith("accessibility:")), ""
        )
        off += suite_wall(1, "-D", "accessibility=off")
    with_audits = figure("suite with accessibility=fail", on)
    without = figure("suite with accessibility=off", off)
    print(f"{'accessibility=fail / off':<52} ratio  {with_audits / without:8.3f}")
    found = re.search(r"(\d+) page states? audited(?: \((\d+) audits\))?", closing)
    if found:
        states = int(found.group(1))
        audits = int(found.group(2) or states)
        print(f"{'audits per run / distinct page states':<52} {audits} / {states}")


def bench_authoring(repeats: int) -> None:
    """What a product owner waits for: "did you mean" for 100 undefined steps
    (the step registry and catalogue loaded once, as a run does), how right
    it is over the near misses of harness/testing/near_misses.py (and how long
    each takes), and `make lint-features` over features/ (a process of its
    own, behave-lint's included)."""
    from harness.authoring import catalogue
    from harness.authoring.suggestions import Suggester, measure
    from harness.testing.near_misses import NEAR_MISSES

    catalogue.load_steps()
    suggester = Suggester.from_catalogue()
    steps = [f'Edith adds item {n} "thing {n}" to a list' for n in range(100)]
    figure(
        '"did you mean" for 100 undefined steps',
        timed(lambda: [suggester.suggest("When", step) for step in steps], repeats),
    )
    runs = [measure(NEAR_MISSES, suggester) for _ in range(repeats)]
    figures = runs[0]
    print(f'"did you mean" over {figures.rows} near misses (harness/testing/near_misses.py):')
    for name, value in (
        ("intended step among the suggestions (top 3)", f"{figures.top3:.1%}"),
        ("intended step first", f"{figures.first:.1%}"),
        ("unrelated sentences answered nothing close", f"{figures.unrelated_nothing_close:.1%}"),
        ("opposite offered first (inverted), rows", str(figures.inverted_first)),
    ):
        print(f"  {name:<50} {value:>8}")
    figure("  time per suggestion", [f.ms_per_suggestion for f in runs], unit="ms")
    lint = [str(PROJECT / ".venv/bin/python"), "-m", "harness.authoring.feature_style"]
    figure(
        "lint-features over features/ (whole process)",
        timed(lambda: subprocess.run(lint, cwd=PROJECT, check=True, capture_output=True), 5),
    )
