"""A virtual X display for browsers that need one: Debian's Xvfb.

WebKit's MiniBrowser is a GTK program: on these machines its `--headless`
still asks GTK for a display and stops ("cannot open display"), so a run in
WebKit gives it an X server of its own that draws into memory. Xvfb picks a
free display number itself (`-displayfd`), so two runs at once never meet.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
from collections.abc import Mapping

from harness.run.errors import HarnessError

INSTALL_HINT = "install it with `sudo apt-get install -y xvfb` (`make acceptance-webkit` does this)"
#: Seconds Xvfb gets to say which display it took.
START_TIMEOUT = 10.0


class VirtualDisplay:
    """An Xvfb server, started for a run and stopped with it."""

    def __init__(self, environment: Mapping[str, str], size: tuple[int, int]) -> None:
        """Start Xvfb with `environment` (the reaper's marker, so a run that dies
        takes it along) and a screen of `size`; HarnessError if it cannot."""
        program = shutil.which("Xvfb")
        if program is None:
            raise HarnessError(f"WebKit needs a display and Xvfb is not installed: {INSTALL_HINT}")
        reading, writing = os.pipe()
        try:
            self._process = subprocess.Popen(
                [program, "-displayfd", str(writing), "-screen", "0", f"{size[0]}x{size[1]}x24",
                 "-nolisten", "tcp"],
                env=dict(environment),
                pass_fds=(writing,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C meant for behave is not for it
            )  # fmt: skip
        finally:
            os.close(writing)
        try:
            number = _read_display(reading, self._process)
        finally:
            os.close(reading)
        #: The value of DISPLAY for programs that draw on it.
        self.name = f":{number}"

    def stop(self) -> None:
        """Stop the server (safe to call twice)."""
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()


def _read_display(reading: int, process: subprocess.Popen[bytes]) -> str:
    """The display number Xvfb writes once it is ready to be drawn on."""
    said = b""
    while not said.endswith(b"\n"):
        ready, _, _ = select.select([reading], [], [], START_TIMEOUT)
        chunk = os.read(reading, 16) if ready else b""
        if not chunk:
            process.kill()
            process.wait()
            raise HarnessError("Xvfb did not start: run `Xvfb -displayfd 1` to see why")
        said += chunk
    return said.decode().strip()
