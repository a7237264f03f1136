Feature: Sharing a list
  As someone with a list to share
  I want to let a friend see and add to my list
  So that we can work through it together

  Background:
    Given Edith is a logged-in user
    And Onesiphorus is a logged-in user

  Scenario: Edith shares her list, Onesiphorus adds to it and she sees his item
    Given Edith has started a list with "Get help"
    When she shares the list with Onesiphorus
    Then she sees Onesiphorus among the people the list is shared with
    When Onesiphorus opens his My lists page
    Then he sees these lists shared by other users:
      | list     |
      | Get help |
    When he opens the list "Get help" from his My lists page
    Then he sees that Edith owns the list
    When he adds "Hi Edith!" to the list
    And Edith refreshes her list
    Then her list reads:
      | item      |
      | Get help  |
      | Hi Edith! |
