"""Logging in with a magic link, and logging out."""

from harness.people.phrasing import given, then, when


@given("{who:Who} [is/are] a logged-in user")
@given("{who:Who} [is/are] logged in")
@given("{who:Who} [has/have] logged in")
def logged_in(context, who):
    """
    Given Edith is a logged-in user
    Given they are logged in
    Given Zoë has logged in
    """
    context.cast.subject(who).log_in_via_back_door()


@given("{who:Who} [has/have] logged out")
def logged_out(context, who):
    """
    Given she has logged out
    """
    context.cast.subject(who).log_out_via_back_door()


@given("{who:Who} [has/have] asked for a login link")
def has_asked_for_link(context, who):
    """
    Given Edith has asked for a login link
    """
    context.cast.subject(who).request_login_links_directly(1)


@given("{who:Who} [has/have] asked for a login link {times:d} times")
def has_asked_for_links(context, who, times):
    """
    Given Edith has asked for a login link 5 times
    """
    context.cast.subject(who).request_login_links_directly(times)


@given('{who:Who} [has/have] asked for a login link for "{address:Quoted}"')
def has_asked_for_link_for(context, who, address):
    """
    Given Edith has asked for a login link for "edith.work@example.com"
    """
    context.cast.subject(who).request_login_links_directly(1, to=address)


@when("{who:Who} [asks/ask] for a login link")
def ask_for_link(context, who):
    """
    When Edith asks for a login link
    """
    actor = context.cast.subject(who)
    actor.list_page.ask_for_login_link(actor.email)


@when('{who:Who} [asks/ask] for a login link for "{address:Quoted}"')
def ask_for_link_for(context, who, address):
    """
    When Edith asks for a login link for "not-an-email"
    """
    context.cast.subject(who).list_page.ask_for_login_link(address)


@then('no email is sent to "{address:Quoted}"')
def no_email_to(context, address):
    """
    Then no email is sent to "not-an-email"
    """
    context.cast.assert_no_email_to(address)


@then("{who:Who} [is/are] told to check {whose:Who} email")
def told_to_check_email(context, who, whose):
    """
    Then she is told to check her email
    """
    context.cast.own(who, whose).list_page.assert_login_link_sent()


@then("{who:Who} [gets/get] an email with a login link")
def gets_login_email(context, who):
    """
    Then Edith gets an email with a login link
    """
    context.cast.subject(who).wait_for_login_email()


@when("{who:Who} [follows/follow] the link in {whose:Who} email")
def follow_email_link(context, who, whose):
    """
    When she follows the link in her email
    """
    actor = context.cast.own(who, whose)
    actor.list_page.follow_login_link(actor.wait_for_login_email().login_link)


@when("{who:Who} [follows/follow] an invalid login link")
def follow_invalid_link(context, who):
    """
    When Edith follows an invalid login link
    """
    context.cast.subject(who).list_page.follow_invalid_login_link()


@then('{who:Who} [is/are] told "{message:Quoted}"')
def told(context, who, message):
    """
    Then she is told "Invalid login link, please request a new one"
    """
    context.cast.subject(who).list_page.assert_text_shown(message)


@then("{who:Who} [is/are] logged in")
def is_logged_in(context, who):
    """
    Then she is logged in
    """
    actor = context.cast.subject(who)
    actor.list_page.assert_logged_in(actor.email)


@when("{who:Who} [logs/log] out")
def log_out(context, who):
    """
    When she logs out
    """
    context.cast.subject(who).list_page.log_out()


@then("{who:Who} [is/are] logged out")
def is_logged_out(context, who):
    """
    Then they are logged out
    """
    context.cast.subject(who).list_page.assert_logged_out()
