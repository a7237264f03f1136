Feature: What the report shows
  A sample suite for `make report-check`: one scenario passes, one fails on
  purpose, and one tagged @flaky passes on its second attempt. Another passes
  or fails as the check decides, run after run (its history), and one is work
  in progress, left out.

  Scenario: Edith's list reads as she wrote it
    Given Edith has started a list with "Buy milk"
    When she adds "Buy eggs" to the list
    Then her list reads:
      | item     |
      | Buy milk |
      | Buy eggs |

  Scenario: A list that does not read as expected fails
    Given Edith has started a list with "Buy milk"
    And Francis has opened Edith's list
    Then her list reads:
      | item              |
      | Buy a unicorn     |

  @flaky
  Scenario: A flaky scenario passes on its second attempt
    Given this scenario fails on its first attempt
    When Edith starts a list with "Buy bread"
    Then her list reads:
      | item      |
      | Buy bread |

  @history
  Scenario: A scenario whose result the check decides, run after run
    Given the check has decided whether this run of the scenario passes
    When Edith starts a list with "Buy flour"
    Then her list reads:
      | item      |
      | Buy flour |

  @wip
  Scenario: A scenario still being written is skipped, and says why
    When Edith starts a list with "Buy a kite"
