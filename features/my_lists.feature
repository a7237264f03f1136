Feature: My lists
  As a logged-in user
  I want to see all my lists in one place
  So that I can get back to any of them

  Background:
    Given Edith is a logged-in user

  Scenario: Her lists are kept under My lists, named after their first item
    Given she has started a list with "Reticulate splines"
    And she has started a list with "Click cows"
    When she opens her My lists page
    Then she sees her own lists:
      | list               |
      | Reticulate splines |
      | Click cows         |

  Scenario: She gets back to a list from My lists
    Given she has started a list with:
      | item            |
      | Click cows      |
      | Feed the horses |
    When she opens the list "Click cows" from her My lists page
    Then her list reads:
      | item            |
      | Click cows      |
      | Feed the horses |

  Scenario: A logged-in user is offered the My lists link
    When she opens the home page
    Then she sees the My lists link

  Scenario: The My lists link goes when she logs out
    When she logs out
    Then she no longer sees the My lists link

  Scenario: Her own lists and those shared with her are kept apart
    Given she has started these lists:
      | list               |
      | Reticulate splines |
      | Click cows         |
    And Francis is a logged-in user
    And he has started a list with "Plan the party"
    And he has shared the list with Edith
    When Edith opens her My lists page
    Then she sees her own lists:
      | list               |
      | Reticulate splines |
      | Click cows         |
    And she sees these lists shared by other users:
      | list           |
      | Plan the party |
