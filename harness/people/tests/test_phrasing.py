from behave.matchers import ParseMatcher

from harness.people import phrasing
from harness.people.phrasing import PHRASES_ATTRIBUTE, phrasings


def test_a_phrase_without_brackets_is_itself():
    assert phrasings("{who:Who} logs out") == ["{who:Who} logs out"]


def test_each_bracket_is_a_choice_and_every_combination_is_registered():
    assert phrasings("{who:Who} [is/are] told [this/that]") == [
        "{who:Who} is told this",
        "{who:Who} is told that",
        "{who:Who} are told this",
        "{who:Who} are told that",
    ]


def test_registering_a_step_registers_every_phrasing_and_remembers_the_phrase(monkeypatch):
    registered = []

    def fake_behave_decorator(pattern):
        def register(func):
            registered.append((pattern, func))
            return func

        return register

    when = phrasing._register("When", fake_behave_decorator)
    given = phrasing._register("Given", fake_behave_decorator)

    @given("{who:Who} [has/have] added it")
    @when("{who:Who} [adds/add] it")
    def step(context, who):
        pass

    assert [pattern for pattern, _ in registered] == [
        "{who:Who} adds it",
        "{who:Who} add it",
        "{who:Who} has added it",
        "{who:Who} have added it",
    ]
    assert getattr(step, PHRASES_ATTRIBUTE) == [
        ("Given", "{who:Who} [has/have] added it"),
        ("When", "{who:Who} [adds/add] it"),
    ]


def test_both_forms_read_with_names_and_pronouns():
    for pattern, text in [
        ("{who:Who} adds it", "Zoë adds it"),
        ("{who:Who} add it", "they add it"),
    ]:
        match = ParseMatcher(lambda context, who: None, pattern).match(text)
        assert match is not None, text
