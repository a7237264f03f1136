"""Speed figures for the acceptance suite, as medians (the machines are shared and noisy).

    .venv/bin/python scripts/bench.py              # local figures
    .venv/bin/python scripts/bench.py --staging    # plus staging (needs a deployed
                                                   # staging host: see `make bench-staging`)

Prints, for each measure, the median and the spread over the runs:
- the whole local suite, wall time from `behave` start to exit;
- per-scenario harness overhead locally: reset + pre-authenticated session
  (session created and its cookie installed in a real browser);
- with --staging: the same overhead against the staging server (reset +
  create_session over the SSH fixture process), the whole staging suite, and
  its ratio to the local suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def report(name: str, samples: list[float], unit: str = "s", scale: float = 1.0) -> float:
    values = sorted(s * scale for s in samples)
    median = statistics.median(values)
    print(
        f"{name:<52} median {median:8.3f} {unit}   "
        f"min {values[0]:.3f}  max {values[-1]:.3f}  (n={len(values)})",
        flush=True,
    )
    return median


def suite_wall(runs: int, *defines: str) -> list[float]:
    """Wall seconds of full `behave` runs (quiet formatter, no JUnit)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(ROOT / ".venv/bin/behave"), "-f", "null", "--no-junit", "--no-summary", *defines],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        samples.append(time.perf_counter() - start)
    return samples


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def overhead(server_for: Callable[[], object], repeats: int) -> list[float]:
    """Per-scenario harness overhead: reset, then a pre-authenticated session in a browser."""
    from harness import browser
    from harness.config import load_config

    config = load_config({}, {})
    server = server_for()
    try:
        driver = browser.start_browser(config)
    except BaseException:
        server.close()  # type: ignore[attr-defined]
        raise
    try:

        def scenario_setup() -> None:
            server.reset_database()  # type: ignore[attr-defined]
            key = server.create_session("edith@example.com")  # type: ignore[attr-defined]
            browser.install_session_cookie(
                driver,
                server.url,  # type: ignore[attr-defined]
                server.session_cookie_name,  # type: ignore[attr-defined]
                key,
            )

        scenario_setup()  # the first call pays one-off costs (imports, connections)
        return timed(scenario_setup, repeats)
    finally:
        browser.quit_browser(driver)
        server.close()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="full-suite runs per measure")
    parser.add_argument("--repeats", type=int, default=30, help="overhead samples")
    parser.add_argument("--staging", action="store_true", help="also measure against staging")
    args = parser.parse_args()
    os.chdir(ROOT)

    print(f"superlists acceptance benchmark: {args.runs} suite runs, {args.repeats} samples")
    local = report("local suite, wall (behave start to exit)", suite_wall(args.runs))

    from harness.scratch import RunScratch, new_run_id
    from harness.server.local import LocalServer

    scratch = RunScratch.claim(new_run_id() + "-bench", Path("artifacts"))
    try:
        report(
            "local per-scenario overhead (reset + session)",
            overhead(lambda: LocalServer.start(scratch.test_db), args.repeats),
            "ms",
            1000,
        )
    finally:
        scratch.release()
    if not args.staging:
        return

    from harness.config import load_config
    from harness.server.remote import RemoteServer

    def staging_server() -> RemoteServer:
        import configparser

        ini = configparser.ConfigParser(interpolation=None)
        ini.read(ROOT / "behave.ini")
        config = load_config(dict(ini["behave.userdata"]), {"server": "staging"})
        assert config.remote is not None
        return RemoteServer.connect(
            config.remote,
            connect_timeout=config.connect_timeout,
            request_timeout=config.fixture_timeout,
        )

    report(
        "staging per-scenario overhead (reset + session)",
        overhead(staging_server, args.repeats),
        "ms",
        1000,
    )
    staging = report(
        "staging suite, wall (excluding deploy)", suite_wall(args.runs, "-D", "server=staging")
    )
    print(f"{'staging / local suite wall':<52} ratio  {staging / local:8.2f}")


if __name__ == "__main__":
    main()
