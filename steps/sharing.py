"""Sharing a list with someone else."""

from harness.people.phrasing import given, then, when


@given("{who:Who} [has/have] shared the list with {sharee:Who}")
def has_shared(context, who, sharee):
    """
    Given she has shared the list with Onesiphorus
    """
    context.cast.subject(who).share_directly(context.cast.mentioned(sharee))


@when("{who:Who} [shares/share] the list with {sharee:Who}")
def share(context, who, sharee):
    """
    When she shares the list with Onesiphorus
    """
    actor = context.cast.subject(who)
    actor.list_page.share_with(context.cast.mentioned(sharee).email)


@when("{who:Who} [tries/try] to share the list with {sharee:Who}")
def try_to_share(context, who, sharee):
    """
    When she tries to share the list with herself
    """
    actor = context.cast.subject(who)
    actor.list_page.try_to_share_with(context.cast.mentioned(sharee).email)


@when('{who:Who} [tries/try] to share the list with "{address:Quoted}"')
def try_to_share_with_address(context, who, address):
    """
    When she tries to share the list with "not-an-email"
    """
    context.cast.subject(who).list_page.try_to_share_with(address)


@then("{who:Who} [is/are] not offered a way to share the list")
def not_offered_sharing(context, who):
    """
    Then he is not offered a way to share the list
    """
    context.cast.subject(who).list_page.assert_share_offered(False)


@then("{who:Who} [sees/see] {sharee:Who} among the people the list is shared with")
def sees_sharee(context, who, sharee):
    """
    Then she sees Onesiphorus among the people the list is shared with
    """
    actor = context.cast.subject(who)
    actor.list_page.assert_shared_with(context.cast.mentioned(sharee).email)


@then("{who:Who} [sees/see] that {owner:Who} [owns/own] the list")
def sees_owner(context, who, owner):
    """
    Then he sees that Edith owns the list
    """
    actor = context.cast.subject(who)
    actor.list_page.assert_owner(context.cast.mentioned(owner).email)
