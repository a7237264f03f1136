"""Items the app refuses: empty ones and repeats."""

from harness.people.phrasing import given, then, when


@when("{who:Who} [tries/try] to start a list with an empty item")
def try_empty_first_item(context, who):
    """
    When Edith tries to start a list with an empty item
    """
    page = context.cast.subject(who).list_page
    page.open_home()
    page.submit_item("")


@when("{who:Who} [tries/try] to add an empty item")
def try_empty_item(context, who):
    """
    When she tries to add an empty item
    """
    context.cast.subject(who).list_page.submit_item("")


@given('{who:Who} [has/have] tried to add "{text:Quoted}" again')
@when('{who:Who} [tries/try] to add "{text:Quoted}" again')
def try_duplicate(context, who, text):
    """
    When she tries to add "Buy wellies" again
    Given she has tried to add "Buy wellies" again
    """
    context.cast.subject(who).list_page.submit_item(text)


@when("{who:Who} [starts/start] typing in the item box")
def start_typing(context, who):
    """
    When she starts typing in the item box
    """
    context.cast.subject(who).list_page.type_in_item_box("a")


@then("{who:Who} [is/are] asked to fill in the item first")
def asked_to_fill_in(context, who):
    """
    Then she is asked to fill in the item first
    """
    context.cast.subject(who).list_page.assert_item_refused_by_browser()


@then('{who:Who} [is/are] warned "{message:Quoted}"')
def warned(context, who, message):
    """
    Then she is warned "You've already got this in your list"
    """
    context.cast.subject(who).list_page.assert_item_error(message)


@then("{whose:Who} warning disappears")
def warning_gone(context, whose):
    """
    Then her warning disappears
    """
    context.cast.subject(whose).list_page.assert_item_error_hidden()
