"""Locks and stop signals, written once for every command of the project.

**Signals.** Ctrl-C, SIGTERM and SIGHUP all mean "stop now": `stop_on_signals`
turns each into `Stopped` (a `KeyboardInterrupt`), raised where the main
thread is, so the command's own `finally` blocks and `except KeyboardInterrupt`
clean-up run as they would for Ctrl-C. `exit_status` is then 128 + the
signal's number, the shell's convention (130, 143, 129). A behave run has
cleanups of its own to run first and uses `harness.run.interrupts`, over the
same `STOP_SIGNALS`.

**Locks.** `hold_or_refuse` takes an exclusive lock for as long as the
returned file stays open, or raises the caller's own one-line error at once
if another process holds it: for commands that must not run twice at once
(two `staging_host up`, two `scripts/container up` of one instance).
`taking_turns` waits for the lock instead, for short critical sections (a
history file read, changed and written back). Both are `flock` locks, which
the kernel drops when the process dies, however it dies: nothing is left to
clean up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import IO

#: The signals that mean "stop now".
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; `number` says which."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


#: The stop signals this process has received, oldest first.
_received: list[int] = []


def _raise_stopped(number: int, frame: FrameType | None) -> None:
    _received.append(number)
    raise Stopped(number)


def stop_received() -> bool:
    """Whether a stop signal has arrived since `stop_on_signals`: for a child
    that got the same Ctrl-C and ended before this process heard of it."""
    return bool(_received)


def stop_on_signals(signals: tuple[signal.Signals, ...] = STOP_SIGNALS) -> None:
    """From now on, each of `signals` raises `Stopped` in the main thread."""
    for number in signals:
        signal.signal(number, _raise_stopped)


def ignore_signals(signals: tuple[signal.Signals, ...] = STOP_SIGNALS) -> None:
    """From now on, `signals` are ignored: for a clean-up that a second Ctrl-C
    must not cut short."""
    for number in signals:
        signal.signal(number, signal.SIG_IGN)


def signal_of(stop: KeyboardInterrupt) -> signal.Signals:
    """The signal behind `stop`: its own for `Stopped`, SIGINT for a plain Ctrl-C."""
    return signal.Signals(stop.number if isinstance(stop, Stopped) else signal.SIGINT)


def exit_status(stop: KeyboardInterrupt) -> int:
    """The shell's status for a command stopped by `stop`: 128 + the signal."""
    return 128 + int(signal_of(stop))


def hold_or_refuse(path: Path, refusal: Exception) -> IO[str]:
    """An exclusive lock on `path` (created if missing), held while the returned
    file stays open; raises `refusal` at once if another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    held = path.open("a")
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held.close()
        raise refusal from None
    return held


@contextlib.contextmanager
def taking_turns(path: Path) -> Iterator[None]:
    """Wait for an exclusive lock on `path` and hold it for the block. A folder
    is locked itself (no lock file is left in it); a file is created if missing."""
    if path.is_dir():
        descriptor = os.open(path, os.O_RDONLY)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing drops the lock


def lock_descriptor(descriptor: int, *, wait: bool) -> bool:
    """Lock an open file for as long as it stays open: waiting for it, or, with
    `wait=False`, only if nobody holds it (False if somebody does)."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True
