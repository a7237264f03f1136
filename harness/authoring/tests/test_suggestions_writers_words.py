"""'Did you mean' in the writer's words: their keyword first, their people,
pronouns, quoted text and numbers; nobody they did not name; no text they
did not write; a control's quoted label read as what clicking it does."""

import re

import pytest

from harness.authoring.meaning import read, unlabelled
from harness.authoring.tests.suggesting import answers, meant, named
from harness.testing.near_misses import NEAR_MISSES

# -- The writer's keyword and words ---------------------------------------------------


def test_the_writers_keyword_comes_first(suggester):
    for keyword, written, *_ in NEAR_MISSES:
        kinds = [s.split(" ", 1)[0] for s in suggester.suggest(keyword, written).sentences]
        assert kinds == sorted(kinds, key=lambda kind: kind != keyword), (written, kinds)
    offered = suggester.suggest("Then", "Edith is signed in").sentences
    assert offered[0] == "Then Edith is logged in"
    offered = suggester.suggest("When", "Francis logs in").sentences
    assert offered[0].startswith("When Francis asks for a login link")


def test_an_and_takes_the_step_type_before_it(suggester):
    offered = suggester.suggest("And", "Edith is signed in", "then").sentences
    assert offered[0] == "And Edith is logged in"
    assert meant("Then", "Then Edith is logged in") == "is_logged_in"
    offered = suggester.suggest("But", "Edith is signed in", "given").sentences
    assert offered[0] == "But Edith is logged in"
    assert meant("Given", offered[0].replace("But", "Given", 1)) == "logged_in"


def test_suggestions_use_the_writers_people_and_text(suggester):
    offered = suggester.suggest("When", "she shares her list with Francis").sentences
    assert offered[0] == "When she shares the list with Francis"
    offered = suggester.suggest("And", 'she has started a list called "Trip"', "given").sentences
    assert offered[0] == 'And she has started a list with "Trip"'
    offered = suggester.suggest("When", 'they create a list with "Milk"').sentences
    assert offered[0] == 'When they start a list with "Milk"'


@pytest.mark.parametrize(
    ("keyword", "written", "expected"),
    [
        ("When", "he goes to his My lists page", "When he opens his My lists page"),
        ("When", "they go to their My lists page", "When they open their My lists page"),
        ("When", "Zoë goes to her My lists page", "When Zoë opens her My lists page"),
        ("When", "Francis goes to Edith's list", "When Francis opens Edith's list"),
        ("When", "Edith reloads the list", "When Edith refreshes her list"),
        ("When", "Francis reloads the list", "When Francis refreshes his list"),
        ("Then", "Edith's list shows:", "Then Edith's list reads:"),
        ("Then", "she is told to check his inbox", "Then she is told to check his email"),
        (
            "Given",
            "they requested a login link 3 times",
            "Given they have asked for a login link 3 times",
        ),
        (
            "Given",
            "Edith requested five login links",
            "Given Edith has asked for a login link 5 times",
        ),
        (
            "Then",
            "Francis sees that Zoë is the owner of the list",
            "Then Francis sees that Zoë owns the list",
        ),
        (
            "Then",
            "they see that they are the owner of the list",
            "Then they see that they own the list",
        ),
    ],
)
def test_people_pronouns_possessives_and_numbers_are_the_writers(
    suggester, keyword, written, expected
):
    assert expected in suggester.suggest(keyword, written).sentences


# -- Nobody the writer did not name -------------------------------------------------


def test_a_feature_of_its_own_people_gets_only_them(suggester):
    # A feature with only Zoë and Bartholomew: "the list" is someone's the
    # writer did not say, so "Bartholomew sees Edith's list:" is no answer.
    offered = suggester.suggest("Then", "Bartholomew can see the list")
    assert offered.sentences[0] == "Then Bartholomew's list reads:"
    assert meant("Then", offered.sentences[0]) == "list_reads"
    for sentence in offered.sentences:
        assert named(sentence) == {"Bartholomew"}, sentence


