Feature: Lists for everyone, in their own words
  As someone whose name or language is not plain English
  I want the site to keep my words just as I wrote them
  So that my list reads the way I think

  People here are declared in a table. Anyone a scenario names without
  declaring is "they", with an email made from their name.

  Background:
    Given these people:
      | name       | pronoun | email                  |
      | Zoë        | she     | zoe@example.com        |
      | José       | he      | jose@example.com       |
      | Anne-Marie | they    | anne-marie@example.com |

  Scenario: Accents and apostrophes are kept
    Given Zoë has started a list with "Acheter du pain"
    When she adds "Réserver l’hôtel à Zürich" to the list
    Then her list reads:
      | item                      |
      | Acheter du pain           |
      | Réserver l’hôtel à Zürich |

  Scenario: Items in other scripts are kept
    Given José has started a list with "купить молоко"
    When he adds "牛乳を買う" to the list
    Then his list reads:
      | item          |
      | купить молоко |
      | 牛乳を買う    |

  Scenario: Emoji and other characters beyond the basic plane are kept
    Given Zoë has started a list with "Buy 🦚 feathers"
    When she adds "Practise 𝄞 scales 👩🏽‍🔧 with Sam 🇫🇷" to the list
    Then her list reads:
      | item                                 |
      | Buy 🦚 feathers                      |
      | Practise 𝄞 scales 👩🏽‍🔧 with Sam 🇫🇷 |

  Scenario: Combining accents and right-to-left words are kept
    Given José has started a list with "Café con leche"
    When he adds "לקנות חלב" to the list
    Then his list reads:
      | item              |
      | Café con leche |
      | לקנות חלב         |

  Scenario: Markup in an item is shown as text
    When Anne-Marie starts a list with "<b>bold</b> & <i>brave</i>"
    Then their list reads:
      | item                        |
      | <b>bold</b> & <i>brave</i> |

  Scenario: Quotes in an item are kept
    When Anne-Marie starts a list with "Say "hello" to Bob's "friends""
    Then their list reads:
      | item                           |
      | Say "hello" to Bob's "friends" |

  Scenario: Extra spaces are tidied away
    When Zoë starts a list with "   Buy    milk   "
    Then her list reads:
      | item     |
      | Buy milk |

  Scenario: Someone who goes by "they" logs in
    Given Anne-Marie has asked for a login link
    When they follow the link in their email
    Then they are logged in

  Scenario: Someone nobody declared keeps lists too
    Given Łukasz is a logged-in user
    And they have started a list with "Kupić chleb"
    When they open their My lists page
    Then they see their own lists:
      | list        |
      | Kupić chleb |

  Scenario: Zoë shares a list with Anne-Marie
    Given Zoë is a logged-in user
    And she has started a list with "Pack for the trip"
    When she shares the list with Anne-Marie
    Then she sees Anne-Marie among the people the list is shared with

  Scenario: Anne-Marie finds the list Zoë shared with them
    Given Zoë is a logged-in user
    And she has started a list with "Pack for the trip"
    And she has shared the list with Anne-Marie
    And Anne-Marie is a logged-in user
    When they open their My lists page
    Then they see these lists shared by other users:
      | list              |
      | Pack for the trip |

  Scenario: Anne-Marie adds to Zoë's list
    Given Zoë is a logged-in user
    And she has started a list with:
      | item         |
      | Garden jobs  |
      | Mow the lawn |
    And she has shared the list with Anne-Marie
    And Anne-Marie is a logged-in user
    And they have opened Zoë's list
    When they add "Prune the roses" to the list
    Then they see Zoë's list:
      | item            |
      | Garden jobs     |
      | Mow the lawn    |
      | Prune the roses |

  Scenario: José cannot open Zoë's private list
    Given Zoë is a logged-in user
    And she has started a list with "Surprise party for José"
    And José is a logged-in user
    When he opens Zoë's list
    Then he is told there is nothing at that address

  Scenario: Anyone can open James's list by its address
    Given James has started a list with "Fix the bike"
    When José opens James's list
    Then he sees James's list:
      | item         |
      | Fix the bike |
