"""The style check for features: `make lint-features`, or
`python -m harness.feature_style [FOLDER_OR_FILE ...]` (features/ by default).

Two checkers, one kind of answer. behave-lint, a maintained Gherkin linter
(pinned in requirements-dev.txt; its rules are chosen in pyproject.toml's
`[tool.behave-lint]`), checks what any Gherkin project wants: each scenario
has a Then, names are unique in a feature, each feature has a description,
steps come in Given-When-Then order. The rules that are this project's own
run here, on behave's own parser, so they read a feature exactly as a run
does:

- one When block per scenario: one behaviour each;
- no words about the screen (click, button, field, element ids): steps say
  what a person does and sees, and the pages know how;
- every step names a person, or says "she", "they"... of someone named before;
- only the tags in `harness.tags`;
- a Background only sets the scene (Given).

Every problem is one line, `features/x.feature:12: Scenario "…": what is
wrong; what to do`, in the order of the files, and the exit status is 1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from behave.model import Background, Feature, Rule, Scenario, ScenarioOutline, Step
from behave.parser import ParserError, parse_file

from harness.errors import HarnessError
from harness.paths import PROJECT
from harness.people import NAME_PATTERN, PRONOUNS
from harness.tags import TAGS

#: Where the tags are explained, for a message about one that is not ours.
TAGS_DOC = "docs/configuration.md#tags"
#: The words that describe the screen rather than what a person does.
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
    r"(?:html )?elements?",
    r"selectors?",
    r"css",
    r"xpath",
    r"div|span|input",
    r"typ(?:e|es|ed|ing) into",
    r"#[\w-]+",  # a CSS id
    r"\w+_\w+",  # an element id such as id_new_item
)
_SCREEN = re.compile(rf"(?<![\w-])(?:{'|'.join(SCREEN_WORDS)})(?![\w-])", re.IGNORECASE)
#: Quoted text is what a person types or reads: its words are theirs, not the
#: step's (an item may well be "Click cows"). From the first quote to the last.
_QUOTED = re.compile(r'".*"')
_NAME = re.compile(rf"(?<![\w'’-])(?:{NAME_PATTERN})(?![\w-])")
_PRONOUN = re.compile(rf"\b(?:{'|'.join(PRONOUNS)})\b", re.IGNORECASE)
#: Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = {"I", "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "There", "My"}
#: Speaking as oneself, or to the reader, instead of about a person.
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b")
_COUNTS = {2: "two", 3: "three", 4: "four"}


@dataclass(frozen=True)
class Problem:
    """One thing to put right, at a line of a feature file."""

    path: str
    line: int
    where: str  # 'Scenario "Edith shares"', 'Feature "Sharing"', 'Background'
    what: str  # what is wrong; what to do
    rule: str = ""  # which check found it: ours by name, behave-lint's by its id

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.what}"


def feature_files(paths: Sequence[str]) -> list[str]:
    """The .feature files under each folder, or each file, as written
    (`features/x.feature`), in order; HarnessError for a path that is neither."""
    found: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(str(file) for file in path.rglob("*.feature") if file.is_file())
        elif path.is_file() and path.suffix == ".feature":
            found.append(given)
        elif path.exists():
            raise HarnessError(f"{given} is not a .feature file: name a feature or a folder")
        else:
            raise HarnessError(f"{given} does not exist: name a feature file or a folder of them")
    return list(dict.fromkeys(found))


def check(files: Sequence[str]) -> list[Problem]:
    """Every problem in `files`, the project's rules and behave-lint's, in
    file and line order, one per line of a file and thing found."""
    problems: list[Problem] = []
    features: dict[str, Feature] = {}
    for path in files:
        try:
            feature = parse_file(path)
        except ParserError as error:
            problems.append(_unreadable(path, error))
            continue
        except UnicodeDecodeError:
            problems.append(
                Problem(path, 1, "file", "is not UTF-8 text; save it as UTF-8", "unreadable")
            )
            continue
        except OSError as error:
            reason = error.strerror or str(error)
            problems.append(Problem(path, 1, "file", f"cannot be read: {reason}", "unreadable"))
            continue
        if feature is None:  # an empty file
            problems.append(
                Problem(path, 1, "file", "no Feature; start it with `Feature: …`", "unreadable")
            )
            continue
        features[path] = feature
        problems += project_problems(path, feature)
    problems = _ours_first(problems, linter_problems(features))
    order = {path: number for number, path in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.line))


def _unreadable(path: str, error: ParserError) -> Problem:
    """behave's parser error in one line: the line it stopped at, and why."""
    text = (getattr(error, "line_text", "") or "").strip()
    if text.startswith("\ufeff"):  # behave reads a byte-order mark as text
        return Problem(
            path,
            1,
            "file",
            "starts with an invisible byte-order mark, which behave cannot read; save it "
            'as "UTF-8" (not "UTF-8 with BOM")',
            "unreadable",
        )
    reason = next(
        (
            line.split(":", 1)[1].strip()
            for line in str(error).splitlines()
            if line.startswith("REASON:")
        ),
        "not Gherkin",
    )
    return Problem(
        path,
        getattr(error, "line", None) or 1,
        "Gherkin",
        f'cannot read "{text}": {reason.rstrip(".")}; every line is a keyword (Feature:, '
        "Scenario:, Given, When, Then, And), a description, a table row or a tag",
        "unreadable",
    )