@pytest.mark.parametrize(
    ("keyword", "written"),
    [
        ("Then", "Bartholomew can see the list"),
        ("Then", "Zoë sees the list"),
        ("When", "Bartholomew opens the list"),
        ("When", "Zoë shares the list"),
        ("Given", "Zoë has shared the list"),
        ("Then", "Bartholomew sees who owns the list"),
        ("Then", "Zoë's list is at a different address"),
        ("Then", "the list is at a different address"),
        ("When", "the list is shared with Bartholomew"),
        ("Then", "Zoë can share the list"),
        ("Then", "Zoë does not see the list"),
        ("Then", "Bartholomew is not the owner of the list"),
        ("When", "Zoë doesn't share the list"),
        ("Then", "Bartholomew sees Zoë's list"),
        # the catalogue's own people, named by the writer: the example's
        # other person is still someone the writer never wrote
        ("Then", "Edith can see the list"),
        ("Then", "Onesiphorus is listed as someone the list is shared with"),
        ("Then", "Edith's list has its own URL"),
        ("When", "Francis opens the list"),
    ],
)
def test_no_answer_names_anyone_the_writer_did_not(suggester, keyword, written):
    offered = suggester.suggest(keyword, written)
    for sentence in answers(offered):
        assert named(sentence) <= named(f"{keyword} {written}"), sentence
        assert meant(sentence.split(" ", 1)[0], sentence), f"{sentence!r} matches no step"


def test_a_name_the_writer_shares_with_the_example_is_not_theirs_twice(suggester):
    # "Edith sees Edith's list:" would be Edith's words filled in round the
    # example's own Edith: a list she sees of her own, which nobody wrote.
    offered = suggester.suggest("Then", "Edith can see the list").sentences
    assert "Then Edith sees Edith's list:" not in offered
    offered = suggester.suggest("Then", "Edith's list has its own URL").sentences
    assert "Then Edith's list is at a different address from Edith's" not in offered
    offered = suggester.suggest("Then", "Onesiphorus is listed as someone the list is shared with")
    assert not any("Onesiphorus sees Onesiphorus" in s for s in offered.sentences)


@pytest.mark.parametrize(
    ("keyword", "written", "expected"),
    [
        # the writer named nobody: the one the scenario is about
        (
            "Then",
            "the page has no accessibility issues",
            "Then the page she sees has no accessibility problems",
        ),
        ("Then", "the item box is centred", "Then the item box is centred in her window"),
        # the writer named the one seen, not the one who sees
        (
            "Then",
            "Zoë is among the people the list is shared with",
            "Then she sees Zoë among the people the list is shared with",
        ),
        (
            "When",
            "the list is shared with Bartholomew",
            "When she shares the list with Bartholomew",
        ),
        (
            "Then",
            "Bartholomew is the owner of the list",
            "Then he sees that Bartholomew owns the list",
        ),
    ],
)
def test_the_one_who_acts_or_sees_left_unsaid_is_a_pronoun(suggester, keyword, written, expected):
    assert expected in suggester.suggest(keyword, written).sentences
    assert meant(keyword, expected)


@pytest.mark.parametrize(
    ("keyword", "written"),
    [
        ("Then", "the list is at a different address"),
        ("Then", "Zoë's list is at a different address"),
        ("When", "Zoë shares the list"),
        ("When", "Bartholomew opens the list"),
        ("Then", "Bartholomew sees who owns the list"),
    ],
)
def test_anyone_else_left_unsaid_leaves_the_sentence_out(suggester, keyword, written):
    # Whose list, shared with whom, owned by whom: no pronoun says honestly.
    offered = suggester.suggest(keyword, written).sentences
    functions = {meant(s.split(" ", 1)[0], s) for s in offered}
    assert not functions & {"lists_apart", "share", "open_someones_list", "sees_owner"}, offered


def test_sentences_of_the_writers_own_people_come_before_those_with_someone_unsaid(suggester):
    offered = suggester.suggest("Then", "Bartholomew is the owner of the list").sentences
    unsaid = offered.index("Then he sees that Bartholomew owns the list")
    assert all(named(s) == {"Bartholomew"} and " he " not in s for s in offered[:unsaid])
    # "with herself" is her own person again, where the writer said nobody
    offered = suggester.suggest("When", "Zoë shares the list").sentences
    assert offered[:2] == (
        'When Zoë tries to share the list with "…"',
        "When Zoë tries to share the list with Zoë",
    )
    # the writer's own "himself" fits
    offered = suggester.suggest("When", "Francis tries to share the list with himself").sentences
    assert offered[0] == "When Francis tries to share the list with himself"


