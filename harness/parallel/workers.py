"""Workers: each an ordinary `behave` run of the scenarios dealt to it.

A worker has a run id of its own (hence its own scratch, test database, live
server port, browsers and artifacts) and a session of its own, so a terminal's
Ctrl-C reaches only the runner, which passes it on. It tells the runner what
it does as it does it (`harness.parallel.lines`), so what a worker finished is
known even if the worker is killed a moment later.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from harness.parallel.lines import Finished, RunLines, read_event
from harness.results.console import NOT_PASSED
from harness.run.interrupts import GRACE, SIGNALS
from harness.run.paths import PROJECT

if TYPE_CHECKING:
    from harness.parallel.planned import Planned

BEHAVE = [sys.executable, "-m", "behave"]
#: How long stopping may take before the workers are killed outright: less than
#: the grace `harness.run.interrupts` gives the runner's own cleanup, so the runner
#: always gets to kill a worker that hangs before it exits itself.
STOP_GRACE = GRACE - 0.3
#: Browsers one worker may hold at once: a scenario's people keep theirs, and
#: the pool keeps them for the next scenario.
BROWSERS_PER_WORKER = 2


@dataclass
class Worker:
    """One behave process, the scenarios dealt to it, and what it said."""

    number: int
    scenarios: list[Planned] = field(default_factory=list)
    #: The browser engine it runs its scenarios in.
    engine: str = "chromium"
    #: Whether the run has other engines too: its command then names its own,
    #: and its progress lines say which it is.
    one_of_several_engines: bool = False
    expected: float = 0.0
    process: subprocess.Popen[str] | None = None
    folder: Path = Path()
    said: RunLines = field(default_factory=RunLines.empty)

    @property
    def locations(self) -> set[str]:
        """Where this worker's scenarios are (file:line)."""
        return {scenario.location for scenario in self.scenarios}

    @property
    def ended_well(self) -> bool:
        """Whether the process ended as a behave run does (0: passed, 1: failed)."""
        return self.process is not None and self.process.returncode in (0, 1)

    def how_it_ended(self) -> str:
        """Its exit, in words."""
        code = None if self.process is None else self.process.returncode
        if code is None:
            return "not ended"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit {code}"


class Crew:
    """Every process the runner starts, so that a stop signal reaches them all."""

    def __init__(self) -> None:
        self._processes: list[subprocess.Popen[str]] = []

    def popen(self, command: list[str], **options: Any) -> subprocess.Popen[str]:
        """Start `command` (subprocess.Popen's options) and remember it.

        A stop signal handled between the process starting and its being
        remembered would leave it running unseen (a worker, in a session of its
        own, would run on): the stop signals wait, blocked, until it is
        remembered. The child unblocks them for itself before behave starts.
        (Only the runner's main thread starts processes, before any other
        thread exists, so blocking them here defers them.)
        """
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            process: subprocess.Popen[str] = subprocess.Popen(
                command,
                preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, blocked),
                **options,
            )
            self._processes.append(process)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return process

    def stop(self, signum: int) -> None:
        """Pass the stop signal on; kill whatever has not stopped within STOP_GRACE."""
        stop_all(list(self._processes), signum)


def stop_all(processes: list[subprocess.Popen[str]], signum: int) -> None:
    """Send `signum` to each process's group; SIGKILL the ones still there after
    STOP_GRACE (each worker quits its browsers and server on the signal, and its
    watchdog catches whatever a SIGKILL leaves)."""
    for process in processes:
        if process.poll() is None:
            _signal_group(process, signum)
    deadline = time.monotonic() + STOP_GRACE
    for process in processes:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen[str], signum: int) -> None:
    try:
        if os.getpgid(process.pid) == process.pid:  # a worker leads a session of its own
            os.killpg(process.pid, signum)
        else:  # the dry run shares the runner's group: only it
            process.send_signal(signum)
    except ProcessLookupError:
        pass


_OUTPUT_OPTIONS = ("-f", "--format", "-o", "--outfile", "--junit-directory")


