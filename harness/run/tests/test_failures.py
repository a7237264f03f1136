"""What a failed check says: differences spelled out, in a person's words."""

import pytest

from harness.run.failures import (
    Mismatch,
    WordingProblem,
    compare_any_order,
    compare_in_order,
    explain,
    headline_problems,
)
from harness.run.wait import WaitTimeout

EIGHT = ["Milk", "Eggs", "Bread", "Butter", "Cheese", "Apples", "Bananas", "Coffee"]


def rows(items):
    return [f"{n}: {item}" for n, item in enumerate(items, start=1)]


def test_two_rows_swapped_are_named_and_the_rest_counted():
    shown = ["Milk", "Bread", "Eggs", *EIGHT[3:]]
    problem = compare_in_order("Edith's list", rows(EIGHT), rows(shown))
    assert problem.headline == (
        "Edith's list is not in the expected order: "
        'row 2 should be "Eggs" but is "Bread"; row 3 should be "Bread" but is "Eggs". '
        "The other 6 rows match."
    )
    marked = [(row.expected, row.actual) for row in problem.comparison.rows if row.differs]
    assert marked == [("Eggs", "Bread"), ("Bread", "Eggs")]
    assert len(problem.comparison.rows) == 8


def test_missing_extra_and_different_rows_each_say_what_they_are():
    missing = compare_in_order("Edith's list", rows(["Milk", "Eggs"]), rows(["Milk"]))
    assert missing.headline == (
        'Edith\'s list is not as expected: row 2 should be "Eggs" but is missing. '
        "The other row matches."
    )
    extra = compare_in_order("Edith's list", rows(["Milk"]), rows(["Milk", "Gin"]))
    assert 'row 2, "Gin", should not be there' in extra.headline
    other = compare_in_order("Edith's list", rows(["Milk"]), rows(["Soy milk"]))
    assert other.headline == (
        'Edith\'s list is not as expected: row 1 should be "Milk" but is "Soy milk".'
    )


def test_an_empty_list_says_so_rather_than_listing_every_row():
    problem = compare_in_order("Edith's list", rows(["Milk", "Eggs"]), [])
    assert problem.headline == "Edith's list is empty; it should have 2 rows."
    assert [row.actual for row in problem.comparison.rows] == ["", ""]


def test_many_differences_are_cut_short_with_a_count():
    problem = compare_in_order("The list", rows(EIGHT), rows(list(reversed(EIGHT))))
    assert problem.headline.count("should be") == 4
    assert "; and 4 more." in problem.headline


def test_the_same_rows_are_no_mismatch():
    assert compare_in_order("Edith's list", rows(EIGHT), rows(EIGHT)) is None
    assert compare_any_order("Edith's own lists", ["A", "B"], ["B", "A"]) is None


def test_a_row_numbered_wrongly_is_shown_as_it_reads():
    problem = compare_in_order("Edith's list", ["1: Milk", "2: Eggs"], ["1: Milk", "1: Eggs"])
    assert 'row 2 should be "Eggs" but is "1: Eggs"' in problem.headline


def test_lists_in_any_order_name_what_is_missing_and_what_should_not_be_there():
    problem = compare_any_order(
        "Edith's own lists", ["Trip", "Groceries"], ["Groceries", "Francis's party"]
    )
    assert problem.headline == (
        'Edith\'s own lists are not as expected: "Trip" is missing; '
        '"Francis\'s party" should not be there.'
    )
    assert [(r.expected, r.actual, r.differs) for r in problem.comparison.rows] == [
        ("Trip", "", True),
        ("Groceries", "Groceries", False),
        ("", "Francis's party", True),
    ]


def test_a_list_that_reads_almost_alike_is_told_as_reading_otherwise_not_missing_and_extra():
    problem = compare_any_order(
        "Edith's own lists", ["Plan the holidays", "Book the ferry"], ["Plan the holiday"]
    )
    assert problem.headline == (
        'Edith\'s own lists are not as expected: "Plan the holidays" reads "Plan the holiday"; '
        '"Book the ferry" is missing.'
    )
    assert [(r.expected, r.actual, r.differs) for r in problem.comparison.rows] == [
        ("Plan the holidays", "Plan the holiday", True),
        ("Book the ferry", "", True),
    ]
    # Unrelated texts are not paired, however few there are.
    unrelated = compare_any_order("Edith's own lists", ["Trip"], ["Groceries"])
    assert unrelated.headline == (
        'Edith\'s own lists are not as expected: "Trip" is missing; '
        '"Groceries" should not be there.'
    )


def test_the_comparison_as_text_marks_the_rows_that_differ():
    problem = compare_in_order("L", rows(["Milk", "Eggs"]), rows(["Milk", "Gin"]))
    lines = problem.comparison.text().splitlines()
    assert lines[0].split() == ["expected", "shown"]
    assert lines[1].split() == ["Milk", "Milk"]
    assert lines[2].split() == ["≠", "Eggs", "Gin"]


def test_a_timed_out_mismatch_keeps_its_headline_and_table_and_adds_the_detail():
    timeout = WaitTimeout("Edith's list is empty; it should have 1 row.")
    timeout.details = ("waited 5.00s, 100 attempts at assert_items",)
    told = explain(timeout)
    assert told.kind == "failure"
    assert told.headline == "Edith's list is empty; it should have 1 row."
    assert told.details == ("waited 5.00s, 100 attempts at assert_items",)
    text = told.with_notes(trace=["step defined at steps/lists.py:114"]).text()
    assert text.splitlines()[0] == told.headline
    assert "For developers:" in text and "steps/lists.py:114" in text


def test_a_wording_problem_is_told_as_one_without_trace():
    told = explain(WordingProblem('"he" here points to no one.'))
    assert (told.kind, told.headline, told.trace) == ("wording", '"he" here points to no one.', ())


def test_a_bug_in_the_suite_is_not_passed_off_as_the_products_failure():
    try:
        {}["missing"]
    except KeyError as error:
        told = explain(error)
    assert told.kind == "error"
    assert told.headline.startswith("The test suite itself went wrong running this step")
    assert "KeyError" in told.headline
    assert any("test_failures.py" in line for line in told.trace)


def test_a_plain_assertion_reads_as_a_sentence():
    assert explain(AssertionError("the box is gone")).headline == "the box is gone."
    assert explain(Mismatch("Edith is not told.")).headline == "Edith is not told."


@pytest.mark.parametrize(
    "headline",
    [
        "Onesiphorus is not among the people Edith's list is shared with; it is shared with "
        "Francis only.",
        'Edith is warned "You can\'t have an empty list item" rather than "[x] (y) {z}".',
        "The item box is not centred in Zoë's window: it sits 12 pixels to the left.",
    ],
)
def test_headlines_a_person_reads_aloud_pass_the_rules(headline):
    assert headline_problems(headline) == []


@pytest.mark.parametrize(
    ("headline", "problem"),
    [
        ("ASSERT FAILED: no row.", "a programmer's word"),
        ("expected the rows ['1: Milk'].", "a bracket"),
        ("the owner shows as 'edith'.", "single quotes"),
        ("no answer at assert_items.", "a function"),
        ("Edith is at http://localhost:8000/lists/1/.", "a web address"),
        ("onesiphorus@example.com not among sharees.", "by email"),
        ("List 89ac8a08-1111-2222-3333-444455556666 is gone.", "an id"),
        ("Edith is not told", "full stop"),
    ],
)
def test_headlines_that_speak_python_are_caught(headline, problem):
    found = headline_problems(headline)
    assert any(problem in each for each in found), found
