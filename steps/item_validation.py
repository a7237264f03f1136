"""Steps about items the app refuses."""

from behave import given, then, when

import harness.step_types  # noqa: F401 - registers {who:Who}
from harness.wait import wait


@when("{who:Who} tries to start a list with an empty item")
def try_empty_first_item(context, who):
    context.cast[who].lists.open_home().submit_item("")


@when("{who:Who} tries to add an empty item")
def try_empty_item(context, who):
    context.cast[who].lists.submit_item("")


@given('{who:Who} has tried to add "{text}" again')
@when('{who:Who} tries to add "{text}" again')
def try_duplicate(context, who, text):
    context.cast[who].lists.submit_item(text)


@when("{who:Who} starts typing in the item box")
def start_typing(context, who):
    context.cast[who].lists.type_in_item_box("a")


@then("{who:Who} is asked to fill in the item first")
@wait
def asked_to_fill_in(context, who):
    context.cast[who].lists.assert_item_refused_by_browser()


@then('{who:Who} is warned "{message}"')
@wait
def warned(context, who, message):
    context.cast[who].lists.assert_item_error(message)


@then("{who:Who} warning disappears")
@wait
def warning_gone(context, who):
    context.cast[who].lists.assert_item_error_hidden()
