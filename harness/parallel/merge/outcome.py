"""What became of each scenario dealt to a worker: the one truth that the
console, the JUnit and the report all tell; and what the run says of it (the
scenarios not run, the retried ones), read from the lanes' outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree

from harness.parallel.lines import Finished
from harness.parallel.plan import Suite
from harness.parallel.workers import Worker
from harness.results.retries import (
    failed_all_entry,
    passed_after_retry_entry,
    scenario_where,
)


@dataclass(frozen=True)
class Outcome:
    """A dealt scenario: its result as its worker reported it, or why there is none."""

    worker: int
    finished: Finished | None
    #: It began and never finished: its worker ended during it.
    running: bool = False

    @property
    def not_run(self) -> str | None:
        """Why it has no result ("not run: worker 2 ended early"), or None."""
        if self.finished is not None:
            return None
        if self.running:
            return f"not finished: worker {self.worker} ended during this scenario"
        return f"not run: worker {self.worker} ended early"

    @property
    def status(self) -> str:
        """Its status, as behave names them, or "not run"."""
        return "not run" if self.finished is None else self.finished.status


def outcomes_of(workers: list[Worker]) -> dict[str, Outcome]:
    """Each dealt scenario's outcome, by location."""
    outcomes = {}
    for worker in workers:
        began = worker.said.started[-1:]  # a worker runs one scenario at a time
        for location in worker.locations:
            finished = worker.said.finished.get(location)
            outcomes[location] = Outcome(
                worker.number, finished, running=finished is None and location in began
            )
    return outcomes


@dataclass
class Lane:
    """The suite in one browser engine: the workers that run it there and,
    once they have ended, what became of each of its scenarios. A run in one
    engine has one lane; `-D browsers=chromium,webkit` has one per engine."""

    engine: str
    workers: list[Worker]
    #: By location, once the workers have ended (`outcomes_of`).
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    #: How the run's report and JUnit tell this lane's scenarios from the
    #: others' ("WebKit 2.50.6"); empty when the run has this lane only.
    label: str = ""

    @property
    def engine_suffix(self) -> str:
        """ " [webkit]" after a scenario's or suite's name, in a run of several engines."""
        return f" [{self.engine}]" if self.label else ""


def settle(lanes: list[Lane]) -> None:
    """Once the workers have ended: each lane's outcomes and, in a run of
    several engines, its label (the engine and version its workers named)."""
    for lane in lanes:
        lane.outcomes = outcomes_of(lane.workers)
        if len(lanes) > 1:
            lane.label = workers_engine(lane.workers) or lane.engine


def workers_engine(workers: list[Worker]) -> str | None:
    """The browser engine and version the workers named in their JUnit."""
    for worker in workers:
        for path in sorted((worker.folder / "junit").glob("TESTS-*.xml")):
            try:
                found = ElementTree.parse(path).getroot().find(".//property[@name='browser']")
            except (OSError, ElementTree.ParseError):
                continue
            if found is not None:
                return found.get("value")
    return None


def not_run_lines(suite: Suite, lanes: list[Lane]) -> list[str]:
    """One line for each scenario that has no result, in file order."""
    return [
        f"parallel: {outcome.not_run}: {entry.location} {entry.name}{lane.engine_suffix}"
        for feature in suite.features
        for entry in feature.scenarios
        for lane in lanes
        if (outcome := lane.outcomes.get(entry.location)) is not None and outcome.not_run
    ]


def retries_of(lanes: list[Lane]) -> tuple[list[str], list[str]]:
    """The @flaky scenarios that passed only after retrying, and those that
    failed every attempt, worded as a plain run's `Retries` words them."""
    retried, failed_all = [], []
    for lane in lanes:
        for outcome in lane.outcomes.values():
            done = outcome.finished
            if done is None or done.attempts < 2:
                continue
            where = scenario_where(done.location, done.name) + lane.engine_suffix
            if done.status == "passed":
                retried.append(passed_after_retry_entry(where, done.attempts))
            else:
                failed_all.append(failed_all_entry(where, done.attempts))
    return retried, failed_all
