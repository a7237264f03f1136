"""Unit tests for harness.results.report_prose: descriptions as prose, skip reasons, no timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from behave.configuration import Configuration

from harness.results.report_prose import described, reflow, skip_reason, without_timings

# -- reflow --------------------------------------------------------------------------

USER_STORY = ["As a visitor", "I want the page to look deliberate", "So that I trust the site"]


def test_user_story_lines_keep_their_own_lines():
    assert reflow(USER_STORY) == "\n".join(USER_STORY)


def test_user_story_as_one_string_with_indentation():
    text = "  As a logged-in user\n  I want to see all my lists\n  So that I can get back to any\n"
    assert reflow(text) == (
        "As a logged-in user\nI want to see all my lists\nSo that I can get back to any"
    )


def test_wrapped_prose_is_joined_into_one_line():
    lines = ["The list keeps", "what you typed", "  until you leave the page."]
    assert reflow(lines) == "The list keeps what you typed until you leave the page."


def test_a_capital_after_a_finished_sentence_continues_the_paragraph():
    for end in (".", ",", ";", ":", "!", "?"):
        assert reflow([f"It works{end}", "It is good."]) == f"It works{end} It is good."


def test_a_list_and_a_string_give_the_same():
    text = "As a visitor\nI want lists\n\nThe page\nis tidy.\n- one\n- two"
    assert reflow(text) == reflow(text.split("\n"))


def test_blank_lines_separate_paragraphs():
    lines = ["First paragraph", "goes on.", "", "Second paragraph", "goes on too."]
    assert reflow(lines) == "First paragraph goes on.\n\nSecond paragraph goes on too."


def test_many_blank_lines_are_one_break_and_edges_are_trimmed():
    lines = ["", "   ", "One.", "", "", "  ", "Two.", "", ""]
    assert reflow(lines) == "One.\n\nTwo."


def test_nothing_is_nothing():
    assert reflow([]) == ""
    assert reflow("") == ""
    assert reflow(["", "  "]) == ""


def test_a_user_story_then_prose():
    lines = [*USER_STORY, "", "Lists are kept", "for a week."]
    assert reflow(lines) == "\n".join(USER_STORY) + "\n\nLists are kept for a week."


def test_list_items_keep_their_own_lines():
    lines = [
        "The rules are:",
        "- an empty item is refused",
        "- a duplicate is refused",
        "* stars too",
        "• bullets too",
        "1. numbered",
        "2) numbered with a bracket",
        "  10. indented",
    ]
    expected = [line.strip() for line in lines]
    assert reflow(lines) == "\n".join(expected)


def test_a_wrapped_list_item_is_joined():
    lines = ["- a long item", "  that wraps", "- the next one"]
    assert reflow(lines) == "- a long item that wraps\n- the next one"


def test_look_alikes_of_list_items_are_prose():
    # No space after the marker, a year, a dash word: not list items.
    assert reflow(["Prices went up", "-5 percent in", "2024 was calm"]) == (
        "Prices went up -5 percent in 2024 was calm"
    )
    assert reflow(["see the page", "1.5 times"]) == "see the page 1.5 times"


SAMPLES = [
    USER_STORY,
    "As a visitor\nI want the page\nSo that I trust it\n\nMore words\nthat wrap.\n",
    "The rules:\n- one\n  continues\n- two\n\n1. first\n2) second\nand more",
    "One.\nTwo.\n\n\n  Three,\n  Four;\n  five",
    "Sentence without stop\nCapital line\nlowercase line\n- item\nAnother Capital",
    "  leading spaces\n\ttabbed line\n   \n• bullet\n* star",
    "",
    "x",
]


@pytest.mark.parametrize("sample", SAMPLES, ids=range(len(SAMPLES)))
def test_reflow_is_idempotent(sample):
    once = reflow(sample)
    assert reflow(once) == once
    assert reflow(once.split("\n")) == once


def test_reflow_is_idempotent_for_an_empty_list_item():
    once = reflow("Some text\n- ")
    assert reflow(once) == once


# -- without_timings -----------------------------------------------------------------

STEP = '<div class="step-text">When she adds an item</div>'
STEP_TIME = '<div class="step-duration">(0.12s)</div>'
SCENARIO_TIME = '<div class="scenario-duration">Scenario duration: 3.456s</div>'
SOURCE_PLACE = '<span class="flex-left-space"></span>'


def test_timings_and_the_source_place_are_removed():
    page = f"<div>{STEP}{SOURCE_PLACE}{STEP_TIME}</div>{SCENARIO_TIME}<p>after</p>"
    assert without_timings(page) == f"<div>{STEP}</div><p>after</p>"


def test_many_timings_are_all_removed():
    page = (STEP + STEP_TIME) * 5 + SCENARIO_TIME * 2
    assert without_timings(page) == STEP * 5


def test_a_step_that_mentions_a_time_is_left_alone():
    page = (
        '<div class="step-text">When she waits (0.12s) for the list</div>'
        '<div class="step-text">Then "Scenario duration: 1.0s" is shown</div>'
        '<div class="step-note">(0.12s)</div>'
    )
    assert without_timings(page) == page


def test_a_duration_div_with_other_content_is_left_alone():
    page = '<div class="step-duration">(slow)</div><span class="flex-left-space">x</span>'
    assert without_timings(page) == page


def test_a_page_without_timings_is_unchanged():
    assert without_timings("") == ""
    assert without_timings(STEP) == STEP


# -- skip_reason ---------------------------------------------------------------------


@dataclass
class FakeScenario:
    effective_tags: list[str] = field(default_factory=list)
    selected: bool = True
    skip_reason: str | None = None
    asked: list[Any] = field(default_factory=list)

    def should_run_with_tags(self, expression: Any) -> bool:
        self.asked.append(expression)
        return self.selected


@dataclass
class FakeConfig:
    tag_expression: Any = None
    tags: Any = None


def test_a_given_reason_wins():
    scenario = FakeScenario(["wip"], selected=False, skip_reason="the staging server is down")
    assert skip_reason(scenario, FakeConfig("not @wip", ["~@wip"])) == "the staging server is down"


def test_wip_left_out_gets_the_work_in_progress_words():
    scenario = FakeScenario(["wip", "lists"], selected=False)
    reason = skip_reason(scenario, FakeConfig("not @wip", ["not @wip"]))
    assert "work in progress" in reason
    assert "@wip" in reason
    assert "not among" not in reason


def test_wip_that_was_asked_for_is_not_called_left_out():
    scenario = FakeScenario(["wip"], selected=True)
    reason = skip_reason(scenario, FakeConfig("@wip", ["@wip"]))
    assert "work in progress" not in reason
    assert "not among" not in reason
    assert "not run" in reason


def test_another_tag_expression_names_its_tags():
    scenario = FakeScenario(["lists"], selected=False)
    reason = skip_reason(scenario, FakeConfig("smoke and not slow", ["@smoke", "~@slow"]))
    assert "@smoke" in reason
    assert "~@slow" in reason
    assert "work in progress" not in reason
    assert scenario.asked == ["smoke and not slow"]


def test_without_tags_the_expression_is_named():
    scenario = FakeScenario(["lists"], selected=False)
    reason = skip_reason(scenario, FakeConfig("@smoke or @fast", None))
    assert "@smoke or @fast" in reason


def test_a_scenario_that_was_selected_but_not_run():
    for tags in ([], ["lists"]):
        reason = skip_reason(FakeScenario(tags, selected=True), FakeConfig("x", ["@x"]))
        assert "not run" in reason
        assert "@x" not in reason
        assert "work in progress" not in reason


def test_no_tag_expression_means_selected():
    scenario = FakeScenario(["wip"], selected=False)
    reason = skip_reason(scenario, FakeConfig(None, None))
    assert scenario.asked == []  # nothing to ask
    assert "work in progress" not in reason
    assert "not among" not in reason


def test_an_empty_given_reason_is_no_reason():
    scenario = FakeScenario(["lists"], selected=False, skip_reason="")
    reason = skip_reason(scenario, FakeConfig("@smoke", ["@smoke"]))
    assert "@smoke" in reason


class _Checked:
    """A scenario whose selection is decided by behave's real tag expression."""

    skip_reason = None

    def __init__(self, tags: list[str]) -> None:
        self.effective_tags = tags

    def should_run_with_tags(self, expression: Any) -> bool:
        return bool(expression.check(self.effective_tags))


def test_with_behaves_own_configuration():
    config = Configuration(["--tags=@smoke", "--tags=~@slow"], load_config=False)
    left_out = skip_reason(_Checked(["lists"]), config)
    assert "@smoke" in left_out and "~@slow" in left_out
    wip = skip_reason(_Checked(["wip"]), config)
    assert "work in progress" in wip
    chosen = skip_reason(_Checked(["smoke"]), config)
    assert "not run" in chosen and "@smoke" not in chosen


def test_with_behaves_configuration_without_tags():
    config = Configuration([], load_config=False)
    reason = skip_reason(_Checked(["wip"]), config)
    assert "work in progress" not in reason
    assert "not run" in reason


# -- described -----------------------------------------------------------------------


def test_described_replaces_only_the_description():
    class Scenario:
        name = "She makes a list"
        description = ["old", "lines"]
        tags = ["lists"]

    original = Scenario()
    shown = described(original, "New prose.")
    assert shown.description == ["New prose."]
    assert shown.name == "She makes a list"
    assert shown.tags == ["lists"]
    assert original.description == ["old", "lines"]
    assert described(original, "").description == []
