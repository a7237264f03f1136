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
    When she opens the list "Click cows" from her My lists page
    Then her list reads:
      | item       |
      | Click cows |
    When she logs out
    Then she no longer sees the My lists link