#: behave-lint's rules that one of ours says better, where ours found
#: something in the same scenario: a second When block is also a When after a
#: Then, and "split it" is the whole story.
WHEN_BLOCKS = "when-blocks"
SAID_BETTER = {"BS002": WHEN_BLOCKS}


def _ours_first(ours: list[Problem], linters: list[Problem]) -> list[Problem]:
    """Ours once each (an outline's rows repeat its steps), then behave-lint's
    where ours said nothing of that line, or of that scenario for a rule of
    theirs that one of ours says better."""
    once: dict[tuple[str, int, str, str], Problem] = {}
    for problem in ours:
        once.setdefault((problem.path, problem.line, problem.where, problem.rule), problem)
    kept = list(once.values())
    lines = {(p.path, p.line) for p in kept}
    found = {(p.path, p.where, p.rule) for p in kept}
    return kept + [
        p
        for p in linters
        if (p.path, p.line) not in lines and (p.path, p.where, SAID_BETTER.get(p.rule)) not in found
    ]


# -- The project's own rules, on behave's parser ------------------------------


def project_problems(path: str, feature: Feature) -> Iterator[Problem]:
    """The project's rules for one parsed feature."""
    for where, tags in _tagged(feature):
        yield from _tag_problems(path, where, tags)
    for background in _backgrounds(feature):
        yield from _background_problems(path, background)
    for where, scenario in _scenarios(feature):
        yield from _when_blocks(path, where, scenario.steps)
        yield from _step_problems(path, where, scenario.background_steps, scenario.steps)


def _background_problems(path: str, background: Background) -> Iterator[Problem]:
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
    yield from _step_problems(path, "Background", [], background.steps)


def _step_problems(
    path: str, where: str, before: list[Step], steps: list[Step]
) -> Iterator[Problem]:
    """Each of `steps` in the words of a person: no words about the screen,
    and someone named (`before` is the background the steps follow)."""
    for step in steps:
        yield from _screen_words(path, where, step)
    yield from _people(path, where, before, steps)


def _backgrounds(container: Feature | Rule) -> Iterator[Background]:
    if container.background is not None:
        yield container.background
    for rule in getattr(container, "rules", []):
        yield from _backgrounds(rule)


def _named(item: Feature | Rule | Scenario) -> str:
    kind = "Scenario Outline" if isinstance(item, ScenarioOutline) else item.keyword
    return f'{kind} "{item.name}"'


def _tagged(container: Feature | Rule) -> Iterator[tuple[str, list[str]]]:
    """(how to name it, its tags) for the feature, and each rule, scenario
    and outline in it (an outline's examples' tags are the outline's)."""
    yield _named(container), container.tags
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _tagged(item)
        elif isinstance(item, ScenarioOutline):
            yield _named(item), [*item.tags, *(t for e in item.examples for t in e.tags)]
        else:
            yield _named(item), item.tags


