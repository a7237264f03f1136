"""Whom each step is about: every Given and When names the person who acts,
or says "she", "they"... of someone named before who goes by it; a Then,
And or But may carry on the story of the step before it. A pronoun that
points to no one is one problem, at its first line, explained as the run
explains it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from behave.model import Feature, Step

from harness.authoring.feature_style.problems import Problem
from harness.authoring.feature_style.step_wording import (
    FIRST_OR_SECOND_PERSON,
    QUOTED,
    sentence_problems,
)
from harness.people.personas import (
    NAME_PATTERN,
    PRONOUN_FORMS,
    PRONOUNS,
    explain_unknown_pronoun,
    likely_meant,
    load_default_cast,
    person_from_row,
)
from harness.run.errors import HarnessError

#: Whoever a step names, in the order it names them: an outline's placeholder
#: (`<who>`), a pronoun (in any letter case), or a capitalised name.
_PERSON = re.compile(
    r"(?P<placeholder><[^<>\s]+>)"
    rf"|(?P<pronoun>(?i:\b(?:{'|'.join(PRONOUNS)})\b))"
    rf"|(?P<name>(?<![\w'’-])(?:{NAME_PATTERN})(?![\w-]))"
)
#: Capitalised words that are not anyone's name.
_NOT_NAMES = frozenset(
    "I A An The This That These Those It Its There Here My No Not Each Every All Some Any "
    "Nobody Somebody Someone Anybody Anyone Everybody Everyone Nothing Something Anything "
    "Everything You Your We Our Us Me They Their".split()
)
#: Who a pronoun may stand for when the person is a placeholder (`<who>`).
_ANYONE = "anyone"


@dataclass
class Story:
    """Who has been named so far in a scenario (its background first), and
    whether the last step's person carries on to the next."""

    pronouns: Mapping[str, str]  # name -> she, he or they, as the feature knows them
    named: list[tuple[str, str]]  # (name, pronoun), everyone named, in order
    subjects: list[tuple[str, str]] = field(default_factory=list)  # whom steps were about
    carries_on: bool = False

    def copy(self) -> Story:
        """A story of its own, to go on with for one scenario."""
        return Story(self.pronouns, list(self.named), list(self.subjects), self.carries_on)

    def likeliest(self) -> list[tuple[str, str]]:
        """Everyone named, the likeliest meaning of a pronoun first, as the
        run has it: the latest subject, then the latest mention, each once."""
        return list(dict.fromkeys([*reversed(self.subjects), *reversed(self.named)]))

    def resolve(self, word: str) -> tuple[str, str] | None:
        """Whom the pronoun `word` means, if anyone named goes by it."""
        meant = PRONOUNS[word.lower()]
        return next((p for p in self.likeliest() if p[1] in (meant, _ANYONE)), None)


@dataclass
class _Cause:
    """A pronoun that points to no one, first said at `line`, and how many
    lines after it say it of the same person."""

    line: int
    explanation: str
    meant: str  # she, he or they
    guess: str | None  # who it seems to mean, if anyone
    words: list[str] = field(default_factory=list)  # the pronoun as later lines write it
    more_lines: list[int] = field(default_factory=list)  # the later lines that say it


def step_problems(path: str, where: str, steps: list[Step], story: Story) -> Iterator[Problem]:
    """Each step in the words of a person: nothing about the screen, no
    "should", no "I", and someone it is about. A pronoun that points to no
    one is one problem at its first line, however many lines repeat it."""
    causes: dict[tuple[str, str | None], _Cause] = {}
    for step in steps:
        text = QUOTED.sub('""', step.name)
        for rule, what in sentence_problems(step):
            yield Problem(path, step.line, where, what, rule)
        speaking = FIRST_OR_SECOND_PERSON.search(text) is not None
        found, unknown = _read_people(step, text, story)
        for word in dict.fromkeys(unknown):
            _note_cause(causes, step.line, word, story)
        keyword = step.keyword.strip()
        excused = (story.carries_on and keyword in ("And", "But", "*")) or (
            keyword == "Then" and bool(story.named)
        )
        if not (found or unknown or speaking or excused):
            yield Problem(
                path,
                step.line,
                where,
                f'"{step.name}" names nobody; say who, as in "Edith opens …" or "she sees …"',
                "person",
            )
        story.carries_on = not unknown and (found or (excused and not speaking))
    for cause in causes.values():
        yield Problem(path, cause.line, where, _cause_message(cause, where), "person")


def _read_people(step: Step, text: str, story: Story) -> tuple[bool, list[str]]:
    """Read whom `step` is about, in order, into `story`, as the run does:
    the first person it names is its subject; a pronoun means whom the run
    would take it to mean. Whether it is about anyone, and the pronouns in it
    that point to no one."""
    found = False
    unknown: list[str] = []
    for match in _PERSON.finditer(text):
        person: tuple[str, str] | None
        if match.group("placeholder"):
            person = (match.group(0), _ANYONE)  # who may go by anything
        elif match.group("pronoun"):
            person = story.resolve(match.group(0))
            if person is None and found and PRONOUNS[match.group(0).lower()] == "they":
                continue  # after a person, "them" may be things: "she sees them all"
            if person is None:
                unknown.append(match.group(0))
                continue
        elif match.group(0) in _NOT_NAMES:
            continue
        else:
            person = (match.group(0), story.pronouns.get(match.group(0), "they"))
        if not found and not unknown:
            story.subjects.append(person)
        story.named.append(person)
        found = True
    if _declared(step):
        # A people table says who goes by what; like the run, it names no
        # one a later "she" could mean: the scenario must name them first.
        found = True
    return found, unknown


def _note_cause(
    causes: dict[tuple[str, str | None], _Cause], line: int, word: str, story: Story
) -> None:
    """Count a pronoun that points to no one: a new cause, or one more line of
    one already found (the same pronoun, seeming to mean the same person)."""
    named = [person for person in story.likeliest() if person[1] != _ANYONE]
    meant = PRONOUNS[word.lower()]
    guess = likely_meant(word, named, story.pronouns)
    cause = causes.get((meant, guess))
    if cause is None:
        explanation = explain_unknown_pronoun(word, named, story.pronouns)
        causes[meant, guess] = _Cause(line, explanation, meant, guess)
    elif line != cause.line:
        cause.words.append(word)
        if line not in cause.more_lines:
            cause.more_lines.append(line)


def _cause_message(cause: _Cause, where: str) -> str:
    """The cause's explanation, and how many more lines it accounts for."""
    more = len(cause.more_lines)
    if not more:
        return cause.explanation
    lines = "1 more line" if more == 1 else f"{more} more lines"
    place = "the background" if where == "Background" else "this scenario"
    verb = "says" if more == 1 else "say"
    words = " or ".join(f'"{word}"' for word in dict.fromkeys(cause.words))
    of = f" of {PRONOUN_FORMS[cause.meant]['object']}" if cause.guess else ""
    return f"{cause.explanation} (and {lines} in {place} {verb} {words}{of})"


def told(steps: list[Step], story: Story) -> Story:
    """The story after `steps`, whatever their problems."""
    story = story.copy()
    for step in steps:
        _read_people(step, QUOTED.sub('""', step.name), story)
    story.carries_on = False  # a scenario's first step starts its own line
    return story


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


def feature_pronouns(feature: Feature) -> dict[str, str]:
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