def worker_options(behave_args: list[str], paths: list[str]) -> list[str]:
    """The arguments each worker gets: all but the feature paths (each worker
    runs its own scenarios), the output options (the runner chooses them) and
    the shard (the plan has cut it already)."""
    remaining: list[str] = []
    skip_next = False
    for arg in behave_args:
        if skip_next:
            skip_next = False
        elif arg in _OUTPUT_OPTIONS:
            skip_next = True
        elif arg.startswith(tuple(f"{o}=" for o in _OUTPUT_OPTIONS)) or (
            arg.startswith(("-f", "-o")) and not arg.startswith("--")
        ):
            pass
        elif arg not in paths:
            remaining.append(arg)
    cleaned: list[str] = []
    for arg in remaining:
        if cleaned and cleaned[-1] in ("-D", "--define") and arg.startswith("shard="):
            cleaned.pop()
        elif not arg.startswith(("-Dshard=", "--define=shard=")):
            cleaned.append(arg)
    return cleaned


def in_file_order(locations: Iterable[str]) -> list[str]:
    """Locations sorted by file, then line. behave runs a feature file once for
    each unbroken run of its locations: interleaved with another file's, a
    file would run (and report its other scenarios as skipped) twice."""

    def file_and_line(location: str) -> tuple[str, int]:
        path, _, line = location.rpartition(":")
        return path, int(line) if line.isdigit() else 0

    return sorted(locations, key=file_and_line)


#: Where a worker records its accessibility audits, in its folder.
ACCESSIBILITY_RECORD = "accessibility.json"


def worker_command(worker: Worker, options: list[str], run_id: str, report: bool) -> list[str]:
    """The behave command line of `worker`."""
    engine = (
        ["-D", f"browser={worker.engine}", "-D", f"browsers={worker.engine}"]
        if worker.one_of_several_engines
        else []
    )
    return [
        *BEHAVE,
        *options,
        *engine,
        "-D", f"run_id={run_id}-w{worker.number}",
        "-D", f"report={worker.folder / 'report.html'}" if report else "report=off",
        # The run's history is the run's to keep, once, not each worker's.
        "-D", "history=off",
        "-D", f"accessibility_record={worker.folder / ACCESSIBILITY_RECORD}",
        "--junit", "--junit-directory", str(worker.folder / "junit"),
        # Every scenario of its files in its JUnit and report (the others as
        # skipped), whatever the run asked: the merge matches them by position.
        "--show-skipped",
        "-f", "harness.results.console:Console", "-o", str(worker.folder / "output.txt"),
        "-f", "harness.parallel.lines:ScenarioLines",  # no -o of its own: stdout, to the runner
        "--no-summary",
        *in_file_order(scenario.location for scenario in worker.scenarios),
    ]  # fmt: skip