def _scenarios(container: Feature | Rule) -> Iterator[tuple[str, Scenario]]:
    """(how to name it, scenario) for each scenario to run; an outline's go by
    the outline's name."""
    for item in container.run_items:
        if isinstance(item, Rule):
            yield from _scenarios(item)
        elif isinstance(item, ScenarioOutline):
            yield from ((_named(item), scenario) for scenario in item.scenarios)
        else:
            yield _named(item), item


def _tag_problems(path: str, where: str, tags: Iterable[str]) -> Iterator[Problem]:
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


def _outside_quotes(step: Step) -> str:
    return _QUOTED.sub('""', step.name)


def _screen_words(path: str, where: str, step: Step) -> Iterator[Problem]:
    words = list(dict.fromkeys(match.group(0) for match in _SCREEN.finditer(_outside_quotes(step))))
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


def _people(path: str, where: str, before: list[Step], steps: list[Step]) -> Iterator[Problem]:
    """Each step names a person (a name, or a pronoun for someone named
    before it, in the background too) or is an And/But that continues a step
    that does."""
    named = False  # anyone named so far
    continues = False  # whether an And or But here would continue a person's line
    for number, step in enumerate([*before, *steps]):
        text = _outside_quotes(step)
        names = [word for word in _NAME.findall(text) if word not in _NOT_NAMES]
        names += _declared(step)
        pronoun = _PRONOUN.search(text)
        problem = _person_problem(step, text, names, pronoun, named)
        if problem is None and not names and pronoun is None:
            problem = None if _continuation(step) and continues else _NOBODY.format(step.name)
        if problem is not None and number >= len(before):
            yield Problem(path, step.line, where, problem, "person")
        named = named or bool(names)
        continues = problem is None


def _declared(step: Step) -> list[str]:
    """The people a table declares (`Given these people:`, with a name column)."""
    table = step.table
    if table is None or "name" not in [heading.strip().lower() for heading in table.headings]:
        return []
    column = [heading.strip().lower() for heading in table.headings].index("name")
    return [row.cells[column] for row in table.rows if row.cells[column].strip()]


_NOBODY = '"{}" names nobody; say whose view it is, as in "Edith sees …" or "she sees …"'


def _continuation(step: Step) -> bool:
    return step.keyword.strip() in ("And", "But", "*")


def _person_problem(
    step: Step, text: str, names: list[str], pronoun: re.Match[str] | None, named: bool
) -> str | None:
    """What is wrong with how `step` names its person, if it says "I" or
    "you", or a pronoun for nobody yet."""
    speaking = _FIRST_OR_SECOND_PERSON.search(text)
    if speaking and not names:
        return (
            f'"{step.name}" speaks as "{speaking.group(0)}"; say who, as in '
            '"Edith opens the home page"'
        )
    if pronoun is not None and not names and not named:
        return (
            f'"{step.name}" says "{pronoun.group(0)}" before anyone is named; '
            'name the person first, as in "Edith …"'
        )
    return None


# -- behave-lint, in the same words --------------------------------------------

#: What the project says for behave-lint's findings, by rule: what is wrong;
#: what to do. `{quoted}`, `{line}` and `{file}` take the step, line and file
#: that behave-lint's own message names.
LINTER_WORDS: dict[str, str] = {
    "BC001": "the scenario at line {line} has the same name; give each a name of its own",
    "BC002": "no scenarios; add one, or remove the file",
    "BC003": "no Examples; add a table of examples under it",
    "BC005": "{file} has a feature of the same name; give each a name of its own",
    "BC007": "no steps; write what happens, one sentence a line",
    "BK005": "{quoted} is said twice; say it once",
    "BP006": "no description; under the Feature line, say in a sentence or two why it "
    "matters to the people who use it",
    "BP007": "no Then; say what the person sees afterwards (Then …)",
    "BS002": "steps out of order; set the scene (Given), act once (When), then say what "
    "the person sees (Then)",
}
#: What behave-lint's messages name, for LINTER_WORDS.
_NAMED_BY_LINTER = {
    "quoted": re.compile(r"'(.+?)'(?=[\s,;)]|$)"),
    "line": re.compile(r"\bline (\d+)"),
    "file": re.compile(r"\bin (\S+?)\)"),
}


