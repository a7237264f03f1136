"""The style check as a whole (`make lint-features`): the project's own
features pass, a first try gets one line per problem, the house style
passes; and the rules about a feature's parts: When blocks, Background,
outlines and their Examples, tags."""

import re
import subprocess
import sys

from harness.authoring.tests.linting import feature, lint, problems_of
from harness.run.paths import PROJECT

#: A product owner's first feature, written from memory, with every mistake
#: the style check is for.
FIRST_TRY = """\
@smoke
Feature: Sharing

  Scenario: Edith shares
    Given Edith is logged-in
    And she has started a list called "Trip"
    When she clicks the "Share" button
    Then Francis can see the list
    When she types into the id_new_item field "Francis"
    Then she sees it

  Scenario: Edith shares
    Given Edith is a logged-in user
    When she logs out

  Scenario: Opening the site
    Given she is a logged-in user
    When the home page is opened
    Then I see #id_list
"""


def test_the_projects_features_pass():
    done = subprocess.run(
        [sys.executable, "-m", "harness.authoring.feature_style"],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"lint-features: \d+ feature files, no problems\n", done.stdout)


def test_a_first_try_gets_one_line_per_problem_in_the_products_words(tmp_path, capsys):
    lines, status, err = lint(tmp_path, FIRST_TRY, capsys)
    assert status == 1
    assert lines == [
        'x.feature:1: Feature "Sharing": @smoke is not one of the suite\'s tags '
        "(@wip, @readonly, @flaky, @https); use one of those or none "
        "(docs/configuration.md#tags)",
        'x.feature:2: Feature "Sharing": no description; under the Feature line, say in a '
        "sentence or two why it matters to the people who use it",
        'x.feature:7: Scenario "Edith shares": "she clicks the "Share" button" describes the '
        'screen ("clicks", "button"); say what the person does or sees, as the sentences in '
        "docs/steps.md do",
        'x.feature:9: Scenario "Edith shares": two When blocks; one behaviour per scenario: '
        "split it",
        'x.feature:9: Scenario "Edith shares": "she types into the id_new_item field '
        '"Francis"" describes the screen ("types into", "id_new_item", "field"); say what '
        "the person does or sees, as the sentences in docs/steps.md do",
        'x.feature:12: Scenario "Edith shares": the scenario at line 4 has the same name; '
        "give each a name of its own",
        'x.feature:12: Scenario "Edith shares": no Then; say what the person sees afterwards '
        "(Then …)",
        'x.feature:17: Scenario "Opening the site": "she" here points to no one: no one has '
        'been named yet in this scenario; name the person first, for example "Edith"',
        'x.feature:18: Scenario "Opening the site": "the home page is opened" names nobody; '
        'say who, as in "Edith opens …" or "she sees …"',
        'x.feature:19: Scenario "Opening the site": "I see #id_list" describes the screen '
        '("#id_list"); say what the person does or sees, as the sentences in docs/steps.md do',
        'x.feature:19: Scenario "Opening the site": "I see #id_list" speaks as "I"; say who, '
        'as in "Edith opens the home page"',
    ]
    assert err == (
        "lint-features: 11 problems in 1 feature file; docs/writing-features.md explains "
        "the style\n"
    )


def test_a_feature_in_the_house_style_passes(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  @flaky
  Scenario: Edith adds to her list
    Given Edith has started a list with "Click cows"
    And she has added "Press the button" to the list
    When she adds "Type into the field" to the list
    And she adds "Buy milk" to the list
    Then her list reads:
      | item          |
      | Click cows    |
    And no email is sent to "not-an-email"
    But Francis sees nothing of it
"""
        ),
        capsys,
    )
    assert (lines, status) == (["lint-features: 1 feature file, no problems"], 0)


def test_three_when_blocks_are_counted(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: Edith does everything
    When Edith starts a list with "a"
    Then she sees it
    When she adds "b" to the list
    Then she sees both
    When she adds "c" to the list
    Then she sees them all
"""
        ),
        capsys,
    )
    assert status == 1
    assert lines == [
        'x.feature:7: Scenario "Edith does everything": three When blocks; one behaviour per '
        "scenario: split it"
    ]


def test_a_background_only_sets_the_scene(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Background:
    Given Edith is a logged-in user
    When she opens the home page

  Scenario: She sees the form
    Then she is offered a way to log in
"""
        ),
        capsys,
    )
    assert status == 1
    assert lines == [
        'x.feature:6: Background: "she opens the home page" is a When; a background only '
        "sets the scene (Given): move it into the scenarios"
    ]


def test_outlines_rules_and_examples_are_checked_once_each(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  @wip
  Rule: Lists belong to people

    @readonly
    Scenario Outline: <who> starts a list
      When <who> clicks the button
      Then <who> sees a list

      @nightly
      Examples:
        | who     |
        | Edith   |
        | Francis |
"""
        ),
        capsys,
    )
    assert status == 1
    assert [line.split(": ", 2)[1:] for line in lines] == [
        [
            'Scenario Outline "<who> starts a list"',
            '"<who> clicks the button" describes the screen ("clicks", "button"); say what the '
            "person does or sees, as the sentences in docs/steps.md do",
        ],
        [
            'Scenario Outline "<who> starts a list"',
            "@nightly is not one of the suite's tags (@wip, @readonly, @flaky, @https); use "
            "one of those or none (docs/configuration.md#tags)",
        ],
    ]


def test_every_unknown_tag_on_a_line_is_reported(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        "@smoke @regression\n"
        + feature(
            "  @slow @wip\n  Scenario: s\n    When Edith logs out\n    Then she is logged out\n"
        ),
        capsys,
    )
    assert status == 1
    assert [p.split(" is not")[0] for p in problems_of(lines)] == ["@smoke", "@regression", "@slow"]


def test_a_mistyped_placeholder_is_named(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario Outline: <who> logs out
    Given <who> is a logged-in user
    When <whom> logs out
    Then <who> is logged out

    Examples:
      | who   |
      | Edith |
"""
        ),
        capsys,
    )
    assert status == 1
    assert problems_of(lines) == [
        '"<whom>" is not a column of its Examples; add the column, or use one that is'
    ]


def test_an_outline_using_placeholders_in_its_name_and_tables_passes(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario Outline: Edith starts a list of <count>
    When Edith starts a list with:
      | item   |
      | <item> |
    Then her list reads:
      | item   |
      | <item> |

    Examples:
      | count | item     |
      | one   | Buy milk |
"""
        ),
        capsys,
    )
    assert status == 0, lines


def test_examples_without_rows_are_named_at_their_line(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario Outline: <who> logs out
    When <who> logs out
    Then <who> is logged out

    Examples:
      | who |
"""
        ),
        capsys,
    )
    assert status == 1
    assert lines[0].startswith('x.feature:8: Scenario Outline "<who> logs out": its Examples')
