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

The parts: `candidates` (the catalogue's sentences), `scoring` (how close
each is), `wording` (what the writer is told), `choosing` (the Suggester,
which puts them together), `undefined_steps` (a run's undefined steps and
its JUnit files) and `figures` (`measure`: the figures of a set of near
misses, harness/testing/near_misses/, which the unit tests hold above
floors and `make bench` prints).
"""

from harness.authoring.suggestions.candidates import Sentence
from harness.authoring.suggestions.choosing import Suggester
from harness.authoring.suggestions.figures import Figures, measure
from harness.authoring.suggestions.undefined_steps import UndefinedSteps, annotate_junit
from harness.authoring.suggestions.wording import NOTHING_CLOSE, Suggestion

__all__ = [
    "NOTHING_CLOSE",
    "Figures",
    "Sentence",
    "Suggester",
    "Suggestion",
    "UndefinedSteps",
    "annotate_junit",
    "measure",
]
