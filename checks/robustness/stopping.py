"""Runs stopped as people stop them: Ctrl-C and SIGTERM, kill -9, two runs
at once, and a browser killed in the middle of a scenario."""

from __future__ import annotations

import os
import re
import signal
import tempfile
import time
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

from checks.robustness.runs import (
    BEHAVE,
    SAMPLE_SUITE,
    Run,
    leftovers,
    no_walls,
    nothing_left,
    one_line,
)
from deploy import PROJECT
from harness.run.reaper import marked_processes


def interrupted(command: list[str], sig: signal.Signals, to_group: bool) -> Callable[[], str]:
    """A check: `sig` to a run's pid (or its group) mid-run ends it at once, in one line."""

    def body() -> str:
        run = Run(command, "--no-junit", "-f", "plain")
        run.wait_for("  Scenario: ", times=4)  # well into the run
        sent = time.monotonic()
        if to_group:
            os.killpg(run.process.pid, sig)
        else:
            run.process.send_signal(sig)
        status = run.finish()
        took = time.monotonic() - sent
        output = run.output
        assert status == 128 + sig, f"exit {status}, expected {128 + sig}:\n{output[-2000:]}"
        assert took <= 2.0, f"took {took:.2f}s to stop"
        line = one_line(output, "behave: interrupted by ")
        no_walls(output)
        nothing_left()
        return f"exit {status} after {took:.2f}s, printed {line!r}, nothing left"

    return body


def killed_with_9() -> str:
    """A check: after kill -9 of behave, its driver and browsers go too."""
    run = Run(BEHAVE, "--no-junit", "-f", "plain", "-D", "run_id=robustness-kill9")
    run.wait_for("  Scenario: ", times=4)
    assert marked_processes("robustness-kill9/", prefix=True), "the run's browser is not marked"
    os.killpg(run.process.pid, signal.SIGKILL)
    run.finish()
    killed = time.monotonic()
    deadline = killed + 5
    while (
        marked_processes("robustness-kill9/", prefix=True) or leftovers()
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    nothing_left(within=0)
    return f"no driver or browser of the run alive {time.monotonic() - killed:.2f}s after kill -9"


def two_runs_at_once() -> str:
    """A check: two runs in one checkout at once both pass, their JUnit whole."""
    with tempfile.TemporaryDirectory() as reports:
        stale = Path(reports) / "TESTS-a_deleted_feature.xml"
        stale.write_text('<testsuite name="gone" failures="1"/>')
        runs = [Run(BEHAVE, "-f", "progress", "--junit-directory", reports) for _ in range(2)]
        statuses = [run.finish() for run in runs]
        for run, status in zip(runs, statuses, strict=True):
            assert status == 0, f"a run failed (exit {status}):\n{run.output[-3000:]}"
        files = sorted(Path(reports).glob("TESTS-*.xml"))
        for file in files:
            xml.dom.minidom.parse(str(file))  # raises on anything half-written
        features = sorted(Path(PROJECT, "features").glob("*.feature"))
        assert len(files) == len(features), f"{len(files)} JUnit files for {len(features)}"
        assert not stale.exists(), "a deleted feature's JUnit file survived"
    summaries = [
        next(line for line in run.output.splitlines() if re.match(r"\d+ scenarios passed", line))
        for run in runs
    ]
    nothing_left()
    return f"both exit 0 ({summaries[0]!r}); {len(files)} well-formed JUnit files, stale one gone"


def browser_killed_mid_scenario() -> str:
    """A check: a browser killed mid-scenario fails that step in one line, and the run goes on."""
    run_id = "robustness-dead-browser"
    run = Run(
        BEHAVE,
        "--no-junit",
        "-f",
        "plain",
        "-D",
        "wait_timeout=30",
        "-D",
        f"run_id={run_id}",
        f"{SAMPLE_SUITE}/browser_dies.feature",
    )
    run.wait_for('Edith has started a list with "Buy milk" ... passed')
    browsers = [
        pid
        for pid in marked_processes(run_id + "/", prefix=True)
        if "--test-type=webdriver" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    ]
    assert browsers, "found no browser of the run to kill"
    for pid in browsers:
        os.kill(pid, signal.SIGKILL)
    status = run.finish()
    took = time.monotonic() - run.started
    output = run.output
    assert status == 1, f"exit {status}:\n{output}"
    died = one_line(output.replace("ASSERT FAILED: ", "\n"), "Edith's browser (Chromium ")
    assert ") has died, so this step could not finish." in died, died  # engine named
    one_line(output, "1 scenario passed, 1 failed")
    assert took < 25, f"the dying step waited out its deadline ({took:.1f}s)"
    no_walls(output)
    nothing_left()
    return f"{died!r}; the next scenario passed; {took:.1f}s in all"