def child_environment() -> dict[str, str]:
    """The environment of the runner's behave processes: its own, without a
    shard (the plan has cut it), and with the project importable wherever they
    run (they load this package's formatter)."""
    environment = {k: v for k, v in os.environ.items() if k != "SUPERLISTS_SHARD"}
    paths = [str(PROJECT), *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return environment


def start(
    worker: Worker,
    options: list[str],
    run_id: str,
    crew: Crew,
    root: Path = PROJECT,
    report: bool = True,
) -> None:
    """Start `worker`'s behave run in a session of its own."""
    worker.folder.mkdir(parents=True, exist_ok=True)
    with (worker.folder / "stderr.txt").open("w") as log:  # the worker keeps its own copy
        worker.process = crew.popen(
            worker_command(worker, options, run_id, report),
            cwd=root,
            env=child_environment(),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,  # a terminal's Ctrl-C reaches the runner, which stops them
        )


def instance_defines(remote: Any, number: int) -> list[str]:
    """Point worker `number` at staging instance `number` (nothing for local runs)."""
    if remote is None or number == 1:
        return []
    instance = remote.instance(number)
    return [
        "-D", f"{remote.name}.url={instance.url}",
        "-D", f"{remote.name}.site={instance.site_dir}",
    ]  # fmt: skip


Events = queue.Queue[tuple[Worker, dict[str, Any] | None]]


def relay(worker: Worker, events: Events) -> None:
    """Pass a worker's events to the runner; None when its output ends."""
    assert worker.process is not None and worker.process.stdout is not None
    stream: IO[str] = worker.process.stdout
    for line in stream:
        event = read_event(line)
        if event is not None:
            events.put((worker, event))
    events.put((worker, None))


def collect(
    workers: list[Worker],
    durations: dict[str, float],
    say: Callable[[str], None] = lambda line: print(line, flush=True),
) -> None:
    """Print each dealt scenario as it finishes, learning its duration; wait
    for every worker to end."""
    events: Events = queue.Queue()
    for worker in workers:
        threading.Thread(target=relay, args=(worker, events), daemon=True).start()
    running = len(workers)
    while running:
        try:
            worker, event = events.get(timeout=0.2)  # wakes up for signals too
        except queue.Empty:
            continue
        if event is None:
            running -= 1
            continue
        finished = worker.said.add(event)
        if finished is None or finished.location not in worker.locations:
            continue  # behave also reports the file's other scenarios, as skipped
        if finished.status != "skipped":  # a skipped scenario's 0 s says nothing of its length
            durations[duration_key(finished.key, worker.engine)] = finished.duration
        say(_progress_line(worker, finished))
    for worker in workers:
        assert worker.process is not None
        worker.process.wait()


def _progress_line(worker: Worker, finished: Finished) -> str:
    # The engine is always named: a line about a browser says which one.
    who = f"w{worker.number} {worker.engine}"
    return (
        f"[{who}] {finished.status:<7} {finished.duration:6.2f}s "
        f"{finished.location} {finished.name}"
    )


def duration_key(key: str, engine: str) -> str:
    """What a scenario's duration in `engine` is filed under: Chromium's under
    the scenario's own key (as before there were engines), another engine's
    apart, as its times differ."""
    return key if engine == "chromium" else f"{key} [{engine}]"


_WORTH_SHOWING = re.compile(
    r"^\s*(?:HOOK-ERROR.*|.*Error:.*|note: .*|behave: .*|retr.*@flaky.*|@flaky .*|retried: .*)$"
)


#: A step the console (harness.results.console) says did not pass; the lines indented
#: under it (its headline, rows, detail, or suggestions) belong with it.
_NOT_PASSED = re.compile(
    rf"^(\s*)\S.*  (?:{'|'.join(re.escape(said) for said in NOT_PASSED)})(?:  #.*)?$"
)


def worker_said(worker: Worker) -> str:
    """What a worker said that a person needs: each step that did not pass,
    with what its console said under it (the headline and detail of a
    failure, the sentences suggested for a step nobody defined), start-up
    errors and retries. (Its full output is in its scratch, which
    the run removes.)"""
    said: list[str] = []
    for name in ("output.txt", "stderr.txt"):
        try:
            text = (worker.folder / name).read_text(errors="replace")
        except OSError:
            continue
        said += _worth_showing(text.splitlines())
    return "\n".join(dict.fromkeys(said))  # once each, in order


def _worth_showing(lines: list[str]) -> list[str]:
    """The lines worth showing, an undefined step's block kept as one piece so
    that its "did you mean:" survives showing each piece once."""
    shown: list[str] = []
    block: list[str] = []
    indent = -1
    for line in (line.rstrip() for line in lines):
        if block and len(line) - len(line.lstrip()) > indent:
            block.append(line)
            continue
        if block:
            shown.append("\n".join(block))
            block = []
        not_passed = _NOT_PASSED.match(line)
        if not_passed:
            block, indent = [line], len(not_passed.group(1))
        elif _WORTH_SHOWING.match(line):
            shown.append(line)
    if block:
        shown.append("\n".join(block))
    return shown
