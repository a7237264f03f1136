"""Checking the examples: each must reach its own step function through
behave's registry, and each phrase needs an example with its keyword."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from behave.step_registry import registry as behave_registry

from harness.authoring.catalogue.entries import ANY_KEYWORD, Entry, Example, Topic, position
from harness.people.phrasing import phrasings


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
            path, line = position(match.func)
            problems.append(
                f"{entry.name}: the example runs {path}:{line} ({match.func.__name__}) "
                f"instead: {example.sentence}"
            )
        else:
            reaching.append(example)
    for keyword, phrase in entry.phrases:
        if not examples_of(entry, keyword, phrase, reaching):
            problems.append(f"{entry.name}: no {keyword} example for the phrase: {phrase}")
    return problems


def examples_of(
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
