"""The style check's sentence rule: every step says a sentence some step
definition runs. One that none does is a problem, with the sentences it
might have meant ("did you mean", `harness.authoring.suggestions`), or the answer that
nothing in the catalogue is close.

Steps are matched in behave's own registry, loaded the way a run loads it,
once per process however many features are checked. Only features whose
steps are this project's `steps/` are matched: behave takes a feature's steps
from the nearest `steps/` folder at or above it, and a feature elsewhere (a
sample suite with steps of its own, a folder with none) is not ours to
judge. An outline's steps are
matched as its first example row makes them (the placeholders filled in); an
outline without rows is another rule's problem. A background's steps are
checked once, under "Background".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from behave.model import Feature, Rule, ScenarioOutline

from harness.authoring.feature_style.problems import Problem
from harness.authoring.suggestions import Suggester

#: The rule's name, for Problem.rule.
UNDEFINED = "undefined-sentence"


@functools.cache
def _suggester() -> Suggester:
    """The steps loaded into behave's registry, and their catalogue: once."""
    from harness.authoring import catalogue

    catalogue.load_steps()
    return Suggester.from_catalogue()


def sentence_problems(path: str, feature: Feature) -> Iterator[Problem]:
    """A problem for each step of `feature` that no step definition runs."""
    from behave.step_registry import registry

    from harness.authoring.catalogue import STEPS_DIR

    if _steps_of(path) != STEPS_DIR.resolve():
        return
    suggester = _suggester()
    for where, steps in _steps(feature):
        for step in steps:
            if registry.find_match(step) is None:
                offered = suggester.suggest(step.keyword, step.name, step.step_type)
                told = _told(step, offered.sentences, offered.lines())
                yield Problem(path, step.line, where, told, UNDEFINED)


def _steps_of(path: str) -> Path | None:
    """The steps folder behave would run a feature with: the nearest
    `steps/` at or above the feature's folder."""
    folder = Path(path).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "steps").is_dir():
            return (candidate / "steps").resolve()
    return None


def _told(step: Any, sentences: tuple[str, ...], lines: list[str]) -> str:
    """The problem's words: the step, then what it might have been. Each
    suggested sentence is shown as it is written, without quotes round it
    (its own quoted text is easier to read so), joined to the one before it
    by "or": each starts with its keyword, which shows where it begins. The
    question mark is left off a sentence that ends with its table's colon."""
    said = f'no step says "{step.keyword} {step.name}"'
    if not sentences:
        return f"{said}; {lines[0]}"
    choices = " or ".join(sentences)
    return f"{said}; did you mean: {choices}{'' if choices.endswith(':') else '?'}"


def _steps(container: Feature | Rule) -> Iterator[tuple[str, Iterable[Any]]]:
    """(how to name it, its steps) for a background and each scenario, in a
    feature or a rule; an outline's steps as its first example row says them."""
    background = container.background
    if background is not None and background.steps:
        yield "Background", background.steps
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _steps(item)
        elif isinstance(item, ScenarioOutline):
            if item.scenarios:
                yield f'Scenario Outline "{item.name}"', item.scenarios[0].steps
        else:
            yield f'{item.keyword} "{item.name}"', item.steps
