"""The run's JUnit: one file per feature, as a plain run writes it.

The dry run's files are the frame: the feature files, file names, suite and
class names, and every scenario a plain run reports, each skipped. Each
scenario a worker ran takes the place of its skipped self, matched by where it
is in the file (never by name: two scenarios may share one). A scenario whose
worker died before writing its feature's file still appears: failed or passed
as the worker reported it live, or as an error saying it never ran.

A run in several engines writes a set per engine: its files, suites and
classes carry the engine's name ("TESTS-features.lists.webkit.xml",
"features.lists.To-do lists [webkit]"), so CI tools list each scenario once
per engine.
"""

from __future__ import annotations

import copy
from pathlib import Path

from junitparser import Attr, Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from harness.parallel.merge.outcome import Lane, Outcome
from harness.parallel.plan import PlannedFeature, Suite
from harness.parallel.workers import Worker


class BehaveCase(TestCase):
    """A test case as behave writes it: with the scenario's status."""

    status = Attr()


def merge_junit(suite: Suite, lane: Lane, into: Path) -> list[Path]:
    """Write the JUnit files of `lane` into `into`; returns them."""
    into.mkdir(parents=True, exist_ok=True)
    outcomes = lane.outcomes
    by_number = {worker.number: worker for worker in lane.workers}
    written = []
    for feature in suite.features:
        frame = _read_suite(suite.junit_dir / feature.junit)
        if frame is None:
            continue  # the dry run wrote none: a plain run would not either
        skipped = _cases_by_location(frame, feature.junit_locations)
        ran: dict[int, dict[str, TestCase]] = {}
        merged = TestSuite(f"{frame.name}{lane.engine_suffix}")
        for attribute in ("timestamp", "hostname"):
            if getattr(frame, attribute) is not None:
                setattr(merged, attribute, getattr(frame, attribute))
        cases = []
        for entry in feature.scenarios:
            outcome = outcomes.get(entry.location)
            case: TestCase | None
            if outcome is None:
                case = skipped.get(entry.location)
            else:
                if outcome.worker not in ran:
                    ran[outcome.worker] = _worker_cases(by_number[outcome.worker], feature)
                case = ran[outcome.worker].get(entry.location)
                if case is None:
                    case = _reported_live(entry.name, outcome)
            if case is None:  # not even in the frame: the file changed during the run
                case = _case(entry.name, "skipped", 0.0, Skipped())
            case = copy.deepcopy(case)
            case.classname = merged.name  # a plain run's class name: "<file>.<feature>"
            cases.append(case)
        merged.add_testcases(cases)
        name = feature.junit.removesuffix(".xml") + f".{lane.engine}.xml"
        path = into / (name if lane.label else feature.junit)
        merged.write(str(path))
        written.append(path)
    return written


def _read_suite(path: Path) -> TestSuite | None:
    try:
        xml = JUnitXml.fromfile(str(path))
    except (OSError, SyntaxError):  # missing, or cut short (ElementTree's ParseError)
        return None
    return next(iter(xml), None)


def _cases_by_location(suite: TestSuite, locations: list[str]) -> dict[str, TestCase]:
    """`suite`'s cases by the location of the scenario each is, given the
    locations in the order the run reported them (its cases' order)."""
    cases = list(suite)
    if len(cases) != len(locations):
        return {}  # not the file the run's lines describe: trust neither
    return dict(zip(locations, cases, strict=True))


def _worker_cases(worker: Worker, feature: PlannedFeature) -> dict[str, TestCase]:
    seen = worker.said.features.get(feature.filename)
    if seen is None or seen.locations is None:
        return {}
    frame = _read_suite(worker.folder / "junit" / seen.junit)
    if frame is None:
        return {}  # it ended before finishing the feature
    cases = _cases_by_location(frame, seen.locations)
    names = {location: worker.said.finished[location].name for location in seen.locations}
    return {where: case for where, case in cases.items() if case.name == names[where]}


def _reported_live(name: str, outcome: Outcome) -> TestCase:
    """A case for a scenario known only from its worker's live report."""
    finished = outcome.finished
    if finished is None:
        return _case(name, "error", 0.0, Error(outcome.not_run, "NotRun"))
    result: Failure | Error | Skipped | None
    if finished.status == "failed":
        result = Failure(finished.error or "failed", "AssertionError")
    elif finished.status in ("error", "hook_error"):
        result = Error(finished.error or finished.status, "Error")
    elif finished.status in ("skipped", "untested"):
        result = Skipped()
    else:
        result = None
    case = _case(name, finished.status, finished.duration, result)
    case.system_out = (
        f"worker {outcome.worker} ended before it wrote this feature's JUnit: "
        "the result is the one it reported as the scenario ended"
    )
    return case


def _case(
    name: str, status: str, seconds: float, result: Failure | Error | Skipped | None
) -> TestCase:
    case = BehaveCase(name, time=seconds)
    case.status = status
    if result is not None:
        case.result = [result]
    return case
