"""What the writer of an undefined step is told: the suggestion itself, and
each sentence written out in their words with their keyword."""

from __future__ import annotations

from dataclasses import dataclass

from harness.authoring.suggestions.candidates import Sentence
from harness.authoring.their_words import Said, in_their_words

#: Where a writer learns how to ask for a step the catalogue lacks.
NEW_STEP_DOC = "docs/writing-steps.md"
NOTHING_CLOSE = (
    f"no sentence in the catalogue is close: this needs a new step; see {NEW_STEP_DOC} "
    "for how to ask for one"
)
#: How far below the best a sentence may score and still be offered after it.


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


def said_in_their_words(sentence: Sentence, written: str, terms: frozenset[str]) -> Said:
    """A documented sentence in the writer's words, without its keyword."""
    values = dict(sentence.values)
    return in_their_words(sentence.phrase, sentence.text, values, written, terms)


def written_out(sentence: Sentence, said: Said | None, keyword: str, step_type: str | None) -> str:
    """A sentence as it is offered, keyword first: the writer's keyword
    where the sentence runs under it (an And after a Given, for a
    Given), else the sentence's own. The same for a sentence suggested
    and for the only opposite the catalogue has."""
    shown = keyword if sentence.keyword.lower() == step_type else sentence.keyword
    text = said.text if said else sentence.text
    return f"{shown} {text}"
