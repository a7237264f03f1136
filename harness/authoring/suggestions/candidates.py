"""The candidates for "did you mean": every example sentence of the step
catalogue, with the bracketed phrase it is written in and the values its
fields take there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """A documented sentence: its keyword, its text, the bracketed phrase it
    is an example of, the catalogue section that lists it, the step function
    it runs, and the values it gives the phrase's fields, by name."""

    keyword: str
    text: str
    phrase: str
    section: str
    function: str = ""
    values: tuple[tuple[str, str], ...] = ()


def catalogue_sentences(registry: Any = None) -> list[Sentence]:
    """Every example sentence of the steps behave has loaded (of `registry`'s
    steps, when given)."""
    from harness.authoring import catalogue

    topics, _ = catalogue.collect() if registry is None else catalogue.collect(registry)
    sentences = []
    for topic in topics:
        for entry in topic.entries:
            for example in entry.examples:
                phrase, values = _phrase_of(entry, example)
                sentences.append(
                    Sentence(
                        example.keyword,
                        example.step.name,
                        phrase,
                        catalogue.slug(topic.title),
                        entry.func.__name__,
                        values,
                    )
                )
    return sentences


def _phrase_of(entry: Any, example: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The bracketed phrase an example is written in, and the values its
    fields take there, by name (from behave's own match)."""
    from harness.people.phrasing import phrasings

    for keyword, phrase in entry.phrases:
        if keyword.lower() not in (example.keyword.lower(), "step"):
            continue
        patterns = set(phrasings(phrase)) | {phrase}
        for matcher in entry.matchers:
            if matcher.pattern not in patterns:
                continue
            match = matcher.match(example.step.name)
            if match is not None:
                arguments = match.arguments or ()
                return phrase, tuple((str(a.name), str(a.original)) for a in arguments)
    return (entry.phrases[0][1] if entry.phrases else example.step.name), ()
