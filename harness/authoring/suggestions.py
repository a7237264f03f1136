""" "Did you mean": the documented sentences closest to a step nobody defined.

A product owner who writes `Given Edith is not logged in` should see `Given
Edith has logged out`, a sentence that exists and means what she wrote, not a
Python snippet, and never `Given Edith is logged in`. The candidates are the
step catalogue's own example sentences (every step function's docstring), so
a suggestion is always a sentence that runs.

How a sentence is chosen, in order of importance:

1. Meaning first. Each sentence is read (`harness.authoring.meaning`) for its content
   words, whether it says "not", and which way it points (logged in or out).
   A sentence that says the opposite of the written one is never offered;
   when the closest sentence of all is such an opposite, the answer is that
   the catalogue says only the opposite.
2. Close, or nothing. A sentence is close when the written one's content
   words are found in it (with rapidfuzz's ratio for misspellings) more than
   they are missing. A missing word the catalogue does not know at all
   ("invoice", "recipe") counts fully against; one it knows from other
   sentences, a third. When nothing is close, that is the answer: the places
   are never filled with whatever scores highest. Among close sentences, the
   score weighs how much of the written words each says, how much of it the
   written words say, their order, and quoted text, numbers and tables in
   the same places.
3. The writer's keyword first: a Then gets Then sentences before any Given
   or When (an And or But stands for the step type before it). A sentence
   that runs under the step type the And or But stands for is offered with
   the writer's And or But, whether it is suggested or is the only opposite.
4. The writer's words: each sentence is written out with the writer's
   people, pronouns, possessives, quoted text and numbers, with the verb form
   that fits ("they add"; `harness.authoring.their_words`). Nobody the writer did not
   name comes in: a sentence that needs someone else ("Francis opens
   Edith's list" for "Francis opens the list") is not offered, and one
   that says a person the writer left unsaid, as a pronoun ("the page she
   sees" for "the page has no accessibility problems"), comes after those
   whose people are all theirs. A quoted blank they gave no text for says
   `"…"`, never the catalogue's example text. A control's quoted label is
   what a person does when they click it ("clicks the "Log out" button" is
   "logs out"; `harness.authoring.meaning.unlabelled`).

`measure` gives the figures of a set of near misses (harness/testing/
near_misses.py): the unit tests hold them above floors, `make bench` prints
them.
"""

from __future__ import annotations

import inspect
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from harness.authoring.meaning import Reading, read, shape
from harness.authoring.their_words import Said, in_their_words
from harness.run.junit_notes import update_testcases

__all__ = [
    "Figures",
    "Sentence",
    "Suggester",
    "Suggestion",
    "UndefinedSteps",
    "annotate_junit",
    "measure",
    "shape",
]

#: How many suggestions a step gets, at most.
MOST = 3
#: Where a writer learns how to ask for a step the catalogue lacks.
NEW_STEP_DOC = "docs/writing-steps.md"
NOTHING_CLOSE = (
    f"no sentence in the catalogue is close: this needs a new step; see {NEW_STEP_DOC} "
    "for how to ask for one"
)
#: How far below the best a sentence may score and still be offered after it.
WINDOW = 0.25
#: How much better the closest opposite must score than the closest sentence
#: that means the same, for the answer to be that the catalogue says only the
#: opposite ("not offered a way to log in" is "offered a way to log in" turned
#: round, not "not offered a way to share the list").
MARGIN = 0.2
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
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
_STEP_TYPES = ("given", "when", "then")


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


@dataclass(frozen=True)
class Suggestion:
    """What to tell the writer of one undefined step."""

    step: str
    #: Complete sentences, best first, in the writer's own names and text;
    #: none when nothing in the catalogue is close.
    sentences: tuple[str, ...]
    #: The catalogue section of the best one (an anchor in docs/steps.md).
    section: str | None
    #: When nothing is close but the catalogue says the opposite, that
    #: sentence: in the writer's words, with their keyword where it runs
    #: under it, like a suggestion.
    opposite: str | None = None

    @property
    def nothing_close(self) -> bool:
        """Whether the answer is that no documented sentence is close."""
        return not self.sentences

    def lines(self) -> list[str]:
        """The suggestion as the console, the report and JUnit show it."""
        if self.opposite:
            return [
                f'no sentence in the catalogue says this, only its opposite: "{self.opposite}"; '
                f"this needs a new step; see {NEW_STEP_DOC} for how to ask for one"
            ]
        if not self.sentences:
            return [NOTHING_CLOSE]
        where = f"docs/steps.md#{self.section}" if self.section else "docs/steps.md"
        return ["did you mean:", *(f"  {s}" for s in self.sentences), f"all the sentences: {where}"]


