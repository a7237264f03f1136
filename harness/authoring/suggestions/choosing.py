"""The Suggester: from the scored catalogue sentences, the ones to offer for
an undefined step (the same meaning, the writer's keyword first, each in the
writer's words), or the only opposite the catalogue has, or nothing close."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from harness.authoring.meaning import Reading, read
from harness.authoring.suggestions.candidates import Sentence, catalogue_sentences
from harness.authoring.suggestions.scoring import Scored, Scorer
from harness.authoring.suggestions.wording import Suggestion, said_in_their_words, written_out

#: How many suggestions a step gets, at most.
MOST = 3
#: How far below the best a sentence may score and still be offered after it.
WINDOW = 0.25
#: How much better the closest opposite must score than the closest sentence
#: that means the same, for the answer to be that the catalogue says only the
#: opposite ("not offered a way to log in" is "offered a way to log in" turned
#: round, not "not offered a way to share the list").
MARGIN = 0.2
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
#: The step types a keyword names (an And or But names none of its own).
STEP_TYPES = ("given", "when", "then")


class Suggester:
    """The catalogue's sentences, ready to be compared with undefined steps."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = list(sentences)
        #: Capitalised words the phrases themselves use ("My lists"): never people.
        self._terms = frozenset(
            word
            for sentence in self._sentences
            for word in _WORD.findall(re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", sentence.phrase))
            if word[:1].isupper()
        )
        self._readings = [read(sentence.text, self._terms) for sentence in self._sentences]
        self._scorer = Scorer(self._readings, [sentence.keyword for sentence in self._sentences])

    @classmethod
    def from_catalogue(cls, registry: Any = None) -> Suggester:
        """Every example sentence of the steps behave has loaded."""
        return cls(catalogue_sentences(registry))

    def reading(self, text: str) -> Reading:
        """How a sentence reads here (the catalogue's own words are no people)."""
        return read(text, self._terms)

    def example_of(self, function: str) -> str | None:
        """The first documented sentence of a step function, keyword included."""
        for sentence in self._sentences:
            if sentence.function == function:
                return f"{sentence.keyword} {sentence.text}"
        return None

    def suggest(self, keyword: str, text: str, step_type: str | None = None) -> Suggestion:
        """Up to `MOST` sentences for the undefined step `keyword text`;
        `step_type` is what an And or But stands for there (given/when/then)."""
        keyword = keyword.strip()
        if keyword.lower() in STEP_TYPES:
            step_type = keyword.lower()
        step = f"{keyword} {text}"
        written = self.reading(text)
        scored = self._scorer.score(written, step_type)
        same = [s for s in scored if not s.opposed]
        opposed = [s for s in scored if s.opposed]
        best_same = max(same, key=lambda s: s.score, default=None)
        best_opposed = max(opposed, key=lambda s: s.score, default=None)
        if best_same is None or (
            best_opposed is not None and best_opposed.score - best_same.score > MARGIN
        ):
            return Suggestion(step, (), None, self._opposite(opposed, text, keyword, step_type))
        # The writer's keyword first, each kind near its own best. Each
        # sentence in the writer's words: one that needs someone they never
        # named is left out; those whose people are all the writer's come
        # before those that say a person the writer left unsaid; then the
        # score.
        ours = [s for s in same if self._sentences[s.index].keyword.lower() == step_type]
        others = [s for s in same if s not in ours]
        offered: list[Scored] = []
        for group in (ours, others):
            best = max((s.score for s in group), default=0.0)
            near = [self._in_their_words(s, text) for s in group if s.score >= best - WINDOW]
            offered += sorted(
                (s for s in near if s.said is not None and s.said.honest),
                key=lambda s: (not s.fits, -s.score),
            )
        chosen: list[str] = []
        runs: set[tuple[str, str]] = set()
        section = None
        for candidate in offered:
            sentence = self._sentences[candidate.index]
            kind = sentence.keyword.lower()
            if sentence.function and (sentence.function, kind) in runs:
                continue  # one sentence per step: three ways to say one thing help nobody
            rewritten = self._written_out(candidate, keyword, step_type)
            if rewritten in chosen:
                continue
            chosen.append(rewritten)
            runs.add((sentence.function, kind))
            section = section or sentence.section
            if len(chosen) == MOST:
                break
        return Suggestion(step, tuple(chosen), section)

    def _opposite(
        self, opposed: list[Scored], text: str, keyword: str, step_type: str | None
    ) -> str | None:
        """The opposite to name when the catalogue says only the opposite:
        the closest, in the writer's words; one that needs someone they
        never named is passed over for the next closest within `WINDOW`
        (it says what the catalogue has, so closeness comes before whose
        people are all theirs). If every one needs someone else, the
        closest as the catalogue says it, which is what it has."""
        best = max((s.score for s in opposed), default=None)
        if best is None:
            return None
        near = [self._in_their_words(s, text) for s in opposed if s.score >= best - WINDOW]
        honest = [s for s in near if s.said is not None and s.said.honest]
        if honest:
            chosen = min(honest, key=lambda s: (-s.score, not s.fits))
        else:
            chosen = max(opposed, key=lambda s: s.score)
        return self._written_out(chosen, keyword, step_type)

    def _in_their_words(self, candidate: Scored, written: str) -> Scored:
        """The candidate with its sentence said in the writer's words."""
        sentence = self._sentences[candidate.index]
        return replace(candidate, said=said_in_their_words(sentence, written, self._terms))

    def _written_out(self, candidate: Scored, keyword: str, step_type: str | None) -> str:
        """The candidate's sentence as it is offered (`written_out`)."""
        return written_out(self._sentences[candidate.index], candidate.said, keyword, step_type)
