"""Marks the report puts on a scenario beside its tags: how its retries went,
why it was skipped, its last runs; and the labels that tell a feature's
background steps from the scenario's own.
"""

from __future__ import annotations

from typing import Any

from behave.model_core import Status
from behave_html_pretty_formatter.html_pretty import Step, Tag
from dominate.tags import div, span
from dominate.util import raw

from harness.results.history import ScenarioRun
from harness.results.report_prose import skip_reason
from harness.results.retries import failed_all_attempts, passed_on_attempt


class RetryMark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags, without the "@": how its retries went."""

    def generate_tag(self) -> None:
        with div(cls="scenario-tags retry-mark"):
            span(self.behave_tag)


def passed_after_retry_mark(attempt: int) -> RetryMark:
    """The mark of a scenario that passed on attempt `attempt`."""
    return RetryMark(f"retried: {passed_on_attempt(attempt)}")


def failed_all_mark(attempts: int) -> RetryMark:
    """The mark of a scenario that failed every one of its `attempts`."""
    return RetryMark(f"retried: {failed_all_attempts(attempts)}")


class SkipMark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a skipped scenario's tags: why it did not run."""

    def generate_tag(self) -> None:
        with div(cls="scenario-tags skip-mark"):
            span(f"skipped: {self.behave_tag}")


class HistoryMarks(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags: its last runs, as a row of marks (HTML
    made, and escaped, by `front_page.history_marks`)."""

    def generate_tag(self) -> None:
        raw(self.behave_tag)


def status_word(status: Any) -> str:
    """behave's status as the history keeps it: every kind of failure is
    "failed" (as the formatter shows it), undefined apart."""
    name = str(status.name)
    if status.has_failed() and name != "undefined":
        return "failed"
    # A scenario the run did not run is "skipped", as behave's totals say.
    return "skipped" if name == "untested" else name


def label_scenario(page: Any, run: ScenarioRun, marks: str, config: Any) -> None:
    """A page scenario's history marks and, if skipped, why; its background
    steps labelled. A scenario a worker rendered takes the marks only."""
    if not hasattr(page, "tags"):
        page.add_header_html(marks)
        return
    if marks:
        page.tags.append(HistoryMarks(marks))
    behave_scenario = getattr(page, "_scenario", None)
    if run.status == "skipped" and behave_scenario is not None:
        page.status = Status.skipped  # counted, and shown, as the console counts it
        page.tags.append(SkipMark(skip_reason(behave_scenario, config)))
    count = getattr(page, "background_steps", 0)
    if count and page.steps and not page.steps[0].commentary_override:
        page.steps[count:count] = [_step_label(page, "Scenario")]
        page.steps[0:0] = [
            _step_label(page, "Background (the same for every scenario of this feature)")
        ]


def _step_label(page: Any, text: str) -> Any:
    label = Step("", "", text, None, page)
    label.set_commentary()
    label.status = Status.passed  # shown: the formatter hides untested steps' commentary otherwise
    return label
