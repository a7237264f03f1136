"""`make dry-run` (harness/authoring/dry_run.py): undefined steps named with their
suggestions, as behave's own parser and step registry see them."""

import subprocess
import sys

from harness.authoring.dry_run import main
from harness.run.paths import PROJECT

FEATURE = """\
Feature: Logging out
  Edith leaves a shared computer.

  Background:
    Given Edith is a logged-in user

  Scenario: The link goes
    When she logs out
    Then she doesn't see the My lists link

  Scenario: The cat
    When the cat knocks the vase off the shelf
    Then she is logged in

  @wip
  Scenario: Not yet
    When Edith juggles
    Then she is logged in

  Scenario Outline: Rows
    When <who> dances
    Then she is logged in

    Examples:
      | who   |
      | Edith |
      | Zoë   |
"""


def run(tmp_path, capsys, text=FEATURE, *args):
    (tmp_path / "x.feature").write_text(text)
    status = main([*args, str(tmp_path)])
    out, err = capsys.readouterr()
    return status, out.replace(f"{tmp_path}/", ""), err


def test_each_undefined_step_is_named_with_its_suggestions_then_counted(tmp_path, capsys):
    status, out, err = run(tmp_path, capsys)
    assert status == 1
    assert err == ""
    assert out.splitlines() == [
        "x.feature:9: not in the step catalogue: Then she doesn't see the My lists link",
        "    did you mean:",
        "      Then she no longer sees the My lists link",
        "    all the sentences: docs/steps.md#the-my-lists-page-a-persons-own-lists-and-those-"
        "shared-with-them",
        "x.feature:12: not in the step catalogue: When the cat knocks the vase off the shelf",
        "    no sentence in the catalogue is close: this needs a new step; see "
        "docs/writing-steps.md for how to ask for one",
        "x.feature:21: not in the step catalogue: When Edith dances",
        "    no sentence in the catalogue is close: this needs a new step; see "
        "docs/writing-steps.md for how to ask for one",
        "x.feature:21: not in the step catalogue: When Zoë dances",
        "    no sentence in the catalogue is close: this needs a new step; see "
        "docs/writing-steps.md for how to ask for one",
        "dry-run: 4 undefined steps in 1 feature file; the sentences that run are in docs/steps.md",
    ]


def test_features_that_only_use_the_catalogue_pass(tmp_path, capsys):
    text = "Feature: F\n  Why.\n\n  Scenario: S\n    Given Edith is logged in\n"
    assert run(tmp_path, capsys, text) == (
        0,
        "dry-run: every step of 1 feature file is defined\n",
        "",
    )


def test_a_path_that_is_not_features_is_one_line_and_status_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    nope = tmp_path / "nope"
    assert (
        err == f"dry-run: error: {nope} does not exist: name a feature file or a folder of them\n"
    )
    assert main(["--verbose"]) == 2
    assert capsys.readouterr().err.startswith("dry-run: unknown option --verbose")


def test_a_feature_behave_cannot_read_is_one_line_and_status_2(tmp_path, capsys):
    text = "Feature: F\n  Scenario: S\n    Given Edith is logged in\n    Givne she is\n"
    status, out, err = run(tmp_path, capsys, text)
    assert (status, out) == (2, "")
    assert err.startswith(
        f'dry-run: error: {tmp_path}/x.feature:4: behave cannot read "Givne she is"'
    )
    assert err.count("\n") == 1


def test_make_dry_run_runs_from_the_project_root_with_its_default_folder():
    done = subprocess.run(
        [sys.executable, "-m", "harness.authoring.dry_run"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    # 0 when every feature's steps are defined, 1 when one is not: either way
    # its last line counts the feature files it read.
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.splitlines()[-1].startswith("dry-run: ")
    assert "feature files" in done.stdout.splitlines()[-1]


def test_each_line_says_what_a_run_says_and_the_docs_show(tmp_path, capsys):
    # The console says NOT IN THE CATALOGUE; dry-run's line says it in
    # lower case, as docs/writing-features.md shows it, never "undefined:".
    docs = (PROJECT / "docs" / "writing-features.md").read_text()
    block = next(b for b in docs.split("```") if ": not in the step catalogue: " in b)
    shown = block.strip("\n").splitlines()
    step = shown[0].partition(": not in the step catalogue: ")[2]
    text = f"Feature: F\n  Why.\n\n  Scenario: S\n    {step}\n"
    status, out, _ = run(tmp_path, capsys, text)
    printed = out.splitlines()
    assert status == 1
    assert printed[0] == f"x.feature:5: not in the step catalogue: {step}"
    assert printed[1:-1] == shown[1:-1]
    assert "undefined:" not in out and "undefined:" not in docs
