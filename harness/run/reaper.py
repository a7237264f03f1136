"""A watchdog that outlives a run only to kill the browsers the run left behind.

Browsers and their drivers run in a session of their own, so a terminal's
Ctrl-C reaches behave (which quits them in order) and not them. The price is
that if behave dies without quitting them, by `kill -9` say, nothing else
would. So every run starts this tiny process, in its own session, with a pipe
from the run on its stdin. Every driver the run starts carries the run's
marker (its run id, pid and a random part) in its environment, and Chromium
inherits it. When the pipe closes, which the kernel does however the run
ended, the reaper kills every process that carries the marker, then exits.

It imports only the standard library and runs with `python -I -S`, so it
starts in a few tens of milliseconds.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

#: The environment variable that marks a process as started by a run.
MARKER = "SUPERLISTS_BROWSER_OF_RUN"


def marked_processes(marker: str, *, prefix: bool = False) -> list[int]:
    """Pids of the processes whose environment carries `marker` (or, with
    `prefix`, any marker starting with it)."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                variables = environ.read().split(b"\0")
        except OSError:
            continue  # gone already, or not ours to read
        if any(v == needle or (prefix and v.startswith(needle)) for v in variables):
            found.append(int(entry))
    return found


def kill_marked(marker: str) -> int:
    """SIGKILL every process carrying `marker`; returns how many were found."""
    found: set[int] = set()
    for _ in range(5):  # a dying browser may still be forking helpers
        pids = marked_processes(marker)
        if not pids:
            break
        # A killed process can still be listed on the next pass, on a busy
        # machine: count each one once.
        found.update(pids)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return len(found)


class Reaper:
    """The run's end of the watchdog: start it, mark drivers, close it at the end."""

    def __init__(self, run_id: str) -> None:
        # The run id plus this process's pid and a random part: runs in other
        # checkouts may use the same run id, and their browsers are not ours.
        self.marker = f"{run_id}/{os.getpid()}/{secrets.token_hex(4)}"
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", __file__, self.marker],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C or kill of behave's group spares it
        )

    def environment(self) -> dict[str, str]:
        """The environment to start a driver with: ours plus the run's marker."""
        return {**os.environ, MARKER: self.marker}

    def close(self) -> None:
        """Kill whatever the run's browsers left behind, and let the reaper exit."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def main(marker: str) -> None:
    """Wait for the run's pipe to close, then kill what carries its marker."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)  # only the pipe closing ends the watch
    while sys.stdin.buffer.read(4096):
        pass
    kill_marked(marker)


if __name__ == "__main__":
    main(sys.argv[1])
