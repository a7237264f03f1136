"""What the "did you mean" tests share: which step a suggested sentence runs,
the first suggestion, the people a sentence names, and the near misses in a
writer's own people."""

import re

from behave.model import Step
from behave.step_registry import registry

from harness.authoring.meaning import is_person
from harness.people.personas import PRONOUNS


def meant(keyword, sentence):
    """The step function behave would run for a suggested sentence, by name."""
    step = Step("<suggestion>", 1, keyword, keyword.lower(), sentence.split(" ", 1)[1])
    match = registry.find_match(step)
    return match.func.__name__ if match else None


def first(suggester, keyword, text, step_type=None):
    offered = suggester.suggest(keyword, text, step_type).sentences
    return offered[0] if offered else None


def named(sentence):
    """The people a sentence names by name (its pronouns and quotes aside)."""
    words = re.findall(r"[^\W_]+(?:['’-][^\W_]+)*['’]?", re.sub(r'"[^"]*"', " ", sentence))
    return {
        re.sub(r"['’]s?$", "", word)
        for word in words[1:]
        if word.lower() not in PRONOUNS and is_person(word, frozenset({"My"}))
    }


def answers(offered):
    """Every sentence a suggestion shows: those offered, and the opposite."""
    return (*offered.sentences, *([offered.opposite] if offered.opposite else []))


#: People the catalogue's examples never name, for the near misses' own.
THEIR_OWN = {"Edith": "Bartholomew", "Francis": "Priya", "Onesiphorus": "Kwame"}


def in_their_own_people(text):
    for ours, theirs in THEIR_OWN.items():
        text = re.sub(rf"\b{ours}\b", theirs, text)
    return text
