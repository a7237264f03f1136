""" "Did you mean": the documented sentences closest to a step nobody defined.

A product owner who writes `Given Edith is logged-in` should see `Given Edith
is logged in`, a sentence that exists, not a Python snippet. The candidates are the step
catalogue's own example sentences (every step function's docstring), so a
suggestion is always a sentence that runs. Each is rewritten with the
writer's own people and quoted text, then offered best first.

The score is rapidfuzz's token-set ratio (a maintained library) over the
two sentences' *shape*: people, pronouns and quoted text stand as
placeholders, words are lower-cased and cut to a stem, small words are left
out, and a handful of everyday synonyms (create/start, sign in/log in,
shows/reads) are read as the word the catalogue uses. No list of known
misspellings: the same rules serve sentences nobody has written yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from rapidfuzz import fuzz, process

from harness.junit_notes import update_testcases
from harness.people import PRONOUNS, is_name

#: How many suggestions a step gets, at most.
MOST = 3
#: Below this score (0-100) a sentence is no suggestion at all.
CUTOFF = 45.0
#: Words a person uses for what the catalogue calls by another word.
SYNONYMS = {
    "create": "start", "make": "start", "begin": "start", "new": "start",
    "sign": "log", "login": "log", "logon": "log", "signin": "log", "logout": "log",
    "show": "read", "display": "read", "contain": "read", "say": "read",
    "view": "see", "visit": "open", "go": "open", "navigate": "open", "receive": "get",
    "type": "add", "enter": "add", "put": "add", "insert": "add", "write": "add",
    "give": "share", "invite": "share", "send": "share", "mail": "email",
    "url": "link", "address": "link", "entry": "item", "thing": "item", "task": "item",
    "todo": "item", "called": "with", "named": "with", "titled": "with",
    "containing": "with",
}  # fmt: skip
#: Words that carry no meaning of their own in a step.
SMALL_WORDS = frozenset(
    "a an the to of is are be been has have had was were do does did it its and "
    "that this there their his her them him as at on in by for".split()
)
_QUOTED = re.compile(r'"[^"]*"')
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_KEYWORDS = ("given", "when", "then", "and", "but")


def _stem(word: str) -> str:
    """A crude stem: "shares", "shared" and "sharing" all read "share"."""
    for ending, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + keep
            break
    return word.rstrip("e")


#: SYNONYMS by stem: "created" and "creates" read as "create" does.
_SYNONYM_STEMS = {_stem(word): _stem(meaning) for word, meaning in SYNONYMS.items()}


def shape(sentence: str, terms: frozenset[str] = frozenset()) -> str:
    """The sentence as the score compares it (see the module's docstring).
    `terms` are capitalised words that are the product's, not people ("My")."""
    words = []
    for word in _WORD.findall(_QUOTED.sub(" QUOTED ", sentence).replace("-", " ")):
        lower = word.lower().split("'")[0].split("’")[0]
        if word == "QUOTED":
            words.append("«text»")
        elif lower in _KEYWORDS or lower in SMALL_WORDS:
            continue
        elif word not in terms and (is_name(word.split("'")[0].split("’")[0]) or lower in PRONOUNS):
            words.append("«someone»")
        else:
            stemmed = _stem(lower)
            words.append(_SYNONYM_STEMS.get(stemmed, stemmed))
    return " ".join(words)


#: Pronouns that, before a noun, say whose thing it is ("her list"), not who.
_POSSESSIVE = frozenset({"her", "his", "their", "its"})


def _people(sentence: str, terms: frozenset[str] = frozenset()) -> list[str]:
    """The people a sentence names, in order: names (possessives cut) and
    pronouns, but not a possessive pronoun before a noun ("her list"), nor
    the product's own capitalised `terms`."""
    words = _WORD.findall(_QUOTED.sub(" ", sentence))
    found = []
    for position, word in enumerate(words):
        bare = re.sub(r"['’]s?$", "", word)
        if bare.lower() in _POSSESSIVE and position + 1 < len(words):
            continue
        if bare in terms:
            continue
        if bare.lower() in PRONOUNS or (is_name(bare) and bare.lower() not in _KEYWORDS):
            found.append(bare)
    return found


@dataclass(frozen=True)
class Sentence:
    """A documented sentence: its keyword, its text, the phrase it comes from
    (for the verb's "they" form) and the catalogue section that lists it."""

    keyword: str
    text: str
    phrase: str
    section: str


@dataclass(frozen=True)
class Suggestion:
    """What to tell the writer of one undefined step."""

    step: str
    #: Complete sentences, best first, in the writer's own names and text.
    sentences: tuple[str, ...]
    #: The catalogue section of the best one (an anchor in docs/steps.md).
    section: str | None

    def lines(self) -> list[str]:
        """The suggestion as the console, the report and JUnit show it."""
        if not self.sentences:
            return ["no documented sentence is close: see docs/steps.md"]
        where = f"docs/steps.md#{self.section}" if self.section else "docs/steps.md"
        return ["did you mean:", *(f"  {s}" for s in self.sentences), f"all the sentences: {where}"]


class Suggester:
    """The catalogue's sentences, ready to be compared with undefined steps."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = list(sentences)
        #: Capitalised words the phrases themselves use ("My lists"): never people.
        self._terms = frozenset(
            word
            for sentence in self._sentences
            for word in _WORD.findall(re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", sentence.phrase))
            if word[:1].isupper()
        )
        self._shapes = [shape(sentence.text, self._terms) for sentence in self._sentences]

    @classmethod
    def from_catalogue(cls, registry: Any = None) -> Suggester:
        """Every example sentence of the steps behave has loaded."""
        from harness import catalogue

        topics, _ = catalogue.collect() if registry is None else catalogue.collect(registry)
        return cls(
            [
                Sentence(example.keyword, example.step.name, phrase, catalogue.slug(topic.title))
                for topic in topics
                for entry in topic.entries
                for example in entry.examples
                for keyword, phrase in entry.phrases[:1]
            ]
        )

    def suggest(self, keyword: str, text: str, step_type: str | None = None) -> Suggestion:
        """Up to `MOST` sentences for the undefined step `keyword text`;
        `step_type` is what an And or But stands for there (given/when/then)."""
        wanted = shape(text, self._terms)
        if keyword.lower() in ("given", "when", "then"):
            step_type = keyword.lower()
        scored = process.extract(
            wanted, self._shapes, scorer=fuzz.token_set_ratio, limit=len(self._shapes)
        )
        ranked: list[tuple[float, Sentence]] = []
        for _, score, index in scored:
            sentence = self._sentences[index]
            # The same kind of step (a Given for a Given) is a little likelier.
            bonus = 4.0 if step_type and sentence.keyword.lower() == step_type else 0.0
            # Exactness of order and length, in part: token sets alone ignore it.
            score = 0.8 * score + 0.2 * fuzz.ratio(wanted, self._shapes[index]) + bonus
            if score >= CUTOFF:
                ranked.append((score, sentence))
        ranked.sort(key=lambda item: -item[0])
        chosen: list[str] = []
        section = None
        for _, sentence in ranked:
            # The writer's keyword where the sentence runs under it (an And
            # after a Given, for a Given); else the sentence's own.
            said = keyword if sentence.keyword.lower() == step_type else sentence.keyword
            rewritten = f"{said} {_in_their_words(sentence, text, self._terms)}"
            if rewritten not in chosen:
                chosen.append(rewritten)
                section = section or sentence.section
            if len(chosen) == MOST:
                break
        return Suggestion(f"{keyword} {text}", tuple(chosen), section)


def _in_their_words(sentence: Sentence, written: str, terms: frozenset[str]) -> str:
    """The documented sentence with the writer's people and quoted text."""
    text = sentence.text
    theirs, ours = _people(written, terms), _people(text, terms)
    for mine, their in zip(ours, theirs, strict=False):
        text = re.sub(rf"\b{re.escape(mine)}\b", their, text, count=1)
    if theirs and ours and (theirs[0].lower() == "they") != (ours[0].lower() == "they"):
        text = _verb_form(text, sentence.phrase, they=theirs[0].lower() == "they")
    quotes_written, quotes_ours = _QUOTED.findall(written), _QUOTED.findall(text)
    for mine, their in zip(quotes_ours, quotes_written, strict=False):
        text = text.replace(mine, their, 1)
    return text


def _verb_form(text: str, phrase: str, *, they: bool) -> str:
    """Swap each verb of the phrase's `[shares/share]` choices for the form its
    new subject takes: the second with "they", the first with anyone else."""
    for choice in re.findall(r"\[([^\]]+)\]", phrase):
        one, _, many = choice.partition("/")
        old, new = (one, many) if they else (many, one)
        text = re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
    return text


class UndefinedSteps:
    """A run's undefined steps and what it suggested for them. The suggester
    is built from the run's step registry the first time a step turns out
    undefined: a run with none never pays for it."""

    def __init__(self, registry: Any) -> None:
        self._registry = registry
        self._suggester: Suggester | None = None
        #: Suggestions by (feature name, scenario name), for JUnit at the end.
        self.offered: dict[tuple[str, str], list[Suggestion]] = {}

    def suggest(self, feature: str, scenario: str, step: Any) -> Suggestion:
        """Suggestions for behave's undefined `step`, remembered for JUnit."""
        if self._suggester is None:
            self._suggester = Suggester.from_catalogue(self._registry)
        suggestion = self._suggester.suggest(step.keyword, step.name, step.step_type)
        self.offered.setdefault((feature, scenario), []).append(suggestion)
        return suggestion


def annotate_junit(folder: Path, undefined: dict[tuple[str, str], list[Suggestion]]) -> None:
    """Tell, in the JUnit files in `folder`, which step of a scenario was
    undefined and what it might have been: behave writes only
    `<error type="NoneType" message="None">` there. `undefined` is keyed by
    (feature name, scenario name)."""

    def tell(where: tuple[str, str], case: ElementTree.Element) -> bool:
        offered = undefined.get(where)
        # (An Element without children is false: compare with None.)
        problem = case.find("error")
        problem = case.find("failure") if problem is None else problem
        if not offered or problem is None:
            return False
        problem.set("type", "undefined")
        problem.set(
            "message",
            "; ".join(
                f"Undefined Step: {s.step}: " + " | ".join(line.strip() for line in s.lines())
                for s in offered
            ),
        )
        return True

    if undefined:
        update_testcases(folder, tell, {feature for feature, _ in undefined})
