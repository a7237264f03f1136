"""The reaper against real processes: nothing here is mocked."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from harness.run.reaper import MARKER, Reaper, kill_marked, marked_processes


def _sleeper(run_id):
    """A process that looks like one of the run's browsers to the reaper,
    returned once it runs `sleep` (until its exec, /proc shows the parent's
    environment, without the marker: a busy machine made that window visible)."""
    process = subprocess.Popen(
        ["sleep", "60"], env={**os.environ, MARKER: run_id}, start_new_session=True
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with open(f"/proc/{process.pid}/cmdline", "rb") as cmdline:
            if cmdline.read().startswith(b"sleep"):
                break
        time.sleep(0.005)
    return process


def _gone_within(process, seconds):
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_only_processes_with_this_runs_marker_are_found():
    mine, other = _sleeper("run-a"), _sleeper("run-b")
    try:
        assert marked_processes("run-a") == [mine.pid]
        assert kill_marked("run-a") == 1
        assert _gone_within(mine, 2)
        assert other.poll() is None
    finally:
        other.kill()
        mine.kill()
        other.wait()


def test_closing_the_reaper_kills_what_the_run_left_and_nothing_else():
    reaper = Reaper("run-close")
    left = _sleeper(reaper.marker)
    same_id_elsewhere = _sleeper("run-close")  # another checkout's run, same id
    reaper.close()
    assert _gone_within(left, 2)
    assert same_id_elsewhere.poll() is None
    same_id_elsewhere.kill()
    same_id_elsewhere.wait()


def test_kill_9_of_the_run_still_kills_its_browsers():
    # A stand-in for behave: starts a reaper and a marked process, then waits.
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import os, subprocess, sys, time
                from harness.run.reaper import MARKER, Reaper
                reaper = Reaper("run-kill9")
                child = subprocess.Popen(["sleep", "60"], env=reaper.environment(),
                                         start_new_session=True)
                print(child.pid, flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    child_pid = int(run.stdout.readline())
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and child_pid in marked_processes("run-kill9/", prefix=True):
        time.sleep(0.05)
    assert child_pid not in marked_processes("run-kill9/", prefix=True)
    run.stdout.close()


def test_the_reaper_ignores_a_ctrl_c_to_its_run():
    reaper = Reaper("run-sigint")
    left = _sleeper(reaper.marker)
    time.sleep(0.2)  # let it install its handlers
    reaper._process.send_signal(signal.SIGINT)
    time.sleep(0.1)
    assert reaper._process.poll() is None
    reaper.close()
    assert _gone_within(left, 2)
