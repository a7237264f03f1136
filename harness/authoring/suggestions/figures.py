"""How well "did you mean" does over a set of near misses: the share of the
intended steps suggested, and first, the unrelated sentences answered
"nothing close", and the opposites offered first."""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harness.authoring.suggestions.choosing import STEP_TYPES, Suggester

#: A near miss: (keyword, what was written, the step function meant or None
#: when nothing in the catalogue means it, its kind: near, negation,
#: opposite or unrelated).
Row = tuple[str, str, str | None, str]


@dataclass(frozen=True)
class Figures:
    """How "did you mean" did over a set of near misses."""

    rows: int
    #: Of the rows with a step meant, the share with it among the suggestions,
    #: and first.
    top3: float
    first: float
    #: Of the unrelated rows, the share answered "nothing close".
    unrelated_nothing_close: float
    #: Rows whose first suggestion says the opposite of what was written.
    inverted_first: int
    ms_per_suggestion: float
    #: One line for each row not answered as meant, for a failing test.
    misses: tuple[str, ...]


def measure(
    rows: Iterable[Row], suggester: Suggester | None = None, registry: Any = None
) -> Figures:
    """The figures for `rows` (see `Figures`), with the steps behave has
    loaded (`harness.authoring.catalogue.load_steps()` first). A suggested sentence
    counts for the step behave itself runs for it."""
    from behave.step_registry import registry as behave_registry

    registry = behave_registry if registry is None else registry
    suggester = Suggester.from_catalogue(registry) if suggester is None else suggester
    rows = list(rows)
    meant = firsts = wanted = unrelated = unrelated_right = inverted = 0
    misses = []
    spent = 0.0
    for keyword, written, intended, kind in rows:
        start = time.perf_counter()
        offered = suggester.suggest(keyword, written)
        spent += time.perf_counter() - start
        runs = [_runs(registry, sentence, keyword) for sentence in offered.sentences]
        if kind == "unrelated":
            unrelated += 1
            unrelated_right += offered.nothing_close
        if intended is None:
            right_first = offered.nothing_close
        else:
            wanted += 1
            meant += intended in runs
            right_first = runs[:1] == [intended]
            firsts += right_first
        if offered.sentences and _inverted(suggester, written, intended, offered.sentences[0]):
            inverted += 1
            misses.append(f"INVERTED {keyword} {written} -> {offered.sentences[0]}")
        elif not right_first:
            said = offered.sentences or (f"nothing close (opposite: {offered.opposite})",)
            misses.append(f"{keyword} {written} [{intended or 'nothing close'}] -> {said}")
    return Figures(
        rows=len(rows),
        top3=meant / wanted if wanted else 1.0,
        first=firsts / wanted if wanted else 1.0,
        unrelated_nothing_close=unrelated_right / unrelated if unrelated else 1.0,
        inverted_first=inverted,
        ms_per_suggestion=1000 * spent / len(rows) if rows else 0.0,
        misses=tuple(misses),
    )


def _runs(registry: Any, sentence: str, keyword: str) -> str | None:
    """The name of the step function behave runs for a suggested sentence."""
    from behave.model import Step

    said, _, text = sentence.partition(" ")
    step_type = said.lower() if said.lower() in STEP_TYPES else keyword.lower()
    match = registry.find_match(Step("<suggestion>", 1, said, step_type, text))
    return inspect.unwrap(match.func).__name__ if match else None


def _inverted(suggester: Suggester, written: str, intended: str | None, first: str) -> bool:
    """Whether a first suggestion says the opposite of what was written, or
    is the step that was meant turned round (its words, the other way)."""
    said = suggester.reading(first)
    if suggester.reading(written).opposed(said):
        return True
    example = suggester.example_of(intended) if intended else None
    if example is None:
        return False
    meant = suggester.reading(example)
    shared = set(meant.words) & set(said.words)
    return meant.opposed(said) and len(shared) * 2 >= len(set(meant.words))
