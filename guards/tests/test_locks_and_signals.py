import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from guards.locks_and_signals import (
    Stopped,
    exit_status,
    hold_or_refuse,
    lock_descriptor,
    signal_of,
    taking_turns,
)

PROJECT = Path(__file__).resolve().parents[2]


class Busy(Exception):
    pass


def holder(path: Path, how: str) -> subprocess.Popen[str]:
    """Another process holding `path`'s lock until its stdin closes."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from guards.locks_and_signals import hold_or_refuse, taking_turns
        path = Path({str(path)!r})
        if {how!r} == "hold":
            held = hold_or_refuse(path, RuntimeError("busy"))
            print("held", flush=True)
            sys.stdin.read()
        else:
            with taking_turns(path):
                print("held", flush=True)
                sys.stdin.read()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    return process


def test_a_lock_another_process_holds_is_refused_with_the_callers_error(tmp_path):
    path = tmp_path / "one.lock"
    other = holder(path, "hold")
    try:
        with pytest.raises(Busy):
            hold_or_refuse(path, Busy("another command is running: wait for it"))
    finally:
        other.communicate("")
    held = hold_or_refuse(path, Busy("never"))  # free once the other has gone
    held.close()


def test_a_lock_is_free_again_when_its_holder_dies_however_it_dies(tmp_path):
    path = tmp_path / "one.lock"
    other = holder(path, "hold")
    other.kill()
    other.wait()
    hold_or_refuse(path, Busy("never")).close()


def test_taking_turns_waits_for_the_holder_and_then_goes(tmp_path):
    folder = tmp_path / "histories"
    folder.mkdir()
    other = holder(folder, "turn")
    try:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            assert lock_descriptor(descriptor, wait=False) is False  # it is the other's turn
        finally:
            os.close(descriptor)
    finally:
        other.communicate("")
    with taking_turns(folder):
        assert list(folder.iterdir()) == []  # a folder's lock leaves no file in it


def test_lock_descriptor_waits_or_says_it_is_held(tmp_path):
    path = tmp_path / "run.lock"
    first = os.open(path, os.O_RDWR | os.O_CREAT)
    second = os.open(path, os.O_RDWR)
    try:
        assert lock_descriptor(first, wait=True) is True
        assert lock_descriptor(second, wait=False) is False
    finally:
        os.close(first)
    try:
        assert lock_descriptor(second, wait=False) is True
    finally:
        os.close(second)


def test_a_plain_ctrl_c_is_sigint():
    assert signal_of(KeyboardInterrupt()) is signal.SIGINT
    assert exit_status(KeyboardInterrupt()) == 130


@pytest.mark.parametrize(
    ("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_each_stop_signal_runs_the_clean_up_and_exits_128_plus_its_number(sent, status):
    code = textwrap.dedent(
        """
        import sys, time
        from guards.locks_and_signals import exit_status, signal_of, stop_on_signals
        stop_on_signals()
        try:
            print("ready", flush=True)
            time.sleep(30)
        except KeyboardInterrupt as stop:
            print(f"cleaned up after {signal_of(stop).name}", flush=True)
            sys.exit(exit_status(stop))
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=PROJECT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    started = time.monotonic()
    process.send_signal(sent)
    out, _ = process.communicate(timeout=10)
    assert out == f"cleaned up after {sent.name}\n"
    assert process.returncode == status
    assert time.monotonic() - started < 5


def test_stopped_is_a_keyboard_interrupt_so_existing_clean_ups_catch_it():
    assert isinstance(Stopped(signal.SIGTERM), KeyboardInterrupt)
    assert exit_status(Stopped(signal.SIGTERM)) == 143
