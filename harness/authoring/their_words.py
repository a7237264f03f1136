"""A documented sentence said in the writer's own words: their people,
pronouns and possessives, their quoted text and numbers, and the verb forms
that go with them.

The sentence is written out again from its bracketed phrase (`{who:Who}
[opens/open] {whose:Who} My lists page`), so it is still one its step runs:
"When he goes to his My lists page" gets "When he opens his My lists page",
with "his", not the example's "her". The writer's possessives fill the
phrase's possessive fields, their other people the rest, each in order; a
possessive the writer left out is the sentence's own person's ("Edith
refreshes her list", by the default cast).

Nobody the writer did not write comes in. When they name fewer people than
the phrase has fields, each of theirs goes where the words around it say
("Zoë is among the people the list is shared with" is the one seen among
them). The one who acts or sees, left unsaid ("Then the page has no
accessibility problems"), is the person the scenario is about, said as a
pronoun ("the page she sees"). Anyone else a documented sentence needs
("Francis opens Edith's list" for "Francis opens the list") is someone the
writer never named: no pronoun says who honestly, so the sentence is not
theirs (`Said.honest`), and "did you mean" leaves it out. A quoted blank the
writer gave no text for is `"…"` (`PLACEHOLDER`), never the example's text;
a control's label ("the "Log out" button") is no text for a blank.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.authoring.meaning import is_person, unlabelled
from harness.authoring.meaning_words import word_stem
from harness.people.personas import PRONOUN_FORMS, PRONOUNS

_QUOTED = re.compile(r'"([^"]*)"')
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\[([^\[\]]+)\]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
_NUMBERS = {
    word: str(number)
    for number, word in enumerate("zero one two three four five six seven eight nine ten".split())
}
_STEP_WORDS = ("given", "when", "then", "and", "but")
#: What a quoted blank says when the writer gave no text for it: it matches
#: the step (quoted text may be anything) and is plainly for them to fill in.
PLACEHOLDER = "…"

_ROLE_OF = {form: role for forms in PRONOUN_FORMS.values() for role, form in forms.items()}
#: Words after "her" that show it is not a possessive ("tells her to").
_NOT_A_THING = frozenset(
    "to the a an that and with from in on at for as by again too is was about".split()
)
#: Words passed over to find the words around a person ("Onesiphorus is
#: among the people": among; "Francis is not the owner": owner).
_FILLER = frozenset(
    """is are was were be been being am the a an can could should will would may
    might must has have had do does did also now still already then not no
    never longer just really""".split()
)


@dataclass(frozen=True)
class _Person:
    name: str | None  # a name, or None for a pronoun
    pronoun: str  # she, he or they: the pronoun's person, or the name's if known
    role: str  # subject, object, possessive or reflexive
    #: The words before and after it, as a reading has them ("" for none).
    around: tuple[str, str] = field(default=("", ""), compare=False)

    def said_as(self, role: str) -> str:
        if self.name is None:
            return PRONOUN_FORMS[self.pronoun][role]
        return f"{self.name}'s" if role == "possessive" else self.name


def _person(word: str, following: str | None) -> _Person:
    """A word that names a person, with the part it plays in the sentence."""
    lower = word.lower()
    if lower in PRONOUNS:
        role = _ROLE_OF.get(lower, "subject")
        if lower == "her":
            thing = following is not None and following.lower() not in _NOT_A_THING
            role = "possessive" if thing else "object"
        return _Person(None, PRONOUNS[lower], role)
    bare = re.sub(r"['’]s?$", "", word)
    role = "possessive" if bare != word else "subject"
    return _Person(bare, _cast_pronoun(bare), role)


@functools.cache
def _cast() -> dict[str, str]:
    """The default cast's pronouns, by name; none if it cannot be read."""
    from harness.people.personas import load_default_cast
    from harness.run.errors import HarnessError

    try:
        return {name: person.pronoun for name, person in load_default_cast().items()}
    except HarnessError:
        return {}


def _cast_pronoun(name: str) -> str:
    return _cast().get(name, "they")


def _people(text: str, terms: frozenset[str]) -> list[_Person]:
    """The people a sentence names, in order, each with its part and the
    words around it."""
    words = _WORD.findall(_QUOTED.sub(" ", text))
    tokens: list[str | None] = []  # the words, with None for quoted text
    for number, part in enumerate(re.split(r'"[^"]*"', text)):
        tokens += ([None] if number else []) + _WORD.findall(part)
    found = []
    position = 0
    for index, token in enumerate(tokens):
        if token is None:
            continue
        word = token
        position += 1
        if position == 1 and word.lower() in _STEP_WORDS:
            continue
        if is_person(word, terms):
            following = words[position] if position < len(words) else None
            person = _person(word, following)
            found.append(_Person(person.name, person.pronoun, person.role, _around(tokens, index)))
    return found


