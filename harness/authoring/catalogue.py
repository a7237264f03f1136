"""The step catalogue: docs/steps.md, every sentence a feature can use, with examples.

    python -m harness.authoring.catalogue           # (re)write docs/steps.md
    python -m harness.authoring.catalogue --check   # exit 1 if it is out of date

The steps are loaded the way behave loads them, and the catalogue is read back
from behave's own step registry, so it shows exactly what behave would run.
Each step function's docstring holds its examples, one sentence a line
(`Given ...`, `When ...`, `Then ...`, optionally followed by table rows). Every
example must reach its own function through the registry, and every phrase of a
function needs an example with its keyword; otherwise nothing is written and
each problem is reported in one line naming the step function's file and line.
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.parser import ParserError, parse_step
from behave.step_registry import registry as behave_registry

from harness.people.personas import PRONOUNS
from harness.people.phrasing import PHRASES_ATTRIBUTE, phrasings
from harness.run.behave_internals import load_step_modules, step_function, step_matchers
from harness.run.paths import PROJECT

STEPS_DIR = PROJECT / "steps"
OUTPUT = PROJECT / "docs" / "steps.md"

KEYWORDS = ("Given", "When", "Then")
#: behave's step type for a step registered with @step: it answers to any keyword.
ANY_KEYWORD = "Step"
#: The parse type that stands for a person (registered by harness.people.step_types).
PERSON_TYPE = "Who"
#: The type of free text between quotes (harness.people.step_types), shown as `…`.
QUOTED_TYPE = "Quoted"

StepFunction = Callable[..., Any]


class CatalogueError(Exception):
    """The catalogue cannot be built: one problem per line, each naming where."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Example:
    """One example sentence from a step's docstring, parsed by behave into a Step."""

    keyword: str
    step: Any  # behave.model.Step: its name, step_type and table are what we use

    @property
    def sentence(self) -> str:
        """The example's first line, keyword included."""
        return f"{self.keyword} {self.step.name}"


@dataclass
class Entry:
    """One step function: the phrases it answers to and its examples."""

    func: StepFunction
    location: str
    #: (keyword, bracketed phrase) pairs, in the order they are written.
    phrases: list[tuple[str, str]]
    #: behave's matchers for this function (one per registered pattern).
    matchers: list[Any]
    examples: list[Example] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Where the function is and what it is called, to start a problem line."""
        return f"{self.location}: {self.func.__name__}"


@dataclass
class Topic:
    """The step functions of one step module; its docstring's first line names it."""

    path: str
    title: str
    entries: list[Entry] = field(default_factory=list)


# -- Loading and reading the registry ---------------------------------------


def load_steps(steps_dir: Path = STEPS_DIR) -> None:
    """Load the step modules in `steps_dir` into behave's registry, as behave does.

    behave's runner puts the project root on sys.path for the steps (they
    import `harness`), so we do the same around its own loader.
    """
    load_step_modules(steps_dir, PROJECT)


def collect(registry: Any = behave_registry) -> tuple[list[Topic], list[str]]:
    """The registry's step functions, grouped by module, each in file order,
    with their docstring examples parsed; and the problems found doing so."""
    matchers_by_func: dict[StepFunction, list[Any]] = {}
    for matcher in step_matchers(registry):
        # The step's own function, under any wrapper a run puts around it.
        matchers_by_func.setdefault(inspect.unwrap(step_function(matcher)), []).append(matcher)

    problems: list[str] = []
    topics: dict[str, Topic] = {}
    for func, matchers in sorted(matchers_by_func.items(), key=lambda item: _position(item[0])):
        path, line = _position(func)
        topic = topics.get(path)
        if topic is None:
            title = _first_line(func.__globals__.get("__doc__"))
            if not title:
                problems.append(
                    f"{path}:1: the step module has no docstring (its first line names the topic)"
                )
            topic = topics[path] = Topic(path, title.rstrip("."))
        entry = Entry(func, f"{path}:{line}", _phrases(func, matchers), matchers)
        entry.examples, example_problems = _parse_examples(entry)
        problems.extend(example_problems)
        topic.entries.append(entry)
    return list(topics.values()), problems


def _position(func: StepFunction) -> tuple[str, int]:
    # behave compiles step files under a path relative to the working directory;
    # show it relative to the project, whatever directory we run from.
    code = inspect.unwrap(func).__code__
    path = Path(os.path.abspath(code.co_filename))
    try:
        shown = path.relative_to(PROJECT).as_posix()
    except ValueError:
        shown = str(path)
    return shown, code.co_firstlineno


