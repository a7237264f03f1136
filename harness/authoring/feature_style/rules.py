"""The style rules that are this project's own, on behave's own parser (so a
feature is read exactly as a run reads it):

- one When block per scenario: one behaviour each;
- no words about the screen (click, button, field, element ids) and no
  doing things to it ("types … into", "presses Enter", "submits the form"):
  steps say what a person does and sees, and the pages know how;
- a step says what is so, never what "should" happen;
- a step is about a person, never "I", "we" or "you";
- every Given and When names the person who acts, or says "she", "they"...
  of someone named before who goes by it; a Then, And or But may carry on
  the story of the step before it. A pronoun that points to no one is
  explained once, at its first line, as the run explains it;
- only the tags in `harness.run.tags`;
- a Background only sets the scene (Given);
- an outline's Examples have rows.

This module walks a feature and holds the rules about its parts (When
blocks, Background, Examples, tags); what a step says on its own is in
`step_wording`, and whom each step is about in `people_in_steps`.
"""

from __future__ import annotations

from collections.abc import Iterator

from behave.model import Background, Feature, Rule, Scenario, ScenarioOutline, Step

from harness.authoring.feature_style.people_in_steps import (
    Story,
    feature_pronouns,
    step_problems,
    told,
)
from harness.authoring.feature_style.problems import Problem
from harness.run.tags import TAGS

#: Where the tags are explained, for a message about one that is not ours.
TAGS_DOC = "docs/configuration.md#tags"
WHEN_BLOCKS = "when-blocks"
_COUNTS = {2: "two", 3: "three", 4: "four"}


def project_problems(path: str, feature: Feature) -> Iterator[Problem]:
    """The project's rules for one parsed feature."""
    pronouns = feature_pronouns(feature)
    for where, tags in _tagged(feature):
        yield from _tag_problems(path, where, tags)
    yield from _container_problems(path, feature, Story(pronouns, []))


def _container_problems(path: str, container: Feature | Rule, story: Story) -> Iterator[Problem]:
    """A feature's or rule's background, then its scenarios, each after the
    background (a rule's after its feature's too)."""
    background = container.background
    if background is not None and background.steps:
        yield from _background_problems(path, background, story)
        story = told(background.steps, story)
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _container_problems(path, item, story.copy())
            continue
        yield from _when_blocks(path, named(item), item.steps)
        yield from step_problems(path, named(item), item.steps, story.copy())
        if isinstance(item, ScenarioOutline):
            yield from _examples_problems(path, item)


def _background_problems(path: str, background: Background, story: Story) -> Iterator[Problem]:
    for step in background.steps:
        if step.step_type != "given":
            yield Problem(
                path,
                step.line,
                "Background",
                f'"{step.name}" is a {step.step_type.title()}; a background only sets '
                "the scene (Given): move it into the scenarios",
                "background-given",
            )
    yield from step_problems(path, "Background", background.steps, story.copy())


def _examples_problems(path: str, outline: ScenarioOutline) -> Iterator[Problem]:
    for examples in outline.examples:
        if examples.table is None or not examples.table.rows:
            yield Problem(
                path,
                examples.line,
                named(outline),
                "its Examples have no rows, so it runs nothing; add a row under the headings",
                "examples-rows",
            )


def named(item: Feature | Rule | Scenario) -> str:
    """How a problem line names a feature, rule or scenario: `Scenario "…"`."""
    kind = "Scenario Outline" if isinstance(item, ScenarioOutline) else item.keyword
    return f'{kind} "{item.name}"'


def _tagged(container: Feature | Rule) -> Iterator[tuple[str, list[str]]]:
    """(how to name it, its tags) for the feature, and each rule, scenario
    and outline in it (an outline's examples' tags are the outline's)."""
    yield named(container), container.tags
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _tagged(item)
        elif isinstance(item, ScenarioOutline):
            yield named(item), [*item.tags, *(t for e in item.examples for t in e.tags)]
        else:
            yield named(item), item.tags


def _tag_problems(path: str, where: str, tags: list[str]) -> Iterator[Problem]:
    ours = ", ".join(f"@{tag}" for tag in TAGS)
    for tag in tags:
        if tag not in TAGS:
            yield Problem(
                path,
                getattr(tag, "line", 0) or 1,
                where,
                f"@{tag} is not one of the suite's tags ({ours}); use one of those "
                f"or none ({TAGS_DOC})",
                "tags",
            )


def _when_blocks(path: str, where: str, steps: list[Step]) -> Iterator[Problem]:
    starts = [
        step
        for before, step in zip([None, *steps], steps, strict=False)
        if step.step_type == "when" and (before is None or before.step_type != "when")
    ]
    if len(starts) > 1:
        count = _COUNTS.get(len(starts), str(len(starts)))
        yield Problem(
            path,
            starts[1].line,
            where,
            f"{count} When blocks; one behaviour per scenario: split it",
            WHEN_BLOCKS,
        )
