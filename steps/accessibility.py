"""Accessibility: axe-core's audit of what a person's browser shows."""

from harness.people.phrasing import then


@then("the page {who:Who} [sees/see] has no accessibility problems")
def no_accessibility_problems(context, who):
    """
    Then the page Edith sees has no accessibility problems
    """
    where = (context.scenario.feature.name, context.scenario.name)
    context.cast.subject(who).assert_page_accessible(context.auditor, where)
