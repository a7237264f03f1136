"""The cast: who a name or a pronoun means, declared people, browsers."""

import pytest

from harness.people.cast import StepMisuse
from harness.people.tests.fakes import FakePage
from harness.run import wait as wait_module
from harness.run.failures import PermanentFailure


def test_a_name_becomes_an_actor_with_the_default_casts_details(cast, server):
    edith = cast.subject("Edith")
    assert (edith.name, edith.email, edith.person.pronoun) == ("Edith", "edith@example.com", "she")
    assert edith.server is server
    assert cast.mentioned("Edith") is edith


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("Zoë", "zoe@example.com"),
        ("Anne-Marie", "anne-marie@example.com"),
        ("James", "james@example.com"),
    ],
)
def test_an_undeclared_name_is_they_with_an_ascii_email(cast, name, email):
    actor = cast.subject(name)
    assert (actor.email, actor.person.pronoun) == (email, "they")
    assert cast.subject("they") is actor
    assert cast.mentioned("their") is actor


def test_a_pronoun_means_the_most_recent_subject_who_goes_by_it(cast):
    francis = cast.subject("Francis")
    cast.mentioned("Onesiphorus")  # "Francis shares the list with Onesiphorus"
    assert cast.subject("he") is francis


def test_a_pronoun_prefers_a_subject_even_over_a_later_mention(cast):
    francis = cast.subject("Francis")
    cast.subject("Edith")
    cast.mentioned("Onesiphorus")
    assert cast.subject("his") is francis


def test_without_a_subject_a_pronoun_means_the_most_recent_mention(cast):
    cast.subject("Edith")
    onesiphorus = cast.mentioned("Onesiphorus")
    assert cast.subject("he") is onesiphorus


def test_the_latest_subject_wins(cast):
    cast.subject("Francis")
    onesiphorus = cast.subject("Onesiphorus")
    assert cast.subject("he") is onesiphorus
    francis = cast.subject("Francis")
    assert cast.mentioned("him") is francis


def test_she_and_her_and_capitals(cast):
    edith = cast.subject("Edith")
    assert cast.subject("she") is edith
    assert cast.mentioned("her") is edith
    assert cast.subject("She") is edith


def test_reflexive_pronouns_mean_the_subject_itself(cast):
    edith = cast.subject("Edith")
    assert cast.mentioned("herself") is edith
    francis = cast.subject("Francis")
    assert cast.mentioned("himself") is francis
    zoe = cast.subject("Zoe")
    assert cast.mentioned("themselves") is zoe


@pytest.mark.parametrize(
    ("word", "fix"),
    [
        ("she", 'write "Francis" instead, or "he"'),
        ("her", 'write "Francis" or "Francis\'s" instead, or "him" or "his"'),
        ("they", 'write "Francis" instead, or "he"'),
    ],
)
def test_a_pronoun_nobody_goes_by_fails_at_once_naming_who_goes_by_what(cast, word, fix):
    cast.subject("Francis")
    with pytest.raises(StepMisuse) as raised:
        cast.subject(word)
    assert str(raised.value) == f'"{word}" here points to no one: Francis goes by "he"; {fix}'


def test_a_pronoun_with_nobody_on_stage_says_to_name_someone_first(cast):
    with pytest.raises(StepMisuse) as raised:
        cast.subject("he")
    assert str(raised.value) == (
        '"he" here points to no one: no one has been named yet in this scenario; name the '
        'person first, for example "Onesiphorus"'
    )


def test_a_pronoun_for_someone_undeclared_names_them_and_both_fixes(cast):
    cast.subject("Bartholomew")  # Given Bartholomew is a logged-in user
    with pytest.raises(StepMisuse) as raised:
        cast.subject("he")  # And he has started a list
    assert str(raised.value) == (
        '"he" here seems to mean Bartholomew, who goes by "they" until declared; add him to '
        'features/people.csv or to a "Given these people:" table in this feature, or write "they"'
    )


