"""The style check's command line and its linter: what it says of input that
is not features, paths, encodings, Ctrl-C, help, batches; behave-lint's
findings in the house words; the tags and rules its documents name."""

import re
import subprocess
from pathlib import Path

import pytest

from harness.authoring import feature_style
from harness.authoring.feature_style import linter, main
from harness.authoring.tests.linting import feature, lint, problems_of
from harness.run.paths import PROJECT
from harness.run.tags import TAGS


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
