import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.authoring import feature_style
from harness.authoring.feature_style import linter, main
from harness.run.paths import PROJECT
from harness.run.tags import TAGS

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


def lint(tmp_path, text, capsys, name="x.feature"):
    """The style check's lines for one feature, its exit status, and what it
    said on stderr."""
    folder = tmp_path / "features"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    status = main([str(folder)])
    out, err = capsys.readouterr()
    prefix = f"{folder}/"
    return [line.removeprefix(prefix) for line in out.splitlines()], status, err


def feature(scenarios, description="  Edith keeps her lists.\n", header="Feature: Lists\n"):
    return header + description + "\n" + scenarios


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


def test_unreadable_gherkin_is_one_line(tmp_path, capsys):
    lines, status, _ = lint(tmp_path, "Hello\nFeature: Lists\n", capsys)
    assert status == 1
    assert lines == [
        'x.feature:1: Gherkin: cannot read "Hello": No feature found; every line is a keyword '
        "(Feature:, Scenario:, Given, When, Then, And), a description, a table row or a tag"
    ]


def test_an_empty_file_is_said_to_have_no_feature(tmp_path, capsys):
    lines, status, _ = lint(tmp_path, "", capsys)
    assert (lines, status) == (["x.feature:1: file: no Feature; start it with `Feature: …`"], 1)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda root: root / "nowhere", "nowhere does not exist: name a feature file or a folder"),
        (lambda root: root / "notes.txt", "notes.txt is not a .feature file"),
    ],
)
def test_a_path_that_is_not_features_is_one_line_and_exit_2(tmp_path, capsys, make, expected):
    (tmp_path / "notes.txt").write_text("hello")
    status = main([str(make(tmp_path))])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.startswith("lint-features: error: ") and expected in err
    assert err.count("\n") == 1


