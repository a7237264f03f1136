Feature: Logging in without a password
  As someone who forgets passwords
  I want to log in with a link sent to my email
  So that my lists are mine wherever I am

  Scenario: Logging in with the link from the email, then out again
    When Edith asks for a login link
    Then she is told to check her email
    When she follows the link in her email
    Then she is logged in
    When she logs out
    Then she is logged out

  Scenario: An invalid login link is refused
    When Edith follows an invalid login link
    Then she is told "Invalid login link, please request a new one"
    And she is logged out
