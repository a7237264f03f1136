Feature: Logging in without a password
  As someone who forgets passwords
  I want to log in with a link sent to my email
  So that my lists are mine wherever I am

  Scenario: Asking for a login link sends one by email
    When Edith asks for a login link
    Then she is told to check her email
    And she gets an email with a login link

  Scenario: The link in the email logs her in
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

  Scenario: An address that is not an email address is refused
    When Edith asks for a login link for "not-an-email"
    Then she is told "Please enter a valid email address"
    And no email is sent to "not-an-email"

  Scenario: Asking for too many login links is refused
    Given Edith has asked for a login link 5 times
    When she asks for a login link
    Then she is told "Too many login links requested for this address; try again in a few minutes."
