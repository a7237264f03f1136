"""Steps about logging in with a magic link, and logging out."""

from behave import given, then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@given("{who:Who} is a logged-in user")
def logged_in_user(context, who):
    context.cast[who].log_in_via_back_door()


@given("{who:Who} has asked for a login link")
def has_asked_for_link(context, who):
    context.cast[who].request_login_links(1)


@given("{who:Who} has asked for a login link {times:d} times")
def has_asked_for_links(context, who, times):
    context.cast[who].request_login_links(times)


@when("{who:Who} asks for a login link")
def ask_for_link(context, who):
    actor = context.cast[who]
    actor.lists.ask_for_login_link(actor.email)


@when('{who:Who} asks for a login link for "{address}"')
def ask_for_link_for(context, who, address):
    context.cast[who].lists.ask_for_login_link(address)


@then('no email is sent to "{address}"')
def no_email_to(context, address):
    context.cast.assert_no_email_to(address)


@then("{who:Who} is told to check {whose:Who} email")
@wait
def told_to_check_email(context, who, whose):
    context.cast.own(who, whose).lists.assert_login_link_sent()


@then("{who:Who} gets an email with a login link")
@wait
def gets_login_email(context, who):
    context.cast[who].wait_for_login_email()


@when("{who:Who} follows the link in {whose:Who} email")
def follow_email_link(context, who, whose):
    actor = context.cast[who]
    actor.lists.follow_login_link(context.cast[whose].wait_for_login_email().login_link)


@when("{who:Who} follows an invalid login link")
def follow_invalid_link(context, who):
    context.cast[who].lists.follow_invalid_login_link()


@then('{who:Who} is told "{message}"')
@wait
def told(context, who, message):
    context.cast[who].lists.assert_text_shown(message)


@then("{who:Who} is logged in")
@wait
def is_logged_in(context, who):
    actor = context.cast[who]
    actor.lists.assert_logged_in(actor.email)


@when("{who:Who} logs out")
def log_out(context, who):
    context.cast[who].lists.log_out()


@then("{who:Who} is logged out")
@wait
def is_logged_out(context, who):
    context.cast[who].lists.assert_logged_out()
