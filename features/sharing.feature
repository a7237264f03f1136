Feature: Sharing a list
  As someone with a list to share
  I want to let a friend see and add to my list
  So that we can work through it together

  Background:
    Given Edith is a logged-in user

  Scenario: Edith shares her list with a friend
    Given she has started a list with "Get help"
    When she shares the list with Onesiphorus
    Then she sees Onesiphorus among the people the list is shared with

  Scenario: The shared list shows up for the sharee
    Given Onesiphorus is a logged-in user
    And Edith has shared a list starting "Get help" with Onesiphorus
    When Onesiphorus opens his My lists page
    Then he sees these lists shared by other users:
      | list     |
      | Get help |

  Scenario: The sharee sees who owns the list
    Given Onesiphorus is a logged-in user
    And Edith has shared a list starting "Get help" with Onesiphorus
    When Onesiphorus opens the list "Get help" from his My lists page
    Then he sees that Edith owns the list

  Scenario: The owner sees what the sharee added
    Given Onesiphorus is a logged-in user
    And Edith has shared a list starting "Get help" with Onesiphorus
    And Onesiphorus has added "Hi Edith!" to the shared list "Get help"
    When Edith refreshes her list
    Then her list reads:
      | item      |
      | Get help  |
      | Hi Edith! |
