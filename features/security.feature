@readonly @https
Feature: Served securely
  Everything between a person's browser and the site travels encrypted, so
  nobody on the way can read a login link or a list. These checks create
  nothing, so they run against production too; a site served over plain HTTP
  (the local test server) skips them.

  Scenario: The site is served over a secure connection
    When Edith opens the home page
    Then she sees the site over a secure connection
    And the site tells her browser to always use a secure connection

  Scenario: The plain address leads to the secure site
    When Edith opens the home page at its plain http address
    Then she sees the site over a secure connection
