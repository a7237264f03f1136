"""Helpers for the front page's tests: the page built from a list of runs,
hostile names, and a parse of the markup to check nothing got through
unescaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from harness.results.front_page import front_page, shown_scenarios
from harness.results.history import Insight, RunRecord, ScenarioRun

SCRIPT = "<script>alert(1)</script>"
QUOTE = '" onmouseover="x'


def found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match


def anchor(s: ScenarioRun) -> str:
    return f"scenario-{s.feature}-{s.scenario}-{s.engine}"


def page(runs: list[RunRecord], features: Any = None, history: bool = True) -> str:
    insight = Insight(runs) if history else None
    this = runs[-1]
    shown = shown_scenarios(this, anchor, insight)
    if features is None:
        names = list(dict.fromkeys(s.feature for s in this.scenarios))
        features = [(n, f"feature-{n}") for n in names]
    return front_page(this, shown, features, insight)


class _Structure(HTMLParser):
    """Every element and attribute name in a piece of HTML, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.attribute_values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)
        self.attribute_values.extend(value or "" for _, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(markup: str) -> _Structure:
    parser = _Structure()
    parser.feed(markup)
    parser.close()
    return parser


def assert_escaped(markup: str) -> None:
    assert "<script" not in markup
    assert "onmouseover=" not in markup.replace("onmouseover=&quot;", "")
    assert QUOTE not in markup
    parsed = structure(markup)
    assert "script" not in parsed.tags
    assert "onmouseover" not in parsed.attributes
    assert 'x"' not in parsed.attributes
