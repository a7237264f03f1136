"""Steps about sharing a list with someone else."""

from behave import then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@when("{who:Who} shares the list with {sharee:Who}")
def share(context, who, sharee):
    context.cast[who].lists.share_with(context.cast[sharee].email)


@then("{who:Who} sees {sharee:Who} among the people the list is shared with")
@wait
def sees_sharee(context, who, sharee):
    context.cast[who].lists.assert_shared_with(context.cast[sharee].email)


@then("{who:Who} sees that {owner:Who} owns the list")
@wait
def sees_owner(context, who, owner):
    context.cast[who].lists.assert_owner(context.cast[owner].email)