def _around(tokens: list[str | None], index: int) -> tuple[str, str]:
    """The words before and after `tokens[index]`, small ones passed over,
    as a reading has them; "" where a quote, a field or the sentence's end
    comes first."""

    def near(step: int) -> str:
        position = index + step
        while 0 <= position < len(tokens):
            token = tokens[position]
            if token is None:
                return ""
            if token.lower() not in _FILLER:
                return word_stem(token.lower())
            position += step
        return ""

    return near(-1), near(1)


def _placeholders_around(phrase: str) -> dict[str, tuple[str, str]]:
    """The words before and after each field of a bracketed phrase (of
    "[sees/see]", the first)."""
    tokens: list[str | None] = []
    names: dict[int, str] = {}
    position = 0
    for match in _FIELD.finditer(phrase):
        tokens += _WORD.findall(phrase[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            names[len(tokens)] = match.group(1).partition(":")[0]
            tokens.append(None)
        elif match.group(2) is not None:
            tokens += _WORD.findall(match.group(2).partition("/")[0])
    tokens += _WORD.findall(phrase[position:])
    return {name: _around(tokens, index) for index, name in names.items()}


def _alike(one: tuple[str, str], other: tuple[str, str]) -> int:
    """How many of the words around two people are the same."""
    return sum(1 for a, b in zip(one, other, strict=True) if a and a == b)


@dataclass(frozen=True)
class Said:
    """A documented sentence in the writer's words, and whether its people
    are the writer's."""

    text: str
    #: Every person it names is one the writer named (or the same person
    #: again: "Edith refreshes her list").
    fits: bool = True
    #: Nobody in it is someone the writer never named, though the one who
    #: acts or sees may be a pronoun for the one they left unsaid. False when
    #: it needs anyone else, whom nothing written says: it is not offered.
    honest: bool = True


def in_their_words(
    phrase: str,
    example: str,
    values: Mapping[str, str],
    written: str,
    terms: frozenset[str] = frozenset(),
) -> Said:
    """The `example` of a bracketed `phrase` (its fields' `values` by name),
    said with the people, quoted text and numbers of what was `written`, and
    the verb forms that go with them; `terms` are the product's capitalised
    words, never people. A quoted blank the writer has no text for says
    `PLACEHOLDER`."""
    fields = [
        (match.group(1).partition(":")[0], match.group(1).partition(":")[2])
        for match in _FIELD.finditer(phrase)
        if match.group(1) is not None
    ]
    written = unlabelled(written)
    theirs = _people(written, terms)
    if any(name not in values for name, _ in fields):
        # a phrase we cannot fill in: the example as it is, offered only if
        # its people are pronouns (a name in it is the catalogue's person)
        ours = _people(example, terms)
        return Said(example, fits=not ours, honest=all(p.name is None for p in ours))
    people, unsaid, others = _assign(phrase, fields, values, theirs)
    quotes = iter(_QUOTED.findall(written))
    numbers = iter(
        _NUMBERS.get(word.lower(), word)
        for word in _WORD.findall(_QUOTED.sub(" ", written))
        if word.isdigit() or word.lower() in _NUMBERS
    )
    out: list[str] = []
    position = 0
    last: _Person | None = None
    for match in _FIELD.finditer(phrase):
        out.append(phrase[position : match.start()])
        position = match.end()
        spec, choices = match.group(1), match.group(2)
        if choices is not None:
            one, _, many = choices.partition("/")
            plural = last is not None and last.name is None and last.pronoun == "they"
            out.append(many if plural else one)
        elif spec is not None:
            name, _, kind = spec.partition(":")
            if name in people:
                last, said = people[name]
                out.append(said)
            elif kind == "Quoted":
                out.append(next(quotes, PLACEHOLDER))
            elif kind.endswith("d"):
                out.append(next(numbers, values[name]))
            else:
                out.append(values[name])
        else:
            out.append(match.group()[0])  # "{{" is a literal brace
    out.append(phrase[position:])
    return Said("".join(out), fits=not unsaid and not others, honest=not others)


def _assign(
    phrase: str,
    fields: list[tuple[str, str]],
    values: Mapping[str, str],
    theirs: list[_Person],
) -> tuple[dict[str, tuple[_Person, str]], bool, int]:
    """Who goes in each person field of the phrase, and how it is said;
    whether it says a person the writer left unsaid (its first, the one who
    acts or sees, as a pronoun; or its own person again in a part they gave
    nobody: "shares the list with herself"); and how many of its fields are
    for someone else the writer never named, who keep the example's person.
    The writer's possessives ("his", "Edith's") fill possessive fields, the
    others the rest, each in order (or where the words around them say,
    `_placed`); a possessive field nobody fills takes the subject's ("When
    he opens his My lists page")."""
    placeholders = []
    for number, (name, kind) in enumerate(fields):
        if kind != "Who":
            continue
        after = _word_after(phrase, name)
        ours = _person(values[name], after)
        role = ours.role
        if ours.name is not None and role == "subject" and number > 0 and after != "[":
            role = "object"  # a name inside a sentence, and no verb of its own
        placeholders.append((name, role, ours))
    owning = [p for p in theirs if p.role == "possessive"]
    plain = [p for p in theirs if p.role != "possessive"]
    chosen: dict[str, _Person | None] = _placed(phrase, placeholders, plain)
    for name, role, _ in placeholders:
        if name in chosen:
            continue
        pool = owning if role == "possessive" else plain
        chosen[name] = pool.pop(0) if pool else None
    if placeholders and chosen[placeholders[0][0]] is None:
        # "Then her list shows:": she is also the one who sees it
        owners = [p for p in chosen.values() if p is not None and p.role == "possessive"]
        chosen[placeholders[0][0]] = owning.pop(0) if owning else (owners[0] if owners else None)
    people: dict[str, tuple[_Person, str]] = {}
    subject: _Person | None = None
    unsaid = False
    others = 0
    for number, (name, role, ours) in enumerate(placeholders):
        person = chosen[name]
        if person is None:
            person = _unfilled(role, ours, plain, owning, subject)
            # "with herself": the same person again, in a part of the
            # sentence the writer gave to nobody
            unsaid = unsaid or (person is not None and role == "reflexive")
        if person is None and number == 0:
            # The one who acts or sees, left unsaid ("Then the page has no
            # accessibility problems"): the person the scenario is about,
            # said as a pronoun, never as the example's Edith.
            unsaid = True
            person = _Person(None, ours.pronoun, role)
        if person is None:
            # Someone else, whom the writer never named: the example's own
            # person stays, and the sentence is not the writer's.
            others += 1
            people[name] = (ours, values[name])
            subject = subject or ours
            continue
        if role == "possessive" and subject is not None and person.name == subject.name:
            person = _pronoun_for(person, role)  # "Edith sees her own lists"
        people[name] = (person, person.said_as(role))
        subject = subject or person
    return people, unsaid, others


def _placed(
    phrase: str, placeholders: list[tuple[str, str, _Person]], plain: list[_Person]
) -> dict[str, _Person | None]:
    """The writer's people who go in a later field than their turn, when
    there are fewer of them than fields: each where the words around it are
    the field's ("Onesiphorus is among the people the list is shared with"
    is the one seen "among the people", not the one who sees). They leave
    `plain`."""
    fields = [name for name, role, _ in placeholders if role != "possessive"]
    if not plain or len(plain) >= len(fields):
        return {}
    around = _placeholders_around(phrase)
    placed: dict[str, _Person | None] = {}
    for person in list(plain):
        free = [name for name in fields if name not in placed]
        if not free:
            break
        best = max(free, key=lambda name: _alike(person.around, around[name]))
        if best != fields[0] and _alike(person.around, around[best]) > _alike(
            person.around, around[fields[0]]
        ):
            placed[best] = person
            plain.remove(person)
    return placed


def _unfilled(
    role: str,
    ours: _Person,
    plain: list[_Person],
    owning: list[_Person],
    subject: _Person | None,
) -> _Person | None:
    """Who goes in a person field the writer's people did not fill in
    order, or None for the example's own: "the My lists page of Edith" is
    Edith's; "her list" (the sentence's own person) is the subject's; a
    field for someone else keeps the example's person."""
    if role == "possessive" and plain:
        return plain.pop(0)
    if role != "possessive" and owning and owning[0].name is not None:
        return owning.pop(0)  # "Edith's", said as Edith
    if role in ("possessive", "reflexive") and ours.name is None and subject is not None:
        return _pronoun_for(subject, role)  # "her" in the example is its own person
    return None


def _pronoun_for(person: _Person, role: str) -> _Person:
    """The person as a pronoun, where the default cast says which."""
    if person.name is not None and person.name in _cast():
        return _Person(None, _cast()[person.name], role)
    return person


def _word_after(phrase: str, name: str) -> str | None:
    """The word after a field in a phrase ("email" in "check {whose:Who}
    email"), or None at the end."""
    found = re.search(r"\{" + re.escape(name) + r"(?::[^{}]*)?\} +(\[|[^\s\[{]+)", phrase)
    return found.group(1) if found else None