def test_the_likeliest_undeclared_person_is_the_latest_subject_then_mention(cast):
    cast.subject("Mya")
    cast.mentioned("Isaac")  # "Mya shares the list with Isaac"
    cast.subject("Edith")
    with pytest.raises(StepMisuse, match='^"his" here seems to mean Mya, .* write "their"$'):
        cast.mentioned("his")


def test_a_declared_subject_is_passed_over_for_an_undeclared_mention(cast):
    cast.subject("Edith")
    cast.mentioned("Isaac")  # "Edith shares the list with Isaac"
    with pytest.raises(StepMisuse, match='^"him" here seems to mean Isaac, .* write "them"$'):
        cast.mentioned("him")


def test_a_pronoun_only_declared_people_do_not_go_by_names_them_all(cast):
    cast.declare([("line 3", {"name": "Zoë", "pronoun": "they"})])
    cast.subject("Edith")
    cast.mentioned("Zoë")
    with pytest.raises(StepMisuse) as raised:
        cast.subject("himself")
    assert str(raised.value) == (
        '"himself" here points to no one: Edith goes by "she" and Zoë by "they"; write '
        "their name instead, or the pronoun they go by"
    )


def test_a_people_table_declares_and_overrides(cast):
    cast.declare(
        [
            ("line 3", {"name": "Zoë", "pronoun": "she", "email": "zoe@example.org"}),
            ("line 4", {"name": "Edith", "pronoun": "they", "email": "edie@example.com"}),
        ]
    )
    zoe = cast.subject("Zoë")
    assert (zoe.email, cast.subject("she")) == ("zoe@example.org", zoe)
    edith = cast.subject("Edith")
    assert (edith.email, cast.subject("they")) == ("edie@example.com", edith)


def test_a_people_table_can_leave_pronoun_and_email_out(cast):
    cast.declare([("line 3", {"name": "Anne-Marie", "pronoun": "", "email": ""})])
    actor = cast.subject("Anne-Marie")
    assert (actor.person.pronoun, actor.email) == ("they", "anne-marie@example.com")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"name": "zoë"}, "is not a name"),
        ({"name": "Zoë", "pronoun": "it"}, "must be she, he or they"),
        ({"name": "Zoë", "email": "not an email"}, "is not an email address"),
        ({"name": "Zoë", "emial": "z@example.com"}, "the columns must be"),
        ({"person": "Zoë"}, "the columns must be"),
    ],
)
def test_a_bad_people_table_fails_at_once_naming_the_line(cast, row, message):
    with pytest.raises(StepMisuse, match=f"line 7: .*{message}"):
        cast.declare([("line 7", row)])


def test_someone_on_stage_cannot_be_redeclared(cast):
    cast.subject("Edith")
    with pytest.raises(StepMisuse, match="Edith is already in this scenario, as she at edith@"):
        cast.declare([("line 3", {"name": "Edith", "pronoun": "she", "email": "x@example.com"})])


def test_two_names_with_one_email_are_refused(cast):
    cast.subject("José")
    with pytest.raises(StepMisuse) as raised:
        cast.subject("Jose")
    assert str(raised.value) == (
        "Jose and José would share the email jose@example.com, so the site would take them "
        'for one person; give one of them another address in a "Given these people:" table'
    )


def test_each_actor_takes_a_browser_from_the_pool_on_first_use(cast, pool):
    edith = cast.subject("Edith")
    francis = cast.subject("Francis")
    assert edith.has_browser is False and pool.taken == []
    assert francis.driver is pool.taken[0]
    assert edith.driver is pool.taken[1]
    assert francis.driver is pool.taken[0]  # asking again does not take another
    assert len(pool.taken) == 2


def test_browsers_lists_only_actors_who_opened_one(cast, pool):
    cast.subject("Edith")
    francis = cast.subject("Francis")
    assert cast.subject("Onesiphorus").driver is pool.taken[0]
    assert cast.browsers() == [("Onesiphorus", pool.taken[0])]
    assert francis.driver is pool.taken[1]
    assert cast.browsers() == [("Francis", pool.taken[1]), ("Onesiphorus", pool.taken[0])]


def test_dismiss_gives_every_browser_back_for_this_site(cast, pool):
    drivers = [cast.subject(name).driver for name in ("Edith", "Francis", "Onesiphorus")]
    cast.dismiss()
    assert pool.given_back == [(driver, "http://testserver") for driver in drivers]


