"""Plan: which scenarios the run runs, and which worker runs each.

The plan reads the suite the way a plain `behave` run with the same arguments
would, so the parallel run is that run, only spread out:

- behave's own parser reads the features (paths, `--include`/`--exclude`), and
  `-D shard=I/N` is cut from them by the very function a plain run's hook uses
  (`harness.run.shards.keep_shard`): an outline or a rule stays whole, and tags
  never move a scenario from one slice to another;
- `behave --dry-run` with the same arguments says which of them would run
  (tags, names, line numbers) and writes the JUnit a plain run would start
  from: every reported scenario, skipped, under the names a plain run gives.

Then the scenarios are dealt, longest first, each to the worker with the least
work so far; durations come from earlier runs (`reports/durations.json`).
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.parallel.lines import RunLines, read_event, scenario_key
from harness.parallel.planned import Planned
from harness.parallel.workers import (
    BEHAVE,
    Crew,
    Worker,
    child_environment,
    worker_options,
)
from harness.run.behave_internals import parse_features_as_run
from harness.run.paths import PROJECT
from harness.run.shards import Shard, keep_shard


@dataclass(frozen=True)
class ReportedScenario:
    """A scenario as a plain run would report it (run or skipped)."""

    location: str
    name: str
    key: str
    #: Whether the run runs it (tags and the rest allow it).
    runs: bool
    #: behave's parsed scenario.
    model: Any


@dataclass
class PlannedFeature:
    """A feature file as a plain run would report it."""

    filename: str
    #: behave's parsed feature (cut to the shard, if any).
    model: Any
    #: Its scenarios as a plain run would report them, in file order.
    scenarios: list[ReportedScenario]
    #: The JUnit file the dry run wrote for it (a plain run's name for it).
    junit: str
    #: The locations of that file's test cases, in order.
    junit_locations: list[str]


@dataclass
class Suite:
    """The whole plan: what a plain run would report, and what runs."""

    features: list[PlannedFeature] = field(default_factory=list)
    #: Where the dry run wrote its JUnit.
    junit_dir: Path = Path()

    @property
    def planned(self) -> list[Planned]:
        """The scenarios the run runs, in file order."""
        return [
            Planned(entry.location, entry.key, entry.name)
            for feature in self.features
            for entry in feature.scenarios
            if entry.runs
        ]


def plan(
    behave_args: list[str], folder: Path, shard: Shard | None = None, root: Path = PROJECT
) -> list[Planned]:
    """The scenarios `behave <behave_args>` would run (cut to `shard` as a plain
    run would cut them), asking behave itself; `folder` is for scratch files."""
    return plan_suite(behave_args, folder, shard, root).planned


def plan_suite(
    behave_args: list[str],
    folder: Path,
    shard: Shard | None = None,
    root: Path = PROJECT,
    crew: Crew | None = None,
) -> Suite:
    """The plan of `plan`, with everything the merge needs to report the run
    as a plain run would. SystemExit with one line if behave cannot plan it."""
    folder.mkdir(parents=True, exist_ok=True)
    said = dry_run(behave_args, folder, root, crew or Crew())
    features = parse_features_as_run(behave_args, root)
    # Both read the same files with the same arguments; if they disagree, a
    # feature file changed under us, and no plan would be right.
    known = {str(scenario.location) for model in features for scenario in walk(model)}
    unknown = sorted(set(said.finished) - known)
    if unknown:
        raise SystemExit(
            f"parallel: error: the features changed while the run was planned ({unknown[0]})"
        )
    if shard is not None:
        keep_shard(features, shard)  # exactly the plain run's cut
    suite = Suite(junit_dir=folder / "plan-junit")
    for model in features:
        seen = said.features.get(str(model.filename))
        scenarios = list(walk(model))
        if seen is None:
            continue  # not reported by a plain run either (skipped, and --no-skipped)
        reported = [
            ReportedScenario(
                location=str(scenario.location),
                name=scenario.name,
                key=scenario_key(str(model.filename), scenario.name),
                runs=said.finished[str(scenario.location)].status != "skipped",
                model=scenario,
            )
            for scenario in scenarios
            if str(scenario.location) in said.finished
        ]
        if scenarios and not reported:
            continue  # its shard's part is all skipped, and --no-skipped: not reported
        suite.features.append(
            PlannedFeature(str(model.filename), model, reported, seen.junit, seen.locations or [])
        )
    return suite


def walk(container: Any) -> Iterator[Any]:
    """A feature's (or rule's) scenarios in the order behave runs and reports
    them: an outline as its examples, a rule as its scenarios."""
    from behave.model import Rule, ScenarioOutline

    for item in container.run_items:
        if isinstance(item, Rule):
            yield from walk(item)
        elif isinstance(item, ScenarioOutline):
            yield from item.scenarios
        else:
            yield item


def dry_run(behave_args: list[str], folder: Path, root: Path, crew: Crew) -> RunLines:
    """behave's dry run with the run's arguments: which scenarios it reports,
    and their JUnit (under `folder/plan-junit`)."""
    lines_file = folder / "plan-lines.jsonl"
    command = [
        *BEHAVE,
        "--dry-run",
        "--no-summary",
        *worker_options(behave_args, []),  # paths stay; output options and the shard go
        "--junit", "--junit-directory", str(folder / "plan-junit"),
        "-f", "harness.parallel.lines:ScenarioLines", "-o", str(lines_file),
    ]  # fmt: skip
    process = crew.popen(
        command,
        cwd=root,
        env=child_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = process.communicate()
    if not lines_file.exists() or process.returncode not in (0, 1):
        tail = (err or out).strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"parallel: error: behave could not plan the run: {tail[0]}")
    said = RunLines.empty()
    for line in lines_file.read_text(encoding="utf-8").splitlines():
        event = read_event(line)
        if event is not None:
            said.add(event)
    return said


def deal(
    scenarios: list[Planned], workers: int, durations: dict[str, float], first: int = 1
) -> list[Worker]:
    """Longest first, each to the least loaded worker (LPT scheduling); the
    workers are numbered from `first`."""
    known = [seconds for seconds in durations.values() if seconds > 0]
    guess = statistics.median(known) if known else 1.0  # an even split when nothing is known
    dealt = [Worker(number) for number in range(first, first + workers)]
    for scenario in sorted(scenarios, key=lambda s: (-durations.get(s.key, guess), s.location)):
        worker = min(dealt, key=lambda w: (w.expected, w.number))
        worker.scenarios.append(scenario)
        worker.expected += durations.get(scenario.key, guess)
    return [worker for worker in dealt if worker.scenarios]


def load_durations(path: Path) -> dict[str, float]:
    """Durations recorded by earlier runs: nothing if there are none. A file
    that is not a table of seconds (hand-edited, half-written, from another
    tool) is ignored with a one-line note: the split is then even."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}  # the first run
    except OSError as error:
        return _ignored(path, f"unreadable ({error.strerror or error})")
    try:
        recorded = json.loads(text)
    except ValueError:
        return _ignored(path, "not JSON")
    if not isinstance(recorded, dict):
        return _ignored(path, f"a JSON {type(recorded).__name__}, not a table of seconds")
    durations = {
        str(key): float(value)
        for key, value in recorded.items()
        # bool is an int to Python, and NaN or a negative time would skew the deal
        if isinstance(value, int | float) and not isinstance(value, bool)
        if math.isfinite(value) and value >= 0
    }
    if len(durations) < len(recorded):
        bad = len(recorded) - len(durations)
        print(
            f"parallel: note: {path}: {bad} entr{'y is' if bad == 1 else 'ies are'} "
            "not a number of seconds: ignored",
            file=sys.stderr,
        )
    return durations


def _ignored(path: Path, why: str) -> dict[str, float]:
    print(f"parallel: note: {path} is {why}: ignored (an even split)", file=sys.stderr)
    return {}
