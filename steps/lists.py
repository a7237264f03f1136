"""Steps about starting lists, adding items and how the list page looks."""

from behave import given, then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@when("{who:Who} opens the home page")
def open_home(context, who):
    context.cast[who].lists.open_home()


@given('{who:Who} has started a list with "{text}"')
@when('{who:Who} starts a list with "{text}"')
def start_list(context, who, text):
    actor = context.cast[who]
    actor.list_url = actor.lists.start_list(text)


@when("{who:Who} opens {owner:Who} list")
def open_someones_list(context, who, owner):
    context.cast[who].open_list_of(context.cast[owner])


@then("{who:Who} sees {owner:Who} list:")
def sees_someones_list(context, who, owner):
    items = [row["item"] for row in context.table]
    context.cast[who].assert_sees_list_of(context.cast[owner], items)


@then("{who:Who} is told there is nothing at that address")
def told_nothing_there(context, who):
    context.cast[who].lists.assert_not_found()


@when('{who:Who} adds "{text}" to the list')
def add_item(context, who, text):
    context.cast[who].lists.add_item(text)


@when("{who:Who} refreshes {whose:Who} list")
def refresh(context, who, whose):
    context.cast.own(who, whose).lists.refresh()


@then("{who:Who} list reads:")
@wait
def list_reads(context, who):
    context.cast[who].lists.assert_items([row["item"] for row in context.table])


@then("{who:Who} list is at a different address from {other:Who}")
@wait
def lists_apart(context, who, other):
    context.cast[who].assert_list_apart_from(context.cast[other])


@then("the item box is centred in {who:Who} window")
@wait
def item_box_centred(context, who):
    context.cast[who].lists.assert_item_box_centred()