@dataclass(frozen=True)
class _Scored:
    score: float
    index: int
    opposed: bool
    #: The sentence in the writer's words, once it is written out.
    said: Said | None = None

    @property
    def fits(self) -> bool:
        """Whether every person it names is one the writer named."""
        return self.said is None or self.said.fits


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
        self._words = [frozenset(reading.words) for reading in self._readings]
        self._vocabulary = sorted(set().union(*self._words)) if self._words else []
        #: In how many sentences each word is.
        self._frequency = Counter(word for words in self._words for word in words)

    @classmethod
    def from_catalogue(cls, registry: Any = None) -> Suggester:
        """Every example sentence of the steps behave has loaded."""
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
        return cls(sentences)

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
        if keyword.lower() in _STEP_TYPES:
            step_type = keyword.lower()
        step = f"{keyword} {text}"
        written = self.reading(text)
        scored = self._score(written, step_type)
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
        offered: list[_Scored] = []
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
        self, opposed: list[_Scored], text: str, keyword: str, step_type: str | None
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

    def _in_their_words(self, candidate: _Scored, written: str) -> _Scored:
        """The candidate with its sentence said in the writer's words."""
        sentence = self._sentences[candidate.index]
        return replace(candidate, said=_said(sentence, written, self._terms))

    def _written_out(self, candidate: _Scored, keyword: str, step_type: str | None) -> str:
        """A sentence as it is offered, keyword first: the writer's keyword
        where the sentence runs under it (an And after a Given, for a
        Given), else the sentence's own. The same for a sentence suggested
        and for the only opposite the catalogue has."""
        sentence = self._sentences[candidate.index]
        said = keyword if sentence.keyword.lower() == step_type else sentence.keyword
        text = candidate.said.text if candidate.said else sentence.text
        return f"{said} {text}"

    def _score(self, written: Reading, step_type: str | None) -> list[_Scored]:
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
            if self._sentences[index].keyword.lower() == step_type:
                score += KEYWORD_BONUS
            scored.append(_Scored(score, index, written.opposed(reading)))
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


def _said(sentence: Sentence, written: str, terms: frozenset[str]) -> Said:
    """A documented sentence in the writer's words, without its keyword."""
    values = dict(sentence.values)
    return in_their_words(sentence.phrase, sentence.text, values, written, terms)


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


# -- A run's undefined steps -----------------------------------------------------


class UndefinedSteps:
    """A run's undefined steps and what it suggested for them. The suggester
    is built from the run's step registry the first time a step turns out
    undefined: a run with none never pays for it."""

    def __init__(self, registry: Any) -> None:
        self._registry = registry
        self._suggester: Suggester | None = None
        #: Suggestions by (feature name, scenario name), for JUnit at the end.
        self.offered: dict[tuple[str, str], list[Suggestion]] = {}

    def suggest(self, feature: str, scenario: str, step: Any) -> Suggestion:
        """Suggestions for behave's undefined `step`, remembered for JUnit."""
        if self._suggester is None:
            self._suggester = Suggester.from_catalogue(self._registry)
        suggestion = self._suggester.suggest(step.keyword, step.name, step.step_type)
        self.offered.setdefault((feature, scenario), []).append(suggestion)
        return suggestion


def annotate_junit(folder: Path, undefined: dict[tuple[str, str], list[Suggestion]]) -> None:
    """Tell, in the JUnit files in `folder`, which step of a scenario was
    undefined and what it might have been: behave writes only
    `<error type="NoneType" message="None">` there. `undefined` is keyed by
    (feature name, scenario name)."""

    def tell(where: tuple[str, str], case: ElementTree.Element) -> bool:
        offered = undefined.get(where)
        # (An Element without children is false: compare with None.)
        problem = case.find("error")
        problem = case.find("failure") if problem is None else problem
        if not offered or problem is None:
            return False
        problem.set("type", "undefined")
        problem.set(
            "message",
            "; ".join(
                f"Undefined Step: {s.step}: " + " | ".join(line.strip() for line in s.lines())
                for s in offered
            ),
        )
        return True

    if undefined:
        update_testcases(folder, tell, {feature for feature, _ in undefined})


# -- How well it does ------------------------------------------------------------

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
    step_type = said.lower() if said.lower() in _STEP_TYPES else keyword.lower()
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