def test_the_only_opposite_names_nobody_the_writer_did_not(suggester):
    offered = suggester.suggest("Then", "Francis is not among the people the list is shared with")
    assert offered.opposite == "Then she sees Francis among the people the list is shared with"
    offered = suggester.suggest("Then", "Bartholomew is not the owner of the list")
    assert offered.opposite == "Then he sees that Bartholomew owns the list"
    offered = suggester.suggest("When", "Zoë doesn't share the list")
    assert offered.opposite == 'When Zoë tries to share the list with "…"'


# -- No text the writer did not write --------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["she opens the list from her My lists page", "she opens a list from her My lists page"],
)
def test_a_quoted_blank_the_writer_left_empty_is_a_placeholder(suggester, written):
    offered = suggester.suggest("When", written).sentences
    assert offered[0] == 'When she opens the list "…" from her My lists page'
    assert meant("When", offered[0]) == "open_list_from_my_lists"
    assert not any("Click cows" in sentence for sentence in offered)


def test_quoted_text_in_a_suggestion_is_only_ever_the_writers_or_the_placeholder(suggester):
    examples = {value for sentence in suggester._sentences for _, value in sentence.values} - {"…"}
    for keyword, written, *_ in NEAR_MISSES:
        theirs = set(re.findall(r'"([^"]*)"', unlabelled(written)))
        for sentence in answers(suggester.suggest(keyword, written)):
            quoted = set(re.findall(r'"([^"]*)"', sentence))
            assert quoted <= theirs | {"…"}, (written, sentence)
            assert not (quoted - theirs) & examples, (written, sentence)


def test_the_writers_text_is_kept_even_where_it_is_the_catalogues_example(suggester):
    offered = suggester.suggest("When", 'Edith opens "Click cows" from My lists').sentences
    assert offered[0] == 'When Edith opens the list "Click cows" from her My lists page'
    offered = suggester.suggest("When", 'Zoë adds "Click cows" to her list').sentences
    assert offered[0] == 'When Zoë adds "Click cows" to the list'


# -- A control by its label -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('she clicks the "Log out" button', "When she logs out"),
        ('Zoë clicks on the "Log out" link', "When Zoë logs out"),
        ('Bartholomew taps the "Log out" button', "When Bartholomew logs out"),
        ("she uses the “Log out” link", "When she logs out"),
        ('she presses the "Share" button', 'When she tries to share the list with "…"'),
    ],
)
def test_clicking_a_named_control_is_doing_what_its_label_says(suggester, written, expected):
    offered = suggester.suggest("When", written).sentences
    assert offered[0] == expected
    # the label is what she does, not text for a quoted blank
    assert not any('"Share"' in s or '"Log out"' in s for s in offered)


def test_a_label_is_read_as_words_only_where_a_person_works_the_control():
    assert read('she clicks the "Log out" button').words == read("she logs out").words
    assert read('she presses the "Share" button').quotes == 0
    # quoted text elsewhere is the writer's own, however it reads
    for text in (
        'she adds "Click cows" to the list',
        'she adds "Log out" to the list',
        'she sees the "Log out" button',
        'she selects "Click cows" from her My lists page',
        'she is told "Press the Share button"',
    ):
        assert read(text).quotes == 1, text
        assert "log" not in read(text).words, text


def test_quoted_item_text_is_still_the_writers_own(suggester):
    offered = suggester.suggest("When", 'she adds "Click cows" to the list').sentences
    assert offered[0] == 'When she adds "Click cows" to the list'
    offered = suggester.suggest("When", 'she adds "Log out" to her list').sentences
    assert offered[0] == 'When she adds "Log out" to the list'
    assert suggester.suggest("When", 'Bartholomew presses the "Bake" button').nothing_close
