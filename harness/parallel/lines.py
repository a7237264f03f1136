"""What a behave run tells the runner, one JSON line per event.

Workers write these lines to stdout, where the runner reads them as they come
(so it knows what a worker finished even if the worker is killed a moment
later); the planning dry run writes them to a file. Events:

- `feature`: a feature file begins; with the name behave's JUnit reporter gives
  its file in this run (`junit`), so the runner can find it;
- `started`: a scenario begins (the last one started and never finished is
  the one a dying worker was running);
- `scenario`: a scenario is over, with its status, duration, first error line
  and number of attempts (a @flaky retry is the same scenario again);
- `feature_done`: the feature file is over.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from behave.formatter.base import Formatter
from behave.model_core import Status

from harness.results.retries import failure_of
from harness.run.behave_internals import junit_file_namer

#: A worker's stdout lines that carry an event start with this.
MARK = "@@scenario "


def scenario_key(filename: str, name: str) -> str:
    """What a scenario's recorded duration is filed under: its file and name
    (line numbers move whenever a feature is edited)."""
    return f"{filename}::{name}"


class ScenarioLines(Formatter):  # type: ignore[misc]  # behave is untyped
    """A formatter writing the events above, for `harness.parallel`."""

    name = "scenario-lines"
    description = "One machine-readable line per event (harness.parallel)."

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self.stream = self.open()
        # behave's own reporter names the JUnit files, so ask it rather than guess.
        self._junit_file = junit_file_namer(config)
        self._feature: Any = None
        self._current: Any = None
        self._attempts = 0

    def feature(self, feature: Any) -> None:
        self._end_feature()
        self._feature = feature
        self._write(
            {
                "event": "feature",
                "filename": str(feature.filename),
                "junit": self._junit_file(feature),
                "time": time.time(),
            }
        )

    def scenario(self, scenario: Any) -> None:
        if scenario is self._current:  # the same one again is a @flaky retry
            self._attempts += 1
            return
        self._finish()
        self._current, self._attempts = scenario, 1
        self._write({"event": "started", "location": str(scenario.location)})

    def eof(self) -> None:
        self._end_feature()

    def close(self) -> None:
        self._end_feature()
        self.close_stream()

    def _end_feature(self) -> None:
        self._finish()
        feature, self._feature = self._feature, None
        if feature is not None:
            self._write(
                {"event": "feature_done", "filename": str(feature.filename), "time": time.time()}
            )

    def _finish(self) -> None:
        scenario, self._current = self._current, None
        if scenario is None:
            return
        failed = scenario.status in (Status.failed, Status.error, Status.hook_error)
        self._write(
            {
                "event": "scenario",
                "status": scenario.status.name,
                "duration": round(scenario.duration, 3),
                "location": str(scenario.location),
                "key": scenario_key(str(scenario.filename), scenario.name),
                "name": scenario.name,
                "error": failure_of(scenario) if failed else "",
                "attempts": self._attempts,
            }
        )

    def _write(self, event: dict[str, Any]) -> None:
        self.stream.write(MARK + json.dumps(event) + "\n")
        self.stream.flush()


@dataclass(frozen=True)
class Finished:
    """A scenario a run reported as over."""

    location: str
    key: str
    name: str
    status: str
    duration: float
    error: str = ""
    attempts: int = 1

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Finished:
        """The `scenario` event's fields."""
        return cls(
            location=str(event["location"]),
            key=str(event["key"]),
            name=str(event["name"]),
            status=str(event["status"]),
            duration=float(event["duration"]),
            error=str(event.get("error", "")),
            attempts=int(event.get("attempts", 1)),
        )


@dataclass
class FeatureSeen:
    """A feature file as one run reported it."""

    filename: str
    junit: str
    started: float
    finished: float | None = None
    #: Its scenarios in the order the run reported them (JUnit's and the
    #: report's order): locations.
    locations: list[str] | None = None


@dataclass
class RunLines:
    """Everything one run said, in order."""

    features: dict[str, FeatureSeen]
    finished: dict[str, Finished]
    #: Locations of scenarios that began, in order.
    started: list[str]

    @classmethod
    def empty(cls) -> RunLines:
        """Nothing said yet."""
        return cls({}, {}, [])

    def add(self, event: dict[str, Any]) -> Finished | None:
        """Take in one event; returns the scenario it finished, if any."""
        kind = event.get("event")
        if kind == "feature":
            filename = str(event["filename"])
            self.features[filename] = FeatureSeen(
                filename, str(event["junit"]), float(event["time"]), locations=[]
            )
        elif kind == "feature_done":
            seen = self.features.get(str(event["filename"]))
            if seen is not None:
                seen.finished = float(event["time"])
        elif kind == "started":
            self.started.append(str(event["location"]))
        elif kind == "scenario":
            finished = Finished.from_event(event)
            self.finished[finished.location] = finished
            filename = finished.location.rpartition(":")[0]
            seen = self.features.get(filename)
            if seen is not None and seen.locations is not None:
                seen.locations.append(finished.location)
            return finished
        return None


def read_event(line: str) -> dict[str, Any] | None:
    """The event a line carries, or None (other output, or a line cut short
    by a worker that died while writing it)."""
    if not line.startswith(MARK):
        return None
    try:
        event = json.loads(line[len(MARK) :])
    except ValueError:
        return None
    return event if isinstance(event, dict) else None
