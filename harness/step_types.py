"""Parameter types for step patterns. Importing this module registers them.

`{who:Who}` matches how a step names an actor: "Edith", "Edith's", "she", "her",
"he", "his", "they", "their". The cast turns the word into an actor.
"""

import parse
from behave import register_type

from harness.cast import PRONOUNS

_WHO = r"[A-Z][a-z]+(?:'s)?|" + "|".join(sorted(PRONOUNS, key=len, reverse=True))


@parse.with_pattern(_WHO)
def parse_who(text: str) -> str:
    """Strip the possessive: "Edith's" names Edith."""
    return text.removesuffix("'s")


register_type(Who=parse_who)
