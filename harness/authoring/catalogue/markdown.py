"""Writing docs/steps.md: the introduction, then each topic's phrases in
Markdown for a product owner and its examples as Gherkin."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence, Set
from typing import Any

from harness.authoring.catalogue.entries import ANY_KEYWORD, KEYWORDS, Entry, Example, Topic
from harness.authoring.catalogue.verification import examples_of
from harness.people.personas import PRONOUNS

#: The parse type that stands for a person (registered by harness.people.step_types).
PERSON_TYPE = "Who"
#: The type of free text between quotes (harness.people.step_types), shown as `…`.
QUOTED_TYPE = "Quoted"

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\[([^\[\]]+)\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_NUMBER_TYPE = re.compile(r"[^A-Za-z]*[dnfFeEgG%]")
#: Words for a person that can only be possessive. ("her" can be either; see
#: `_possessive_fields`.)
_POSSESSIVE_PRONOUNS = frozenset({"his", "their", "its"})
_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")

SOMEONE = "*someone*"
SOMEONES = "*someone's*"
NUMBER = "*n*"
TEXT = "…"


def render_phrase(phrase: str, possessive: Set[str] = frozenset()) -> str:
    """A bracketed phrase as Markdown for a product owner.

    A person reads *someone* (*someone's* for the fields in `possessive`), a
    number *n*, free text `…` (inside the phrase's own quotes), and a choice of
    verb forms `adds / add`.
    """
    out = []
    position = 0
    for token in _TOKEN.finditer(phrase):
        out.append(_escape(phrase[position : token.start()]))
        position = token.end()
        spec, choices = token.group(1), token.group(2)
        if choices is not None:
            out.append(" / ".join(_escape(choice) for choice in choices.split("/")))
        elif spec is not None:
            out.append(_render_field(spec, possessive))
        else:
            out.append(_escape(token.group()[0]))  # "{{" is a literal brace
    out.append(_escape(phrase[position:]))
    return "".join(out)


def _render_field(spec: str, possessive: Set[str]) -> str:
    name, _, kind = spec.partition(":")
    if kind == PERSON_TYPE:
        return SOMEONES if name in possessive else SOMEONE
    if not kind or kind == QUOTED_TYPE:
        return TEXT
    if _NUMBER_TYPE.fullmatch(kind):
        return NUMBER
    return f"*{_escape(name or kind)}*"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _possessive_fields(phrase: str, examples: Iterable[tuple[Example, Any]]) -> set[str]:
    """The person fields of a phrase that its examples fill with a possessive.

    The phrase alone cannot tell "opens {owner:Who} list" (Edith's list) from
    "sees that {owner:Who} owns the list" (Edith), so we look at how the
    examples say it. "her" is possessive only when a word follows the field
    ("her email"), not in "shares the list with her".
    """
    fields = set()
    for _, match in examples:
        for argument in match.arguments or ():
            word = str(argument.original)
            if (
                word.lower() in _POSSESSIVE_PRONOUNS
                or word.endswith(_POSSESSIVE_ENDINGS)
                or (word.lower() == "her" and _followed_by_word(phrase, str(argument.name)))
            ):
                fields.add(str(argument.name))
    return fields


def _followed_by_word(phrase: str, name: str) -> bool:
    return re.search(r"\{" + re.escape(name) + r"(?::[^{}]*)?\} +[^\s\[{]", phrase) is not None


def render_entry(entry: Entry) -> list[str]:
    """An entry's Markdown lines: its phrases, then its examples as Gherkin."""
    lines = []
    for keyword, phrase in entry.phrases:
        shown = " / ".join(KEYWORDS) if keyword == ANY_KEYWORD else keyword
        possessive = _possessive_fields(phrase, examples_of(entry, keyword, phrase, entry.examples))
        lines.append(f"- **{shown}** {render_phrase(phrase, possessive)}")
    lines += ["", "```gherkin"]
    for example in entry.examples:
        lines.append(example.sentence)
        if example.step.table is not None:
            lines += _table_lines(example.step.table)
    lines.append("```")
    return lines


def _table_lines(table: Any) -> list[str]:
    rows = [list(table.headings), *(list(row.cells) for row in table.rows)]
    cells = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(cells[0]))]
    padded = [[cell.ljust(width) for cell, width in zip(row, widths, strict=True)] for row in cells]
    return ["  | " + " | ".join(row) + " |" for row in padded]


def slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


#: The headings of the introduction, which a topic's anchor must not repeat.
_INTRO_HEADINGS = ("Step catalogue", "Reading the phrases", "People", "Topics")


def render(topics: Sequence[Topic]) -> str:
    """The whole of docs/steps.md: the introduction, the topics, their steps."""
    lines = _introduction()
    lines += ["## Topics", ""]
    anchors = {slug(heading) for heading in _INTRO_HEADINGS}
    topic_anchors = []
    for topic in topics:
        anchor = base = slug(topic.title)
        suffix = 0
        while anchor in anchors:  # GitHub numbers repeated headings
            suffix += 1
            anchor = f"{base}-{suffix}"
        anchors.add(anchor)
        topic_anchors.append(anchor)
        lines.append(f"- [{_escape(topic.title)}](#{anchor})")
    for topic in topics:
        lines += ["", f"## {_escape(topic.title)}", "", f"Defined in `{topic.path}`."]
        for entry in topic.entries:
            lines += ["", *render_entry(entry)]
    return "\n".join(lines) + "\n"


def _introduction() -> list[str]:
    pronouns: dict[str, list[str]] = {}
    for word, pronoun in PRONOUNS.items():
        pronouns.setdefault(pronoun, []).append(word)
    words = "; ".join(" / ".join(group) for group in pronouns.values())
    lines = [
        "# Step catalogue",
        "",
        "Every sentence a feature in `features/` can use, grouped by topic, each with",
        "examples. Write a scenario from these sentences and it runs as it is; a",
        "sentence that is not here needs a new step first.",
        "",
        "New to Gherkin? [writing-features.md](writing-features.md) shows how to write",
        "a feature from these sentences, and what a run says when a sentence is not here.",
        "",
        "This page is generated from the step definitions in `steps/` by `make steps`",
        "(do not edit it by hand). `make test` fails when the page is out of date, and",
        "every example below is checked against the step it documents, so the examples",
        "always work.",
        "",
        "## Reading the phrases",
        "",
        "- **Given** sets the scene. Wherever it can, it sets things up directly on the",
        "  server (a login session, a list and its items, a share) instead of clicking",
        "  through pages, so it is quick and it is not what the scenario tests.",
        "- **When** is what someone does, through their own browser, as they would.",
        "- **Then** checks what they see, waiting a few seconds for the page to settle.",
        "- *And* and *But* continue the step before them, as usual in Gherkin.",
        f"- {SOMEONE} stands for a person and {SOMEONES} for a person's (see below);",
        f'  "{TEXT}" for any text, written in double quotes; {NUMBER} for a whole number.',
        "- is / are: choose the form that fits the person: *Edith is*, *she is*,",
        "  *they are*; *she adds*, *they add*.",
        "- A sentence that ends in a colon is followed by a table, as in its example.",
        "",
        "## People",
        "",
        "Name a person with any capitalised name (*Edith*, *Zoë*, *Anne-Marie*,",
        "*O'Brien*), its possessive (*Edith's*, *James'*), or a pronoun:",
        f"{words}.",
        "",
        "A pronoun means the last person a step was about who goes by it: in",
        "*Francis shares the list with Onesiphorus. Then he sees ...*, *he* is Francis.",
        "Use the verb form that fits: *Edith adds*, *she is*, *he has*, but *they add*,",
        "*they are*, *they have*.",
        "",
        "The default cast, in `features/people.csv`, is there for every feature. Add a",
        "line there to add someone. A feature can declare its own people, or change",
        "these, with a table:",
        "",
        "```gherkin",
        "Given these people:",
        "  | name | pronoun | email           |",
        "  | Zoë  | she     | zoe@example.com |",
        "```",
        "",
        "Anyone else a feature names goes by *they* and gets an address made from their",
        "name (*Zoë* gets zoe@example.com).",
        "",
    ]
    return lines
