"""The console a product owner reads: steps as written, failures as sentences."""

import io
from types import SimpleNamespace

from behave.formatter.base import StreamOpener
from behave.model import Feature, Scenario, Step
from behave.model_core import Status

from harness.results.console import Console, _DropsBanner
from harness.run.failures import WordingProblem, compare_in_order
from harness.run.wait import WaitTimeout


def console(detail=None):
    out = io.StringIO()
    userdata = {"detail": detail} if detail else {}
    config = SimpleNamespace(
        userdata=userdata, show_timings=False, show_multiline=True, color=False, reporters=[]
    )
    return Console(StreamOpener(stream=out), config), out


def run(formatter, steps, location="steps/lists.py:114"):
    feature = Feature("x.feature", 1, "Feature", "Lists")
    scenario = Scenario("x.feature", 3, "Scenario", "Order", steps=steps)
    formatter.feature(feature)
    formatter.scenario(scenario)
    for step in steps:
        formatter.step(step)
    for step in steps:
        if step.status == Status.untested:
            continue
        formatter.match(SimpleNamespace(location=location))
        formatter.result(step)
    formatter.eof()


def step(keyword, name, status, error=None):
    made = Step("x.feature", 4, keyword, keyword.lower(), name)
    made.status = status
    made.exception = error
    made.error_message = f"ASSERT FAILED: {error}" if error else None
    return made


def failed_order():
    problem = compare_in_order("Edith's list", ["1: Eggs", "2: Bread"], ["1: Bread", "2: Eggs"])
    timeout = WaitTimeout(problem.headline, problem.comparison)
    timeout.details = ("in Edith's browser at http://localhost:1/lists/x/", "waited 5.02s")
    return timeout


def test_a_failure_reads_as_its_headline_then_the_rows_then_the_detail():
    formatter, out = console()
    run(
        formatter,
        [
            step("Given", "Edith has started a list", Status.passed),
            step("Then", "her list reads:", Status.failed, failed_order()),
        ],
    )
    text = out.getvalue()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    at = lines.index("Then her list reads:  FAILED")
    assert lines[at + 1].startswith("Edith's list is not in the expected order: row 1 should be")
    assert lines[at + 2].split() == ["expected", "shown"]
    assert lines[at + 3].split() == ["≠", "Eggs", "Bread"]
    assert "for developers:" in lines and "waited 5.02s" in lines
    assert "Given Edith has started a list  passed" in lines
    for programmer_talk in ("ASSERT FAILED", "steps/lists.py", "Traceback", "CAPTURED"):
        assert programmer_talk not in text


def test_developer_detail_adds_the_step_source_and_trace():
    formatter, out = console("developer")
    run(formatter, [step("Then", "her list reads:", Status.failed, failed_order())])
    assert "# steps/lists.py:114" in out.getvalue()


def test_quotes_are_printed_as_written():
    formatter, out = console()
    run(formatter, [step("Then", 'she doesn\'t see "Milk"', Status.passed)])
    assert 'Then she doesn\'t see "Milk"  passed' in out.getvalue()


def test_a_wording_problem_says_it_is_one_and_nothing_for_developers():
    formatter, out = console()
    problem = WordingProblem('"he" here seems to mean Bartholomew.')
    run(formatter, [step("And", "he has started a list", Status.failed, problem)])
    text = out.getvalue()
    assert "And he has started a list  WORDING PROBLEM" in text
    assert "A problem with the wording of this step, not with the product:" in text
    assert "for developers" not in text


def test_undefined_steps_get_their_suggestions_and_steps_never_run_are_listed():
    formatter, out = console()
    formatter.suggest = lambda step, scenario: [f"did you mean: Then {step.name}!"]
    undefined = step("Then", "she frowns", Status.undefined)
    later = step("Then", "she smiles", Status.untested)
    run(formatter, [undefined, later])
    text = out.getvalue()
    assert "Then she frowns  NOT IN THE CATALOGUE\n      did you mean: Then she frowns!" in text
    assert "Then she smiles  not run" in text


def test_the_runner_banner_alone_is_dropped():
    out = io.StringIO()
    stream = _DropsBanner(out)
    print("USING RUNNER: harness.results.console:QuietRunner", file=stream)
    print("Feature: Lists", file=stream)
    assert out.getvalue() == "Feature: Lists\n"


def test_the_totals_say_what_did_not_pass_in_the_features_words():
    formatter, out = console()
    wording = step("And", "he has started a list", Status.failed, WordingProblem("he?"))
    run(formatter, [step("Given", "Edith is logged in", Status.passed), wording])
    formatter.close()
    text = out.getvalue()
    assert "Scenarios whose wording needs fixing:\n  x.feature:3  Order" in text
    assert "0 scenarios passed, 0 failed, 0 skipped, 1 with wording to fix" in text
    assert "1 step passed, 0 failed, 0 skipped, 1 with wording to fix" in text
    for jargon in ("error", "undefined", "Errored"):
        assert jargon not in text.lower()


def test_developers_keep_behaves_own_totals():
    from behave.reporter.summary import SummaryReporter

    out = io.StringIO()
    reporter = object.__new__(SummaryReporter)
    config = SimpleNamespace(
        userdata={"detail": "developer"},
        show_timings=False,
        show_multiline=True,
        reporters=[reporter],
    )
    Console(StreamOpener(stream=out), config)
    assert config.reporters == [reporter]
    config.userdata = {}
    Console(StreamOpener(stream=out), config)
    assert config.reporters == []
