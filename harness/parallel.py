"""Run the suite in N worker processes: `python -m harness.parallel -j N [behave args]`.

behave has no parallel runner (behave#235 is wontfix), so this one is small
and plain:

1. **Plan.** `behave --dry-run` with the same arguments lists the scenarios
   the run would run (tags, paths and `-D` apply as usual).
2. **Deal.** Scenarios, not whole features, go to the workers longest first,
   each to the worker with the least work so far. Durations come from earlier
   runs (`reports/durations.json`); a scenario never timed counts as the
   median of those that were.
3. **Run.** Each worker is an ordinary `behave` run of its scenarios, with a
   run id of its own, hence its own scratch, test database, live server
   port, browsers and artefacts. A line is printed as each scenario finishes.
4. **Merge.** One JUnit set replaces `reports/TESTS-*.xml`; the workers' HTML
   reports become one `reports/acceptance.html`; the durations file learns
   this run's times. The exit status is non-zero if anything failed.

Ctrl-C or SIGTERM stops every worker (each quits its browsers and server,
and its watchdog catches anything left) and the run exits 128+N within 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any

from behave.formatter.base import Formatter

from harness.shards import Shard

PROJECT = Path(__file__).resolve().parent.parent
BEHAVE = [sys.executable, "-m", "behave"]
DURATIONS_FILE = Path("reports") / "durations.json"
#: Worker output lines that report a finished scenario start with this.
MARK = "@@scenario "
#: How long stopping may take before the workers are killed outright.
STOP_GRACE = 1.5


class ScenarioLines(Formatter):  # type: ignore[misc]  # behave is untyped
    """A worker's formatter: one JSON line per finished scenario, for the runner."""

    name = "scenario-lines"
    description = "One machine-readable line per finished scenario (harness.parallel)."

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self.stream = self.open()
        self._current: Any = None

    def scenario(self, scenario: Any) -> None:
        if scenario is not self._current:  # the same one again is a @flaky retry
            self._finish()
        self._current = scenario

    def eof(self) -> None:
        self._finish()

    def close(self) -> None:
        self._finish()
        self.close_stream()

    def _finish(self) -> None:
        scenario, self._current = self._current, None
        if scenario is None:
            return
        line = {
            "status": scenario.status.name,
            "duration": round(scenario.duration, 3),
            "location": str(scenario.location),
            "key": scenario_key(str(scenario.filename), scenario.name),
            "name": scenario.name,
        }
        self.stream.write(MARK + json.dumps(line) + "\n")
        self.stream.flush()


def scenario_key(filename: str, name: str) -> str:
    """What a scenario's recorded duration is filed under: its file and name
    (line numbers move whenever a feature is edited)."""
    return f"{filename}::{name}"


@dataclass(frozen=True)
class Planned:
    """A scenario the run will run."""

    location: str
    key: str


@dataclass
class Worker:
    """One behave process and the scenarios dealt to it."""

    number: int
    scenarios: list[Planned] = field(default_factory=list)
    expected: float = 0.0
    process: subprocess.Popen[str] | None = None
    folder: Path = Path()

    @property
    def locations(self) -> set[str]:
        """Where this worker's scenarios are (file:line)."""
        return {scenario.location for scenario in self.scenarios}


