# Used by checks/robustness (`make robustness`), not by the suite: one scenario that fails
# on purpose, to see what a failure prints and saves.
Feature: A failure on purpose

  Scenario: Edith expects an item she never added
    Given Edith has started a list with "Buy milk"
    Then her list reads:
      | item       |
      | Buy cheese |
