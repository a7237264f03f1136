"""`make bench-container`: the app in `make container`'s container: an image
rebuild, a fixture round trip, the fixture layer, and the container suite
against the local one."""

from __future__ import annotations

import subprocess
import sys

from scripts.bench.fixtures import fixture_costs, named_server, report_fixture_costs
from scripts.bench.measure import figure, suite_wall, timed


def bench_container(runs: int, repeats: int) -> None:
    """Figures for the app in `make container`'s container."""
    rebuilds = timed(
        lambda: subprocess.run(
            [sys.executable, "-m", "scripts.container", "build"],
            check=True,
            stdout=subprocess.DEVNULL,
        ),
        3,
    )
    figure("container image rebuild, no changes", rebuilds)
    server = named_server("container")
    try:
        server.reset_database()
        figure(
            "container fixture round trip (create_session)",
            timed(lambda: server.call("create_session", email="edith@example.com"), repeats),
            "ms",
            1000,
        )
    finally:
        server.close()
    report_fixture_costs("container", fixture_costs(lambda: named_server("container"), repeats))
    # Interleaved in this one run, so the ratio compares like with like.
    local: list[float] = []
    container: list[float] = []
    for _ in range(runs):
        local += suite_wall(1)
        container += suite_wall(1, "-D", "server=container")
    here = figure("local suite, wall (again, beside the container's)", local)
    there = figure("container suite, wall", container)
    print(f"{'container / local suite wall':<52} ratio  {there / here:8.2f}")
