"""What a failed step leaves behind: why it failed in the people's words
(read by the console, the report and, at the scenario's end, JUnit) and,
for a product failure, what each browser showed.

The hooks (`harness.hooks`) call these with behave's context; the run's cast
and server are read from it.
"""

from __future__ import annotations

from typing import Any

from behave.model import Scenario, Step

from harness.results import artifacts
from harness.run import failures


def explain_failed_step(context: Any, step: Step, registry: Any) -> None:
    """After a failed step: say why in the people's words (`step.explanation`)
    and, for a product failure, save what each browser showed. `registry` is
    the run's step registry, for where the step is defined."""
    match = registry.find_match(step)
    source = [f"step defined at {match.location}"] if match is not None else []
    told = failures.explain(step.exception, step.error_message).with_notes(trace=source)
    if told.kind != "wording" and hasattr(context, "cast"):
        # A product failure: what each browser showed. (The feature's words
        # being wrong, the screen shows nothing about it.)
        told = told.with_notes(details=save_artifacts(context, step.exception))
    step.explanation = told


def save_artifacts(context: Any, error: BaseException | None) -> list[str]:
    """Save each browser's screenshot (outlining what the failed check read),
    page and console log, and the server's log; returns lines saying where."""
    try:
        folder = context.scratch.mark_artifacts()
    except OSError as problem:
        return [f"could not save artifacts: {problem}"]
    person, focus = getattr(error, "person", None), getattr(error, "focus", None)
    saved, notes = artifacts.save_failure_artifacts(
        folder,
        context.scenario.name,
        context.cast.browsers(),
        context.server.error_log_tail,
        outlines={person: focus} if person and focus else None,
    )
    if context.report is not None:
        context.report.attach_files(saved)
        for note in notes:
            context.report.attach_note(note)
    lines = [f"saved {a.path}" + (f", {a.detail}" if a.detail else "") for a in saved]
    return [*lines, *notes]


def explain_in_junit(scenario: Scenario) -> None:
    """Each failed step's whole explanation as its error message, which JUnit
    (and behave's own formatters) show. (behave sets the message again after
    the after_step hook, so it is replaced once the scenario is over.)"""
    for step in scenario.all_steps:
        told = getattr(step, "explanation", None)
        if told is not None:
            step.error_message = told.text()
