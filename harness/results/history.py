"""The report's memory of earlier runs: what each scenario did, run by run.

Every run that writes a report adds one entry to a history file beside it
(`reports/acceptance.html` keeps `reports/acceptance-history.json`): when it
ran, on which commit, where, in which engines, how long it took, and each
scenario's status and duration. A parallel, two-engine or sharded run adds
one entry, written by whoever writes its report. The newest `RUNS_KEPT`
entries are kept.

From the history the report reads (`Insight`):

- each scenario's last runs, shown as a row of marks;
- which scenarios are flaky: one that both passed and failed over its last
  `FLAKY_WINDOW` runs on one commit (the code did not change, the result did);
- which scenarios took at least twice their usual (median) time;
- what changed since the previous comparable run (same engines, same shard):
  new failures, fixed scenarios, new and removed scenarios;
- the trend of the run's counts and duration.

A history file that cannot be read (damaged, or not one of ours) is set aside
with one line on stderr and a new one is started: a report is never lost to
its history. Two runs finishing at once take turns (a lock on the folder).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guards.locks_and_signals import taking_turns

#: What the file says it is, so that a stranger's JSON is never taken for ours.
FORMAT = "superlists-report-history"
VERSION = 1
#: Runs kept in the file: the oldest go first.
RUNS_KEPT = 100
#: Runs of a scenario looked at to call it flaky, and shown as its marks.
FLAKY_WINDOW = 10
#: A duration is marked slow at this many times the scenario's median...
SLOW_RATIO = 2.0
#: ...and this many seconds above it (a 0.1 s scenario taking 0.2 s is noise),
SLOW_MARGIN = 0.5
#: ...measured against at least this many earlier passing runs.
SLOW_BASIS = 3
#: Statuses that say the scenario ran to an end (the others: it did not run).
RAN = ("passed", "failed")


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario in one run (in one engine)."""

    feature: str
    scenario: str
    #: The browser engine ("chromium", "webkit"); a scenario is tracked per engine.
    engine: str
    #: behave's word: passed, failed, skipped, undefined or untested.
    status: str
    seconds: float
    #: It passed only after a retry (@flaky) in this run.
    retried: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        """Who the scenario is across runs: its feature, its name and its engine."""
        return (self.feature, self.scenario, self.engine)


@dataclass(frozen=True)
class RunRecord:
    """One run, as the history keeps it."""

    #: When it began, in UTC, ISO 8601 to the second.
    started: str
    #: The commit it ran (full hash), or "" when unknown (not a git checkout).
    commit: str
    #: The checkout had uncommitted changes.
    changed: bool
    #: "local", or the named server and its URL.
    server: str
    engines: tuple[str, ...]
    #: "" for the whole suite; "2/4" for one shard of it.
    shard: str
    seconds: float
    scenarios: tuple[ScenarioRun, ...]
    #: What the run was asked to run: its feature paths and tags.
    selection: str = ""
    #: The code itself: the commit, plus a digest of any uncommitted changes,
    #: so that an edit between two runs on one commit counts as a change.
    code: str = ""

    @property
    def same_code_as(self) -> str:
        """What two runs share when their code is the same ("" if unknown)."""
        return self.code or self.commit

    def count(self, *statuses: str) -> int:
        """How many of its scenarios ended with one of `statuses`."""
        return sum(1 for s in self.scenarios if s.status in statuses)

    def comparable(self, other: RunRecord) -> bool:
        """Whether `other` ran the same part of the suite (the same paths and
        tags, the same shard) in the same engines."""
        return (self.engines, self.shard, self.selection) == (
            other.engines,
            other.shard,
            other.selection,
        )

    def to_json(self) -> dict[str, Any]:
        """The entry as stored (each scenario a short row, to keep 100 runs small)."""
        return {
            "started": self.started,
            "commit": self.commit,
            "changed": self.changed,
            "server": self.server,
            "engines": list(self.engines),
            "shard": self.shard,
            "seconds": round(self.seconds, 3),
            "selection": self.selection,
            "code": self.code,
            "scenarios": [
                [s.feature, s.scenario, s.engine, s.status, round(s.seconds, 3), int(s.retried)]
                for s in self.scenarios
            ],
        }

    @classmethod
    def from_json(cls, entry: Any) -> RunRecord:
        """An entry read back; ValueError (or KeyError, TypeError) if it is not one."""
        rows = [
            ScenarioRun(str(f), str(n), str(e), str(st), float(sec), bool(r))
            for f, n, e, st, sec, r in entry["scenarios"]
        ]
        return cls(
            started=str(entry["started"]),
            commit=str(entry["commit"]),
            changed=bool(entry["changed"]),
            server=str(entry["server"]),
            engines=tuple(str(e) for e in entry["engines"]),
            shard=str(entry["shard"]),
            seconds=float(entry["seconds"]),
            scenarios=tuple(rows),
            selection=str(entry.get("selection", "")),
            code=str(entry.get("code", "")),
        )


def started_stamp(moment: datetime) -> str:
    """`moment` as a run's `started`: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- the file ------------------------------------------------------------------


def load(path: Path) -> list[RunRecord]:
    """The runs recorded at `path`, oldest first; none if there is no file.

    A file that cannot be read as a history is renamed aside (`…json.damaged-
    <time>`) with one line on stderr, and the history starts again.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        _set_aside(path, f"it cannot be read ({error})")
        return []
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("it is not a report history")
        if data.get("version") != VERSION:
            raise ValueError(f"it is version {data.get('version')!r}, not {VERSION}")
        return [RunRecord.from_json(entry) for entry in data["runs"]]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        reason = str(error) if isinstance(error, ValueError) else f"it is damaged ({error!r})"
        _set_aside(path, reason.replace("Expecting", "it is damaged: expecting"))
        return []


