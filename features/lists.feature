Feature: Keeping a to-do list
  As someone with things to do
  I want to jot them down in a list that lives at its own address
  So that I can come back to it and nobody else's items get mixed in

  Scenario: A new visitor starts a list
    When Edith starts a list with "Buy peacock feathers"
    Then her list reads:
      | item                 |
      | Buy peacock feathers |

  Scenario: She adds a second item to her list
    Given Edith has started a list with "Buy peacock feathers"
    When she adds "Use peacock feathers to make a fly" to the list
    Then her list reads:
      | item                               |
      | Buy peacock feathers               |
      | Use peacock feathers to make a fly |

  Scenario: Every visitor gets a list of their own
    Given Edith has started a list with "Buy peacock feathers"
    When Francis starts a list with "Buy milk"
    Then his list reads:
      | item     |
      | Buy milk |
    And his list is at a different address from Edith's

  Scenario: Anyone with its address can open a list started while logged out
    Given Edith has started a list with "Buy peacock feathers"
    When Francis opens Edith's list
    Then he sees Edith's list:
      | item                 |
      | Buy peacock feathers |

  Scenario: A new item goes below the ones she added earlier
    Given Edith is a logged-in user
    And she has started a list with "Buy flour"
    And she has added "Buy eggs" to the list
    And she has added "Bake a cake" to the list
    When she adds "Eat the cake" to the list
    Then her list reads:
      | item         |
      | Buy flour    |
      | Buy eggs     |
      | Bake a cake  |
      | Eat the cake |
