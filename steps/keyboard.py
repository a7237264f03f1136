"""Using the site with the keyboard alone, never a click.

Real key presses: Tab and Shift+Tab to move, Enter and Space to act, and
typing."""

from harness.people.phrasing import then, when


@when('{who:Who} [starts/start] a list with "{text:Quoted}" using only the keyboard')
def start_list_by_keyboard(context, who, text):
    """
    When Edith starts a list with "Buy milk" using only the keyboard
    """
    context.cast.subject(who).start_list_by_keyboard(text)


@when('{who:Who} [adds/add] "{text:Quoted}" to the list using only the keyboard')
def add_item_by_keyboard(context, who, text):
    """
    When she adds "Buy eggs" to the list using only the keyboard
    """
    context.cast.subject(who).list_page.add_item_by_keyboard(text)


@when("{who:Who} [asks/ask] for a login link using only the keyboard")
def ask_for_link_by_keyboard(context, who):
    """
    When Edith asks for a login link using only the keyboard
    """
    actor = context.cast.subject(who)
    actor.list_page.ask_for_login_link_by_keyboard(actor.email)


@when("{who:Who} [logs/log] out using only the keyboard")
def log_out_by_keyboard(context, who):
    """
    When she logs out using only the keyboard
    """
    context.cast.subject(who).list_page.log_out_by_keyboard()


@when("{who:Who} [shares/share] the list with {sharee:Who} using only the keyboard")
def share_by_keyboard(context, who, sharee):
    """
    When she shares the list with Francis using only the keyboard
    """
    actor = context.cast.subject(who)
    actor.list_page.share_by_keyboard(context.cast.mentioned(sharee).email)


@when("{who:Who} [moves/move] to the item box using only the keyboard")
def move_to_item_box(context, who):
    """
    When Edith moves to the item box using only the keyboard
    """
    context.cast.subject(who).list_page.move_to_item_box_by_keyboard()


@then("{who:Who} can see where the keyboard focus is")
def focus_is_visible(context, who):
    """
    Then she can see where the keyboard focus is
    """
    context.cast.subject(who).list_page.assert_focus_visible()


@then("{who:Who} can reach every control on the page with the keyboard, in reading order")
def reading_order(context, who):
    """
    Then she can reach every control on the page with the keyboard, in reading order
    """
    context.cast.subject(who).list_page.assert_reading_order()