def _first_line(doc: object) -> str:
    if not isinstance(doc, str):
        return ""
    lines = inspect.cleandoc(doc).splitlines()
    return lines[0].strip() if lines else ""


def _phrases(func: StepFunction, matchers: Sequence[Any]) -> list[tuple[str, str]]:
    """The function's bracketed phrases, plus any pattern registered without one
    (a plain behave decorator), shown as it is."""
    phrases: list[tuple[str, str]] = list(getattr(func, PHRASES_ATTRIBUTE, []))
    covered = {
        (keyword.lower(), pattern) for keyword, phrase in phrases for pattern in phrasings(phrase)
    }
    for matcher in matchers:
        if (matcher.step_type, matcher.pattern) not in covered:
            phrases.append((str(matcher.step_type).title(), str(matcher.pattern)))
    return phrases


def _parse_examples(entry: Entry) -> tuple[list[Example], list[str]]:
    """The examples in the function's docstring: a keyword line, then its table rows."""
    blocks: list[tuple[str, list[str]]] = []
    problems: list[str] = []
    doc = inspect.cleandoc(entry.func.__doc__ or "")
    for number, raw in enumerate(doc.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|") and blocks:
            blocks[-1][1].append(line)
        elif line.split(" ", 1)[0] in KEYWORDS and " " in line:
            blocks.append((line, []))
        else:
            problems.append(
                f"{entry.name}: docstring line {number} is not an example (a sentence starting "
                f"with Given, When or Then, or a table row after one): {line}"
            )
    examples = []
    for first, table in blocks:
        text = "\n".join([first, *(f"  {row}" for row in table)])
        try:
            step = parse_step(text)
        except ParserError as error:
            reason = str(error).strip().splitlines()[-1].strip()
            problems.append(f"{entry.name}: behave cannot read the example ({reason}): {first}")
            continue
        examples.append(Example(first.split(" ", 1)[0], step))
    if not blocks and not problems:
        problems.append(
            f"{entry.name}: the docstring has no examples (write one sentence a line, "
            "starting with Given, When or Then)"
        )
    return examples, problems


# -- Verifying -----------------------------------------------------------------


def verify(topics: Iterable[Topic], registry: Any = behave_registry) -> list[str]:
    """Problems with the examples: one that behave would run with another
    function (or none), and a phrase that no example of its keyword shows."""
    problems = []
    for topic in topics:
        for entry in topic.entries:
            problems.extend(_verify_entry(entry, registry))
    return problems


def _verify_entry(entry: Entry, registry: Any) -> list[str]:
    problems = []
    reaching = []  # the examples behave really runs with this function
    for example in entry.examples:
        match = registry.find_match(example.step)
        if match is None:
            problems.append(f"{entry.name}: no step matches the example: {example.sentence}")
        elif inspect.unwrap(match.func) is not entry.func:
            path, line = _position(match.func)
            problems.append(
                f"{entry.name}: the example runs {path}:{line} ({match.func.__name__}) "
                f"instead: {example.sentence}"
            )
        else:
            reaching.append(example)
    for keyword, phrase in entry.phrases:
        if not _examples_of(entry, keyword, phrase, reaching):
            problems.append(f"{entry.name}: no {keyword} example for the phrase: {phrase}")
    return problems


def _examples_of(
    entry: Entry, keyword: str, phrase: str, examples: Iterable[Example]
) -> list[tuple[Example, Any]]:
    """The examples written with `keyword` that one of the phrase's own
    patterns matches, each with behave's match (for its arguments)."""
    patterns = set(phrasings(phrase)) | {phrase}
    matchers = [
        matcher
        for matcher in entry.matchers
        if matcher.pattern in patterns and matcher.step_type == keyword.lower()
    ]
    found = []
    for example in examples:
        if keyword != ANY_KEYWORD and example.keyword != keyword:
            continue
        for matcher in matchers:
            match = matcher.match(example.step.name)
            if match is not None:
                found.append((example, match))
                break
    return found


# -- Rendering -----------------------------------------------------------------

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\[([^\[\]]+)\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_NUMBER_TYPE = re.compile(r"[^A-Za-z]*[dnfFeEgG%]")
#: Words for a person that can only be possessive. ("her" can be either; see
#: `_possessive_fields`.)
_POSSESSIVE_PRONOUNS = frozenset({"his", "their", "its"})
_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")

SOMEONE = "*someone*"
SOMEONES = "*someone's*"
NUMBER = "*n*"
TEXT = "…"


def render_phrase(phrase: str, possessive: Set[str] = frozenset()) -> str:
    """A bracketed phrase as Markdown for a product owner.

    A person reads *someone* (*someone's* for the fields in `possessive`), a
    number *n*, free text `…` (inside the phrase's own quotes), and a choice of
    verb forms `adds / add`.
    """
    out = []
    position = 0
    for token in _TOKEN.finditer(phrase):
        out.append(_escape(phrase[position : token.start()]))
        position = token.end()
        spec, choices = token.group(1), token.group(2)
        if choices is not None:
            out.append(" / ".join(_escape(choice) for choice in choices.split("/")))
        elif spec is not None:
            out.append(_render_field(spec, possessive))
        else:
            out.append(_escape(token.group()[0]))  # "{{" is a literal brace
    out.append(_escape(phrase[position:]))
    return "".join(out)


def _render_field(spec: str, possessive: Set[str]) -> str:
    name, _, kind = spec.partition(":")
    if kind == PERSON_TYPE:
        return SOMEONES if name in possessive else SOMEONE
    if not kind or kind == QUOTED_TYPE:
        return TEXT
    if _NUMBER_TYPE.fullmatch(kind):
        return NUMBER
    return f"*{_escape(name or kind)}*"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _possessive_fields(phrase: str, examples: Iterable[tuple[Example, Any]]) -> set[str]:
    """The person fields of a phrase that its examples fill with a possessive.

    The phrase alone cannot tell "opens {owner:Who} list" (Edith's list) from
    "sees that {owner:Who} owns the list" (Edith), so we look at how the
    examples say it. "her" is possessive only when a word follows the field
    ("her email"), not in "shares the list with her".
    """
    fields = set()
    for _, match in examples:
        for argument in match.arguments or ():
            word = str(argument.original)
            if (
                word.lower() in _POSSESSIVE_PRONOUNS
                or word.endswith(_POSSESSIVE_ENDINGS)
                or (word.lower() == "her" and _followed_by_word(phrase, str(argument.name)))
            ):
                fields.add(str(argument.name))
    return fields


def _followed_by_word(phrase: str, name: str) -> bool:
    return re.search(r"\{" + re.escape(name) + r"(?::[^{}]*)?\} +[^\s\[{]", phrase) is not None


def render_entry(entry: Entry) -> list[str]:
    """An entry's Markdown lines: its phrases, then its examples as Gherkin."""
    lines = []
    for keyword, phrase in entry.phrases:
        shown = " / ".join(KEYWORDS) if keyword == ANY_KEYWORD else keyword
        possessive = _possessive_fields(
            phrase, _examples_of(entry, keyword, phrase, entry.examples)
        )
        lines.append(f"- **{shown}** {render_phrase(phrase, possessive)}")
    lines += ["", "```gherkin"]
    for example in entry.examples:
        lines.append(example.sentence)
        if example.step.table is not None:
            lines += _table_lines(example.step.table)
    lines.append("```")
    return lines


def _table_lines(table: Any) -> list[str]:
    rows = [list(table.headings), *(list(row.cells) for row in table.rows)]
    cells = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(cells[0]))]
    padded = [[cell.ljust(width) for cell, width in zip(row, widths, strict=True)] for row in cells]
    return ["  | " + " | ".join(row) + " |" for row in padded]


def slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


#: The headings of the introduction, which a topic's anchor must not repeat.
_INTRO_HEADINGS = ("Step catalogue", "Reading the phrases", "People", "Topics")


def render(topics: Sequence[Topic]) -> str:
    """The whole of docs/steps.md: the introduction, the topics, their steps."""
    lines = _introduction()
    lines += ["## Topics", ""]
    anchors = {slug(heading) for heading in _INTRO_HEADINGS}
    topic_anchors = []
    for topic in topics:
        anchor = base = slug(topic.title)
        suffix = 0
        while anchor in anchors:  # GitHub numbers repeated headings
            suffix += 1
            anchor = f"{base}-{suffix}"
        anchors.add(anchor)
        topic_anchors.append(anchor)
        lines.append(f"- [{_escape(topic.title)}](#{anchor})")
    for topic in topics:
        lines += ["", f"## {_escape(topic.title)}", "", f"Defined in `{topic.path}`."]
        for entry in topic.entries:
            lines += ["", *render_entry(entry)]
    return "\n".join(lines) + "\n"


def _introduction() -> list[str]:
    pronouns: dict[str, list[str]] = {}
    for word, pronoun in PRONOUNS.items():
        pronouns.setdefault(pronoun, []).append(word)
    words = "; ".join(" / ".join(group) for group in pronouns.values())
    lines = [
        "# Step catalogue",
        "",
        "Every sentence a feature in `features/` can use, grouped by topic, each with",
        "examples. Write a scenario from these sentences and it runs as it is; a",
        "sentence that is not here needs a new step first.",
        "",
        "New to Gherkin? [writing-features.md](writing-features.md) shows how to write",
        "a feature from these sentences, and what a run says when a sentence is not here.",
        "",
        "This page is generated from the step definitions in `steps/` by `make steps`",
        "(do not edit it by hand). `make test` fails when the page is out of date, and",
        "every example below is checked against the step it documents, so the examples",
        "always work.",
        "",
        "## Reading the phrases",
        "",
        "- **Given** sets the scene. Wherever it can, it sets things up directly on the",
        "  server (a login session, a list and its items, a share) instead of clicking",
        "  through pages, so it is quick and it is not what the scenario tests.",
        "- **When** is what someone does, through their own browser, as they would.",
        "- **Then** checks what they see, waiting a few seconds for the page to settle.",
        "- *And* and *But* continue the step before them, as usual in Gherkin.",
        f"- {SOMEONE} stands for a person and {SOMEONES} for a person's (see below);",
        f'  "{TEXT}" for any text, written in double quotes; {NUMBER} for a whole number.',
        "- is / are: choose the form that fits the person: *Edith is*, *she is*,",
        "  *they are*; *she adds*, *they add*.",
        "- A sentence that ends in a colon is followed by a table, as in its example.",
        "",
        "## People",
        "",
        "Name a person with any capitalised name (*Edith*, *Zoë*, *Anne-Marie*,",
        "*O'Brien*), its possessive (*Edith's*, *James'*), or a pronoun:",
        f"{words}.",
        "",
        "A pronoun means the last person a step was about who goes by it: in",
        "*Francis shares the list with Onesiphorus. Then he sees ...*, *he* is Francis.",
        "Use the verb form that fits: *Edith adds*, *she is*, *he has*, but *they add*,",
        "*they are*, *they have*.",
        "",
        "The default cast, in `features/people.csv`, is there for every feature. Add a",
        "line there to add someone. A feature can declare its own people, or change",
        "these, with a table:",
        "",
        "```gherkin",
        "Given these people:",
        "  | name | pronoun | email           |",
        "  | Zoë  | she     | zoe@example.com |",
        "```",
        "",
        "Anyone else a feature names goes by *they* and gets an address made from their",
        "name (*Zoë* gets zoe@example.com).",
        "",
    ]
    return lines


