"""`python -m checks.robustness`: every check in turn, then the runs' outputs removed."""

from __future__ import annotations

import argparse
import signal
import sys
import time

import checks.robustness
from checks.robustness.bad_input import (
    bad_config,
    corrupt_template,
    failing_step_prints_artifacts,
    scratch_is_clean,
    ssh_that_never_answers,
    unwritable_artifacts,
)
from checks.robustness.runs import BEHAVE, MANAGE_BEHAVE, OUTPUTS, check, failures, leftovers
from checks.robustness.stopping import (
    browser_killed_mid_scenario,
    interrupted,
    killed_with_9,
    two_runs_at_once,
)


def main() -> int:
    """Every check in turn; 1 if any failed, 2 if browsers were running already."""
    argparse.ArgumentParser(
        prog="python -m checks.robustness",
        description=(checks.robustness.__doc__ or "").splitlines()[0],
    ).parse_args()
    if leftovers():
        print("robustness-check: error: browsers are already running:", *leftovers(), sep="\n")
        return 2
    started = time.monotonic()
    for command, label in ((BEHAVE, "behave"), (MANAGE_BEHAVE, "manage.py behave")):
        for sig in (signal.SIGINT, signal.SIGTERM):
            for to_group in (False, True):
                target = "its process group" if to_group else "its pid"
                check(f"{sig.name} to {target} ({label})", interrupted(command, sig, to_group))
    check("kill -9 of behave", killed_with_9)
    check("two runs at once in one checkout", two_runs_at_once)
    check("a browser killed mid-scenario", browser_killed_mid_scenario)
    check("a corrupt test database template", corrupt_template)
    check("a failing step prints its artifacts", failing_step_prints_artifacts)
    check("an unwritable artifacts_dir", unwritable_artifacts)
    for define in (
        "wait_timeout=nan",
        "wait_timeout=inf",
        "connect_timeout=soon",
        "window_size=0,0",
        "server=nowhere",
        "chromedriver=/nonexistent",
    ):
        check(f"bad config -D {define}", bad_config(define))
    check("an SSH server that never answers", ssh_that_never_answers)
    check("nothing left behind", scratch_is_clean)
    took = time.monotonic() - started
    if failures:
        print(f"robustness-check: {len(failures)} check(s) failed in {took:.0f}s", file=sys.stderr)
        return 1
    print(f"robustness-check: all checks passed in {took:.0f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        OUTPUTS.cleanup()
