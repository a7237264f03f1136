"""Builders of report-history runs for the results package's tests: one run
or scenario is built one way everywhere (the history's and the front page's
tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness.results.history import RunRecord, ScenarioRun

BASE = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def started_at(i: int) -> str:
    """The start of run `i`: a minute after run i - 1."""
    return (BASE + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sc(
    name: str,
    status: str = "passed",
    seconds: float = 1.0,
    feature: str = "Lists",
    engine: str = "chromium",
    retried: bool = False,
) -> ScenarioRun:
    """One scenario's run (passed in 1 s, in Chromium, unless told)."""
    return ScenarioRun(feature, name, engine, status, seconds, retried)


def run(
    i: int,
    *scenarios: ScenarioRun,
    commit: str = "c0ffee",
    engines: tuple[str, ...] = ("chromium",),
    shard: str = "",
    selection: str = "",
    seconds: float = 10.0,
    code: str = "",
) -> RunRecord:
    """Run `i` of the history, holding `scenarios`."""
    return RunRecord(
        started=started_at(i),
        commit=commit,
        changed=False,
        server="local",
        engines=engines,
        shard=shard,
        seconds=seconds,
        scenarios=tuple(scenarios),
        selection=selection,
        code=code,
    )


def runs_of(
    statuses: list[str], commits: list[str] | str = "c0ffee", name: str = "A"
) -> list[RunRecord]:
    """One run per status, each with the scenario `name` in that status."""
    if isinstance(commits, str):
        commits = [commits] * len(statuses)
    return [
        run(i, sc(name, st), commit=c)
        for i, (st, c) in enumerate(zip(statuses, commits, strict=True))
    ]


def last(runs: list[RunRecord], name: str = "A", engine: str = "chromium") -> ScenarioRun:
    """Scenario `name` in `engine`, as the last of `runs` ran it."""
    return next(s for s in runs[-1].scenarios if s.scenario == name and s.engine == engine)
