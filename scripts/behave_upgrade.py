"""`make behave-upgrade-check`: would the newest behave break the harness?

In a scratch virtualenv (under a temporary folder, removed afterwards, also
on failure, Ctrl-C, SIGTERM or SIGHUP), installs the project's pinned
requirements, then the newest behave release (`pip install --upgrade
behave`), then runs with that interpreter:

1. the tests of behave's non-public parts the harness uses
   (harness/run/tests/test_behave_internals.py: each failure names the
   function in harness/run/behave_internals.py that needs a new way);
2. the whole local acceptance suite (plain behave, its report and JUnit
   kept in the scratch folder).

Prints one line per thing that broke, then one summary line; exits 1 if
anything broke, 2 if the scratch environment could not be made.

Run from the project: `python -m scripts.behave_upgrade` (or `make behave-upgrade-check`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from guards.locks_and_signals import exit_status, ignore_signals, signal_of, stop_on_signals

PROJECT = Path(__file__).resolve().parents[1]
INTERNALS_TESTS = "harness/run/tests/test_behave_internals.py"
PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input"]


class SetupFailed(Exception):
    """The scratch virtualenv could not be made: one line saying why."""


def say(line: str) -> None:
    """A line of progress or of the verdict, as it happens."""
    print(f"behave-upgrade-check: {line}", flush=True)


def run(command: list[str], timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """Run `command` in the project, its output captured as text, in a
    process group of its own. If this script is stopped meanwhile, the group
    is asked to stop (SIGTERM: a behave run quits its browsers and servers),
    then whatever is left of it is killed."""
    with subprocess.Popen(
        command,
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as child:
        try:
            out, err = child.communicate(timeout=timeout)
        except BaseException:
            stop_group(child)
            raise
    return subprocess.CompletedProcess(command, child.returncode, out, err)


def stop_group(child: subprocess.Popen[str]) -> None:
    """SIGTERM to `child`'s process group, 30 s to end, then SIGKILL to what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGTERM)
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def last_lines(done: subprocess.CompletedProcess[str], count: int = 3) -> str:
    """The last lines a command wrote (stderr first), joined for one line."""
    lines = (done.stderr.strip() or done.stdout.strip()).splitlines()
    return " | ".join(line.strip() for line in lines[-count:]) or "no output"


def make_venv(folder: Path) -> Path:
    """A virtualenv in `folder` with the pinned requirements, the project on
    its path (as `make` sets up .venv) and then the newest behave; its python."""
    base = getattr(sys, "_base_executable", sys.executable)
    done = run([base, "-m", "venv", str(folder)])
    if done.returncode != 0:
        raise SetupFailed(f"could not make a virtualenv: {last_lines(done)}")
    python = folder / "bin" / "python"
    say("installing the pinned requirements (requirements-dev.txt)")
    done = run([str(python), *PIP, "install", "-q", "-r", "requirements-dev.txt"])
    if done.returncode != 0:
        raise SetupFailed(f"could not install the pinned requirements: {last_lines(done)}")
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    # behave loads the runner named in behave.ini (harness.results.console)
    # before it adds the features' folder to the path.
    Path(purelib.stdout.strip(), "superlists-project.pth").write_text(f"{PROJECT}\n")
    say("installing the newest behave from PyPI")
    done = run([str(python), *PIP, "install", "-q", "--upgrade", "behave"])
    if done.returncode != 0:
        raise SetupFailed(f"could not install the newest behave: {last_lines(done)}")
    for line in (done.stdout + done.stderr).splitlines():
        if "requires" in line and "incompatible" in line:  # pip's resolver notes
            say(f"note: {line.strip()}")
    return python


def version_of(python: Path | str, package: str) -> str:
    """The version of `package` installed for `python`."""
    done = run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"]
    )
    return done.stdout.strip() or "unknown"


def pinned_behave() -> str:
    """behave's version as requirements-dev.txt pins it."""
    text = (PROJECT / "requirements-dev.txt").read_text(encoding="utf-8")
    found = re.search(r"^behave==(\S+)", text, re.MULTILINE)
    return found.group(1) if found else "unpinned"


def internals_broken(python: Path) -> tuple[list[str], str]:
    """One line per failing test of behave's insides, and pytest's count line."""
    done = run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", "--tb=no",
         INTERNALS_TESTS]
    )  # fmt: skip
    broken = []
    for line in done.stdout.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            test, _, message = line.partition(" - ")
            name = test.split("::")[-1]
            broken.append(f"{name}: {message.strip() or 'failed'}")
    counts = done.stdout.strip().splitlines()[-1:] or ["no output"]
    if done.returncode not in (0, 1) and not broken:
        broken.append(f"the internals' tests could not run: {last_lines(done)}")
    return broken, counts[0]


def suite_broken(python: Path, scratch: Path) -> tuple[list[str], str]:
    """One line per scenario the local suite failed, and its scenario count."""
    command = [
        str(python), "-m", "behave", "-f", "progress", "--no-junit",
        "-D", f"report={scratch / 'acceptance.html'}",
        "-D", f"artifacts_dir={scratch / 'artifacts'}",
    ]  # fmt: skip
    done = run(command)
    lines = done.stdout.splitlines()
    broken = []
    if "Failing scenarios:" in lines:
        for line in lines[lines.index("Failing scenarios:") + 1 :]:
            if not line.startswith("  "):
                break
            broken.append(f"scenario failed: {line.strip()}")
    scenarios = next((line for line in lines if re.match(r"\d+ scenarios? passed", line)), "")
    if done.returncode != 0 and not broken:
        broken.append(f"the acceptance suite exited {done.returncode}: {last_lines(done)}")
    return broken, scenarios or "no scenario counts"


def check(scratch: Path) -> int:
    """The whole check in `scratch`; the exit status."""
    pinned = pinned_behave()
    try:
        python = make_venv(scratch / "venv")
    except SetupFailed as problem:
        say(f"error: {problem}")
        return 2
    newest = version_of(python, "behave")
    same = " (the pinned one)" if newest == pinned else ""
    say(f"behave {pinned} pinned, {newest} newest{same}; running the internals' tests")
    internals, internals_count = internals_broken(python)
    say("running the local acceptance suite with it")
    suite, suite_count = suite_broken(python, scratch)
    for line in internals + suite:
        say(f"broken: {line}")
    verdict = f"{len(internals) + len(suite)} broken" if internals or suite else "nothing broke"
    say(
        f"behave {newest} (pinned {pinned}): {verdict} "
        f"(internals: {internals_count}; suite: {suite_count})"
    )
    return 1 if internals or suite else 0


def main(argv: list[str] | None = None) -> int:
    """Make the scratch folder, check, and always remove the folder."""
    # No options: argparse gives --help and refuses anything else in one line.
    argparse.ArgumentParser(
        prog="python -m scripts.behave_upgrade",
        description="Would the newest behave from PyPI break the harness? "
        "Tries it in a scratch virtualenv; see docs/behave-upgrades.md.",
    ).parse_args(argv)

    stop_on_signals()
    scratch = Path(tempfile.mkdtemp(prefix="behave-upgrade-check-"))
    try:
        return check(scratch)
    except KeyboardInterrupt as stop:
        say(f"interrupted by {signal_of(stop).name}")
        return exit_status(stop)
    except subprocess.TimeoutExpired as late:
        say(f"error: {late.cmd[0]} took over {late.timeout:.0f} s")
        return 2
    finally:
        # A second signal must not stop the folder's removal.
        ignore_signals()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