# -- Command line ----------------------------------------------------------------


def build(steps_dir: Path = STEPS_DIR) -> str:
    """The catalogue's text for the steps in `steps_dir`.

    Raises CatalogueError with every problem found, so that a catalogue with
    a wrong example is never written.
    """
    try:
        load_steps(steps_dir)
    except Exception as error:  # a step module that does not load is one more problem line
        message = str(error).strip().replace("\n", " ")
        raise CatalogueError(
            [f"{_shown(steps_dir)}: cannot load the steps: {type(error).__name__}: {message}"]
        ) from error
    topics, problems = collect()
    problems += verify(topics)
    if problems:
        raise CatalogueError(problems)
    return render(topics)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJECT).as_posix()
    except ValueError:
        return str(path)


def _write(path: Path, text: str) -> None:
    # Through a temporary file, so that an interrupted write leaves the old page.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="\n")
    partial.replace(path)


def _is_current(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def main(argv: Sequence[str] | None = None, *, steps_dir: Path = STEPS_DIR) -> int:
    """Write the catalogue, or with --check compare it; the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.authoring.catalogue", description="Write the step catalogue."
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the file differs from what would be written",
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help=f"where it goes (default {_shown(OUTPUT)})"
    )
    args = parser.parse_args(argv)
    output: Path = args.output
    try:
        text = build(steps_dir)
    except CatalogueError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.check:
        if not _is_current(output, text):
            print(f"{_shown(output)} is out of date: run make steps", file=sys.stderr)
            return 1
        print(f"{_shown(output)} is up to date")
        return 0
    _write(output, text)
    print(f"wrote {_shown(output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
