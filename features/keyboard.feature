Feature: Using the site with the keyboard alone
  Some people cannot use a mouse: they move with Tab and Shift+Tab, and act
  with Enter and Space. Everything a person does here can be done that way,
  and the control the keyboard is on always shows it.

  Scenario: A new visitor starts a list and adds to it with the keyboard
    When Edith starts a list with "Buy peacock feathers" using only the keyboard
    And she adds "Make a fly" to the list using only the keyboard
    Then her list reads:
      | item                 |
      | Buy peacock feathers |
      | Make a fly           |

  Scenario: Asking for a login link with the keyboard
    When Edith asks for a login link using only the keyboard
    Then she is told to check her email
    And she gets an email with a login link

  Scenario: Logging out with the keyboard
    Given Edith is a logged-in user
    When she logs out using only the keyboard
    Then she is logged out

  Scenario: Sharing a list with the keyboard
    Given Edith is a logged-in user
    And she has started a list with "Plan the trip"
    When she shares the list with Francis using only the keyboard
    Then she sees Francis among the people the list is shared with

  Scenario: The item box shows that the keyboard is on it
    When Edith moves to the item box using only the keyboard
    Then she can see where the keyboard focus is

  Scenario: Every control of the home page is reached in reading order
    When Edith opens the home page
    Then she can reach every control on the page with the keyboard, in reading order

  Scenario: Every control of her own list is reached in reading order
    Given Edith is a logged-in user
    And she has started a list with "Plan the trip"
    Then she can reach every control on the page with the keyboard, in reading order

  Scenario: The pages she meets have no accessibility problems
    Given Edith is a logged-in user
    And she has started a list with "Plan the trip"
    Then the page she sees has no accessibility problems
