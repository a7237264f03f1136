"""Starting lists, adding items, and what a list page shows."""

from harness.people.phrasing import given, then, when


def _items(context):
    return [row["item"] for row in context.table]


@when("{who:Who} [opens/open] the home page")
def open_home(context, who):
    """
    When Edith opens the home page
    """
    context.cast.subject(who).list_page.open_home()


@given('{who:Who} [has/have] started a list with "{text:Quoted}"')
def has_started_list(context, who, text):
    """
    Given Edith has started a list with "Buy peacock feathers"
    """
    context.cast.subject(who).start_list_directly([text])


@given("{who:Who} [has/have] started a list with:")
def has_started_list_of(context, who):
    """
    Given Edith has started a list with:
      | item                 |
      | Buy peacock feathers |
      | Buy fishing line     |
    """
    context.cast.subject(who).start_list_directly(_items(context))


@given("{who:Who} [has/have] started these lists:")
def has_started_lists(context, who):
    """
    Given Edith has started these lists:
      | list               |
      | Reticulate splines |
      | Click cows         |
    """
    context.cast.subject(who).start_lists_directly([row["list"] for row in context.table])


@when('{who:Who} [starts/start] a list with "{text:Quoted}"')
def start_list(context, who, text):
    """
    When Edith starts a list with "Buy milk"
    """
    context.cast.subject(who).start_list([text])


@when("{who:Who} [starts/start] a list with:")
def start_list_of(context, who):
    """
    When they start a list with:
      | item     |
      | Buy milk |
      | Buy eggs |
    """
    context.cast.subject(who).start_list(_items(context))


@given('{who:Who} [has/have] added "{text:Quoted}" to the list')
def has_added_item(context, who, text):
    """
    Given she has added "Use peacock feathers to make a fly" to the list
    """
    context.cast.subject(who).add_items_directly([text])


@when('{who:Who} [adds/add] "{text:Quoted}" to the list')
def add_item(context, who, text):
    """
    When she adds "Use peacock feathers to make a fly" to the list
    """
    context.cast.subject(who).list_page.add_item(text)


@given("{who:Who} [has/have] opened {owner:Who} list")
def has_opened_someones_list(context, who, owner):
    """
    Given he has opened Edith's list
    """
    context.cast.subject(who).have_open_list_of(context.cast.mentioned(owner))


@when("{who:Who} [opens/open] {owner:Who} list")
def open_someones_list(context, who, owner):
    """
    When Francis opens Edith's list
    """
    context.cast.subject(who).open_list_of(context.cast.mentioned(owner))


@then("{who:Who} [sees/see] {owner:Who} list:")
def sees_someones_list(context, who, owner):
    """
    Then he sees Edith's list:
      | item                 |
      | Buy peacock feathers |
    """
    context.cast.subject(who).assert_sees_list_of(context.cast.mentioned(owner), _items(context))


@then("{who:Who} [is/are] told there is nothing at that address")
def told_nothing_there(context, who):
    """
    Then he is told there is nothing at that address
    """
    context.cast.subject(who).list_page.assert_not_found()


@when("{who:Who} [refreshes/refresh] {whose:Who} list")
def refresh(context, who, whose):
    """
    When Edith refreshes her list
    """
    context.cast.own(who, whose).refresh_list()


@then("{whose:Who} list reads:")
def list_reads(context, whose):
    """
    Then her list reads:
      | item     |
      | Buy milk |
    """
    actor = context.cast.subject(whose)
    actor.list_page.assert_items(_items(context), f"{actor.name}'s list")


@then("{whose:Who} list is at a different address from {other:Who}")
def lists_apart(context, whose, other):
    """
    Then his list is at a different address from Edith's
    """
    context.cast.subject(whose).assert_list_apart_from(context.cast.mentioned(other))


@then("the item box is centred in {whose:Who} window")
def item_box_centred(context, whose):
    """
    Then the item box is centred in her window
    """
    context.cast.subject(whose).list_page.assert_item_box_centred()
