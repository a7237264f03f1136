"""How close a catalogue sentence is to a written step: content words found
(misspellings too) against words missing, then a score from 0 to about 1 that
weighs recall, precision, word order, the surface words and the same kinds
of blanks. The reasons for each weight are beside it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from harness.authoring.meaning import Reading
from harness.authoring.their_words import Said

#: What a sentence of the writer's own step type gains: a When is likelier
#: meant by a When.
KEYWORD_BONUS = 0.1
#: How much of each other two sentences must say at least (the share of the
#: written words one says times the share of its words the written says):
#: "opens the window" has only "window" in common with "the item box is
#: centred in her window".
COVERED = 0.2
#: The least a written word the catalogue has elsewhere, but not in this
#: sentence, counts against it (a word it has nowhere counts 1).
KNOWN = 1 / 3
#: Catalogue words that make a sentence another story: one the writer did
#: not say costs UNSAID, one they said too earns half of it.
MARKED = frozenset({"invalid", "empty", "again"})
UNSAID = 0.25
#: Words that are not the same but close, and how close (0-1): an error may
#: be a warning or something a person is told.
RELATED = {"told": {"warn": 0.7}, "warn": {"told": 0.7}}
#: rapidfuzz ratio from which a word of five letters or more reads as a
#: misspelling of a catalogue word ("recieve", "sharred").
SPELLING = 80.0


@dataclass(frozen=True)
class Scored:
    """One catalogue sentence's score for a written step, by its index."""

    score: float
    index: int
    opposed: bool
    #: The sentence in the writer's words, once it is written out.
    said: Said | None = None

    @property
    def fits(self) -> bool:
        """Whether every person it names is one the writer named."""
        return self.said is None or self.said.fits


class Scorer:
    """The catalogue's sentences as scoring compares them: their readings,
    their words, and in how many sentences each word is."""

    def __init__(self, readings: Sequence[Reading], keywords: Sequence[str]) -> None:
        self._readings = list(readings)
        #: Each sentence's step type (given, when or then).
        self._keywords = [keyword.lower() for keyword in keywords]
        self._words = [frozenset(reading.words) for reading in self._readings]
        self._vocabulary = sorted(set().union(*self._words)) if self._words else []
        #: In how many sentences each word is.
        self._frequency = Counter(word for words in self._words for word in words)

    def score(self, written: Reading, step_type: str | None) -> list[Scored]:
        """Every close catalogue sentence, scored from 0 to about 1."""
        words = list(dict.fromkeys(written.words))
        if not words:
            return []
        # Each written word's near words in the catalogue, 0-1 ("sharred" is
        # near "shar"); short words only as they are.
        near: dict[str, dict[str, float]] = {}
        for word in words:
            cutoff = SPELLING if len(word) >= 5 else 100.0
            alike = process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            near[word] = {choice: score / 100 for choice, score, _ in alike}
            for other, likeness in RELATED.get(word, {}).items():
                near[word][other] = max(near[word].get(other, 0.0), likeness)
        # What a written word missing from a sentence counts against it: a
        # word the catalogue has nowhere, 1 (it is about something else); one
        # it has in many sentences, KNOWN (it may be said another way here);
        # one it has in a single sentence, nearly 1 ("window" is a window).
        known = {
            word: min((KNOWN + (1 - KNOWN) / self._frequency[v] for v in near[word]), default=1.0)
            for word in words
        }
        scored = []
        for index, (reading, theirs) in enumerate(zip(self._readings, self._words, strict=True)):
            found = 0.0
            against = 0.0
            said = 0.0  # how much of the written words counts here
            for word in words:
                best = max((near[word].get(their, 0.0) for their in theirs), default=0.0)
                if best == 0.0 and word in written.naming and (reading.quotes or reading.table):
                    continue  # "the item "Buy eggs"" where the quote has a place
                weight = 0.5 if word in written.passing else 1.0
                found += weight * best
                said += weight
                if best == 0.0:
                    against += weight * known[word]
            if written.quotes > reading.quotes and not reading.table:
                # The writer's own text, with nowhere to go in this sentence.
                against += 0.5
            if found == 0.0 or found <= against:
                continue
            recall = found / said
            covered = sum(
                max((near[word].get(their, 0.0) for word in words), default=0.0) for their in theirs
            )
            precision = covered / len(theirs) if theirs else 0.0
            if recall * precision < COVERED:
                continue  # one word in common, in a sentence about other things
            order = Indel.normalized_similarity(written.shape, reading.shape)
            surface = fuzz.token_set_ratio(written.surface, reading.surface) / 100
            score = 0.5 * recall + 0.3 * precision + 0.15 * order + 0.1 * surface
            score += _fit(written, reading)
            # "an invalid login link", "an empty item", "again": words that
            # make it another story, which the writer must have told
            for marked in MARKED & set(reading.shape):
                score += UNSAID / 2 if marked in written.shape else -UNSAID
            if self._keywords[index] == step_type:
                score += KEYWORD_BONUS
            scored.append(Scored(score, index, written.opposed(reading)))
        return scored


def _fit(written: Reading, reading: Reading) -> float:
    """A little for the same kinds of blanks: quoted text, a number, a table."""
    fit = 0.0
    if written.quotes:
        fit += 0.05 if reading.quotes or reading.table else -0.05
    if written.numbers:
        fit += 0.05 if reading.numbers else -0.05
    fit += 0.03 if written.table == reading.table else -0.03
    return fit
