"""Reading the steps: behave's step registry as topics (one per step module),
their entries (one per step function) and each entry's docstring examples.

The steps are loaded the way behave loads them, so the catalogue shows exactly
what behave would run.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from behave.parser import ParserError, parse_step
from behave.step_registry import registry as behave_registry

from harness.people.phrasing import PHRASES_ATTRIBUTE, phrasings
from harness.run.behave_internals import load_step_modules, step_function, step_matchers
from harness.run.paths import PROJECT

STEPS_DIR = PROJECT / "steps"

KEYWORDS = ("Given", "When", "Then")
#: behave's step type for a step registered with @step: it answers to any keyword.
ANY_KEYWORD = "Step"

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
    for func, matchers in sorted(matchers_by_func.items(), key=lambda item: position(item[0])):
        path, line = position(func)
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


def position(func: StepFunction) -> tuple[str, int]:
    """Where a step function is: its file, relative to the project, and line."""
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
