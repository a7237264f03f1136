"""Near misses in a product owner's own people (Zoë, Bartholomew)."""

from harness.testing.near_misses.row import Row

#: Written after a product owner tried "did you mean" in a feature of their
#: own people (Zoë, Bartholomew): sentences that name fewer people than the
#: step they mean needs, leave a quoted blank empty, or click a control by
#: its label. Each is labelled with the step its writer meant, whether or
#: not "did you mean" can offer it in their words.
THEIR_OWN_PEOPLE: list[Row] = [
    ("Then", "Bartholomew can see the list", "list_reads", "near"),
    ("When", "Bartholomew opens the list", "open_someones_list", "near"),
    ("Then", "Zoë is among the people the list is shared with", "sees_sharee", "near"),
    ("Then", "Bartholomew is the owner of the list", "sees_owner", "near"),
    ("When", "the list is shared with Bartholomew", "share", "near"),
    ("When", "she opens the list from her My lists page", "open_list_from_my_lists", "near"),
    ("When", "Zoë opens a list from her My lists page", "open_list_from_my_lists", "near"),
    ("When", 'she clicks the "Log out" button', "log_out", "near"),
    ("When", 'Bartholomew taps the "Log out" link', "log_out", "near"),
    ("When", 'Zoë clicks on the "Log out" link', "log_out", "near"),
    ("When", 'she presses the "Share" button', "share", "near"),
    ("Then", "Zoë does not see the list", None, "negation"),
    ("Then", "Bartholomew is not the owner of the list", None, "negation"),
    ("When", 'Bartholomew presses the "Bake" button', None, "unrelated"),
]
