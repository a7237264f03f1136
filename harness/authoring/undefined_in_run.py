"""A run's undefined steps: the suggestions worked out for each (once,
however many places show them), handed to the console and the report as
they need them, and noted in JUnit at the end.

The hooks (`harness.hooks`) call these with behave's context; the run's
report is read from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from behave.model import Scenario, Step
from behave.model_core import Status

from harness.authoring.suggestions import Suggestion, UndefinedSteps, annotate_junit
from harness.run.behave_internals import formatters_of, runner_of


def offer_suggestions(context: Any) -> None:
    """The run's record of undefined steps and their suggestions: set at the
    run's level, so every scenario adds to it, and JUnit reads it at the end.
    The console and the report show them under each such step."""
    runner = runner_of(context)
    context.undefined_steps = UndefinedSteps(runner.step_registry)
    for formatter in formatters_of(runner):
        if hasattr(formatter, "suggest"):
            formatter.suggest = lambda step, scenario: suggestion_for(
                context, step, scenario
            ).lines()


def suggestion_for(context: Any, step: Step, scenario: Scenario | None = None) -> Suggestion:
    """What to suggest for the undefined `step` of `scenario` (by default the
    one running now), worked out once however many places show it."""
    offered: Suggestion | None = getattr(step, "suggestion", None)
    if offered is None:
        scenario = scenario or context.scenario
        offered = context.undefined_steps.suggest(scenario.feature.name, scenario.name, step)
        step.suggestion = offered
    return offered


def suggest_for_undefined(context: Any, scenario: Scenario) -> None:
    """Every step nobody defined gets its suggestions worked out, for JUnit,
    and shown in the report, those after the first included."""
    for step in scenario.all_steps:
        if step.status == Status.undefined:
            suggestion_for(context, step, scenario)
    if context.report is not None:
        context.report.show_undefined(scenario.all_steps)


def note_suggestions_in_junit(context: Any, folder: Path) -> None:
    """Each undefined step's suggestions, in the JUnit written to `folder`."""
    annotate_junit(folder, context.undefined_steps.offered)
