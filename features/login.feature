Feature: Logging in without a password
  As someone who forgets passwords
  I want to log in with a link sent to my email
  So that my lists are mine wherever I am

  Scenario: Asking for a login link
    When Edith asks for a login link
    Then she is told to check her email
    And she gets an email with a login link

  Scenario: Logging in with the link from the email
    Given Edith has asked for a login link
    When she follows the link in her email
    Then she is logged in

  Scenario: Logging out
    Given Edith is a logged-in user
    When she logs out
    Then she is logged out

  Scenario: An invalid login link is refused
    When Edith follows an invalid login link
    Then she is told "Invalid login link, please request a new one"
    And she is logged out
