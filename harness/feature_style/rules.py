"""The style rules that are this project's own, on behave's own parser (so a
feature is read exactly as a run reads it):

- one When block per scenario: one behaviour each;
- no words about the screen (click, button, field, element ids): steps say
  what a person does and sees, and the pages know how;
- every Given and When names the person who acts, or says "she", "they"...
  of someone named before who goes by it; a Then, And or But may carry on
  the story of the step before it;
- only the tags in `harness.tags`;
- a Background only sets the scene (Given);
- an outline's Examples have rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from behave.model import Background, Feature, Rule, Scenario, ScenarioOutline, Step

from harness.errors import HarnessError
from harness.feature_style.problems import Problem
from harness.people import NAME_PATTERN, PRONOUNS, load_default_cast, person_from_row
from harness.tags import TAGS

#: Where the tags are explained, for a message about one that is not ours.
TAGS_DOC = "docs/configuration.md#tags"
WHEN_BLOCKS = "when-blocks"

#: Words that describe the screen rather than what a person does.
SCREEN_WORDS = (
    r"(?:double-)?click(?:s|ed|ing)?",
    r"tap(?:s|ped|ping)?",
    r"hover(?:s|ed|ing)?",
    r"scroll(?:s|ed|ing)?",
    r"buttons?",
    r"fields?",
    r"text ?box(?:es)?",
    r"check ?box(?:es)?",
    r"drop-?downs?",
    r"css",
    r"xpath",
    r"selectors?",
    r"typ(?:e|es|ed|ing) into",
    r"#[A-Za-z][\w-]*",  # a CSS id
    r"[A-Za-z]\w*_\w+",  # an element id such as id_new_item
)
_SCREEN = re.compile(rf"(?<![\w-])(?:{'|'.join(SCREEN_WORDS)})(?![\w-])", re.IGNORECASE)
#: Quoted text is what a person types or reads: its words are theirs, not the
#: step's (an item may well be "Click cows").
_QUOTED = re.compile(r'"[^"]*"')
_PLACEHOLDER = re.compile(r"<[^<>\s]+>")
_NAME = re.compile(rf"(?<![\w'’-])(?:{NAME_PATTERN})(?![\w-])")
_PRONOUN = re.compile(rf"\b(?:{'|'.join(PRONOUNS)})\b", re.IGNORECASE)
#: Capitalised words that are not anyone's name.
_NOT_NAMES = frozenset(
    "I A An The This That These Those It Its There Here My No Not Each Every All Some Any "
    "Nobody Somebody Someone Anybody Anyone Everybody Everyone Nothing Something Anything "
    "Everything You Your We Our Us Me They Their".split()
)
#: Speaking as oneself, or to the reader, instead of about a person. ("My" with
#: a capital is the "My lists" page.)
_FIRST_OR_SECOND_PERSON = re.compile(r"\bI\b|\bmy\b|(?i:\b(?:me|we|us|our|you|your)\b)")
_COUNTS = {2: "two", 3: "three", 4: "four"}
#: Who a pronoun may stand for when the person is a placeholder (`<who>`).
_ANYONE = "anyone"


@dataclass
class _Story:
    """Who has been named so far in a scenario (its background first), and
    whether the last step's person carries on to the next."""

    pronouns: Mapping[str, str]  # name -> she, he or they, as the feature knows them
    named: list[tuple[str, str]]  # (name, pronoun), in order
    carries_on: bool = False

    def copy(self) -> _Story:
        return _Story(self.pronouns, list(self.named), self.carries_on)


def project_problems(path: str, feature: Feature) -> Iterator[Problem]:
    """The project's rules for one parsed feature."""
    pronouns = _pronouns(feature)
    for where, tags in _tagged(feature):
        yield from _tag_problems(path, where, tags)
    yield from _container_problems(path, feature, _Story(pronouns, []))


def _container_problems(path: str, container: Feature | Rule, story: _Story) -> Iterator[Problem]:
    """A feature's or rule's background, then its scenarios, each after the
    background (a rule's after its feature's too)."""
    background = container.background
    if background is not None and background.steps:
        yield from _background_problems(path, background, story)
        story = _told(background.steps, story)
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _container_problems(path, item, story.copy())
            continue
        yield from _when_blocks(path, named(item), item.steps)
        yield from _step_problems(path, named(item), item.steps, story.copy())
        if isinstance(item, ScenarioOutline):
            yield from _examples_problems(path, item)


def _background_problems(path: str, background: Background, story: _Story) -> Iterator[Problem]:
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
    yield from _step_problems(path, "Background", background.steps, story.copy())


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