def plan(behave_args: list[str], folder: Path, shard: Shard | None = None) -> list[Planned]:
    """The scenarios `behave <behave_args>` would run, from behave's own dry run,
    cut to `shard` as a plain run would cut them (positions count every
    scenario, in file order, before tags are applied)."""
    out = folder / "plan.json"
    done = subprocess.run(
        [
            *BEHAVE,
            "--dry-run",
            "--no-summary",
            "--no-junit",
            "-f",
            "json",
            "-o",
            str(out),
            *behave_args,
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if not out.exists() or done.returncode not in (0, 1):
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"parallel: error: behave could not plan the run: {tail[0]}")
    planned = []
    features = json.loads(out.read_text(encoding="utf-8") or "[]")
    position = 0
    for feature in sorted(features, key=lambda f: str(f.get("location", "")).rsplit(":", 1)[0]):
        for element in feature.get("elements", []):
            if element.get("type") not in ("scenario", "scenario_outline"):
                continue
            position += 1
            if shard is not None and not shard.takes(position - 1):
                continue
            if element.get("status") != "skipped":
                filename = element["location"].rsplit(":", 1)[0]
                planned.append(
                    Planned(element["location"], scenario_key(filename, element["name"]))
                )
    return planned


def deal(scenarios: list[Planned], workers: int, durations: dict[str, float]) -> list[Worker]:
    """Longest first, each to the least loaded worker (LPT scheduling)."""
    known = [seconds for seconds in durations.values() if seconds > 0]
    guess = statistics.median(known) if known else 1.0  # an even split when nothing is known
    dealt = [Worker(number) for number in range(1, workers + 1)]
    for scenario in sorted(scenarios, key=lambda s: (-durations.get(s.key, guess), s.location)):
        worker = min(dealt, key=lambda w: (w.expected, w.number))
        worker.scenarios.append(scenario)
        worker.expected += durations.get(scenario.key, guess)
    return [worker for worker in dealt if worker.scenarios]


_OUTPUT_OPTIONS = ("-f", "--format", "-o", "--outfile", "--junit-directory")


def worker_options(behave_args: list[str], paths: list[str]) -> list[str]:
    """The arguments each worker gets: all but the feature paths (each worker
    runs its own scenarios) and the output options (the runner chooses them)."""
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
    # The runner applies a shard once, in its plan; each worker runs all it is given.
    cleaned: list[str] = []
    for arg in remaining:
        if cleaned and cleaned[-1] in ("-D", "--define") and arg.startswith("shard="):
            cleaned.pop()
        elif not arg.startswith(("-Dshard=", "--define=shard=")):
            cleaned.append(arg)
    return cleaned


class Stop(Exception):
    """A stop signal arrived."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise Stop(signum)


def start(worker: Worker, options: list[str], run_id: str) -> None:
    """Start `worker`'s behave run in a session of its own."""
    worker.folder.mkdir(parents=True, exist_ok=True)
    command = [
        *BEHAVE,
        *options,
        "-D", f"run_id={run_id}-w{worker.number}",
        "-D", f"report={worker.folder / 'report.html'}",
        "--junit", "--junit-directory", str(worker.folder / "junit"),
        "-f", "plain", "-o", str(worker.folder / "output.txt"),
        "-f", "harness.parallel:ScenarioLines",  # no -o of its own: stdout, to the runner
        "--no-summary",
        *in_file_order(scenario.location for scenario in worker.scenarios),
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if k != "SUPERLISTS_SHARD"}
    with (worker.folder / "stderr.txt").open("w") as log:  # the worker keeps its own copy
        worker.process = subprocess.Popen(
            command,
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,  # a terminal's Ctrl-C reaches the runner, which stops them
        )


def in_file_order(locations: Iterable[str]) -> list[str]:
    """Locations sorted by file, then line. behave runs a feature file once for
    each unbroken run of its locations: interleaved with another file's, a
    file would run (and report its other scenarios as skipped) twice."""

    def file_and_line(location: str) -> tuple[str, int]:
        path, _, line = location.rpartition(":")
        return path, int(line) if line.isdigit() else 0

    return sorted(locations, key=file_and_line)


#: Browsers one worker may hold at once: a scenario's people keep theirs, and
#: the pool keeps them for the next scenario.
BROWSERS_PER_WORKER = 2


def grid_slots(grid_url: str) -> int:
    """How many browsers the Grid can run at once (0 if it cannot be asked: the
    workers will then say what is wrong)."""
    import urllib.request

    try:
        with urllib.request.urlopen(grid_url.rstrip("/") + "/status", timeout=5) as answer:
            nodes = json.load(answer)["value"].get("nodes", [])
    except (OSError, ValueError, KeyError):
        return 0
    return sum(len(node.get("slots", [])) for node in nodes if node.get("availability") == "UP")


def instance_defines(remote: Any, number: int) -> list[str]:
    """Point worker `number` at staging instance `number` (nothing for local runs)."""
    if remote is None or number == 1:
        return []
    instance = remote.instance(number)
    return [
        "-D", f"{remote.name}.url={instance.url}",
        "-D", f"{remote.name}.site={instance.site_dir}",
    ]  # fmt: skip


def relay(worker: Worker, lines: queue.Queue[tuple[Worker, dict[str, Any] | None]]) -> None:
    """Pass a worker's finished-scenario lines to the runner; None when it ends."""
    assert worker.process is not None and worker.process.stdout is not None
    stream: IO[str] = worker.process.stdout
    for line in stream:
        if line.startswith(MARK):
            lines.put((worker, json.loads(line[len(MARK) :])))
    lines.put((worker, None))


def stop_all(workers: list[Worker], signum: int) -> None:
    """Pass the stop signal on; kill whatever has not stopped after the grace period."""
    for worker in workers:
        if worker.process is not None and worker.process.poll() is None:
            try:
                os.killpg(worker.process.pid, signum)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + STOP_GRACE
    for worker in workers:
        if worker.process is None:
            continue
        try:
            worker.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait()


_WORTH_SHOWING = re.compile(
    r"^\s*(?:.* \.\.\. (?:failed|error|hook_error)\b.*|ASSERT FAILED:.*|.*Error:.*|"
    r"HOOK-ERROR.*|artefact: .*|note: .*|behave: .*|retr.*@flaky.*|@flaky .*|retried: .*)$"
)


def worker_said(worker: Worker) -> str:
    """What a worker said that a person needs: failed steps with their error
    line and artefacts, start-up errors, retries. (Its full output is in its
    scratch, which the run removes.)"""
    lines = []
    for name in ("output.txt", "stderr.txt"):
        try:
            text = (worker.folder / name).read_text(errors="replace")
        except OSError:
            continue
        lines += [line.rstrip() for line in text.splitlines() if _WORTH_SHOWING.match(line)]
    return "\n".join(dict.fromkeys(lines))  # once each, in order


def merge_junit(workers: list[Worker], into: Path) -> None:
    """One TESTS-*.xml per feature file, whichever workers ran its scenarios.

    A worker given some of a file's scenarios reports the others as skipped;
    a testcase some worker ran wins over those.
    """
    suites: dict[str, ElementTree.Element] = {}
    cases: dict[str, dict[tuple[str, str], ElementTree.Element]] = {}
    for worker in workers:
        for path in sorted((worker.folder / "junit").glob("TESTS-*.xml")):
            root = ElementTree.parse(path).getroot()
            suites.setdefault(path.name, root)
            kept = cases.setdefault(path.name, {})
            for case in root.findall("testcase"):
                key = (case.get("classname", ""), case.get("name", ""))
                if key not in kept or kept[key].get("status") == "skipped":
                    kept[key] = case
    into.mkdir(parents=True, exist_ok=True)
    for name, root in suites.items():
        for case in root.findall("testcase"):
            root.remove(case)
        merged = list(cases[name].values())
        root.extend(merged)
        statuses = [case.get("status", "") for case in merged]
        root.set("tests", str(len(merged)))
        root.set("failures", str(statuses.count("failed")))
        root.set("errors", str(sum(s not in ("passed", "failed", "skipped") for s in statuses)))
        root.set("skipped", str(statuses.count("skipped")))
        root.set("time", f"{sum(float(case.get('time', '0')) for case in merged):.6f}")
        ElementTree.ElementTree(root).write(into / name, encoding="utf-8", xml_declaration=True)


_SECTION = '<section class="feature-filter-container'
_RETURN = '<div class="return-to-the-top-dummy-div">'
#: A scenario a worker reports as skipped because it was dealt to another
#: worker (behave lists a feature's other scenarios as skipped).
_SKIPPED_SCENARIO = re.compile(
    r'<section class="scenario-filter-container skipped".*?</section>', re.DOTALL
)
_IDS = re.compile(r"\b((?:summary-|scenario-filter-)?)f(\d+)((?:-s\d+(?:-[hc])?)?)\b")


def merge_reports(reports: list[Path], summary: str) -> str | None:
    """The workers' HTML reports as one page: the first one's head and top,
    a line saying how the run was split, then every feature section.

    Element ids are made unique per worker, so folding still works.
    """
    pages = [path.read_text(encoding="utf-8") for path in reports if path.exists()]
    if not pages:
        return None
    first = pages[0]
    top_end = first.find(_SECTION)
    bottom = first.find(_RETURN)
    if top_end < 0 or bottom < 0:
        return first
    sections = []
    for number, page in enumerate(pages, start=1):
        start, end = page.find(_SECTION), page.find(_RETURN)
        if start >= 0 and end >= 0:
            own = _SKIPPED_SCENARIO.sub("", page[start:end])  # another worker's to run
            sections.append(_IDS.sub(rf"\1w{number}f\2\3", own))
    # The first page's top counts only its own worker's scenarios: replaced.
    body = first.find(">", first.find("<body")) + 1
    facts = re.search(r'<div class="run-facts.*?</div></div>', first[:top_end])
    facts_html = (
        re.sub(r'<div class="feature-summary-row run-retried">.*?</div>', "", facts.group(0))
        if facts
        else ""
    )
    top = (
        f'<div class="global-summary flex-gap"><h2>superlists acceptance</h2></div>'
        f'<div class="run-facts feature-summary-stats"><div class="feature-summary-row">'
        f"{summary}</div></div>{facts_html}"
    )
    return first[:body] + top + "".join(sections) + first[bottom:]


def load_durations(path: Path) -> dict[str, float]:
    """Durations recorded by earlier runs; nothing if there are none (or they are unreadable)."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in recorded.items() if isinstance(v, int | float)}


def save_durations(path: Path, durations: dict[str, float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(dict(sorted(durations.items())), indent=1) + "\n")
    os.replace(partial, path)


def parse_args(argv: list[str]) -> tuple[int, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m harness.parallel",
        description="Run the acceptance suite in N worker processes; other arguments go to behave.",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="workers (default: cores)"
    )
    jobs, behave_args = parser.parse_known_args(argv)
    if not 1 <= jobs.jobs <= 64:
        parser.error(f"-j {jobs.jobs}: use 1 to 64 workers")
    return jobs.jobs, behave_args


def main(argv: list[str] | None = None) -> int:
    """Plan, deal, run, merge; returns the exit status."""
    from behave.configuration import Configuration

    from harness.config import load_config
    from harness.errors import HarnessError
    from harness.scratch import RunScratch, new_run_id

    jobs, behave_args = parse_args(sys.argv[1:] if argv is None else argv)
    os.chdir(PROJECT)
    try:
        behave_config = Configuration(command_args=behave_args, load_config=True)
        defines = dict(behave_config.userdata_defines or [])
        settings = load_config(behave_config.userdata, defines)
    except SystemExit as exit_:  # behave's option parser has said why already
        return exit_.code if isinstance(exit_.code, int) else 2
    except HarnessError as error:
        print(f"parallel: error: {error}", file=sys.stderr)
        return 2
    try:
        scratch = RunScratch.claim(settings.run_id or new_run_id(), settings.artifacts_dir)
    except (FileExistsError, OSError) as error:
        print(f"parallel: error: cannot claim the run's scratch folder: {error}", file=sys.stderr)
        return 2
    workers: list[Worker] = []
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    started = time.monotonic()
    try:
        return run(behave_args, behave_config, jobs, settings, scratch, workers, started)
    except Stop as stop:
        stop_all(workers, stop.signum)
        print(f"parallel: interrupted by {stop}: stopped {len(workers)} worker(s)", file=sys.stderr)
        return 128 + stop.signum
    finally:
        scratch.release()


def run(
    behave_args: list[str],
    behave_config: Any,
    jobs: int,
    settings: Any,
    scratch: Any,
    workers: list[Worker],
    started: float,
) -> int:
    """Plan, deal and start the workers (into `workers`), then wait and merge."""
    options = worker_options(behave_args, list(behave_config.paths))
    remote = settings.remote
    if remote is not None:
        if jobs > 1 and remote.instances < 2:
            more = (
                "use -j 1 (a container server is one instance)"
                if remote.kind == "container"
                else "deploy one per worker (`fab deploy --staging --instances N`) and set "
                f"{remote.name}.instances = N, or use -j 1"
            )
            raise SystemExit(
                f"parallel: error: {remote.name} has one instance, and parallel workers would "
                f"flush each other's data: {more}"
            )
        jobs = min(jobs, remote.instances)
    if settings.grid_url:
        slots = grid_slots(settings.grid_url)
        if slots and jobs > max(1, slots // BROWSERS_PER_WORKER):
            jobs = max(1, slots // BROWSERS_PER_WORKER)
            print(
                f"parallel: the Grid has {slots} browser slots and a worker may hold "
                f"{BROWSERS_PER_WORKER}: {jobs} worker(s)",
                flush=True,
            )
    if "--dry-run" in behave_args:
        raise SystemExit("parallel: error: for a dry run, use `behave --dry-run` itself")
    scenarios = plan(behave_args, scratch.directory, settings.shard)
    durations = load_durations(DURATIONS_FILE)
    workers.extend(deal(scenarios, jobs, durations))
    print(
        f"parallel: {len(scenarios)} scenarios in {len(workers)} worker(s)"
        + (" (durations from earlier runs)" if durations else " (an even split: no durations yet)"),
        flush=True,
    )
    for worker in workers:
        worker.folder = scratch.directory / f"w{worker.number}"
        start(worker, options + instance_defines(remote, worker.number), scratch.run_id)
    results = collect(workers, durations)
    return finish(workers, results, settings, scratch, started, durations)


@dataclass
class Results:
    counts: dict[str, int] = field(default_factory=dict)
    crashed: list[str] = field(default_factory=list)


def collect(workers: list[Worker], durations: dict[str, float]) -> Results:
    """Print each scenario as it finishes; wait for every worker."""
    lines: queue.Queue[tuple[Worker, dict[str, Any] | None]] = queue.Queue()
    for worker in workers:
        threading.Thread(target=relay, args=(worker, lines), daemon=True).start()
    results = Results()
    running = len(workers)
    while running:
        try:
            worker, line = lines.get(timeout=0.2)  # wakes up for signals too
        except queue.Empty:
            continue
        if line is None:
            running -= 1
            continue
        if line["location"] not in worker.locations:
            continue  # behave also reports the file's other scenarios, as skipped
        status = line["status"]
        results.counts[status] = results.counts.get(status, 0) + 1
        if status != "skipped":  # a skipped scenario's 0 s says nothing of its length
            durations[line["key"]] = line["duration"]
        print(
            f"[w{worker.number}] {status:<7} {line['duration']:6.2f}s "
            f"{line['location']} {line['name']}",
            flush=True,
        )
    for worker in workers:
        assert worker.process is not None
        code = worker.process.wait()
        if code not in (0, 1):
            results.crashed.append(f"w{worker.number} (exit {code})")
    return results


def finish(
    workers: list[Worker],
    results: Results,
    settings: Any,
    scratch: Any,
    started: float,
    durations: dict[str, float],
) -> int:
    """Merge JUnit, report and durations; print the summary; the exit status."""
    merge_junit(workers, scratch.junit_dir)
    if any(scratch.junit_dir.glob("TESTS-*.xml")):  # a run that never started keeps the last
        scratch.publish_junit(Path("reports"))
    save_durations(DURATIONS_FILE, durations)
    took = time.monotonic() - started
    counts = ", ".join(f"{n} {status}" for status, n in sorted(results.counts.items())) or "none"
    summary = f"parallel run: {len(workers)} worker(s), {counts}, in {took:.1f}s"
    if settings.report is not None:
        merged = merge_reports([w.folder / "report.html" for w in workers], summary)
        if merged is not None:
            settings.report.parent.mkdir(parents=True, exist_ok=True)
            settings.report.write_text(merged, encoding="utf-8")
    for worker in workers:
        said = worker_said(worker)
        if said:
            print(f"--- w{worker.number} said:\n{said}", file=sys.stderr)
    print(summary, flush=True)
    if results.crashed:
        print(f"parallel: error: worker(s) ended abnormally: {', '.join(results.crashed)}")
        return 1
    failed = sum(n for status, n in results.counts.items() if status not in ("passed", "skipped"))
    # A worker that could not start (no browser, say) reports no scenario at all.
    stopped_early = any(w.process is not None and w.process.returncode != 0 for w in workers)
    return 1 if failed or stopped_early else 0


if __name__ == "__main__":
    sys.exit(main())
