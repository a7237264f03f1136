"""'Did you mean': the keyword of every answer, a hundred undefined steps at
once, and where suggestions are shown (JUnit, a run's record)."""

import pytest
from behave.step_registry import registry

from harness.authoring.meaning import is_person, shape
from harness.authoring.suggestions import NOTHING_CLOSE, Suggestion
from harness.authoring.tests.suggesting import meant
from harness.testing.near_misses import NEAR_MISSES

# -- The keyword of every answer ---------------------------------------------------------


@pytest.mark.parametrize("keyword", ["And", "But"])
def test_the_only_opposite_takes_the_writers_and_as_a_suggestion_does(suggester, keyword):
    offered = suggester.suggest(keyword, "she is not offered a way to log in", "then")
    assert offered.opposite == f"{keyword} she is offered a way to log in"
    assert offered.lines()[0].startswith(
        f'no sentence in the catalogue says this, only its opposite: "{keyword} she is offered'
    )
    # after a Given it would not run as a Given: it keeps its own keyword
    offered = suggester.suggest(keyword, "she is not offered a way to log in", "given")
    assert offered.opposite == "Then she is offered a way to log in"


def test_an_and_is_answered_as_its_step_type_with_the_and_where_a_sentence_runs_under_it(
    suggester,
):
    def under_and(sentence, keyword):
        said, _, text = sentence.partition(" ")
        return f"And {text}" if said == keyword else sentence

    for keyword, written, *_ in NEAR_MISSES:
        alone = suggester.suggest(keyword, written)
        after = suggester.suggest("And", written, keyword.lower())
        assert after.sentences == tuple(under_and(s, keyword) for s in alone.sentences)
        assert after.opposite == (alone.opposite and under_and(alone.opposite, keyword))


def test_each_of_a_hundred_undefined_steps_gets_its_own_suggestions(suggester):
    # How long they take is measured by `make bench`, not here.
    for number in range(100):
        offered = suggester.suggest("When", f'Edith adds item {number} "thing {number}" to a list')
        assert offered.sentences[0] == f'When Edith adds "thing {number}" to the list'


def test_all_capital_words_are_never_people(suggester):
    for word in ("VAT", "HTTP", "URL", "HTTPS", "PDF"):
        assert not is_person(word)
    assert is_person("Edith") and is_person("Anne-Marie") and is_person("his")
    assert not is_person("My", frozenset({"My"}))
    assert shape("the invoice includes VAT") == "invoic see vat"
    offered = suggester.suggest("When", "Edith opens the home page over HTTP").sentences
    assert "When Edith opens the home page at its plain http address" in offered
    # an acronym never takes a person's place in a suggestion
    assert suggester.suggest("Then", "the URL is logged in").sentences[0] == "Then she is logged in"


def test_the_shape_puts_people_and_quoted_text_aside():
    assert shape('Given Zoë has created a list called "Pain"') == shape(
        'When they make a list named "Milk"'
    )


def test_a_step_under_another_keyword_is_offered_under_the_one_it_runs_with(suggester):
    offered = suggester.suggest("Given", "Edith has signed out").sentences
    assert all(meant(s.split(" ", 1)[0], s) for s in offered)


# -- Where suggestions are shown --------------------------------------------------


def test_junit_says_which_step_was_undefined_and_what_it_might_be(tmp_path):
    from harness.authoring.suggestions import annotate_junit

    junit = tmp_path / "TESTS-features.x.xml"
    junit.write_text(
        '<testsuite name="features.x.Sharing"><testcase classname="features.x.Sharing" '
        'name="Edith shares"><error type="NoneType" message="None">x</error></testcase>'
        '<testcase classname="features.x.Sharing" name="Other"><error type="E" message="m"/>'
        "</testcase></testsuite>"
    )
    offered = Suggestion("When she shares her list", ("When she shares the list",), "sharing")
    nothing = Suggestion("When the cat sleeps", (), None)
    annotate_junit(tmp_path, {("Sharing", "Edith shares"): [offered, nothing]})
    text = junit.read_text()
    assert (
        'type="undefined" message="Undefined Step: When she shares her list: did you mean: | '
        "When she shares the list | all the sentences: docs/steps.md#sharing; Undefined Step: "
        f'When the cat sleeps: {NOTHING_CLOSE}"'
    ) in text
    assert 'type="E" message="m"' in text  # another scenario's error is left alone


def test_a_run_remembers_what_it_suggested_for_each_scenario(suggester):
    from types import SimpleNamespace

    from harness.authoring.suggestions import UndefinedSteps

    steps = UndefinedSteps(registry)
    step = SimpleNamespace(keyword="Given", name="Edith is logged-in", step_type="given")
    offered = steps.suggest("Logging in", "Edith logs in", step)
    assert offered.sentences[0] == "Given Edith is logged in"
    assert steps.offered == {("Logging in", "Edith logs in"): [offered]}
