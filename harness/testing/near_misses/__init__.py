"""Sentences product owners write that no step defines, and what each meant.

Each row is (keyword, what they wrote, the step function they meant, kind);
the step is None where nothing in the catalogue means it, and "did you mean"
should say so. Kinds:

- "near": the catalogue has it, in other words or misspelt;
- "negation": it says "not" (or hides, disappears...), so a sentence that
  says the opposite must never come first;
- "opposite": it is the other side of a sentence the catalogue has (logged
  in, logged out; adds, removes);
- "unrelated": nothing in superlists, though a word or two may be the
  catalogue's.

`harness.authoring.suggestions.measure` turns them into the figures the tests hold
above their floors and `make bench` prints. They are written as people
write, not to suit the rules: a held-out set written by others checks the
same figures. The first list came first; MORE_NEAR_MISSES were written
afterwards, in batches, each tried on the rules before it joined the set, so
that rules built from one batch were tried on sentences they had not seen.

The sets, in the order NEAR_MISSES joins them: `first_set`, `later_batches`
(MORE_NEAR_MISSES) and `their_own_people` (THEIR_OWN_PEOPLE).
"""

from harness.testing.near_misses.first_set import FIRST_NEAR_MISSES
from harness.testing.near_misses.later_batches import MORE_NEAR_MISSES
from harness.testing.near_misses.row import Row
from harness.testing.near_misses.their_own_people import THEIR_OWN_PEOPLE

NEAR_MISSES: list[Row] = [*FIRST_NEAR_MISSES, *MORE_NEAR_MISSES, *THEIR_OWN_PEOPLE]

__all__ = ["FIRST_NEAR_MISSES", "MORE_NEAR_MISSES", "NEAR_MISSES", "THEIR_OWN_PEOPLE", "Row"]
