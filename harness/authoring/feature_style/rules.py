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
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from behave.model import Background, Feature, Rule, Scenario, ScenarioOutline, Step

from harness.authoring.feature_style.problems import Problem
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
from harness.run.tags import TAGS

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
#: Something typed: one to four words, the first not "in" or "into".
_TYPED = r"(?P<gap>(?:\s+(?!in(?:to)?\b)\S+){1,4}?)"
#: Doing things to the screen rather than with the site, some with a gap that
#: a message shows as "…" ("types … into", "fills in the … box"). Typing with
#: nothing typed is not one: "she starts typing in the item box" is how a
#: person says it, and the item box is the product's own name for its place.
SCREEN_ACTIONS = (
    rf"\b(?:typ(?:e|es|ed|ing)|enter(?:s|ed|ing)?){_TYPED}\s+in(?:to)?\b",
    r"\bfill(?:s|ed|ing)?\s+(?:in|out)\s+(?:the|a|an|her|his|their)\b"
    r"(?P<gap>(?:\s+[\w-]+){0,3}?)\s+(?:box(?:es)?|fields?|forms?)\b",
    r"\bpress(?:es|ed|ing)?\s+(?:the\s+)?(?:enter|return|tab|esc|escape|space|spacebar)"
    r"(?:\s+key)?\b",
    r"\bsubmit(?:s|ted|ting)?\s+(?:the|a|an|her|his|their)\s+forms?\b",
)
_SCREEN_ACTIONS = [re.compile(pattern, re.IGNORECASE) for pattern in SCREEN_ACTIONS]
#: Quoted text is what a person types or reads: its words are theirs, not the
#: step's (an item may well be "Click cows").
_QUOTED = re.compile(r'"[^"]*"')
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
#: Speaking as oneself, or to the reader, instead of about a person, in any
#: letter case; but "My lists" is the product's page, and "US" a country.
_FIRST_OR_SECOND_PERSON = re.compile(
    r"(?<![\w'’-])(?!My lists\b|US\b)"
    r"(?i:i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves)"
    r"(?![\w-]|\.\w)"  # not "i.e."
)
#: "should" and the verb after it, if any ("should see", "shouldn't be").
_SHOULD = re.compile(r"\bshould(?P<not>n['’]t|\s+not)?\b(?:\s+(?P<verb>[a-z]+))?", re.IGNORECASE)
#: What each kind of step says, for a message about one that says "should".
_STEP_SAYS = {
    "given": "a Given says what is already so",
    "when": "a When says what the person does",
    "then": "a Then says what the person sees",
}
_PLURAL_SUBJECTS = frozenset({"they", "we", "you", "i"})
_IRREGULAR = {"be": ("is", "are"), "have": ("has", "have"), "do": ("does", "do")}
_COUNTS = {2: "two", 3: "three", 4: "four"}
#: Who a pronoun may stand for when the person is a placeholder (`<who>`).
_ANYONE = "anyone"


@dataclass
class _Story:
    """Who has been named so far in a scenario (its background first), and
    whether the last step's person carries on to the next."""

    pronouns: Mapping[str, str]  # name -> she, he or they, as the feature knows them
    named: list[tuple[str, str]]  # (name, pronoun), everyone named, in order
    subjects: list[tuple[str, str]] = field(default_factory=list)  # whom steps were about
    carries_on: bool = False

    def copy(self) -> _Story:
        return _Story(self.pronouns, list(self.named), list(self.subjects), self.carries_on)

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
    """Each step in the words of a person: nothing about the screen, no
    "should", no "I", and someone it is about. A pronoun that points to no
    one is one problem at its first line, however many lines repeat it."""
    causes: dict[tuple[str, str | None], _Cause] = {}
    for step in steps:
        text = _QUOTED.sub('""', step.name)
        for rule, what in sentence_problems(step):
            yield Problem(path, step.line, where, what, rule)
        speaking = _FIRST_OR_SECOND_PERSON.search(text) is not None
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


