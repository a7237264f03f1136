"""Ctrl-C, SIGTERM and SIGHUP: stop at once, clean up, say so, exit 128 + signal.

behave's own answer to Ctrl-C is to mark the run aborted and carry on through
its hooks and reporters, and Django's test set-up replaces the SIGINT handler
with unittest's, which ignores the first Ctrl-C altogether. Neither is what a
person who pressed Ctrl-C wants. Here a signal runs the run's cleanups
(browsers quit, server stopped, SSH closed, scratch removed) with a deadline,
prints one line, and exits with the conventional status: 130 for SIGINT,
143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from guards.locks_and_signals import STOP_SIGNALS

#: The stop signals, as every command of the project reads them.
SIGNALS = STOP_SIGNALS
#: Seconds the cleanups get before the process exits anyway. Whatever they
#: have not quit by then, the reaper kills when this process is gone.
GRACE = 1.5


def _write(text: str) -> None:
    # os.write, not print: the signal may have arrived in the middle of a
    # print, and sys.stdout may be behave's capture buffer.
    try:
        os.write(2, text.encode())
    except OSError:
        pass


class Interrupts:
    """Catches the stop signals for one run and turns them into a clean exit."""

    def __init__(self, cleanup: Callable[[], None], program: str = "behave") -> None:
        self._cleanup = cleanup
        self._program = program
        self._stopping = False
        #: The signal being handled, once one has arrived (a cleanup that passes
        #: the stop on to child processes sends them the same one).
        self.received: int | None = None

    def install(self) -> None:
        """Take over the stop signals (from the main thread) for the rest of the process."""
        for sig in SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._stopping:
            return  # already stopping, within a bounded time
        self._stopping = True
        self.received = signum
        status = 128 + signum
        name = signal.Signals(signum).name
        _write(f"\n{self._program}: interrupted by {name}: stopping the run (exit {status})\n")
        # A cleanup that hangs (a wedged driver, a silent server) must not keep
        # the process alive: exit regardless after the grace period.
        timer = threading.Timer(GRACE, os._exit, args=(status,))
        timer.daemon = True
        timer.start()
        try:
            self._cleanup()
        except BaseException:  # noqa: BLE001 - leaving is all that is left to do
            pass
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except Exception:  # noqa: BLE001, S110 - a closed stream must not stop the exit
                pass
        # os._exit, not sys.exit: behave would catch SystemExit, call the run
        # aborted "By user" and exit 1.
        os._exit(status)
