import textwrap

import pytest
from behave.step_registry import registry

from harness.authoring import catalogue
from harness.authoring.catalogue import CatalogueError, build, collect, main, render_phrase, verify

FRUIT = '''\
    """Fruit: picking it and eating it."""

    from harness.people.phrasing import given, then, when


    @given("{who:Who} [has/have] picked {count:d} apples")
    def picked(context, who, count):
        """
        Given Edith has picked 3 apples
        """


    @when('{who:Who} [eats/eat] "{fruit}" from {whose:Who} basket')
    def eats(context, who, whose, fruit):
        """
        When she eats "a pear" from her basket
        """


    @then("{who:Who} [sees/see] {whose:Who} basket:")
    def sees_basket(context, who, whose):
        """
        Then they see Edith's basket:
          | fruit |
          | pear  |
          | plum  |
        """
'''


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    """Each test gets behave's registry to itself, and leaves it as it was."""
    monkeypatch.setattr(registry, "steps", {"given": [], "when": [], "then": [], "step": []})


def load(tmp_path, source, name="fruit.py"):
    steps = tmp_path / "steps"
    steps.mkdir(exist_ok=True)
    (steps / name).write_text(textwrap.dedent(source), encoding="utf-8")
    catalogue.load_steps(steps)
    return steps


def line_of(source, text):
    """The line of the first decorator in `source` that mentions `text`."""
    lines = textwrap.dedent(source).splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("@") and text in line)


def problems_for(tmp_path, source):
    steps = load(tmp_path, source)
    topics, problems = collect()
    return steps, problems + verify(topics)


def test_steps_whose_examples_all_match_have_no_problems(tmp_path):
    _, problems = problems_for(tmp_path, FRUIT)
    assert problems == []


def test_an_example_no_step_matches_is_named_with_its_function(tmp_path):
    steps, problems = problems_for(
        tmp_path, FRUIT.replace("Given Edith has picked 3 apples", "Given Edith has picked apples")
    )
    assert problems == [
        f"{steps / 'fruit.py'}:6: picked: no step matches the example: "
        "Given Edith has picked apples",
        f"{steps / 'fruit.py'}:6: picked: no Given example for the phrase: "
        "{who:Who} [has/have] picked {count:d} apples",
    ]


def test_an_example_with_the_wrong_keyword_matches_nothing(tmp_path):
    _, problems = problems_for(
        tmp_path, FRUIT.replace("Given Edith has picked 3 apples", "When Edith has picked 3 apples")
    )
    assert "picked: no step matches the example: When Edith has picked 3 apples" in problems[0]


def test_an_example_another_function_runs_is_named_with_both(tmp_path):
    source = (
        FRUIT
        + '''
    @when("{who:Who} [eats/eat] everything")
    def eats_everything(context, who):
        """
        When she eats "a pear" from her basket
        """
    '''
    )
    steps, problems = problems_for(tmp_path, source)
    everything = f"{steps / 'fruit.py'}:{line_of(source, 'everything')}"
    eats = f"{steps / 'fruit.py'}:{line_of(source, 'from {whose:Who} basket')}"
    assert problems == [
        f"{everything}: eats_everything: the example runs {eats} (eats) instead: "
        'When she eats "a pear" from her basket',
        f"{everything}: eats_everything: no When example for the phrase: "
        "{who:Who} [eats/eat] everything",
    ]


def test_every_phrase_needs_an_example_with_its_own_keyword(tmp_path):
    source = FRUIT.replace(
        '@given("{who:Who} [has/have] picked {count:d} apples")',
        '@given("{who:Who} [has/have] picked {count:d} apples")\n'
        '    @when("{who:Who} [picks/pick] {count:d} apples")',
    )
    _, problems = problems_for(tmp_path, source)
    assert len(problems) == 1
    assert problems[0].endswith(
        "picked: no When example for the phrase: {who:Who} [picks/pick] {count:d} apples"
    )


def test_an_example_for_one_phrase_does_not_cover_another_of_the_same_keyword(tmp_path):
    source = FRUIT.replace(
        '@given("{who:Who} [has/have] picked {count:d} apples")',
        '@given("{who:Who} [has/have] picked {count:d} apples")\n'
        '    @given("{who:Who} [has/have] gathered {count:d} apples")',
    )
    _, problems = problems_for(tmp_path, source)
    assert [problem.split(": ", 2)[2] for problem in problems] == [
        "no Given example for the phrase: {who:Who} [has/have] gathered {count:d} apples"
    ]


def test_a_step_without_examples_is_a_problem(tmp_path):
    source = FRUIT.replace('"""\n        Given Edith has picked 3 apples\n        """', "pass")
    assert "Given Edith" not in source
    steps, problems = problems_for(tmp_path, source)
    assert problems[0] == (
        f"{steps / 'fruit.py'}:6: picked: the docstring has no examples "
        "(write one sentence a line, starting with Given, When or Then)"
    )


