"""Steps for read-only smoke checks of a running site."""

from behave import then

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@then("{who:Who} is invited to start a new list")
@wait
def invited_to_start_list(context, who):
    context.cast[who].lists.assert_ready_for_new_list()


@then("{who:Who} is offered a way to log in")
@wait
def offered_login(context, who):
    context.cast[who].lists.assert_login_offered()
