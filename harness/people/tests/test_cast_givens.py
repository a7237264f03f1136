"""The cast's direct Givens: each a call of the site's table by name, as the
actor's browser session; and reading the site's email."""

import pytest

from harness.people.cast import LOGIN_EMAIL_SUBJECT, StepMisuse
from harness.people.tests.fakes import FakePage
from harness.run import wait as wait_module
from harness.server.base import Email


def test_log_in_via_back_door_installs_a_session_cookie(cast, server, pool, browser_calls):
    cast.subject("Edith").log_in_via_back_door()
    assert server.calls == [("create_session", {"email": "edith@example.com"})]
    assert browser_calls == [
        ("cookie", pool.taken[0], "http://testserver", "sessionid", "key-for-edith@example.com")
    ]


def test_start_list_directly_creates_as_the_browsers_session_and_opens_it(cast, server, pages):
    edith = cast.subject("Edith")
    edith.start_list_directly(["Buy milk", "Buy eggs"])
    assert server.calls == [
        ("start_list", {"items": ["Buy milk", "Buy eggs"], "session": "cookie-of-browser-1"})
    ]
    assert pages == [("Edith", "open", "http://testserver/lists/new-list/")]
    assert edith.list_url == "http://testserver/lists/new-list/"


def test_start_lists_directly_creates_them_all_in_one_call_and_opens_the_last(cast, server, pages):
    edith = cast.subject("Edith")
    edith.start_lists_directly(["Click cows", "Feed the horses"])
    names, key = ["Click cows", "Feed the horses"], "cookie-of-browser-1"
    assert server.calls == [("start_lists", {"names": names, "session": key})]
    assert pages == [("Edith", "open", "http://testserver/lists/new-1/")]
    assert edith.list_url == "http://testserver/lists/new-1/"


def test_add_items_directly_adds_to_the_list_on_screen_then_reloads_it(cast, server, pages):
    cast.subject("Francis").add_items_directly(["Hi"])
    at, key = "http://testserver/lists/abc/", "cookie-of-browser-1"
    assert server.calls == [("add_items", {"list": at, "items": ["Hi"], "session": key})]
    assert pages == [("Francis", "open", "http://testserver/lists/abc/")]


def test_share_directly_shares_the_list_on_screen_with_the_sharee(cast, server, pages):
    edith = cast.subject("Edith")
    edith.share_directly(cast.mentioned("Onesiphorus"))
    at, key = "http://testserver/lists/abc/", "cookie-of-browser-1"
    assert server.calls == [
        ("share_list", {"list": at, "email": "onesiphorus@example.com", "session": key})
    ]


def test_a_given_on_a_page_that_is_not_a_list_fails_at_once(cast, server, pages):
    FakePage.is_list = False
    with pytest.raises(StepMisuse, match="in Edith's browser at .* no list on screen"):
        cast.subject("Edith").add_items_directly(["Hi"])
    assert server.calls == []


def test_a_given_the_site_would_refuse_fails_with_the_sites_words(cast, server, pages):
    server.refuse = "You've already got this in your list"
    with pytest.raises(StepMisuse, match="refuse this for Edith: You've already got this"):
        cast.subject("Edith").add_items_directly(["Hi"])
    assert pages == []


def test_login_links_directly_asks_the_site_for_this_actor(cast, server):
    cast.subject("Zoë").request_login_links_directly(5)
    assert server.calls == [
        (
            "send_login_links",
            {"email": "zoe@example.com", "times": 5, "site_url": "http://testserver"},
        )
    ]


def login_email(to):
    return Email(
        subject=LOGIN_EMAIL_SUBJECT,
        sender="noreply@superlists",
        to=(to,),
        body="Use this link to log in:\n\nhttp://testserver/accounts/login?token=t",
    )


def test_wait_for_login_email_returns_it(cast, server, short_wait):
    email = login_email("edith@example.com")
    server.emails["edith@example.com"] = email
    assert cast.subject("Edith").wait_for_login_email() is email
    assert server.calls == [("latest_email", {"to": "edith@example.com"})]


def test_wait_for_login_email_retries_until_it_arrives(cast, server, short_wait):
    email = login_email("edith@example.com")
    original = server.latest_email

    def arrives_on_third_look(to):
        if len(server.calls) >= 2:
            server.emails[to] = email
        return original(to)

    server.latest_email = arrives_on_third_look
    assert cast.subject("Edith").wait_for_login_email() is email
    assert len(server.calls) == 3


def test_wait_for_login_email_rejects_other_subjects(cast, server, short_wait):
    other = Email("Welcome", "noreply@superlists", ("edith@example.com",), "hi")
    server.emails["edith@example.com"] = other
    wait_module.configure(0.05)  # it can only time out: do so quickly
    with pytest.raises(wait_module.WaitTimeout, match="Welcome"):
        cast.subject("Edith").wait_for_login_email()


def test_wait_for_login_email_times_out_without_email(cast, short_wait):
    wait_module.configure(0.05)
    with pytest.raises(wait_module.WaitTimeout, match="^Edith has not received any email"):
        cast.subject("Edith").wait_for_login_email()


def test_no_email_check_names_what_was_sent(cast, server):
    cast.assert_no_email_to("nobody@example.com")
    server.emails["x@example.com"] = login_email("x@example.com")
    with pytest.raises(AssertionError, match='^The site sent an email to "x@example.com", which'):
        cast.assert_no_email_to("x@example.com")


def test_login_links_directly_can_go_to_another_address(cast, server):
    cast.subject("Edith").request_login_links_directly(1, to="edith.work@example.com")
    fields = {"email": "edith.work@example.com", "times": 1, "site_url": "http://testserver"}
    assert server.calls == [("send_login_links", fields)]
