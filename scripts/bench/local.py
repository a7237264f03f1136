"""The local suite's own figures: its wall time with and without the HTML
report, one process against two workers, browsers from a grid, and the
fixture layer's cost per scenario in Chromium and in WebKit."""

from __future__ import annotations

import tempfile
from pathlib import Path

from scripts.bench.fixtures import fixture_costs, report_fixture_costs
from scripts.bench.measure import figure, parallel_wall, suite_wall


def bench_local_suite(runs: int, grid: bool) -> None:
    """The suite with and without its report, then in one process against two
    workers (and, with `grid`, with browsers from the running grid)."""
    # Interleaved, so a machine that slows down mid-benchmark slows both alike.
    with_report: list[float] = []
    without_report: list[float] = []
    for _ in range(runs):
        with_report += suite_wall(1)
        without_report += suite_wall(1, "-D", "report=off")
    local = figure("local suite, wall (behave start to exit)", with_report)
    bare = figure("local suite without the HTML report", without_report)
    print(f"{'HTML report cost (with / without)':<52} ratio  {local / bare:8.3f}")

    # The same scenarios, single process against 2 workers, interleaved.
    single: list[float] = []
    double: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        single += suite_wall(1)
        wall, peak = parallel_wall(2)
        double.append(wall)
        peaks.append(peak)
    one = figure("single process, wall", single)
    two = figure("2 parallel workers, wall", double)
    print(f"{'2 workers / single process':<52} ratio  {two / one:8.3f}")
    figure("2 parallel workers, peak memory (PSS)", peaks, "MiB")

    if grid:
        from harness.parallel import plan

        with tempfile.TemporaryDirectory() as folder:
            scenarios = len(plan([], Path(folder)))
        from_grid = figure(
            "single process, browsers from the grid",
            suite_wall(runs, "-D", "grid_url=http://127.0.0.1:4444"),
        )
        extra = (from_grid - one) / scenarios * 1000
        print(f"{'grid cost per scenario over local chromedriver':<52} {extra:8.1f} ms")


def bench_local_fixtures(repeats: int) -> None:
    """The fixture layer's cost per scenario on the local server, in each engine."""
    from harness.run.scratch import RunScratch, new_run_id
    from harness.server.local import LocalServer

    scratch = RunScratch.claim(new_run_id() + "-bench", Path("artifacts"))
    try:
        for engine in ("chromium", "webkit"):
            costs = fixture_costs(
                lambda: LocalServer.start(scratch.test_db), repeats, engine=engine
            )
            report_fixture_costs(f"local, {engine}", costs)
    finally:
        scratch.release()
