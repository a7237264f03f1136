"""Steps about the My lists page."""

from behave import then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@when("{who:Who} opens {whose:Who} My lists page")
def open_my_lists(context, who, whose):
    context.cast[who].open_my_lists_of(context.cast[whose])


@when('{who:Who} opens the list "{name}" from {whose:Who} My lists page')
def open_list_from_my_lists(context, who, whose, name):
    context.cast.own(who, whose).lists.open_my_lists().open_list(name)


@then("{who:Who} sees {whose:Who} own lists:")
@wait
def sees_own_lists(context, who, whose):
    context.cast.own(who, whose).my_lists.assert_own_lists([row["list"] for row in context.table])


@then("{who:Who} no longer sees the My lists link")
@wait
def no_my_lists_link(context, who):
    context.cast[who].lists.assert_my_lists_link(present=False)


@then("{who:Who} sees these lists shared by other users:")
@wait
def sees_shared_lists(context, who):
    context.cast[who].my_lists.assert_shared_lists([row["list"] for row in context.table])