def linter_problems(features: dict[str, Feature]) -> list[Problem]:
    """behave-lint's findings in `features` (already parsed by behave, for
    naming the scenario each is in), in the project's words where it has
    them and behave-lint's otherwise."""
    if not features:
        return []
    command = [
        sys.executable, "-m", "behave_lint", "--output", "json", "--no-cache", "--no-color",
        "--config", str(PROJECT / "pyproject.toml"), *features,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        found = json.loads(done.stdout)["diagnostics"]
    except (ValueError, KeyError, TypeError):
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise HarnessError(
            f"behave-lint did not run ({reason}); reinstall it: .venv/bin/pip install "
            "-r requirements-dev.txt"
        ) from None
    problems = []
    for diagnostic in found:
        path = diagnostic["file_path"]
        feature = features.get(path)
        line = int(diagnostic.get("line") or 1)
        where = _where(feature, line) if feature else "file"
        problems.append(
            Problem(path, line, where, _linter_words(diagnostic), diagnostic["rule_id"])
        )
    return problems


def _linter_words(diagnostic: dict[str, str]) -> str:
    rule, message = diagnostic["rule_id"], diagnostic["message"]
    named = {key: pattern.search(message) for key, pattern in _NAMED_BY_LINTER.items()}
    words = LINTER_WORDS.get(rule)
    if words is None or any(named[key] is None for key in named if "{" + key + "}" in words):
        # Not one we have words for, or worded otherwise than when we wrote ours.
        suggestion = diagnostic.get("suggestion") or f"see behave-lint --explain {rule}"
        suggestion = suggestion.rstrip(".")
        return f"{message}; {suggestion[:1].lower()}{suggestion[1:]} ({rule})"
    quoted = named["quoted"]
    return words.format(
        quoted=f'"{quoted.group(1)}"' if quoted else "",
        line=named["line"].group(1) if named["line"] else "",
        file=_relative(named["file"].group(1)) if named["file"] else "",
    )


def _relative(path: str) -> str:
    """`path` from the current folder, as the other files are named, where it is under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _where(feature: Feature, line: int) -> str:
    """How to name the part of `feature` that `line` is in: the last one to
    start at or before it."""
    starts = [(feature.line, _named(feature)), *_starts(feature)]
    return max((start for start in starts if start[0] <= line), default=starts[0])[1]


def _starts(container: Feature | Rule) -> Iterator[tuple[int, str]]:
    if container.background is not None:
        yield container.background.line, "Background"
    for item in container.run_items:
        yield item.line, _named(item)
        if isinstance(item, Rule):
            yield from _starts(item)


def main(argv: Sequence[str] | None = None) -> int:
    """Check the features in the folders or files given (features/ by
    default); print one line per problem and return 1 if there are any."""
    paths = list(sys.argv[1:] if argv is None else argv) or ["features"]
    if any(path.startswith("-") for path in paths):
        print(
            "lint-features: usage: python -m harness.feature_style [FOLDER_OR_FILE ...]",
            file=sys.stderr,
        )
        return 2
    try:
        files = feature_files(paths)
        if not files:
            print(f"lint-features: no .feature files in {' '.join(paths)}", file=sys.stderr)
            return 1
        problems = check(files)
    except KeyboardInterrupt:
        print("lint-features: interrupted; nothing was checked to the end", file=sys.stderr)
        return 130
    except HarnessError as error:
        print(f"lint-features: error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    checked = f"{len(files)} feature file{'s' if len(files) != 1 else ''}"
    if problems:
        print(
            f"lint-features: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in {checked}; docs/writing-features.md explains the style",
            file=sys.stderr,
        )
        return 1
    print(f"lint-features: {checked}, no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
