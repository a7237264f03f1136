"""What a failed check says, in the words of the people in the feature.

A check that finds the page wrong raises `Mismatch`: a headline a product
owner can read aloud ("Edith's list is not in the expected order: row 2
should be "Eggs" but is "Bread"."), optionally the rows it compared, and the
CSS selector of what it read (the failure screenshot draws a box around it).
`@wait` keeps the last `Mismatch` as the failure's headline and adds, below
it, what a developer needs: whose browser, which address, how long it waited.

`explain()` turns whatever a step raised into an `Explanation`: the console,
the HTML report and JUnit all show failures through it, so they say the same.
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

#: A list row as the page shows it: "3: Buy milk".
_NUMBERED = re.compile(r"(\d+): (.*)\Z", re.DOTALL)
#: How many differences a headline spells out before it says "and N more".
MOST_DIFFERENCES = 4
#: How alike (difflib's ratio) a missing and an extra text must be to be
#: told as one text that reads otherwise: a typo, a word's ending.
ALIKE = 0.8


@dataclass(frozen=True)
class ComparedRow:
    """One line of an expected/actual table; `differs` marks it for the eye."""

    expected: str
    actual: str
    differs: bool


@dataclass(frozen=True)
class Comparison:
    """What a check expected beside what the page showed, row by row."""

    noun: str  # what a row is, for the table's headings: "item", "list"
    rows: tuple[ComparedRow, ...]

    def text(self) -> str:
        """The table as plain text, differing rows marked with "≠"."""
        width = max([len("expected"), *(len(row.expected) for row in self.rows)])
        lines = [f"    {'expected':<{width}}   shown"]
        for row in self.rows:
            mark = "≠" if row.differs else " "
            lines.append(f"  {mark} {row.expected:<{width}}   {row.actual}")
        return "\n".join(lines)


class Mismatch(AssertionError):
    """A check found the page not as the feature says: `headline` in a
    person's words, and optionally the comparison and what was looked at."""

    def __init__(
        self,
        headline: str,
        comparison: Comparison | None = None,
        focus: str | None = None,
        details: Sequence[str] = (),
    ) -> None:
        super().__init__(headline)
        self.headline = headline
        self.comparison = comparison
        #: A CSS selector for what the check read, outlined in the screenshot.
        self.focus = focus
        #: What a developer needs besides: whose browser, which address, what the driver said.
        self.details = tuple(details)
        #: Whose browser the check looked at, once known (`@wait` and pages say).
        self.person: str | None = None


class PermanentFailure(Mismatch):
    """A check that failed for a reason no amount of waiting will change.

    An `AssertionError` (through `Mismatch`), so behave reports the step as
    failed (not errored), but never retried by an enclosing `@wait`. Its
    message is its headline, in a person's words.
    """


class WordingProblem(PermanentFailure):
    """A feature's wording that cannot mean anything: a pronoun nobody in the
    scenario goes by, someone else's page where the step says "her own".

    Not a product failure: the report and the console show it as a problem
    with the feature's words, with no screenshot and no traceback, and its
    message says what was meant and how to write it.
    """


def quoted(text: str) -> str:
    """Text a person typed or reads, in double quotes."""
    return f'"{text}"'


def plural(count: int, noun: str) -> str:
    """ "1 row", "3 rows"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def names(people: Sequence[str]) -> str:
    """ "Francis", "Francis and Zoë", "Francis, Zoë and Anne"."""
    if len(people) <= 1:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"


def _item(row: str, position: int) -> str:
    """A numbered row's text when its number is its position; else the row as shown."""
    found = _NUMBERED.match(row)
    if found and int(found.group(1)) == position:
        return found.group(2)
    return row


def compare_in_order(
    whose: str,
    expected: Sequence[str],
    shown: Sequence[str],
    noun: str = "row",
    *,
    quote: bool = True,
) -> Mismatch | None:
    """None if `shown` is `expected`; else a `Mismatch` that spells out, row
    by row, what differs: rows out of order, missing, extra or reading
    otherwise. `whose` names the thing ("Edith's list"); rows may be numbered
    ("2: Eggs"), and are then talked about by their text, in quotes unless
    they are descriptions already (`quote=False`: the "Log out" button)."""
    if list(expected) == list(shown):
        return None
    said = quoted if quote else str
    want = [_item(row, n) for n, row in enumerate(expected, start=1)]
    got = [_item(row, n) for n, row in enumerate(shown, start=1)]
    differences: list[str] = []
    rows: list[ComparedRow] = []
    for position in range(1, max(len(want), len(got)) + 1):
        one = want[position - 1] if position <= len(want) else None
        other = got[position - 1] if position <= len(got) else None
        rows.append(ComparedRow(one or "", other or "", one != other))
        if one == other:
            continue
        if other is None:
            differences.append(f"{noun} {position} should be {said(str(one))} but is missing")
        elif one is None:
            differences.append(f"{noun} {position}, {said(other)}, should not be there")
        else:
            differences.append(f"{noun} {position} should be {said(one)} but is {said(other)}")
    if Counter(want) == Counter(got):
        opening = f"{whose} is not in the expected order"
    elif not got:
        opening = f"{whose} is empty; it should have {plural(len(want), noun)}"
        differences = []
    else:
        opening = f"{whose} is not as expected"
    headline = opening + (": " + _listed(differences) if differences else "") + "."
    same = sum(1 for row in rows if not row.differs)
    if same == 1 and differences:
        headline += f" The other {noun} matches."
    elif same and differences:
        headline += f" The other {plural(same, noun)} match."
    return Mismatch(headline, Comparison(noun, tuple(rows)))


