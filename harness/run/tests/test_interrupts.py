"""Interrupts against real signals, in a child process."""

import signal
import subprocess
import sys
import textwrap
import time

import pytest

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from harness.run.interrupts import Interrupts

    def cleanup():
        print("cleanup ran", flush=True)
        if sys.argv[1] == "hang":
            time.sleep(60)

    Interrupts(cleanup).install()
    print("ready", flush=True)
    time.sleep(60)
    print("not interrupted", flush=True)
    """
)


def _run_then_signal(sig, mode="ok"):
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout.readline() == b"ready\n"
    started = time.monotonic()
    child.send_signal(sig)
    out, err = child.communicate(timeout=10)
    return child.returncode, out.decode(), err.decode(), time.monotonic() - started


@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_runs_the_cleanups_says_so_once_and_exits_128_plus_n(sig, status):
    code, out, err, _ = _run_then_signal(sig)
    assert code == status
    assert out == "cleanup ran\n"
    name = signal.Signals(sig).name
    assert err.strip() == f"behave: interrupted by {name}: stopping the run (exit {status})"


def test_a_hanging_cleanup_cannot_keep_the_process_alive():
    code, out, _, took = _run_then_signal(signal.SIGTERM, mode="hang")
    assert code == 143
    assert out == "cleanup ran\n"
    assert took < 2.5
