@readonly
Feature: Smoke test of a running site
  Read-only checks that create nothing, so they are safe against any server,
  production included.

  Scenario: The home page is ready for a new list
    When Edith opens the home page
    Then she is invited to start a new list

  Scenario: The login form is offered
    When Edith opens the home page
    Then she is offered a way to log in
