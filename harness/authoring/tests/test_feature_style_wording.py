"""The style check on what a step says on its own: no words about the screen,
nothing that "should" happen, no "I" or "we"; and every example in the step
catalogue passes these rules."""

import pytest

from harness.authoring.tests.linting import feature, lint, problems_of


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
    from harness.authoring.feature_style.step_wording import sentence_problems

    # A registry of its own: another test module loads the steps into behave's.
    monkeypatch.setattr(registry, "steps", {"given": [], "when": [], "then": [], "step": []})
    catalogue.load_steps()
    topics, _ = catalogue.collect()
    examples = [ex for topic in topics for entry in topic.entries for ex in entry.examples]
    assert len(examples) > 50
    assert {
        ex.sentence: sentence_problems(ex.step) for ex in examples if sentence_problems(ex.step)
    } == {}