def _step_problems(path: str, where: str, steps: list[Step], story: _Story) -> Iterator[Problem]:
    """Each step in the words of a person: nothing about the screen, and
    someone it is about."""
    for step in steps:
        text = _QUOTED.sub('""', step.name)
        words = list(dict.fromkeys(match.group(0) for match in _SCREEN.finditer(text)))
        if words:
            named = ", ".join(f'"{word}"' for word in words)
            yield Problem(
                path,
                step.line,
                where,
                f'"{step.name}" describes the screen ({named}); say what the person does '
                "or sees, as the sentences in docs/steps.md do",
                "screen-words",
            )
        problem = _person_problem(step, text, story)
        if problem is not None:
            yield Problem(path, step.line, where, problem, "person")
        story.carries_on = problem is None
        story.named += _people_in(step, text, story.pronouns)


def _told(steps: list[Step], story: _Story) -> _Story:
    """The story after `steps`, whatever their problems."""
    story = story.copy()
    for step in steps:
        story.named += _people_in(step, _QUOTED.sub('""', step.name), story.pronouns)
    story.carries_on = False  # a scenario's first step starts its own line
    return story


def _people_in(step: Step, text: str, pronouns: Mapping[str, str]) -> list[tuple[str, str]]:
    """(name, pronoun) for each person `step` names, in order: by name, as a
    placeholder (who may go by anything), or declared in its people table."""
    people = [(name, pronouns.get(name, "they")) for name in _names(text)]
    people += [(placeholder, _ANYONE) for placeholder in _PLACEHOLDER.findall(text)]
    return people + [(name, pronouns.get(name, "they")) for name in _declared(step)]


def _names(text: str) -> list[str]:
    return [word for word in _NAME.findall(text) if word not in _NOT_NAMES]


def _person_problem(step: Step, text: str, story: _Story) -> str | None:
    """What is wrong with whom `step` is about, if anything."""
    mine = _people_in(step, text, story.pronouns)
    speaking = _FIRST_OR_SECOND_PERSON.search(text)
    if speaking and not mine:
        return (
            f'"{step.name}" speaks as "{speaking.group(0)}"; say who, as in '
            '"Edith opens the home page"'
        )
    pronoun = _PRONOUN.search(text)
    if pronoun is not None:
        return _pronoun_problem(step, pronoun.group(0), [*story.named, *mine])
    if mine:
        return None
    keyword = step.keyword.strip()
    carries_on = story.carries_on and keyword in ("And", "But", "*")
    if carries_on or (keyword == "Then" and story.named):
        return None
    return f'"{step.name}" names nobody; say who, as in "Edith opens …" or "she sees …"'


def _pronoun_problem(step: Step, word: str, named: list[tuple[str, str]]) -> str | None:
    if not named:
        return (
            f'"{step.name}" says "{word}" before anyone is named; name the person '
            'first, as in "Edith …"'
        )
    meant = PRONOUNS[word.lower()]
    if any(pronoun in (meant, _ANYONE) for _, pronoun in named):
        return None
    known = ", ".join(f'{name} goes by "{pronoun}"' for name, pronoun in dict(named).items())
    return (
        f'"{step.name}" says "{word}", but nobody named before goes by "{meant}" ({known}); '
        "use the name, or the pronoun the person goes by"
    )


def _declared(step: Step) -> list[str]:
    """The people a table declares (`Given these people:`, with a name column)."""
    table = step.table
    if table is None:
        return []
    headings = [heading.strip().lower() for heading in table.headings]
    if "name" not in headings:
        return []
    column = headings.index("name")
    return [row.cells[column].strip() for row in table.rows if row.cells[column].strip()]


def _pronouns(feature: Feature) -> dict[str, str]:
    """Who goes by which pronoun: the default cast, then the feature's own
    people tables. (A table the run would refuse is for the run to explain.)"""
    try:
        pronouns = {name: person.pronoun for name, person in load_default_cast().items()}
    except HarnessError:
        pronouns = {}
    steps = [step for scenario in feature.walk_scenarios() for step in scenario.all_steps]
    for step in steps:
        table = step.table
        if table is None or "name" not in [h.strip().lower() for h in table.headings]:
            continue
        headings = [heading.strip().lower() for heading in table.headings]
        for row in table.rows:
            cells = dict(zip(headings, row.cells, strict=False))
            try:
                person = person_from_row(cells, "table")
            except ValueError:
                continue
            pronouns[person.name] = person.pronoun
    return pronouns
