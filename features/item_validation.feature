Feature: Refusing items that make no sense
  As someone keeping a list
  I want empty and repeated items turned away with a clear message
  So that my list stays tidy

  Scenario: Empty items are refused
    When Edith tries to start a list with an empty item
    Then she is asked to fill in the item first
    When she starts a list with "Buy milk"
    And she tries to add an empty item
    Then she is asked to fill in the item first
    And her list reads:
      | item     |
      | Buy milk |

  Scenario: A duplicate item is refused
    Given Edith has started a list with "Buy wellies"
    When she tries to add "Buy wellies" again
    Then she is warned "You've already got this in your list"

  Scenario: The warning clears when she starts typing
    Given Edith has started a list with "Banter too thick"
    And she has tried to add "Banter too thick" again
    When she starts typing in the item box
    Then her warning disappears
