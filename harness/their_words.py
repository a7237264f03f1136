"""A documented sentence said in the writer's own words: their people,
pronouns and possessives, their quoted text and numbers, and the verb forms
that go with them.

The sentence is written out again from its bracketed phrase (`{who:Who}
[opens/open] {whose:Who} My lists page`), so it is still one its step runs:
"When he goes to his My lists page" gets "When he opens his My lists page",
with "his", not the example's "her". The writer's possessives fill the
phrase's possessive fields, their other people the rest, each in order; a
possessive the writer left out is the sentence's own person's ("Edith
refreshes her list", by the default cast), and a field for someone the
writer never named keeps the example's person.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from harness.meaning import is_person
from harness.people import PRONOUN_FORMS, PRONOUNS

_QUOTED = re.compile(r'"([^"]*)"')
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\[([^\[\]]+)\]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.UNICODE)
_NUMBERS = {
    word: str(number)
    for number, word in enumerate("zero one two three four five six seven eight nine ten".split())
}
_STEP_WORDS = ("given", "when", "then", "and", "but")

_ROLE_OF = {form: role for forms in PRONOUN_FORMS.values() for role, form in forms.items()}
#: Words after "her" that show it is not a possessive ("tells her to").
_NOT_A_THING = frozenset(
    "to the a an that and with from in on at for as by again too is was about".split()
)


@dataclass(frozen=True)
class _Person:
    name: str | None  # a name, or None for a pronoun
    pronoun: str  # she, he or they: the pronoun's person, or the name's if known
    role: str  # subject, object, possessive or reflexive

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
    from harness.errors import HarnessError
    from harness.people import load_default_cast

    try:
        return {name: person.pronoun for name, person in load_default_cast().items()}
    except HarnessError:
        return {}


def _cast_pronoun(name: str) -> str:
    return _cast().get(name, "they")


def _people(text: str, terms: frozenset[str]) -> list[_Person]:
    """The people a sentence names, in order, each with its part."""
    words = _WORD.findall(_QUOTED.sub(" ", text))
    found = []
    for position, word in enumerate(words):
        if position == 0 and word.lower() in _STEP_WORDS:
            continue
        if is_person(word, terms):
            following = words[position + 1] if position + 1 < len(words) else None
            found.append(_person(word, following))
    return found


def in_their_words(
    phrase: str,
    example: str,
    values: Mapping[str, str],
    written: str,
    terms: frozenset[str] = frozenset(),
) -> str:
    """The `example` of a bracketed `phrase` (its fields' `values` by name),
    said with the people, quoted text and numbers of what was `written`, and
    the verb forms that go with them; `terms` are the product's capitalised
    words, never people."""
    fields = [
        (match.group(1).partition(":")[0], match.group(1).partition(":")[2])
        for match in _FIELD.finditer(phrase)
        if match.group(1) is not None
    ]
    if any(name not in values for name, _ in fields):
        return example  # a phrase we cannot fill in: the example as it is
    people = _assign(phrase, fields, values, _people(written, terms))
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
                out.append(next(quotes, values[name]))
            elif kind.endswith("d"):
                out.append(next(numbers, values[name]))
            else:
                out.append(values[name])
        else:
            out.append(match.group()[0])  # "{{" is a literal brace
    out.append(phrase[position:])
    return "".join(out)


def _assign(
    phrase: str,
    fields: list[tuple[str, str]],
    values: Mapping[str, str],
    theirs: list[_Person],
) -> dict[str, tuple[_Person, str]]:
    """Who goes in each person field of the phrase, and how it is said. The
    writer's possessives ("his", "Edith's") fill possessive fields, the
    others the rest, each in order; a possessive field nobody fills takes
    the subject's ("When he opens his My lists page")."""
    slots = []
    for number, (name, kind) in enumerate(fields):
        if kind != "Who":
            continue
        after = _word_after(phrase, name)
        ours = _person(values[name], after)
        role = ours.role
        if ours.name is not None and role == "subject" and number > 0 and after != "[":
            role = "object"  # a name inside a sentence, and no verb of its own
        slots.append((name, role, ours))
    owning = [p for p in theirs if p.role == "possessive"]
    plain = [p for p in theirs if p.role != "possessive"]
    chosen: dict[str, _Person | None] = {}
    for name, role, _ in slots:
        pool = owning if role == "possessive" else plain
        chosen[name] = pool.pop(0) if pool else None
    if slots and chosen[slots[0][0]] is None:
        # "Then her list shows:": she is also the one who sees it
        owners = [p for p in chosen.values() if p is not None]
        chosen[slots[0][0]] = owning.pop(0) if owning else (owners[0] if owners else None)
    people: dict[str, tuple[_Person, str]] = {}
    subject: _Person | None = None
    for name, role, ours in slots:
        person = chosen[name]
        if person is None:
            person = _unfilled(role, ours, plain, owning, subject)
        if person is None:
            people[name] = (ours, values[name])  # the example's own person
            subject = subject or ours
            continue
        if role == "possessive" and subject is not None and person.name == subject.name:
            person = _pronoun_for(person, role)  # "Edith sees her own lists"
        people[name] = (person, person.said_as(role))
        subject = subject or person
    return people


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
