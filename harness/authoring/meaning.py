"""What a step sentence says, as "did you mean" compares it: its content
words, and whether it says something or its opposite.

`read("she is not signed in anymore")` gives the content words (`log`), no
negation, and the direction `log: out`: "not signed in" is read as "logged
out", so it meets the catalogue's "has logged out" and never its "is logged
in". People, pronouns, quoted text and numbers stand as placeholders; small
words are left out; words are lower-cased, cut to a stem, and a person's
everyday word is read as the catalogue's (create/start, sign in/log in,
shows/reads).

Two readings disagree (`opposed`) when one is negative and the other not
("does not see" against "sees"), or when they point opposite ways on the
same axis (logged in against logged out, "has accessibility problems"
against "has none"). The rules are general, word by word; no sentence is
known by heart, so sentences nobody has written yet are read the same way.
The word lists themselves are in `harness.authoring.meaning_words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from harness.authoring.meaning_words import (
    ANTONYM_STEMS,
    AXES,
    LIGHT,
    NEGATIONS,
    NOT_PEOPLE,
    PASSING,
    PHRASE_PATTERNS,
    SMALL_WORDS,
    TURNABLE,
    word_stem,
)
from harness.people.personas import PRONOUNS, is_name

#: Placeholders in a reading's shape.
SOMEONE, TEXT, NUMBER = "«someone»", "«text»", "«n»"

#: The other end of each axis, for a negation that turns a word round.
_OTHER_END = {"in": "out", "out": "in", "some": "none", "none": "some"}
#: How many words back a "not" may stand and still turn an axis word round
#: ("is not logged in", "has no accessibility problems").
_REACH = 2

#: A control a person works on the page ("clicks the "Log out" button"): its
#: label is what they do, so "When she clicks the "Log out" button" is "When
#: she logs out". The label's words are read as the sentence's own words; a
#: label is never the writer's text for a quoted blank. Any verb of working a
#: control, any label: no label is known by heart.
_PRESSING = (
    r"(?:click|press|tap|hit|push|select|choos|chose|follow|activat|us)"
    r"(?:e|es|ed|s|ing|ped|ping|ting)?"
)
_CONTROL = r"(?:button|link|menu item|menu entry|icon|option|control)s?"
_LABEL = r"[\"“]([^\"“”]*)[\"”]"
_PRESSED = re.compile(
    rf"\b{_PRESSING}(?: on)? (?:(?:the|a|an|her|his|their|its) )?{_LABEL} {_CONTROL}\b",
    re.IGNORECASE,
)

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
_KEYWORDS = frozenset({"given", "when", "then", "and", "but"})
_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve twenty "
    "thirty forty fifty hundred".split()
)


@dataclass(frozen=True)
class Reading:
    """A sentence as "did you mean" compares it."""

    #: Content words, stemmed and in the catalogue's words, in order.
    words: tuple[str, ...]
    #: The words with the placeholders of people, quotes and numbers, in order.
    shape: tuple[str, ...]
    #: Whether it says "not" (an odd number of times, antonyms included).
    negative: bool
    #: The axes it points along: {"log": "out"}.
    axes: dict[str, str] = field(default_factory=dict)
    #: How many quoted texts and numbers it has, and whether a table follows.
    quotes: int = 0
    numbers: int = 0
    table: bool = False
    #: Words naming a quoted text or a table ("the item "Buy eggs"", "these items:").
    naming: frozenset[str] = frozenset()
    #: Words said only in passing, which count half: "login" in "a login link".
    passing: frozenset[str] = frozenset()
    #: The words as written, lower-cased, people and small words left out:
    #: "lists" is not "list" here.
    surface: str = ""

    def opposed(self, other: Reading) -> bool:
        """Whether the two say opposite things: one negative, or pointing
        the other way on an axis both are on."""
        if self.negative != other.negative:
            return True
        return any(other.axes.get(axis, end) != end for axis, end in self.axes.items())


def is_person(word: str, terms: frozenset[str] = frozenset()) -> bool:
    """Whether a word of a step names a person: a pronoun, or a capitalised
    name that is not one of the product's own `terms` ("My"), an all-capital
    word (HTTP, VAT, URL) or a capitalised small word ("The", "Nobody")."""
    bare = re.sub(r"['’]s?$", "", word)
    if bare.lower() in PRONOUNS:
        return True
    if not bare or bare in terms or bare.lower() in NOT_PEOPLE:
        return False
    if len(bare) > 1 and bare.replace("-", "").isupper():
        return False
    return is_name(bare)


def unlabelled(sentence: str) -> str:
    """The sentence with the quoted label of each control a person works
    said as plain words: clicking, pressing, tapping or using `the "Log out"
    button` (or link) is doing what its label says, "log out". Other quoted
    text is the writer's own, and stays quoted: `adds "Click cows" to the
    list`, `sees the "Log out" button`."""
    return _PRESSED.sub(lambda match: f" {match.group(1).lower()} ", sentence)


def read(sentence: str, terms: frozenset[str] = frozenset()) -> Reading:
    """The reading of one step sentence (with or without its keyword);
    `terms` are capitalised words that are the product's, not people. A
    control's quoted label is read as words (`unlabelled`)."""
    text = unlabelled(sentence).strip()
    table = text.endswith(":")
    quotes = len(_QUOTED.findall(text))
    text = _QUOTED.sub(" QUOTEDTEXT ", text)
    words = _WORD.findall(text)
    if words and words[0].lower() in _KEYWORDS:
        words = words[1:]
    marked = []
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        if word == "QUOTEDTEXT":
            marked.append("qqtext")
        elif word in terms and position < len(words):
            # the product's own name for a thing ("My lists") is one word
            marked.append((word + words[position]).lower())
            position += 1
        elif is_person(word, terms):
            marked.append("qqsomeone")
        else:
            marked.append(word.lower().replace("’", "'"))
    lowered = " " + " ".join(marked) + " "
    surface = " ".join(
        word for word in marked if word not in SMALL_WORDS and not word.startswith("qq")
    )
    for pattern, replacement in PHRASE_PATTERNS:
        lowered = pattern.sub(replacement, lowered)
    return replace(_reading(lowered.split(), quotes, table), surface=surface)


def _reading(words: list[str], quotes: int, table: bool) -> Reading:
    shape: list[str] = []
    numbers = 0
    negations: list[int] = []  # positions in `shape` of each "not" not yet used up
    flips = 0
    axes: dict[str, str] = {}
    said: set[str] = set()  # axis words said as verbs
    passing: set[str] = set()
    placeholders = {"qqtext": TEXT, "qqsomeone": SOMEONE}
    for raw in words:
        for word in raw.replace("-", " ").split():
            word = word.strip("'")
            if word in placeholders:
                shape.append(placeholders[word])
                continue
            if word.isdigit() or word in _NUMBER_WORDS:
                numbers += 1
                shape.append(NUMBER)
                continue
            if word in NEGATIONS:
                negations.append(len(shape))
                continue
            if not word or word in SMALL_WORDS or word in _KEYWORDS:
                continue
            stem = word_stem(word)
            key = word if word in AXES else stem
            if key in AXES:
                name, end = AXES[key]
                if key in TURNABLE and negations and len(shape) - negations[-1] <= _REACH:
                    negations.pop()  # "not logged in" is logged out
                    end = _OTHER_END[end]
                if key in PASSING:
                    passing.add(name)  # "login" says which link, "logged in" what is so
                else:
                    said.add(name)
                axes[name] = end
                shape.append(name)
                continue
            if stem in ANTONYM_STEMS:
                flips += 1
                stem = ANTONYM_STEMS[stem]
            shape.append(stem)
    negative = (len(negations) + flips) % 2 == 1
    content = tuple(word for word in shape if word not in (SOMEONE, TEXT, NUMBER, *LIGHT))
    # "the item "Buy eggs"", "the message "…"": a word that names the quoted
    # text may go unsaid where the quote itself has a place.
    naming = {
        word
        for word, after in zip(shape, shape[1:], strict=False)
        if after == TEXT and word in content
    }
    if table and shape and shape[-1] in content:
        naming.add(shape[-1])  # "her list has these items:", the table says which
    return Reading(
        content,
        tuple(shape),
        negative,
        axes,
        quotes,
        numbers,
        table,
        frozenset(naming),
        frozenset(passing - said),
    )


def shape(sentence: str, terms: frozenset[str] = frozenset()) -> str:
    """The sentence as "did you mean" compares it, as one line of words."""
    return " ".join(read(sentence, terms).shape)