def test_a_docstring_line_that_is_not_an_example_is_a_problem(tmp_path):
    source = FRUIT.replace("Given Edith has picked 3 apples", "Edith has picked 3 apples")
    _, problems = problems_for(tmp_path, source)
    assert problems[0].endswith(
        "picked: docstring line 1 is not an example (a sentence starting with Given, "
        "When or Then, or a table row after one): Edith has picked 3 apples"
    )


def test_a_malformed_table_is_a_problem(tmp_path):
    _, problems = problems_for(tmp_path, FRUIT.replace("| plum  |", "| plum | kiwi |"))
    assert "sees_basket: behave cannot read the example" in problems[0]


def test_a_step_module_without_a_docstring_is_a_problem(tmp_path):
    steps, problems = problems_for(
        tmp_path, FRUIT.replace('"""Fruit: picking it and eating it."""', "")
    )
    assert problems == [
        f"{steps / 'fruit.py'}:1: the step module has no docstring (its first line names the topic)"
    ]


def test_placeholders_and_choices_read_as_words():
    assert render_phrase('{who:Who} [adds/add] "{text}" to the list') == (
        '*someone* adds / add "…" to the list'
    )
    assert render_phrase("{who:Who} [has/have] asked {times:d} times") == (
        "*someone* has / have asked *n* times"
    )
    assert render_phrase("{who:Who} [opens/open] {owner:Who} list", {"owner"}) == (
        "*someone* opens / open *someone's* list"
    )


def test_markdown_in_a_phrase_is_shown_as_written():
    assert render_phrase("the *new* item_box {{literally}}") == (
        r"the \*new\* item\_box {literally}"
    )


def test_a_person_is_possessive_where_the_examples_say_so(tmp_path):
    steps = load(tmp_path, FRUIT)
    topics, _ = collect()
    text = catalogue.render(topics)
    assert '- **When** *someone* eats / eat "…" from *someone\'s* basket' in text
    assert "- **Then** *someone* sees / see *someone's* basket:" in text
    assert "- **Given** *someone* has / have picked *n* apples" in text
    assert "```gherkin\nThen they see Edith's basket:\n  | fruit |\n  | pear  |\n" in text
    assert f"Defined in `{steps / 'fruit.py'}`." in text
    assert "- [Fruit: picking it and eating it](#fruit-picking-it-and-eating-it)" in text


def test_the_page_is_the_same_every_time(tmp_path):
    steps = load(tmp_path, FRUIT)
    assert build(steps) == build(steps)


def test_check_passes_on_a_fresh_page_and_fails_on_a_stale_or_missing_one(tmp_path, capsys):
    steps = load(tmp_path, FRUIT)
    page = tmp_path / "docs" / "steps.md"

    assert main(["--check", "--output", str(page)], steps_dir=steps) == 1
    assert capsys.readouterr().err == f"{page} is out of date: run make steps\n"

    assert main(["--output", str(page)], steps_dir=steps) == 0
    assert main(["--check", "--output", str(page)], steps_dir=steps) == 0
    capsys.readouterr()

    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert main(["--check", "--output", str(page)], steps_dir=steps) == 1
    assert capsys.readouterr().err == f"{page} is out of date: run make steps\n"


def test_a_wrong_example_writes_nothing(tmp_path, capsys):
    steps = load(tmp_path, FRUIT.replace("picked 3 apples", "picked three apples"))
    page = tmp_path / "steps.md"
    assert main(["--output", str(page)], steps_dir=steps) == 1
    assert not page.exists()
    assert "picked: no step matches the example" in capsys.readouterr().err


def test_a_step_module_that_does_not_load_is_one_problem(tmp_path):
    steps = tmp_path / "steps"
    steps.mkdir()
    (steps / "broken.py").write_text("import no_such_module_here\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        build(steps)
    assert raised.value.problems == [
        f"{steps}: cannot load the steps: ModuleNotFoundError: "
        "No module named 'no_such_module_here'"
    ]


def test_the_projects_own_steps_all_have_working_examples():
    text = build(catalogue.STEPS_DIR)
    assert "## Sharing a list with someone else" in text


def test_steps_a_run_has_wrapped_are_still_listed_under_their_own_module(tmp_path):
    from harness.audits.step_following import follow_steps

    load(tmp_path, FRUIT)
    plain_topics, _ = collect()
    undo = follow_steps(registry, lambda context: None)  # as a run with audits does
    try:
        topics, problems = collect()
        problems += verify(topics)
    finally:
        undo()
    assert problems == []
    assert [t.title for t in topics] == [t.title for t in plain_topics]
    assert [len(t.entries) for t in topics] == [len(t.entries) for t in plain_topics]
