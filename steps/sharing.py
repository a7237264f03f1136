"""Steps about sharing a list with someone else."""

from behave import given, then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@given("{who:Who} has shared the list with {sharee:Who}")
@when("{who:Who} shares the list with {sharee:Who}")
def share(context, who, sharee):
    context.cast[who].lists.share_with(context.cast[sharee].email)


@when("{who:Who} tries to share the list with {sharee:Who}")
def try_to_share(context, who, sharee):
    context.cast[who].lists.try_to_share_with(context.cast[sharee].email)


@then("{who:Who} is not offered a way to share the list")
def not_offered_sharing(context, who):
    context.cast[who].lists.assert_share_offered(False)


@then("{who:Who} sees {sharee:Who} among the people the list is shared with")
@wait
def sees_sharee(context, who, sharee):
    context.cast[who].lists.assert_shared_with(context.cast[sharee].email)


@then("{who:Who} sees that {owner:Who} owns the list")
@wait
def sees_owner(context, who, owner):
    context.cast[who].lists.assert_owner(context.cast[owner].email)
