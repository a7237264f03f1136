Feature: Sharing a list
  As someone with a list to share
  I want to let a friend see and add to my list
  So that we can work through it together

  Background:
    Given Edith is a logged-in user
    And she has started a list with "Get help"

  Scenario: Edith shares her list with a friend
    When she shares the list with Onesiphorus
    Then she sees Onesiphorus among the people the list is shared with

  Scenario: A shared list shows on the friend's My lists page
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    When he opens his My lists page
    Then he sees these lists shared by other users:
      | list     |
      | Get help |

  Scenario: The friend sees who owns a shared list
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    When he opens the list "Get help" from his My lists page
    Then he sees that Edith owns the list

  Scenario: The owner sees what her friend added
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    And he has opened Edith's list
    And he has added "Hi Edith!" to the list
    When Edith refreshes her list
    Then her list reads:
      | item      |
      | Get help  |
      | Hi Edith! |

  Scenario: The friend adds to the shared list
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    And he has opened Edith's list
    When he adds "On my way" to the list
    Then he sees Edith's list:
      | item      |
      | Get help  |
      | On my way |

  Scenario: Francis shares his own list with a friend
    Given Francis is a logged-in user
    And he has started a list with "Plan the party"
    When he shares the list with Onesiphorus
    Then he sees Onesiphorus among the people the list is shared with
