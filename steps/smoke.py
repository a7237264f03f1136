"""Read-only checks of a running site."""

from harness.people.phrasing import then


@then("{who:Who} [is/are] invited to start a new list")
def invited_to_start_list(context, who):
    """
    Then she is invited to start a new list
    """
    context.cast.subject(who).list_page.assert_ready_for_new_list()


@then("{who:Who} [is/are] offered a way to log in")
def offered_login(context, who):
    """
    Then she is offered a way to log in
    """
    context.cast.subject(who).list_page.assert_login_offered()
