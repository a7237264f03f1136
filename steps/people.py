"""Who is who: declaring the people of a feature."""

from harness.people.phrasing import given


@given("these people:")
def these_people(context):
    """
    Given these people:
      | name       | pronoun | email                  |
      | Zoë        | she     | zoe@example.com        |
      | Anne-Marie | they    | anne-marie@example.com |
    """
    context.cast.declare(
        (f"the people table, line {row.line}", row.as_dict()) for row in context.table
    )
