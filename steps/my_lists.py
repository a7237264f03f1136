"""The My lists page: a person's own lists and those shared with them."""

from harness.people.phrasing import given, then, when


def _lists(context):
    return [row["list"] for row in context.table]


@given("{who:Who} [has/have] opened {whose:Who} My lists page")
@when("{who:Who} [opens/open] {whose:Who} My lists page")
def open_my_lists(context, who, whose):
    """
    When she opens her My lists page
    When Francis opens Edith's My lists page
    Given they have opened their My lists page
    """
    context.cast.subject(who).open_my_lists_of(context.cast.mentioned(whose))


@when('{who:Who} [opens/open] the list "{name:Quoted}" from {whose:Who} My lists page')
def open_list_from_my_lists(context, who, whose, name):
    """
    When she opens the list "Click cows" from her My lists page
    """
    person = context.cast.own(who, whose)
    person.list_page.open_my_lists()
    person.my_lists_page.open_list(name)


@then("{who:Who} [sees/see] {whose:Who} own lists:")
def sees_own_lists(context, who, whose):
    """
    Then she sees her own lists:
      | list               |
      | Reticulate splines |
    """
    context.cast.own(who, whose).my_lists_page.assert_own_lists(_lists(context))


@then("{who:Who} no longer [sees/see] the My lists link")
def no_my_lists_link(context, who):
    """
    Then she no longer sees the My lists link
    """
    context.cast.subject(who).list_page.assert_my_lists_link(present=False)


@then("{who:Who} [sees/see] the My lists link")
def my_lists_link(context, who):
    """
    Then she sees the My lists link
    """
    context.cast.subject(who).list_page.assert_my_lists_link(present=True)


@then("{who:Who} [sees/see] these lists shared by other users:")
def sees_shared_lists(context, who):
    """
    Then he sees these lists shared by other users:
      | list     |
      | Get help |
    """
    context.cast.subject(who).my_lists_page.assert_shared_lists(_lists(context))
