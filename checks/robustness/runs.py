"""A behave run as the checks start and watch it, what the runs left running,
and the one-line verdict every check prints."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from deploy import PROJECT

PYTHON = str(PROJECT / ".venv" / "bin" / "python")
BEHAVE = [str(PROJECT / ".venv" / "bin" / "behave")]
MANAGE_BEHAVE = [PYTHON, "manage.py", "behave"]
SAMPLE_SUITE = "checks/sample_suites/robustness"
TEMPLATE_DB = PROJECT / "acceptance_test_db.sqlite3"
RUN_DEADLINE = 120.0
#: The names of the checks that failed, in order.
failures: list[str] = []
#: In the environment of every run this check starts, and so of their
#: drivers and browsers: what is left running is counted among those only,
#: never another run's on the same machine.
OURS = f"ROBUSTNESS_CHECK={os.getpid()}"
os.environ["ROBUSTNESS_CHECK"] = str(os.getpid())
#: Where the runs' outputs go: one folder, removed when the check ends.
OUTPUTS = tempfile.TemporaryDirectory(prefix="robustness-check-")
# Its runs' reports there too: reports/acceptance.html stays the plain suite's.
os.environ["SUPERLISTS_REPORT"] = f"{OUTPUTS.name}/report.html"


class Run:
    """One behave run in a session of its own, its output in a file."""

    def __init__(self, command: list[str], *args: str) -> None:
        # In the check's own folder, removed when it ends (main).
        self.output_file = tempfile.NamedTemporaryFile(
            "w+", suffix=".out", delete=False, dir=OUTPUTS.name
        )
        self.process = subprocess.Popen(
            [*command, *args],
            cwd=PROJECT,
            stdout=self.output_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal would give it
        )
        self.started = time.monotonic()

    @property
    def output(self) -> str:
        return Path(self.output_file.name).read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 60, times: int = 1) -> None:
        """Wait until the output shows `text` (at least `times` times)."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < times:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the run never printed {text!r}:\n{self.output[-2000:]}")
            time.sleep(0.05)

    def finish(self, timeout: float = RUN_DEADLINE) -> int:
        """Wait for the run to end; kill it (and fail) if it overruns."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise AssertionError(f"still running after {timeout:.0f}s") from None
        finally:
            self.output_file.close()


def leftovers() -> list[str]:
    """Browsers and drivers this check's runs started that are still running
    (zombies are dead: not counted)."""
    listing = subprocess.run(
        ["ps", "-eo", "pid=,stat=,args="], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for line in listing.splitlines():
        pid, stat, args = line.split(None, 2)
        if stat.startswith("Z") or int(pid) == os.getpid() or not _ours(pid):
            continue
        if "--test-type=webdriver" in args or args.split()[0].endswith("chromedriver"):
            found.append(line.strip())
    return found


def _ours(pid: str) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            return OURS.encode() in environ.read().split(b"\0")
    except OSError:
        return False  # gone already, or not ours to read


def nothing_left(within: float = 2.0) -> None:
    """Fail the check if a browser or driver of its runs outlives `within` seconds."""
    deadline = time.monotonic() + within
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = leftovers()
    assert not left, "left running:\n" + "\n".join(left)


def check(name: str, body: Callable[[], str]) -> None:
    """Run one check's `body`; print its verdict and what it saw; remember a failure."""
    try:
        evidence = body()
    except AssertionError as failure:
        failures.append(name)
        print(f"FAIL {name}: {failure}", flush=True)
    else:
        print(f"ok   {name}: {evidence}", flush=True)


def one_line(output: str, starts: str) -> str:
    """The one line of `output` that starts with `starts` (fails on none or several)."""
    lines = [line for line in output.splitlines() if line.startswith(starts)]
    assert len(lines) == 1, f"expected one line starting {starts!r}, got {lines}:\n{output}"
    return lines[0]


def no_walls(output: str) -> None:
    """Fail the check if `output` holds a traceback or one of behave's error walls."""
    for wall in ("Traceback", "ABORTED", "HOOK-ERROR", "CLEANUP-ERROR", "Stacktrace"):
        assert wall not in output, f"{wall!r} in the output:\n{output[-3000:]}"
