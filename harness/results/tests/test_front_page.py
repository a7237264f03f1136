"""Unit tests for harness.results.front_page: the scenarios as shown, the verdict,
escaping, and history marks."""

from __future__ import annotations

import re

from harness.results.front_page import (
    Shown,
    history_marks,
    shown_scenarios,
    verdict_sentence,
)
from harness.results.history import Insight, Mark
from harness.testing.front_pages import (
    QUOTE,
    SCRIPT,
    anchor,
    assert_escaped,
    found,
    page,
    structure,
)
from harness.testing.history_runs import run, sc, started_at

# -- shown_scenarios -----------------------------------------------------------------


def test_shown_scenarios_without_history_have_no_notes():
    this = run(0, sc("A"), sc("B", "failed"))
    shown = shown_scenarios(this, anchor, None)
    assert [s.run for s in shown] == list(this.scenarios)
    assert [s.anchor for s in shown] == [anchor(s) for s in this.scenarios]
    assert all(s.flaky == "" and s.slow == "" for s in shown)


def test_a_retried_scenario_says_so_without_history():
    shown = shown_scenarios(run(0, sc("A", retried=True)), anchor, None)
    assert "retry" in shown[0].flaky


def test_a_flaky_scenario_gets_its_sentence():
    statuses = ["passed", "failed", "passed", "failed", "passed"]
    runs = [run(i, sc("A", st)) for i, st in enumerate(statuses)]
    shown = shown_scenarios(runs[-1], anchor, Insight(runs))
    assert shown[0].flaky == "failed 2 of the last 5 runs"
    assert shown[0].slow == ""


def test_flaky_sentence_wins_over_the_retry_note():
    runs = [run(0, sc("A", "failed")), run(1, sc("A", retried=True))]
    shown = shown_scenarios(runs[-1], anchor, Insight(runs))
    assert shown[0].flaky == "failed 1 of the last 2 runs"


def test_a_slow_scenario_gets_took_and_usually():
    runs = [run(i, sc("A", seconds=1.2)) for i in range(3)] + [run(3, sc("A", seconds=4.1))]
    shown = shown_scenarios(runs[-1], anchor, Insight(runs))
    assert shown[0].slow == "took 4.1 s, usually 1.2 s"
    assert shown[0].flaky == ""


def test_a_scenario_at_its_usual_time_is_not_slow():
    runs = [run(i, sc("A", seconds=1.2)) for i in range(3)] + [run(3, sc("A", seconds=1.3))]
    assert shown_scenarios(runs[-1], anchor, Insight(runs))[0].slow == ""


def test_a_slow_scenario_whose_usual_time_is_zero_is_still_slow():
    runs = [run(i, sc("A", seconds=0.0)) for i in range(3)] + [run(3, sc("A", seconds=0.6))]
    insight = Insight(runs)
    assert insight.slow(runs[-1].scenarios[0]) == 0.0  # the history says: slow
    assert shown_scenarios(runs[-1], anchor, insight)[0].slow != ""


# -- the verdict ---------------------------------------------------------------------


def test_verdict_all_passed():
    status, sentence = verdict_sentence(run(0, sc("A"), sc("B"), sc("C")))
    assert status == "passed"
    assert "3" in sentence
    assert "fail" not in sentence.lower()


def test_verdict_skipped_scenarios_do_not_spoil_a_pass():
    status, sentence = verdict_sentence(
        run(0, sc("A"), sc("B"), sc("C"), sc("D", "skipped"), sc("E", "untested"))
    )
    assert status == "passed"
    assert "3" in sentence
    assert "5" not in sentence


def test_verdict_some_failed():
    status, sentence = verdict_sentence(
        run(0, sc("A", "failed"), sc("B"), sc("C", "failed"), sc("D"), sc("E"))
    )
    assert status == "failed"
    assert "2 of 5" in sentence
    assert "fail" in sentence.lower()
    assert "catalogue" not in sentence


def test_verdict_undefined_fails_the_run():
    status, sentence = verdict_sentence(run(0, sc("A"), sc("B", "undefined")))
    assert status == "failed"
    assert "1" in sentence
    assert "step catalogue" in sentence
    assert "of 2 scenarios failed" not in sentence


def test_verdict_failed_and_undefined_both_said():
    status, sentence = verdict_sentence(
        run(0, sc("A", "failed"), sc("B", "undefined"), sc("C", "undefined"), sc("D"))
    )
    assert status == "failed"
    assert "1 of 4" in sentence
    assert "2" in sentence and "step catalogue" in sentence


def test_verdict_nothing_ran():
    status, sentence = verdict_sentence(run(0, sc("A", "skipped"), sc("B", "untested")))
    assert status == "skipped"
    assert "nothing ran" in sentence.lower()
    assert "2" in sentence
    assert "passed" not in sentence.lower()


