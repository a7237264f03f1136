"""Step decorators that let one step read well with "she" and with "they".

behave matches whole sentences, so "Edith adds" and "they add" need two
patterns. Write the choice once, in square brackets:

    @when('{who:Who} [adds/add] "{text}" to the list')

registers `{who:Who} adds "{text}" to the list` and `{who:Who} add "{text}" to
the list`. Several brackets register every combination. The step catalogue
(`python -m harness.authoring.catalogue`) shows the bracketed phrase once.

Importing this module also registers the `{who:Who}` type.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import behave

import harness.people.step_types  # noqa: F401 - registers {who:Who}

F = TypeVar("F", bound=Callable[..., Any])

_CHOICE = re.compile(r"\[([^\[\]]+)\]")

#: Attribute on a step function: the (keyword, bracketed phrase) pairs it was
#: registered under, for the catalogue.
PHRASES_ATTRIBUTE = "step_phrases"


def phrasings(phrase: str) -> list[str]:
    """Every pattern a bracketed phrase stands for, first choices first."""
    pieces = _CHOICE.split(phrase)  # literal, choices, literal, choices, ...
    options = [piece.split("/") if index % 2 else [piece] for index, piece in enumerate(pieces)]
    return ["".join(combination) for combination in itertools.product(*options)]


def _register(keyword: str, behave_decorator: Callable[[str], Callable[[F], F]]) -> Any:
    def with_phrase(phrase: str) -> Callable[[F], F]:
        def decorate(func: F) -> F:
            for pattern in phrasings(phrase):
                behave_decorator(pattern)(func)
            phrases = getattr(func, PHRASES_ATTRIBUTE, [])
            setattr(func, PHRASES_ATTRIBUTE, [(keyword, phrase), *phrases])
            return func

        return decorate

    with_phrase.__name__ = keyword
    with_phrase.__doc__ = f"Register a {keyword.title()} step under every phrasing of `phrase`."
    return with_phrase


given = _register("Given", behave.given)
when = _register("When", behave.when)
then = _register("Then", behave.then)
