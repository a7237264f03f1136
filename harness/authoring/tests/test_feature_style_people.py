"""The style check on whom each step is about: a person named, or a pronoun
of someone named before (the background's too); a Then or And carrying on
the story; a pronoun that points to no one explained once, as the run
explains it."""

from types import SimpleNamespace

import pytest

from harness.authoring.tests.linting import feature, lint, problems_of


def test_a_pronoun_may_point_back_to_someone_named_in_the_background(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Background:
    Given Edith is a logged-in user

  Scenario: She logs out
    When she logs out
    Then she is logged out
"""
        ),
        capsys,
    )
    assert status == 0, lines


def test_an_and_continues_only_a_step_that_names_someone(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: Nobody at all
    When the home page opens
    Then the page loads
    And the title is right
"""
        ),
        capsys,
    )
    assert status == 1
    assert [line.split(": ", 2)[2].split(" names")[0] for line in lines] == [
        '"the home page opens"',
        '"the page loads"',
        '"the title is right"',
    ]


def test_a_background_is_checked_once_and_a_people_table_names_no_one(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Background:
    Given these people:
      | name  | pronoun |
      | Zoë   | she     |
    Given the browser window is 800 pixels wide

  Scenario: She starts a list
    When she starts a list with "Bread"
    Then she sees "Bread" in her list

  Scenario: She adds to it
    Given Zoë has started a list with "Bread"
    When she adds "Milk" to the list
    Then she sees "Milk" in her list
"""
        ),
        capsys,
    )
    assert status == 1
    # The background's own problem, once, though two scenarios follow it; and,
    # as in a run, a people table says who goes by what but names no one that
    # a "she" could mean: the scenario must name her first.
    assert lines == [
        'x.feature:8: Background: "the browser window is 800 pixels wide" names nobody; say '
        'who, as in "Edith opens …" or "she sees …"',
        'x.feature:11: Scenario "She starts a list": "she" here points to no one: no one has '
        'been named yet in this scenario; name the person first, for example "Zoë" (and 1 '
        'more line in this scenario says "she" or "her")',
    ]


def test_a_then_or_an_and_carries_on_the_persons_story(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: A bad address gets no email
    When Edith asks for a login link for "not-an-email"
    Then no email is sent to "not-an-email"
    And no email is sent to "edith@example.com"
"""
        ),
        capsys,
    )
    assert status == 0, lines


def test_a_pronoun_must_be_one_someone_named_goes_by(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: Edith logs out
    Given Edith is a logged-in user
    When he logs out
    Then they are logged out
"""
        ),
        capsys,
    )
    assert status == 1
    assert problems_of(lines) == [
        '"he" here points to no one: Edith goes by "she"; write "Edith" instead, or "she"',
        '"they" here points to no one: Edith goes by "she"; write "Edith" instead, or "she"',
    ]


def test_a_rules_background_may_point_back_to_the_features(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Background:
    Given Edith is a logged-in user

  Rule: Her lists

    Background:
      Given she has started a list with "Buy milk"

    Scenario: She adds to it
      When she adds "Buy eggs" to the list
      Then her list reads:
        | item     |
        | Buy milk |
        | Buy eggs |
"""
        ),
        capsys,
    )
    assert status == 0, lines


@pytest.mark.parametrize(
    "step",
    [
        "Nobody is logged in",
        "Someone opens the home page",
        "You are logged in",
        "We start a list",
        "the home page is opened",
    ],
)
def test_words_that_are_nobodys_name_do_not_name_a_person(tmp_path, capsys, step):
    lines, status, _ = lint(
        tmp_path, feature(f"  Scenario: s\n    When {step}\n    Then Edith sees it\n"), capsys
    )
    assert status == 1, lines


def test_a_pronoun_for_someone_undeclared_is_explained_once_with_both_fixes(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: Bartholomew starts a list
    Given Bartholomew is a logged-in user
    And he has started a list with "Things"
    When he adds "More" to the list
    Then his list reads:
      | item   |
      | Things |
      | More   |
"""
        ),
        capsys,
    )
    assert status == 1
    assert lines == [
        'x.feature:6: Scenario "Bartholomew starts a list": "he" here seems to mean '
        'Bartholomew, who goes by "they" until declared; add him to features/people.csv or '
        'to a "Given these people:" table in this feature, or write "they" (and 2 more lines '
        "in this "
        'scenario say "he" or "his" of him)'
    ]


def test_the_style_check_and_the_run_explain_a_pronoun_in_the_same_words(tmp_path, capsys):
    from harness.people.cast import Cast, StepMisuse
    from harness.people.personas import load_default_cast

    lines, _, _ = lint(
        tmp_path,
        feature(
            "  Scenario: s\n    Given Bartholomew is a logged-in user\n    Then she is logged in\n"
        ),
        capsys,
    )
    cast = Cast(
        server=None, pool=SimpleNamespace(take=lambda name: None), people=load_default_cast()
    )
    cast.subject("Bartholomew")
    with pytest.raises(StepMisuse) as raised:
        cast.subject("she")
    assert problems_of(lines) == [str(raised.value)]
    assert str(raised.value).startswith('"she" here seems to mean Bartholomew')


def test_a_pronoun_nobody_declared_goes_by_names_everyone_with_theirs(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Background:
    Given these people:
      | name | pronoun |
      | Zoë  | they    |

  Scenario: Two people, neither "he"
    Given Edith has started a list with "Milk"
    And Zoë has opened Edith's list
    When he adds "Eggs" to the list
    Then he sees "Eggs" in the list
"""
        ),
        capsys,
    )
    assert status == 1
    assert problems_of(lines) == [
        '"he" here points to no one: Zoë goes by "they" and Edith by "she"; write their name '
        'instead, or the pronoun they go by (and 1 more line in this scenario says "he")'
    ]


def test_different_mistakes_are_each_reported_at_their_first_line(tmp_path, capsys):
    lines, _, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: s
    Given she is a logged-in user
    And Mya has started a list with "Milk"
    When he shares the list with Isaac
    Then she sees Isaac among the people the list is shared with
"""
        ),
        capsys,
    )
    # Each is its own cause: nobody named yet, then Mya as the likeliest "he",
    # then Mya as the likeliest "she".
    assert [line.split(": ", 2)[0] for line in lines] == [
        "x.feature:5",
        "x.feature:7",
        "x.feature:8",
    ]
    assert problems_of(lines) == [
        '"she" here points to no one: no one has been named yet in this scenario; name the '
        'person first, for example "Edith"',
        '"he" here seems to mean Mya, who goes by "they" until declared; add him to '
        'features/people.csv or to a "Given these people:" table in this feature, or write "they"',
        '"she" here seems to mean Mya, who goes by "they" until declared; add her to '
        'features/people.csv or to a "Given these people:" table in this feature, or write "they"',
    ]


def test_them_after_a_person_may_be_things(tmp_path, capsys):
    text = '  Scenario: s\n    When Edith adds "a" to the list\n    Then she sees them all\n'
    lines, status, _ = lint(tmp_path, feature(text), capsys)
    assert status == 0, lines