def _set_aside(path: Path, reason: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():  # an earlier one set aside this second is kept too
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        path.replace(aside)
        kept = f"set aside as {aside.name}"
    except OSError:
        kept = "left as it is"
    print(
        f"report history {path} could not be used: {reason}; {kept}, and a new history begins",
        file=sys.stderr,
    )


def save(path: Path, runs: list[RunRecord]) -> None:
    """Write `runs` (the newest `RUNS_KEPT`) to `path` whole, through a temporary file."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "runs": [run.to_json() for run in runs[-RUNS_KEPT:]],
    }
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _turn(folder: Path) -> Iterator[None]:
    """One run at a time reads, adds to and writes the histories in `folder`
    (a lock on the folder itself: no lock file is left behind)."""
    with taking_turns(folder):
        yield


def record(path: Path, run: RunRecord) -> list[RunRecord]:
    """Add `run` to the history at `path`; returns the runs, `run` last.

    OSError if the history cannot be written (the caller says so in one line:
    the report itself stands).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with _turn(path.parent):
        runs = [*load(path), run][-RUNS_KEPT:]
        save(path, runs)
    return runs


# -- what the report reads from it -----------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One earlier (or this) run of a scenario, as its row of marks shows it."""

    status: str
    started: str
    commit: str
    seconds: float


@dataclass(frozen=True)
class Flaky:
    """A scenario whose result changed with the code unchanged."""

    failed: int
    runs: int

    def sentence(self) -> str:
        """'failed 2 of the last 10 runs'."""
        return f"failed {self.failed} of the last {self.runs} runs"


@dataclass(frozen=True)
class Changes:
    """What is different from the previous comparable run."""

    previous: RunRecord | None
    new_failures: list[ScenarioRun] = field(default_factory=list)
    fixed: list[ScenarioRun] = field(default_factory=list)
    added: list[ScenarioRun] = field(default_factory=list)
    removed: list[ScenarioRun] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything changed."""
        return bool(self.new_failures or self.fixed or self.added or self.removed)


class Insight:
    """What the history says about the run that was just added (its last entry)."""

    def __init__(self, runs: list[RunRecord]) -> None:
        if not runs:
            raise ValueError("an insight needs the run itself")
        self.runs = runs
        self.run = runs[-1]
        self._by_key: dict[tuple[str, str, str], list[tuple[RunRecord, ScenarioRun]]] = {}
        for run in runs:
            for scenario in run.scenarios:
                self._by_key.setdefault(scenario.key, []).append((run, scenario))

    def marks(self, scenario: ScenarioRun) -> list[Mark]:
        """The scenario's last `FLAKY_WINDOW` runs, oldest first, this one last."""
        seen = self._by_key.get(scenario.key, [])[-FLAKY_WINDOW:]
        return [Mark(s.status, run.started, run.commit, s.seconds) for run, s in seen]

    def flaky(self, scenario: ScenarioRun) -> Flaky | None:
        """`Flaky` if, over its last `FLAKY_WINDOW` runs that ran it to an end,
        the scenario both passed and failed on the same code (one commit, with
        the same uncommitted changes, if any); else None.

        A run whose commit is unknown says nothing about whether the code
        changed, so it never makes a scenario flaky.
        """
        seen = self._by_key.get(scenario.key, [])
        window = [(run, s) for run, s in seen if s.status in RAN][-FLAKY_WINDOW:]
        outcomes: dict[str, set[str]] = {}
        for run, s in window:
            if run.same_code_as:
                outcomes.setdefault(run.same_code_as, set()).add(s.status)
        if not any(len(statuses) == 2 for statuses in outcomes.values()):
            return None
        return Flaky(sum(1 for _, s in window if s.status == "failed"), len(window))

    def usual_seconds(self, scenario: ScenarioRun) -> float | None:
        """The median of its earlier passing durations (the last `FLAKY_WINDOW`),
        or None with fewer than `SLOW_BASIS` of them."""
        seen = self._by_key.get(scenario.key, [])[:-1]  # this run's own is not its usual
        earlier = [s.seconds for _, s in seen if s.status == "passed"][-FLAKY_WINDOW:]
        if len(earlier) < SLOW_BASIS:
            return None
        return float(statistics.median(earlier))

    def slow(self, scenario: ScenarioRun) -> float | None:
        """Its usual duration if this run took at least twice that (and
        `SLOW_MARGIN` more); else None."""
        usual = self.usual_seconds(scenario)
        if usual is None or scenario.status not in RAN:
            return None
        took = scenario.seconds
        return usual if took >= SLOW_RATIO * usual and took - usual >= SLOW_MARGIN else None

    def changes(self) -> Changes:
        """What changed since the previous comparable run (`RunRecord.comparable`)."""
        previous = next((run for run in reversed(self.runs[:-1]) if run.comparable(self.run)), None)
        if previous is None:
            return Changes(None)
        before = {s.key: s for s in previous.scenarios}
        now = {s.key: s for s in self.run.scenarios}
        return Changes(
            previous,
            new_failures=[
                s
                for k, s in now.items()
                if s.status == "failed" and k in before and before[k].status != "failed"
            ],
            fixed=[
                s
                for k, s in now.items()
                if s.status == "passed" and k in before and before[k].status == "failed"
            ],
            added=[s for k, s in now.items() if k not in before],
            removed=[s for k, s in before.items() if k not in now],
        )

    def trend(self) -> list[RunRecord]:
        """The runs shown in the trend: the comparable ones, this one last."""
        return [run for run in self.runs if run.comparable(self.run)]
