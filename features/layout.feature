Feature: A tidy layout
  As a visitor
  I want the page to look deliberate
  So that I trust the site with my lists

  Scenario: The item box is centred on the home page
    When Edith opens the home page
    Then the item box is centred in her window

  Scenario: The item box is centred on a list
    Given Edith has started a list with "testing"
    Then the item box is centred in her window
