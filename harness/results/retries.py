"""More attempts for scenarios tagged @flaky: counted and shown, never hidden.

Only a scenario tagged `@flaky` (on itself or its feature) is retried, up to
`retries` more times (behave.ini; `-D retries=off` for none). Every retry
prints a line; a scenario that passed only after retrying says so in its
JUnit testcase (system-out), carries a mark in the HTML report, and is listed
in a closing line. Each attempt is a whole new run of the scenario: its
hooks give it a clean database and fresh browsers.

The words for a retried scenario are here, once: a plain run's closing line,
report marks and facts use them, and so does a parallel run's merge.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from behave.model import Feature, Scenario
from behave.model_core import Status

from harness.run.behave_internals import add_to_captured_output, run_scenario_through
from harness.run.errors import first_line
from harness.run.tags import FLAKY

#: How the closing line and the report's facts name the two lists.
PASSED_ONLY_AFTER_RETRYING = "passed only after retrying"
FAILED_EVERY_ATTEMPT = "failed every attempt"


def scenario_where(location: str, name: str) -> str:
    """A retried scenario as the retry lines name it: its location and name."""
    return f"{location} {name}"


#: The start of `passed_on_attempt`'s words: how a report's mark is recognised.
PASSED_ON_ATTEMPT = "passed on attempt"


def passed_on_attempt(attempt: int) -> str:
    """How a scenario that passed only after retrying ended ("passed on attempt 2")."""
    return f"{PASSED_ON_ATTEMPT} {attempt}"


def failed_all_attempts(attempts: int) -> str:
    """How a scenario that failed every attempt ended ("failed all 3 attempts")."""
    return f"failed all {attempts} attempts"


def passed_after_retry_entry(where: str, attempt: int) -> str:
    """A scenario in the list of those that passed only after retrying."""
    return f"{where} (attempt {attempt})"


def failed_all_entry(where: str, attempts: int) -> str:
    """A scenario in the list of those that failed every attempt."""
    return f"{where} ({attempts} attempts)"


@dataclass
class Retries:
    """The run's retry policy, and what it had to do."""

    extra_attempts: int
    #: Told of each scenario that passed only after retrying: (where, attempt, first error).
    on_passed_after_retry: Callable[[str, int, str], None] = lambda where, attempt, error: None
    #: Told of each that failed every attempt: (where, attempts, each attempt's error).
    on_failed_all: Callable[[str, int, list[str]], None] = lambda where, attempts, errors: None
    passed_after_retry: list[str] = field(default_factory=list)
    failed_all: list[str] = field(default_factory=list)

    def arm(self, feature: Feature) -> None:
        """Give each @flaky scenario of `feature` its extra attempts."""
        if self.extra_attempts <= 0:
            return
        for scenario in feature.walk_scenarios():
            if FLAKY in scenario.effective_tags:
                self._arm(scenario)

    def _arm(self, scenario: Scenario) -> None:
        run_scenario_through(scenario, lambda run, runner: self._attempts(scenario, run, runner))

    def _attempts(self, scenario: Scenario, run: Callable[[Any], bool], runner: Any) -> bool:
        attempts = 1 + self.extra_attempts
        where = scenario_where(str(scenario.location), scenario.name)
        errors: list[str] = []
        for attempt in range(1, attempts + 1):
            failed = run(runner)
            if not failed:
                if errors:
                    self._passed_after(scenario, where, attempt, errors)
                return False
            errors.append(failure_of(scenario))
            if attempt < attempts:
                _say(
                    f"retrying @flaky scenario {where}: attempt {attempt} of {attempts} "
                    f"failed: {errors[-1]}"
                )
        _say(f"@flaky scenario {where} {failed_all_attempts(attempts)}")
        _record(scenario, [failed_all_attempts(attempts), *_numbered(errors)])
        if attempts > 1:
            self.failed_all.append(failed_all_entry(where, attempts))
            self.on_failed_all(where, attempts, errors)
        return True

    def _passed_after(
        self, scenario: Scenario, where: str, attempt: int, errors: list[str]
    ) -> None:
        self.passed_after_retry.append(passed_after_retry_entry(where, attempt))
        _say(f"@flaky scenario {where} {passed_on_attempt(attempt)}")
        _record(scenario, [passed_on_attempt(attempt), *_numbered(errors)])
        self.on_passed_after_retry(where, attempt, errors[0])

    def summary(self) -> str | None:
        """The closing line, if any scenario was retried."""
        parts = []
        if self.passed_after_retry:
            count = len(self.passed_after_retry)
            parts.append(
                f"{count} scenario{'s' if count > 1 else ''} {PASSED_ONLY_AFTER_RETRYING}: "
                + "; ".join(self.passed_after_retry)
            )
        if self.failed_all:
            count = len(self.failed_all)
            parts.append(
                f"{count} @flaky scenario{'s' if count > 1 else ''} {FAILED_EVERY_ATTEMPT}: "
                + "; ".join(self.failed_all)
            )
        return f"retried: {'; and '.join(parts)}" if parts else None


def failure_of(scenario: Scenario) -> str:
    """One line on why the scenario's last attempt failed."""
    for step in scenario.all_steps:
        if step.status in (Status.failed, Status.error):
            message = first_line(Exception(step.error_message or step.status.name))
            message = message.removeprefix("ASSERT FAILED: ")
            return f'step "{step.keyword} {step.name}": {message}'
    return "a hook failed" if scenario.hook_failed else "it failed"


def _numbered(errors: list[str]) -> list[str]:
    return [f"attempt {number} failed: {error}" for number, error in enumerate(errors, start=1)]


def _record(scenario: Scenario, lines: list[str]) -> None:
    """Put the retry story where JUnit shows it: the testcase's system-out."""
    text = "\n".join(f"@flaky retries: {line}" for line in lines)
    add_to_captured_output(scenario, text + "\n", "retries")


def _say(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)
