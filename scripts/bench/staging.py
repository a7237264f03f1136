"""`make bench-staging`: the staging hosts built from nothing and from cache,
the fixture layer and email over https, and the staging suite against the
local one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from deploy import PROJECT
from scripts.bench.fixtures import fixture_costs, named_server, report_fixture_costs
from scripts.bench.measure import figure, quiet, suite_wall, timed


def bench_staging(runs: int, repeats: int) -> None:
    """Staging figures: the hosts built from nothing and from cache, then a
    staging deploy measured against the local suite in this same run. The
    hosts are removed at the end, whatever happened."""
    from deploy.containers import find_engine
    from staging_host import IMAGE

    host = [sys.executable, "-m", "staging_host"]
    engine = find_engine("podman")
    subprocess.run([*host, "down"], check=True, stdout=subprocess.DEVNULL)
    engine.run("rmi", "--force", IMAGE, timeout=120)
    try:
        up = [*host, "up"]
        figure("staging hosts from nothing (image + boot)", timed(lambda: quiet(up), 1))
        figure("staging hosts again, from the cached image", timed(lambda: quiet(up), 3))
        environ = staging_env()
        os.environ.update(environ)
        subprocess.run(
            [str(PROJECT / ".venv/bin/fab"), "-H", environ["SUPERLISTS_STAGING"], "-i",
             environ["SUPERLISTS_STAGING_KEY"], "deploy", "--staging",
             "--cert", environ["SUPERLISTS_STAGING_CERT"],
             "--key", environ["SUPERLISTS_STAGING_CERT_KEY"]],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        staging_ca = Path(environ["SUPERLISTS_STAGING_CA"])
        report_fixture_costs(
            "staging", fixture_costs(lambda: named_server("staging"), repeats, ca=staging_ca)
        )
        figure("email round trip: link requested -> read over IMAPS", email_round_trips(repeats))
        local, staging = [], []
        for _ in range(runs):  # interleaved: like with like
            local += suite_wall(1)
            staging += suite_wall(1, "-D", "server=staging")
        here = figure("local suite, wall (beside staging's)", local)
        there = figure("staging suite over https, wall (excluding deploy)", staging)
        print(f"{'staging / local suite wall':<52} ratio  {there / here:8.2f}")
    finally:
        subprocess.run([*host, "down"], stdout=subprocess.DEVNULL)


def staging_env() -> dict[str, str]:
    """.staging/env, as `set -a; . .staging/env` would export it."""
    from deploy.site_layout import read_env

    return read_env((PROJECT / ".staging" / "env").read_text())


def email_round_trips(repeats: int) -> list[float]:
    """Seconds from asking the site for a login link (through the fixture
    process: the site's own view code and SMTP) to the email being readable
    by the harness over IMAPS, polled as the suite polls."""
    from harness.run.wait import POLL_INTERVAL

    server = named_server("staging")
    samples = []
    try:
        for number in range(repeats):
            server.reset_database()
            to = f"bench{number}@example.com"
            start = time.perf_counter()
            server.call("send_login_links", email=to, times=1, site_url=server.url)
            while server.latest_email(to) is None:
                if time.perf_counter() - start > 10:
                    raise RuntimeError(f"no email to {to} within 10 s")
                time.sleep(POLL_INTERVAL)
            samples.append(time.perf_counter() - start)
    finally:
        server.close()
    return samples
