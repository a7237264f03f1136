"""Parameter types for step patterns. Importing this module registers them.

`{who:Who}` matches how a step names a person: a name ("Edith", "Zoë",
"Anne-Marie"), its possessive ("Edith's", "James's", "James'"), or a pronoun
("she", "her", "he", "his", "they", "their", "herself"...). The cast turns the
word into a person.
"""

import re

import parse
from behave import register_type

from harness.people import NAME_PATTERN, PRONOUNS

_PRONOUN = "|".join(sorted(PRONOUNS, key=len, reverse=True))
_WHO = rf"(?:{NAME_PATTERN})(?:['’]s?)?|{_PRONOUN}"
_POSSESSIVE = re.compile(r"['’]s?\Z")


@parse.with_pattern(_WHO)
def parse_who(text: str) -> str:
    """Strip the possessive: "Edith's" and "James'" name Edith and James."""
    return _POSSESSIVE.sub("", text)


register_type(Who=parse_who)