def test_the_verdict_heading_carries_its_status():
    markup = page([run(0, sc("A", "failed"), sc("B"))])
    assert re.search(r'<h2 class="verdict failed"', markup)
    markup = page([run(0, sc("A"), sc("B"))])
    assert re.search(r'<h2 class="verdict passed"', markup)


def test_the_verdict_detail_counts_flaky_scenarios():
    runs = [run(0, sc("A", "failed"), sc("B")), run(1, sc("A"), sc("B"))]
    detail = found(r'<p class="verdict-detail">(.*?)</p>', page(runs)).group(1)
    assert "1 flaky" in detail
    steady = found(r'<p class="verdict-detail">(.*?)</p>', page(runs[1:])).group(1)
    assert "flaky" not in steady


# -- escaping ------------------------------------------------------------------------


def test_every_name_is_escaped_everywhere():
    # A hostile feature and scenario name in: the table, the changes (new failure,
    # added, removed), the watch list (flaky, slow), the anchors, the engines.
    hostile_feature = f"Feature {SCRIPT}"
    engines = ("chromium", QUOTE)
    old = [
        run(
            i,
            sc(SCRIPT, seconds=1.0, feature=hostile_feature),
            sc(QUOTE, "failed" if i == 1 else "passed", feature=hostile_feature),
            sc(f"gone {SCRIPT}", feature=hostile_feature, engine=QUOTE),
            engines=engines,
            commit="<i>x</i>",
        )
        for i in range(3)
    ]
    now = run(
        3,
        sc(SCRIPT, seconds=5.0, feature=hostile_feature),
        sc(QUOTE, "failed", feature=hostile_feature),
        sc(f"new {QUOTE}", feature=hostile_feature, engine=QUOTE),
        engines=engines,
        commit="<i>x</i>",
    )
    runs = [*old, now]
    markup = page(runs, features=[(hostile_feature, f"a{QUOTE}{SCRIPT}")])
    assert_escaped(markup)
    assert "<i>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&quot; onmouseover=&quot;x" in markup
    # the texts are there for the reader, only escaped
    text = "".join(structure(markup).text)
    assert SCRIPT in text
    assert QUOTE in text
    assert f"new {QUOTE}" in text  # added
    assert f"gone {SCRIPT}" in text  # removed
    assert "flaky" in text and "slow" in text  # the watch list has both
    # the anchor comes through whole as an attribute value
    assert f"#a{QUOTE}{SCRIPT}" in structure(markup).attribute_values


def test_history_marks_escape_their_notes_and_statuses():
    marks = [
        Mark("passed", started_at(0), "<b>c</b>", 1.0),
        Mark(SCRIPT, started_at(1), QUOTE, 2.0),
    ]
    markup = history_marks(marks, flaky=SCRIPT, slow=QUOTE)
    assert_escaped(markup)
    assert "<b>" not in markup
    text = "".join(structure(markup).text)
    assert SCRIPT in text and QUOTE in text


# -- history marks -------------------------------------------------------------------


def test_no_marks_no_markup():
    assert history_marks([], "", "") == ""


def test_one_mark_per_run_with_words_oldest_first():
    marks = [
        Mark("passed", started_at(0), "aaaa", 1.0),
        Mark("failed", started_at(1), "bbbb", 2.0),
        Mark("untested", started_at(2), "", 0.0),
        Mark("undefined", started_at(3), "", 0.0),
        Mark("passed", started_at(4), "cccc", 1.5),
    ]
    markup = history_marks(marks, "", "")
    spans = re.findall(r'<span class="mark (\w+)" title="([^"]*)">', markup)
    assert [cls for cls, _ in spans] == ["passed", "failed", "skipped", "undefined", "passed"]
    label = found(r'aria-label="([^"]*)"', markup).group(1)
    assert label.startswith("last 5 runs")
    assert "passed, failed, not run, not in the step catalogue, passed" in label
    # each mark says when, on which commit and how long
    assert "2024-05-01 12:01:00 UTC, commit bbbb" in spans[1][1]
    assert "2.0 s" in spans[1][1]
    assert "commit" not in spans[2][1]


def test_marks_carry_their_notes_only_when_given():
    marks = [Mark("passed", started_at(0), "a", 1.0)]
    plain = history_marks(marks, "", "")
    assert "flaky-note" not in plain and "slow-note" not in plain
    noted = history_marks(marks, "failed 1 of the last 2 runs", "took 3.0 s, usually 1.0 s")
    assert '<span class="flaky-note">flaky: failed 1 of the last 2 runs</span>' in noted
    assert '<span class="slow-note">took 3.0 s, usually 1.0 s</span>' in noted


def test_shown_is_a_plain_record():
    s = Shown(sc("A"), "x")
    assert (s.flaky, s.slow) == ("", "")
