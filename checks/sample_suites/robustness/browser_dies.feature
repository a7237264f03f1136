# Used by checks/robustness (`make robustness`), not by the suite: the check kills Edith's
# browser while the first scenario waits (with a long wait_timeout) for an
# item that never comes, then expects the second scenario to pass.
Feature: A browser that dies mid-run

  Scenario: Edith's browser dies while she waits
    Given Edith has started a list with "Buy milk"
    Then her list reads:
      | item                   |
      | Something never added  |

  Scenario: The next scenario gets a fresh browser
    Given Edith has started a list with "Buy bread"
    Then her list reads:
      | item      |
      | Buy bread |