def test_dismiss_without_browsers_gives_nothing_back(cast, pool):
    cast.subject("Edith")
    cast.dismiss()
    assert pool.given_back == []


def test_own_refuses_to_act_on_someone_elses_page(cast):
    cast.subject("Edith")
    cast.subject("Francis")
    assert cast.own("Edith", "her").name == "Edith"
    with pytest.raises(StepMisuse) as raised:
        cast.own("Edith", "Francis")
    assert str(raised.value) == (
        "this sentence is only about the person's own list, email or My lists page: "
        'Edith\'s, not Francis\'s; write "her" instead of "Francis\'s"'
    )
    with pytest.raises(StepMisuse, match='Francis\'s, not Edith\'s; write "his" instead of "her"$'):
        cast.own("Francis", "her")


def test_vocabulary_mistakes_are_never_retried(cast):
    wait_module.configure(5)
    attempts = []

    @wait_module.wait
    def check():
        attempts.append(1)
        cast.subject("her")  # nobody on stage goes by "her"

    with pytest.raises(StepMisuse, match='"her"'):
        check()
    assert len(attempts) == 1


def test_opening_the_list_of_someone_who_started_none_fails_at_once(cast):
    with pytest.raises(StepMisuse) as raised:
        cast.subject("Francis").open_list_of(cast.mentioned("Edith"))
    assert str(raised.value) == (
        "Edith has not started a list in this scenario; start one in a step before this one, "
        'for example: Given Edith has started a list with "Milk"'
    )


def test_seeing_someone_elses_list_checks_the_browser_is_there(cast, pool):
    edith, francis = cast.subject("Edith"), cast.subject("Francis")
    edith.list_url = "http://testserver/lists/abc/"
    francis.driver.current_url = "http://testserver/lists/other/"
    with pytest.raises(
        PermanentFailure, match="^Francis is not looking at Edith's list.$"
    ) as not_there:
        francis.assert_sees_list_of(edith, ["Buy milk"])
    assert not_there.value.details[0].startswith("Francis's browser is at ")
    assert not_there.value.details[0].endswith("/other/")


def test_lists_apart_needs_both_to_have_started_one(cast):
    edith, francis = cast.subject("Edith"), cast.subject("Francis")
    edith.list_url = "http://testserver/lists/abc/"
    with pytest.raises(StepMisuse, match="Francis has not started a list"):
        francis.assert_list_apart_from(edith)
    francis.list_url = edith.list_url
    with pytest.raises(
        AssertionError, match="^Francis's list and Edith's list are at the same"
    ) as one:
        francis.assert_list_apart_from(edith)
    assert one.value.details[0].startswith("both at ")


def test_an_undeclared_name_cannot_take_a_declared_persons_address(cast):
    with pytest.raises(StepMisuse, match="EDITH and Edith would share the email edith@"):
        cast.subject("EDITH")


def test_a_declared_address_is_compared_without_letter_case(cast):
    cast.declare([("line 3", {"name": "Maria", "email": "EDITH@example.com"})])
    with pytest.raises(StepMisuse, match="Edith and Maria would share"):
        cast.subject("Edith")


def test_refreshing_needs_a_list_on_screen(cast, pages):
    FakePage.is_list = False
    with pytest.raises(StepMisuse, match="in Edith's browser at .*: there is no list on screen"):
        cast.subject("Edith").refresh_list()


def test_having_opened_a_list_that_shows_not_found_fails_the_given(cast, pages, monkeypatch):
    edith, francis = cast.subject("Edith"), cast.subject("Francis")
    edith.list_url = "http://testserver/lists/abc/"
    monkeypatch.setattr(
        FakePage,
        "visit",
        lambda self, url: FakePage.log.append((self.person, "visit", url)),
        raising=False,
    )
    FakePage.is_list = False
    with pytest.raises(StepMisuse, match="no list on screen"):
        francis.have_open_list_of(edith)
    assert pages == [("Francis", "visit", "http://testserver/lists/abc/")]
