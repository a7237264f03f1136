"""Parameter types for step patterns. Importing this module registers them.

`{who:Who}` matches how a step names a person: a name ("Edith", "Zoë",
"Anne-Marie"), its possessive ("Edith's", "James's", "James'"), or a pronoun
("she", "her", "he", "his", "they", "their", "herself"...). The cast turns the
word into a person.

`"{text:Quoted}"` matches what a person writes between quotes, nothing at all
included: `started a list with ""` is a step the site then answers (it
refuses an empty item), not an undefined one.
"""

import re

import parse
from behave import register_type

from harness.people.personas import NAME_PATTERN, PRONOUNS

_PRONOUN = "|".join(sorted(PRONOUNS, key=len, reverse=True))
_WHO = rf"(?:{NAME_PATTERN})(?:['’]s?)?|{_PRONOUN}"
_POSSESSIVE = re.compile(r"['’]s?\Z")


@parse.with_pattern(_WHO)
def parse_who(text: str) -> str:
    """Strip the possessive: "Edith's" and "James'" name Edith and James."""
    return _POSSESSIVE.sub("", text)


@parse.with_pattern(r".*")
def parse_quoted(text: str) -> str:
    """Quoted text as written, quotes inside it included, possibly empty."""
    return text


register_type(Who=parse_who, Quoted=parse_quoted)
