"""The style check's sentence rule: a step no step definition says is a
problem line with "did you mean" (harness/authoring/feature_style/sentences.py)."""

import pytest

from harness.authoring import catalogue
from harness.authoring.feature_style import check, main, sentences
from harness.run.paths import PROJECT


@pytest.fixture
def folder(tmp_path):
    """A features folder whose steps are the project's, as behave finds them:
    the nearest steps/ above the feature."""
    (tmp_path / "steps").symlink_to(PROJECT / "steps")
    features = tmp_path / "features"
    features.mkdir()
    return features


def problems(folder, text, name="x.feature"):
    path = folder / name
    path.write_text(text)
    return [
        str(p).removeprefix(f"{folder}/")
        for p in check([str(path)])
        if p.rule == sentences.UNDEFINED
    ]


FEATURE = """\
Feature: Logging out
  Edith leaves a shared computer.

  Scenario: The link goes
    Given Edith is a logged-in user
    When she logs out
    Then she doesn't see the My lists link
    And the cat knocks the vase off the shelf
    And she does not see Onesiphorus among the people the list is shared with
"""


def test_an_undefined_sentence_is_one_problem_with_its_suggestions(folder):
    assert problems(folder, FEATURE) == [
        'x.feature:7: Scenario "The link goes": no step says "Then she doesn\'t see the My '
        'lists link"; did you mean: Then she no longer sees the My lists link?',
        'x.feature:8: Scenario "The link goes": no step says "And the cat knocks the vase off '
        'the shelf"; no sentence in the catalogue is close: this needs a new step; see '
        "docs/writing-steps.md for how to ask for one",
        # an And after a Then: its opposite is offered with the And, as a
        # suggestion would be
        'x.feature:9: Scenario "The link goes": no step says "And she does not see Onesiphorus '
        'among the people the list is shared with"; no sentence in the catalogue says this, '
        'only its opposite: "And she sees Onesiphorus among the people the list is shared '
        'with"; this needs a new step; see docs/writing-steps.md for how to ask for one',
    ]


def test_several_suggestions_are_offered_in_one_line(folder):
    found = problems(
        folder,
        "Feature: F\n  Why.\n\n  Scenario: S\n    Given Edith is not logged in\n"
        "    Then she is logged out\n",
    )
    assert found == [
        'x.feature:5: Scenario "S": no step says "Given Edith is not logged in"; did you mean: '
        "Given Edith has logged out or Then Edith is logged out or When Edith logs out?"
    ]


def test_a_suggestion_with_quoted_text_is_shown_without_quotes_round_it(folder):
    found = problems(
        folder,
        "Feature: F\n  Why.\n\n  Scenario: S\n    Given Edith is logged in\n"
        '    And she has started a list called "Milk"\n'
        "    Then she sees the My lists link\n",
    )
    assert len(found) == 1
    told = found[0].split('"; ', 1)[1]
    assert told.startswith('did you mean: And she has started a list with "Milk" or ')
    # A question, unless its last sentence ends with its table's colon.
    assert told.endswith(":" if told.removesuffix("?").endswith(":") else "?")
    assert '"And' not in told and '""' not in told


def test_a_suggestion_that_ends_with_its_tables_colon_gets_no_question_mark(folder):
    found = problems(
        folder,
        "Feature: F\n  Why.\n\n  Scenario: S\n    Given Edith is logged in\n"
        "    Then the list contains:\n      | item |\n      | Milk |\n",
    )
    assert len(found) == 1
    assert found[0].split('"; ', 1)[1].startswith("did you mean: Then her list reads: or ")
    assert found[0].endswith(":")


def test_an_outline_is_matched_with_its_first_row(folder):
    found = problems(
        folder,
        """\
Feature: F
  Why.

  Scenario Outline: Starting
    When <who> starts a list with "<item>"
    Then <who> sees the list "<item>"

    Examples:
      | who   | item |
      | Edith | Milk |
      | Zoë   | Eggs |
""",
    )
    assert len(found) == 1
    assert found[0].startswith(
        'x.feature:6: Scenario Outline "Starting": no step says "Then Edith sees the list "Milk""'
    )


def test_an_outline_without_rows_is_left_to_the_rule_that_asks_for_them(folder):
    text = (
        "Feature: F\n  Why.\n\n  Scenario Outline: S\n    When <who> dances\n"
        "    Then <who> smiles\n\n    Examples:\n      | who |\n"
    )
    assert problems(folder, text) == []


def test_a_background_and_a_rule_are_checked_once_each(folder):
    found = problems(
        folder,
        """\
Feature: F
  Why.

  Background:
    Given Edith is logged-in

  Scenario: One
    Then she is logged in

  Scenario: Two
    Then she is logged in

  Rule: Sharing
    Scenario: Three
      When she shares her list with Francis
      Then she sees Francis among the people the list is shared with
""",
    )
    assert [line.split(": no step")[0] for line in found] == [
        "x.feature:5: Background",
        'x.feature:15: Scenario "Three"',
    ]


def test_features_with_steps_of_their_own_are_not_judged_by_ours(tmp_path):
    elsewhere = tmp_path / "features"
    elsewhere.mkdir()
    (elsewhere / "x.feature").write_text(FEATURE)
    assert [p for p in check([str(elsewhere / "x.feature")]) if p.rule == sentences.UNDEFINED] == []


def test_the_steps_are_loaded_once_however_many_features(folder, monkeypatch):
    loads = []
    load_steps = catalogue.load_steps
    monkeypatch.setattr(catalogue, "load_steps", lambda *a: loads.append(1) or load_steps(*a))
    sentences._suggester.cache_clear()
    for number in range(3):
        (folder / f"f{number}.feature").write_text(FEATURE)
    check([str(folder / f"f{number}.feature") for number in range(3)])
    assert loads == [1]


def test_lint_features_exits_1_and_counts_them(folder, capsys):
    (folder / "x.feature").write_text(FEATURE)
    assert main([str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out.count("no step says") == 3
    assert "problems in 1 feature file" in err
