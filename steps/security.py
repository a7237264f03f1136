"""How the site is served: encrypted, and telling browsers to stay so."""

from harness.people.phrasing import then, when


@when("{who:Who} [opens/open] the home page at its plain http address")
def open_plain_address(context, who):
    """
    When Edith opens the home page at its plain http address
    """
    context.cast.subject(who).list_page.open_plain_address("/")


@then("{who:Who} [sees/see] the site over a secure connection")
def sees_secure_connection(context, who):
    """
    Then she sees the site over a secure connection
    """
    context.cast.subject(who).list_page.assert_connection_secure()


@then("the site tells {who:Who} browser to always use a secure connection")
def told_to_stay_secure(context, who):
    """
    Then the site tells her browser to always use a secure connection
    """
    context.cast.subject(who).list_page.assert_told_to_stay_secure()