def sentence_problems(step: Step) -> list[tuple[str, str]]:
    """(rule, what is wrong; what to do) for what a step says on its own,
    whatever comes before it: words about the screen, "should", "I"."""
    text = _QUOTED.sub('""', step.name)
    problems = []
    words = _screen_words(text)
    if words:
        listed = ", ".join(f'"{word}"' for word in words)
        problems.append(
            (
                "screen-words",
                f'"{step.name}" describes the screen ({listed}); say what the person does '
                "or sees, as the sentences in docs/steps.md do",
            )
        )
    should = _should_problem(step, text)
    if should is not None:
        problems.append(("should", should))
    speaking = _FIRST_OR_SECOND_PERSON.search(text)
    if speaking is not None:
        problems.append(
            (
                "first-person",
                f'"{step.name}" speaks as "{speaking.group(0)}"; say who, as in '
                '"Edith opens the home page"',
            )
        )
    return problems


def _screen_words(text: str) -> list[str]:
    """The words about the screen in `text`, in order, each once; a phrase
    with a gap is shown with "…" there, and a word inside one is not repeated."""
    found: list[tuple[int, int, str]] = []
    for pattern in _SCREEN_ACTIONS:
        for match in pattern.finditer(text):
            shown = match.group(0)
            gap = match.groupdict().get("gap")
            if gap:
                start, end = (at - match.start() for at in match.span("gap"))
                shown = f"{shown[:start]} …{shown[end:]}"
            found.append((match.start(), match.end(), shown))
    for match in _SCREEN.finditer(text):
        inside = any(start <= match.start() and match.end() <= end for start, end, _ in found)
        if not inside:
            found.append((match.start(), match.end(), match.group(0)))
    return list(dict.fromkeys(shown for _, _, shown in sorted(found)))


def _should_problem(step: Step, text: str) -> str | None:
    """What to say of a step that says what "should" happen, if it does."""
    found = _SHOULD.search(text)
    if found is None:
        return None
    keyword = step.keyword.strip()
    says = _STEP_SAYS.get(step.step_type, _STEP_SAYS["then"])
    written = text[: found.end()].replace('""', '"…"')
    verb = found.group("verb")
    if verb is None:
        return f'"{keyword} {written}" says what should happen; {says}, without "should"'
    before = text[: found.start()].rstrip()
    done = _as_it_is(verb, before, negative=found.group("not") is not None)
    instead = f"{before} {done}".strip().replace('""', '"…"')
    return f'"{keyword} {written} …" says what should happen; {says}: "{keyword} {instead} …"'


def _as_it_is(verb: str, subject: str, negative: bool) -> str:
    """ "should `verb`" said of `subject` as what is so: "sees", "are", "does not see"."""
    words = subject.split()
    last = words[-1] if words else ""
    plural = (
        last.lower() in _PLURAL_SUBJECTS
        or " and " in subject
        or (last.islower() and last.endswith("s") and not last.endswith(("ss", "is", "us")))
    )
    lower = verb.lower()
    if lower == "be" and last == "I":
        done = "am"
    elif lower in _IRREGULAR:
        done = _IRREGULAR[lower][plural]
    elif negative:
        return f"{'do' if plural else 'does'} not {lower}"
    elif plural:
        done = lower
    elif re.search(r"(?:s|sh|ch|x|z|o)$", lower):
        done = lower + "es"
    elif re.search(r"[^aeiou]y$", lower):
        done = lower[:-1] + "ies"
    else:
        done = lower + "s"
    return f"{done} not" if negative else done


def _read_people(step: Step, text: str, story: _Story) -> tuple[bool, list[str]]:
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
    causes: dict[tuple[str, str | None], _Cause], line: int, word: str, story: _Story
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


def _told(steps: list[Step], story: _Story) -> _Story:
    """The story after `steps`, whatever their problems."""
    story = story.copy()
    for step in steps:
        _read_people(step, _QUOTED.sub('""', step.name), story)
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