def compare_any_order(
    whose: str, expected: Sequence[str], shown: Sequence[str], noun: str = "list"
) -> Mismatch | None:
    """None if `shown` holds exactly `expected`, in any order; else a
    `Mismatch` naming what is missing and what should not be there."""
    missing = list((Counter(expected) - Counter(shown)).elements())
    extra = list((Counter(shown) - Counter(expected)).elements())
    if not missing and not extra:
        return None
    # A missing one and an extra one that read almost alike are one that
    # reads otherwise ("Plan the holidays" shown as "Plan the holiday").
    misread: list[tuple[str, str]] = []
    for text in list(missing):
        alike = difflib.get_close_matches(text, extra, n=1, cutoff=ALIKE)
        if alike:
            misread.append((text, alike[0]))
            missing.remove(text)
            extra.remove(alike[0])
    parts = [f"{quoted(text)} reads {quoted(shown_as)}" for text, shown_as in misread]
    parts += [f"{quoted(text)} is missing" for text in missing]
    parts += [f"{quoted(text)} should not be there" for text in extra]
    headline = f"{whose} are not as expected: {_listed(parts)}."
    read_as = dict(misread)
    rows = []
    for text in expected:
        if text in read_as:
            rows.append(ComparedRow(text, read_as[text], True))
        elif text in missing:
            rows.append(ComparedRow(text, "", True))
        else:
            rows.append(ComparedRow(text, text, False))
    rows += [ComparedRow("", text, True) for text in extra]
    return Mismatch(headline, Comparison(noun, tuple(rows)))


def _listed(differences: Sequence[str]) -> str:
    shown = list(differences[:MOST_DIFFERENCES])
    more = len(differences) - len(shown)
    text = "; ".join(shown)
    return text + (f"; and {more} more" if more else "")


@dataclass(frozen=True)
class Explanation:
    """A failed or broken step, told three ways: the headline for everyone,
    the comparison table, and the detail for developers."""

    kind: str  # "failure", "wording" (the feature's words) or "error" (the suite's own)
    headline: str
    comparison: Comparison | None = None
    #: Whose browser and where, how long it waited, what the site logged.
    details: tuple[str, ...] = ()
    #: Where the step is defined and the traceback: for developers only.
    trace: tuple[str, ...] = ()

    def with_notes(self, details: Sequence[str] = (), trace: Sequence[str] = ()) -> Explanation:
        """The same, with more details and trace lines (the step's source, say)."""
        return replace(self, details=(*self.details, *details), trace=(*trace, *self.trace))

    def text(self) -> str:
        """Everything, as plain text: headline, table, then the detail for
        developers (JUnit and behave's own formatters show this)."""
        parts = [self.headline]
        if self.comparison is not None:
            parts.append(self.comparison.text())
        below = [*self.details, *self.trace]
        if below:
            parts.append("For developers:\n" + "\n".join(f"  {line}" for line in below))
        return "\n".join(parts)


#: The heading over a suite error: not the product's fault.
SUITE_ERROR = "The test suite itself went wrong running this step, not the product: {reason}."


def explain(error: BaseException | None, message: str | None = None) -> Explanation:
    """How to tell a person about `error`, whatever raised it.

    A `Mismatch` (or a `WaitTimeout` over one) gives its headline; a
    `WordingProblem` is the feature's words; any other exception is the
    suite's own trouble, told as such, with its type and traceback for
    developers. `message` is behave's text, for an error behave made itself.
    """
    if error is None:
        return Explanation("error", SUITE_ERROR.format(reason=_first(message or "no reason given")))
    headline = getattr(error, "headline", None)
    details = tuple(getattr(error, "details", ()))
    comparison = getattr(error, "comparison", None)
    if isinstance(error, WordingProblem):
        return Explanation("wording", str(error))
    stack = tuple(_traceback(error))
    if headline:
        return Explanation("failure", headline, comparison, details, stack)
    if isinstance(error, AssertionError) and str(error):
        return Explanation("failure", _sentence(str(error)), None, details, stack)
    reason = f"{type(error).__name__}: {_first(str(error))}" if str(error) else type(error).__name__
    return Explanation("error", SUITE_ERROR.format(reason=reason), None, details, stack)


def _first(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""


def _sentence(text: str) -> str:
    first = _first(text)
    return first if first.endswith((".", "!", "?")) else first + "."


def _traceback(error: BaseException) -> list[str]:
    """The traceback, from the step's own code down, one frame a line."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"at {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames]
    return ["traceback:", *(f"  {line}" for line in lines)] if lines else []


#: What a headline must never hold, and what each is called: a product owner
#: reads it aloud, so no code, no addresses, no ids.
_NOT_IN_A_HEADLINE = (
    (re.compile(r"ASSERT|Traceback|Exception|Error:"), "a programmer's word"),
    (re.compile(r"[\[\]{}()<>]"), "a bracket"),
    (re.compile(r"(?<![\w’])'[^']*'"), "a string in single quotes, as Python prints it"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b|\b\w+\(|\b[a-z]+\.[a-z_]+\b"), "a function or module name"),
    (re.compile(r"https?://|/lists/"), "a web address"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-|\b[0-9a-f]{16,}\b"), "an id"),
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def headline_problems(headline: str) -> list[str]:
    """Why `headline` is not one a product owner can read aloud (none: it is).

    Text in double quotes is what a person typed or reads, and may hold
    anything but an email address outside quotes: people go by their names.
    """
    problems = [f"ends without a full stop: {headline!r}"] if not headline.endswith(".") else []
    unquoted = re.sub(r'"[^"]*"', '""', headline)
    for pattern, what in _NOT_IN_A_HEADLINE:
        found = pattern.search(unquoted)
        if found:
            problems.append(f"has {what}: {found.group(0)!r}")
    found = _EMAIL.search(unquoted)
    if found:
        problems.append(f"names someone by email, not by name: {found.group(0)!r}")
    return problems
