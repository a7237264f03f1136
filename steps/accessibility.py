"""Accessibility: axe-core's audit of what a person's browser shows."""

from harness.phrasing import then


@then("the page {who:Who} [sees/see] has no accessibility problems")
def no_accessibility_problems(context, who):
    """
    Then the page Edith sees has no accessibility problems
    """
    actor = context.cast.subject(who)
    where = (context.scenario.feature.name, context.scenario.name)
    audit = context.auditor.audit_now(actor.driver, actor.name, where)
    assert not audit.problems, audit.message()
