"""What became of each scenario dealt to a worker: the one truth that the
console, the JUnit and the report all tell."""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.parallel.lines import Finished
from harness.parallel.workers import Worker


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
