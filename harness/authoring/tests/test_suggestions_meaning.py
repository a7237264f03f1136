"""'Did you mean', meaning first: a negation or an opposite is never offered
as the sentence meant, and a sentence about something else is answered
"nothing close"."""

import pytest

from harness.authoring.meaning import read
from harness.authoring.suggestions import NOTHING_CLOSE

# -- Meaning first ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "she does not see the My lists link",
        "she no longer sees the My lists link",
        "she doesn't see the My lists link",
        "she can't see the My lists link",
        "she cannot see the My lists link",
        "she never sees the My lists link",
        "no email is sent to Edith",
        "nothing is shown",
        "no one sees the list",
        "nobody sees the list",
        "Edith isn't warned",
        "they aren't offered a way to share the list",
        "he won't see the list",
        "her warning disappears",
        "the My lists link is hidden",
    ],
)
def test_a_negation_reads_as_one(sentence):
    assert read(sentence).negative


@pytest.mark.parametrize(
    "sentence",
    [
        "she sees the My lists link",
        "he is told there is nothing at that address",
        "he gets a page not found error",
        "the page Edith sees has no accessibility problems",
        'she is told "You can\'t share a list with yourself"',
        "she does not not see the My lists link",
    ],
)
def test_a_positive_statement_reads_as_one(sentence):
    assert not read(sentence).negative


def test_not_logged_in_is_logged_out_but_not_logging_out_is_not_logging_in():
    assert read("Edith is not logged in").axes == {"log": "out"}
    assert not read("Edith is not logged in").negative
    assert read("she isn't signed in any more").axes == {"log": "out"}
    assert read("Edith has logged out").axes == {"log": "out"}
    assert read("Edith does not log out").negative  # a deed not done is no other deed
    assert read("Edith does not log out").axes == {"log": "out"}
    # a login link is a link: "no" says there is none, not that it logs out
    assert read("no login email is sent").negative
    assert read("no login email is sent").axes == {"log": "in"}


def test_a_page_that_is_not_there_is_what_the_catalogue_calls_nothing_at_that_address():
    assert (
        read("he gets a page not found error").words
        == read("he is told there is nothing at that address").words[1:]
    )


def test_the_catalogue_says_not_only_where_it_means_it(suggester):
    negative = {
        catalogue_sentence.function
        for catalogue_sentence, reading in zip(
            suggester._sentences, suggester._readings, strict=True
        )
        if reading.negative
    }
    assert negative == {"no_email_to", "no_my_lists_link", "not_offered_sharing", "warning_gone"}


@pytest.mark.parametrize(
    ("keyword", "written", "not_first"),
    [
        ("Given", "Edith is not logged in", "Given Edith is logged in"),
        ("Then", "she does not see the My lists link", "Then she sees the My lists link"),
        ("When", "Francis logs in", "When Francis logs out"),
        ("When", "she signs out", "When she asks for a login link"),
        ("Then", "Edith is still logged in", "Then Edith is logged out"),
        ("Then", "she sees the My lists link again", "Then she no longer sees the My lists link"),
        ("Then", "the My lists link is shown to her", "Then she no longer sees the My lists link"),
        (
            "Then",
            "Francis can share the list",
            "Then Francis is not offered a way to share the list",
        ),
        ("Then", "an email is sent to Edith", 'Then no email is sent to "not-an-email"'),
    ],
)
def test_an_opposite_is_never_offered_first(suggester, keyword, written, not_first):
    offered = suggester.suggest(keyword, written)
    said = suggester.reading(written)
    assert not offered.sentences or offered.sentences[0] != not_first
    for sentence in offered.sentences:
        assert not said.opposed(suggester.reading(sentence)), sentence


@pytest.mark.parametrize(
    ("keyword", "written", "opposite"),
    [
        (
            "Then",
            "she does not see Onesiphorus among the people the list is shared with",
            "Then she sees Onesiphorus among the people the list is shared with",
        ),
        (
            "When",
            'Edith removes "Buy milk" from her list',
            'When Edith adds "Buy milk" to the list',
        ),
        ("Then", "he is offered a way to share the list", None),
        ("Then", "she is not offered a way to log in", "Then she is offered a way to log in"),
    ],
)
def test_only_an_opposite_in_the_catalogue_is_no_answer(suggester, keyword, written, opposite):
    offered = suggester.suggest(keyword, written)
    assert offered.nothing_close
    if opposite is not None:
        assert offered.opposite == opposite
        assert offered.lines() == [
            f'no sentence in the catalogue says this, only its opposite: "{opposite}"; this '
            "needs a new step; see docs/writing-steps.md for how to ask for one"
        ]


# -- Nothing close ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "written"),
    [
        ("When", "the cat knocks the vase off the shelf"),
        ("Then", "the invoice total includes VAT at twenty percent"),
        ("When", "the chef shares the recipe"),
        ("Then", "the list of ingredients is printed"),
        ("When", "Edith opens the fridge"),
        ("When", "Edith shares a photo of her cat"),
        ("Then", "the email is marked as spam"),
        ("When", "Edith invites Francis to dinner"),
        ("Given", "the keyboard is unplugged"),
    ],
)
def test_a_sentence_about_something_else_is_answered_nothing_close(suggester, keyword, written):
    offered = suggester.suggest(keyword, written)
    assert offered.sentences == ()
    assert offered.lines() == [NOTHING_CLOSE]
    assert NOTHING_CLOSE == (
        "no sentence in the catalogue is close: this needs a new step; see "
        "docs/writing-steps.md for how to ask for one"
    )


def test_a_close_sentence_is_not_followed_by_whatever_scores_next(suggester):
    assert suggester.suggest("Then", "she doesn't see the My lists link").sentences == (
        "Then she no longer sees the My lists link",
    )
