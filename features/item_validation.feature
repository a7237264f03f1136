Feature: Refusing items that make no sense
  As someone keeping a list
  I want empty and repeated items turned away with a clear message
  So that my list stays tidy

  Scenario: An empty first item is refused
    When Edith tries to start a list with an empty item
    Then she is asked to fill in the item first

  Scenario: An empty item is refused on an existing list
    Given Edith has started a list with "Buy milk"
    When she tries to add an empty item
    Then she is asked to fill in the item first
    And her list reads:
      | item     |
      | Buy milk |

  Scenario: A duplicate item is refused
    Given Edith has started a list with "Buy wellies"
    When she tries to add "Buy wellies" again
    Then she is warned "You've already got this in your list"

  Scenario: A duplicate further down a longer list is refused too
    Given Edith has started a list with:
      | item        |
      | Buy flour   |
      | Buy eggs    |
      | Bake a cake |
    When she tries to add "Buy eggs" again
    Then she is warned "You've already got this in your list"

  Scenario: The warning clears when she starts typing
    Given Edith has started a list with "Banter too thick"
    And she has tried to add "Banter too thick" again
    When she starts typing in the item box
    Then her warning disappears