def test_a_folder_with_no_features_is_not_a_pass(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no .feature files in" in capsys.readouterr().err


def test_a_broken_behave_lint_says_how_to_reinstall_it(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "ModuleNotFoundError: behave_lint\n")

    monkeypatch.setattr(linter.subprocess, "run", broken)
    _, status, err = lint(tmp_path, feature("  Scenario: s\n    Then Edith is happy\n"), capsys)
    assert status == 2
    assert err == (
        "lint-features: error: behave-lint did not run (ModuleNotFoundError: behave_lint); "
        "reinstall it: .venv/bin/pip install -r requirements-dev.txt\n"
    )


def test_a_linter_finding_without_house_words_keeps_behave_lints_own():
    unknown = {
        "rule_id": "BC010",
        "message": "Duplicate Examples name 'Rows'",
        "suggestion": "Rename it.",
    }
    assert linter.house_words(unknown) == "Duplicate Examples name 'Rows'; rename it (BC010)"
    # A message worded otherwise than the house words expect keeps its own words too.
    reworded = {"rule_id": "BC001", "message": "Name clash", "suggestion": ""}
    assert linter.house_words(reworded) == "Name clash; see behave-lint --explain BC001 (BC001)"
    known = {"rule_id": "BC001", "message": "Duplicate scenario name 'x' (first defined at line 4)"}
    assert linter.house_words(known) == (
        "the scenario at line 4 has the same name; give each a name of its own"
    )


def test_the_documented_tags_are_the_ones_the_check_allows():
    text = (PROJECT / "docs" / "configuration.md").read_text()
    section = text.split("## Tags", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- `@(\w+)`", section, re.MULTILINE) == list(TAGS)


def test_the_linters_words_are_for_rules_the_project_selects():
    pyproject = (PROJECT / "pyproject.toml").read_text().split("[tool.behave-lint]", 1)[1]
    selected = re.search(r"select = \[(.*?)\]", pyproject, re.S)
    assert selected is not None
    assert set(linter.HOUSE_WORDS) <= set(re.findall(r'"(\w+)"', selected.group(1)))


def test_make_test_runs_the_style_check():
    makefile = (PROJECT / "Makefile").read_text()
    assert re.search(
        r"^lint-features:.*\n\t.*harness\.authoring\.feature_style", makefile, re.MULTILINE
    )
    test_rule = re.search(r"^test:.*$", makefile, re.MULTILINE)
    assert test_rule is not None and "lint-features" in test_rule.group(0)


def test_paths_are_named_as_given(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("features").mkdir()
    Path("features/x.feature").write_text(feature("  Scenario: s\n    Then it works\n"))
    assert main(["features"]) == 1
    assert capsys.readouterr().out.startswith('features/x.feature:5: Scenario "s": ')


def test_a_byte_order_mark_or_another_encoding_is_named_with_its_fix(tmp_path, capsys):
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "bom.feature").write_bytes("\ufeffFeature: Lists\n  Why.\n".encode())
    (folder / "latin.feature").write_bytes("Feature: Zoë\n".encode("latin-1"))
    (folder / "not-a-file.feature").mkdir()  # a folder that happens to end so
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out.replace(f"{folder}/", "")
    assert out.splitlines() == [
        "bom.feature:1: file: starts with an invisible byte-order mark, which behave cannot "
        'read; save it as "UTF-8" (not "UTF-8 with BOM")',
        "latin.feature:1: file: is not UTF-8 text; save it as UTF-8",
    ]


def test_ctrl_c_is_one_line_and_status_130(tmp_path, capsys, monkeypatch):
    def interrupted(files):
        raise KeyboardInterrupt

    monkeypatch.setattr(feature_style, "check", interrupted)
    (tmp_path / "x.feature").write_text("Feature: x\n")
    assert main([str(tmp_path)]) == 130
    assert capsys.readouterr().err == "lint-features: interrupted; nothing was checked to the end\n"


def problems_of(lines):
    """Just what each line says is wrong, without file, line and place."""
    return [line.split(": ", 2)[2] for line in lines if not line.startswith("lint-features")]


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


def test_screen_words_between_two_quoted_texts_are_found(tmp_path, capsys):
    lines, status, _ = lint(
        tmp_path,
        feature(
            """\
  Scenario: Edith adds an item
    When Edith types "Buy milk" into the item field and clicks "Add"
    Then she sees "Buy milk" under "To-Do" in id_list_table, item #2 of her list
"""
        ),
        capsys,
    )
    assert status == 1
    assert [p.split(" describes the screen ")[1].split(";")[0] for p in problems_of(lines)] == [
        '("types … into", "field", "clicks")',
        '("id_list_table")',
    ]


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


def test_too_many_steps_is_said_in_the_products_words(tmp_path, capsys):
    steps = "".join(f'    And she adds "item {n}" to the list\n' for n in range(11))
    lines, status, _ = lint(
        tmp_path,
        feature(
            f'  Scenario: s\n    When Edith starts a list with "a"\n{steps}    Then she sees it\n'
        ),
        capsys,
    )
    assert status == 1
    assert problems_of(lines) == ["13 steps, more than 10; one behaviour needs fewer: split it"]


def test_linked_folders_are_followed_once_and_one_file_is_checked_once(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "x.feature").write_text(feature("  Scenario: s\n    Then it works\n"))
    (tmp_path / "top").mkdir()
    (tmp_path / "top" / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "top" / "loop").symlink_to(tmp_path / "top")
    spelled_otherwise = str(tmp_path / "real" / ".." / "real" / "x.feature")
    assert main([str(tmp_path / "top"), spelled_otherwise]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out  # one problem, once, and no clash with itself
    assert "linked/x.feature:5:" in out


def test_help_and_options(capsys, tmp_path):
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: python -m harness.authoring.feature_style")
    assert main(["--fix"]) == 2
    assert capsys.readouterr().err.startswith("lint-features: unknown option --fix\nusage:")
    odd = tmp_path / "-draft.feature"
    odd.write_text(feature("  Scenario: s\n    When Edith logs out\n    Then she is logged out\n"))
    assert main(["--", str(odd)]) == 0


def test_many_files_are_checked_in_batches(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(linter, "BATCH", 3)
    folder = tmp_path / "features"
    folder.mkdir()
    for number in range(7):
        (folder / f"f{number}.feature").write_text(
            f"Feature: F{number}\n\n  Scenario: s\n    Then Edith sees it\n"
        )
    assert main([str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and all("no description" in line for line in lines)


# -- people and pronouns, said once per cause ---------------------------------


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


# -- should, I and we, and doing things to the screen ---------------------------


def one_step(tmp_path, capsys, step, before="Given Edith is a logged-in user"):
    """What the style check says of `step`, after a step that names Edith
    (or `before`), in a scenario that ends with a Then."""
    text = f"  Scenario: s\n    {before}\n    {step}\n    Then Edith sees it\n"
    lines, _, _ = lint(tmp_path, feature(text), capsys)
    return problems_of(lines)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            "Then she should see Edith's list:",
            '"Then she should see …" says what should happen; a Then says what the person '
            'sees: "Then she sees …"',
        ),
        (
            "Then they should be logged out",
            '"Then they should be …" says what should happen; a Then says what the person '
            'sees: "Then they are …"',
        ),
        (
            'Then "Milk" should not be in her list',
            '"Then "…" should not be …" says what should happen; a Then says what the person '
            'sees: "Then "…" is not …"',
        ),
        (
            "Then Francis shouldn't see it",
            '"Then Francis shouldn\'t see …" says what should happen; a Then says what the '
            'person sees: "Then Francis does not see …"',
        ),
        (
            "And she should",
            '"And she should" says what should happen; a Then says what the person sees, '
            'without "should"',
        ),
    ],
)
def test_a_step_says_what_is_so_not_what_should_be(tmp_path, capsys, step, expected):
    before = "Edith and Zoë see the list" if step.startswith("And") else "Edith and Zoë are here"
    before = ("Then " if step.startswith("And") else "Given ") + before
    assert one_step(tmp_path, capsys, step, before) == [expected]


@pytest.mark.parametrize(
    ("step", "word"),
    [
        ("Then I see Edith's list", "I"),
        ("And we see the list", "we"),
        ("Then Edith sees our list", "our"),
        ("When Edith opens my lists page", "my"),
        ("When Edith shares the list with me", "me"),
        ("Then the list is shared with us", "us"),
        ("When Edith shares the list with you", "you"),
        ("Then I'm logged in", "I"),
    ],
)
def test_speaking_as_i_or_we_is_found_anywhere(tmp_path, capsys, step, word):
    assert one_step(tmp_path, capsys, step) == [
        f'"{step.split(" ", 1)[1]}" speaks as "{word}"; say who, as in "Edith opens the home page"'
    ]


@pytest.mark.parametrize(
    "step",
    [
        'Then she is told "I should have used my own list"',
        "When she opens her My lists page",
        "Then she sees the My lists link",
        "When Mya opens the home page",
        "When Isaac opens the home page",
        "When Shouldice opens the home page",
        'When she adds "weekly shop" to the list',
        "Then she sees the weekly list",
        'When she opens the list "Click cows" from her My lists page',
        "When she starts typing in the item box",
        "Then she is asked to fill in the item first",
        'When she adds "Type milk into the share box" to the list',
        'When she adds "We should submit the form" to the list',
        "Then she sees the US list",
    ],
)
def test_words_that_only_look_like_a_mistake_pass(tmp_path, capsys, step):
    assert one_step(tmp_path, capsys, step) == []


@pytest.mark.parametrize(
    ("step", "words"),
    [
        ('When she types "milk" into the share box', '"types … into"'),
        ('When she enters "francis@example.com" in the share box', '"enters … in"'),
        ("When she fills in the share box", '"fills in the … box"'),
        ("When she fills in the email field", '"fills in the … field"'),
        ("When she presses Enter", '"presses Enter"'),
        ("When she presses the Return key", '"presses the Return key"'),
        ("When she submits the form", '"submits the form"'),
        ("When she types into the item box", '"types into"'),
    ],
)
def test_doing_things_to_the_screen_is_named(tmp_path, capsys, step, words):
    assert one_step(tmp_path, capsys, step) == [
        f'"{step.split(" ", 1)[1]}" describes the screen ({words}); say what the person does '
        "or sees, as the sentences in docs/steps.md do"
    ]


def test_every_example_in_the_step_catalogue_passes_the_sentence_rules(monkeypatch):
    from behave.step_registry import registry

    from harness.authoring import catalogue
    from harness.authoring.feature_style.rules import sentence_problems

    # A registry of its own: another test module loads the steps into behave's.
    monkeypatch.setattr(registry, "steps", {"given": [], "when": [], "then": [], "step": []})
    catalogue.load_steps()
    topics, _ = catalogue.collect()
    examples = [ex for topic in topics for entry in topic.entries for ex in entry.examples]
    assert len(examples) > 50
    assert {
        ex.sentence: sentence_problems(ex.step) for ex in examples if sentence_problems(ex.step)
    } == {}
