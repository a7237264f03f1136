Feature: Lists belong to their people
  As someone with plans of my own
  I want only the people I share a list with to see it
  So that what I write down stays between us

  A list started while logged in belongs to its owner: only the owner and the
  people it is shared with can open it, and only the owner can share it. To
  anyone else its address leads to the "Not found" page, as if it did not
  exist. A list started while logged out belongs to no one, so anyone with its
  address can use it.

  Background:
    Given Edith is a logged-in user
    And she has started a list with "Secret plans"

  Scenario: A logged-in stranger cannot open Edith's list
    Given Francis is a logged-in user
    When he opens Edith's list
    Then he is told there is nothing at that address

  Scenario: A visitor who is not logged in cannot open Edith's list
    When Francis opens Edith's list
    Then he is told there is nothing at that address

  Scenario: The person Edith shares her list with can open it
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    When he opens Edith's list
    Then he sees Edith's list:
      | item         |
      | Secret plans |

  Scenario: Only Edith can share her list
    Given she has shared the list with Onesiphorus
    And Onesiphorus is a logged-in user
    When he opens Edith's list
    Then he is not offered a way to share the list

  Scenario: Edith cannot share her list with herself
    When she tries to share the list with herself
    Then she is told "You can't share a list with yourself: it is already yours"

  Scenario: A logged-in stranger cannot open Edith's My lists page
    Given Francis is a logged-in user
    When he opens Edith's My lists page
    Then he is told there is nothing at that address

  Scenario: A visitor who is not logged in cannot open Edith's My lists page
    When Francis opens Edith's My lists page
    Then he is told there is nothing at that address
