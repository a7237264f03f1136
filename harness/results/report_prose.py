"""What the report says in words rather than code: descriptions set as
prose, why a scenario was skipped, and no timings or source paths unless a
developer asked for them (`-D detail=developer`)."""

from __future__ import annotations

import re
from typing import Any

#: A description line that starts a list item keeps its own line.
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])(?:\s|$)")
#: What the formatter writes beside every step and scenario: times, and a
#: step's Python source (emptied unless a developer asked for it).
_TIMINGS = re.compile(
    r'<div class="step-duration">\([0-9.]+s\)</div>'
    r'|<div class="scenario-duration">Scenario duration: [0-9.]+s</div>'
    r'|<span class="flex-left-space"></span>'
)


def reflow(lines: list[str] | str) -> str:
    """A description as paragraphs: the lines of a paragraph joined into one,
    paragraphs apart by a blank line, list items on lines of their own."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        text = line.strip()
        if not text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        current = paragraphs[-1]
        if current and not _LIST_ITEM.match(line) and not _own_line(current[-1], text):
            current[-1] = f"{current[-1]} {text}"
        else:
            current.append(text)
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _own_line(before: str, text: str) -> bool:
    """Whether `text` starts a line of its own after `before`: a capital after a
    line with no closing punctuation, as in a user story's "As a …" / "I want …"
    / "So that …" lines."""
    return text[:1].isupper() and not before.endswith((".", ",", ";", ":", "!", "?", "-", "—"))


def without_timings(page: str) -> str:
    """`page` without the formatter's step and scenario durations (and the
    empty place of a step's source): noise to a product owner."""
    return _TIMINGS.sub("", page)


def punctuated_counts(page: str) -> str:
    """The formatter's "2 passed, 0 failed, 1 skipped. 0 undefined," set right:
    a comma after skipped, the full stop at the end."""
    page = re.sub(r"(\d+ skipped)\.</label>", r"\1, </label>", page)
    return re.sub(r"(\d+ undefined), </label>", r"\1.</label>", page)


def skip_reason(scenario: Any, config: Any) -> str:
    """Why behave's `scenario` did not run, in a reader's words."""
    given = getattr(scenario, "skip_reason", None)
    if given:
        return str(given)
    tags = set(scenario.effective_tags)
    expression = getattr(config, "tag_expression", None)
    selected = expression is None or scenario.should_run_with_tags(expression)
    if "wip" in tags and not selected:
        return (
            "work in progress (@wip): left out of every run that does not ask for it (--tags=@wip)"
        )
    if not selected:
        asked = " and ".join(str(t) for t in (getattr(config, "tags", None) or [])) or str(
            expression
        )
        return f"not among the scenarios this run asked for (tags: {asked})"
    return "not run: the run ended before it (or stopped at a failure)"


def described(scenario: Any, text: str) -> Any:
    """behave's `scenario`, but with `text` as its description (the formatter
    reads the description at the end, from behave's own object)."""
    return _Described(scenario, text)


class _Described:
    def __init__(self, scenario: Any, text: str) -> None:
        self._scenario = scenario
        self.description = [text] if text else []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._scenario, name)
