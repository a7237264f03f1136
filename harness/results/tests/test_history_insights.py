"""Unit tests for harness.results.history's Insight: what the report reads from the
history (marks, flaky, slow, changes and trend)."""

from __future__ import annotations

import pytest

from harness.results.history import (
    FLAKY_WINDOW,
    Flaky,
    Insight,
    RunRecord,
    load,
    record,
)
from harness.testing.history_runs import last, run, runs_of, sc, started_at

# -- Insight: marks ------------------------------------------------------------------


def test_an_insight_needs_a_run():
    with pytest.raises(ValueError):
        Insight([])


def test_done_when_three_runs_one_failing_only_in_the_second(tmp_path):
    path = tmp_path / "acceptance-history.json"
    for i, b in enumerate(["passed", "failed", "passed"]):
        runs = record(path, run(i, sc("A"), sc("B", b), commit=f"commit{i}"))
    insight = Insight(load(path))
    b_now = last(runs, "B")
    marks = insight.marks(b_now)
    assert [m.status for m in marks] == ["passed", "failed", "passed"]
    assert [m.started for m in marks] == [started_at(0), started_at(1), started_at(2)]
    assert [m.commit for m in marks] == ["commit0", "commit1", "commit2"]
    assert [m.status for m in insight.marks(last(runs, "A"))] == ["passed"] * 3
    assert len(insight.trend()) == 3


def test_marks_are_the_last_window_oldest_first():
    runs = [run(i, sc("A", seconds=float(i))) for i in range(FLAKY_WINDOW + 2)]
    marks = Insight(runs).marks(last(runs))
    assert len(marks) == FLAKY_WINDOW
    assert [m.started for m in marks] == [started_at(i) for i in range(2, FLAKY_WINDOW + 2)]
    assert [m.seconds for m in marks] == [float(i) for i in range(2, FLAKY_WINDOW + 2)]


def test_marks_are_per_engine_and_feature():
    runs = [
        run(0, sc("A", "failed", engine="webkit"), sc("A", "failed", feature="Other")),
        run(1, sc("A"), sc("A", engine="webkit")),
    ]
    marks = Insight(runs).marks(last(runs))
    assert [m.status for m in marks] == ["passed"]


# -- Insight: flaky ------------------------------------------------------------------


def test_passed_and_failed_on_different_commits_is_not_flaky():
    runs = runs_of(["passed", "failed", "passed", "failed"], ["a", "b", "c", "d"])
    assert Insight(runs).flaky(last(runs)) is None


def test_fixed_by_a_new_commit_is_not_flaky():
    runs = runs_of(["failed", "failed", "passed", "passed"], ["a", "a", "b", "b"])
    assert Insight(runs).flaky(last(runs)) is None


def test_passed_and_failed_on_one_commit_is_flaky_with_its_count():
    statuses = ["passed"] * 10
    statuses[3] = statuses[7] = "failed"
    runs = runs_of(statuses)
    flaky = Insight(runs).flaky(last(runs))
    assert flaky == Flaky(failed=2, runs=10)
    assert flaky.sentence() == "failed 2 of the last 10 runs"


def test_flaky_when_only_two_runs_share_a_commit():
    runs = runs_of(["passed", "failed", "passed"], ["a", "b", "b"])
    flaky = Insight(runs).flaky(last(runs))
    assert flaky is not None
    assert (flaky.failed, flaky.runs) == (1, 3)
    assert flaky.sentence() == "failed 1 of the last 3 runs"


def test_unknown_commit_never_makes_it_flaky():
    runs = runs_of(["passed", "failed", "passed", "failed"], "")
    assert Insight(runs).flaky(last(runs)) is None
    mixed = runs_of(["passed", "failed", "passed"], ["a", "", "a"])
    assert Insight(mixed).flaky(last(mixed)) is None


def test_a_failure_outside_the_window_is_forgotten():
    runs = runs_of(["failed"] + ["passed"] * FLAKY_WINDOW)  # 11 runs, the failure first
    assert Insight(runs).flaky(last(runs)) is None
    # the opposite: ten runs, the failure still inside
    inside = runs_of(["failed"] + ["passed"] * (FLAKY_WINDOW - 1))
    assert Insight(inside).flaky(last(inside)) == Flaky(1, FLAKY_WINDOW)


def test_skipped_and_untested_runs_do_not_count():
    statuses = ["failed"] + ["passed"] * 9 + ["skipped", "untested", "skipped"]
    runs = runs_of(statuses)
    assert Insight(runs).flaky(last(runs)) == Flaky(1, 10)


def test_failed_and_skipped_on_one_commit_is_not_flaky():
    for other in ("skipped", "untested", "undefined"):
        runs = runs_of(["failed", other, "failed", other])
        assert Insight(runs).flaky(last(runs)) is None, other


def test_always_failing_or_always_passing_is_not_flaky():
    for status in ("passed", "failed"):
        runs = runs_of([status] * 5)
        assert Insight(runs).flaky(last(runs)) is None


def test_the_same_scenario_in_another_engine_is_another_scenario():
    engines = ("chromium", "webkit")
    runs = [
        run(0, sc("A"), sc("A", "failed", engine="webkit"), engines=engines),
        run(1, sc("A"), sc("A", engine="webkit"), engines=engines),
    ]
    insight = Insight(runs)
    assert insight.flaky(last(runs, engine="chromium")) is None
    assert insight.flaky(last(runs, engine="webkit")) == Flaky(1, 2)


def test_the_same_name_in_another_feature_is_another_scenario():
    runs = [
        run(0, sc("A"), sc("A", "failed", feature="Other")),
        run(1, sc("A"), sc("A", feature="Other")),
    ]
    insight = Insight(runs)
    assert insight.flaky(last(runs)) is None
    other = next(s for s in runs[-1].scenarios if s.feature == "Other")
    assert insight.flaky(other) == Flaky(1, 2)


# -- Insight: slow -------------------------------------------------------------------


def timed(durations: list[float], statuses: list[str] | None = None) -> list[RunRecord]:
    statuses = statuses or ["passed"] * len(durations)
    return [
        run(i, sc("A", st, d)) for i, (d, st) in enumerate(zip(durations, statuses, strict=True))
    ]


def test_doubled_time_against_three_earlier_passes_is_slow():
    runs = timed([1.0, 1.0, 1.0, 2.0])
    assert Insight(runs).slow(last(runs)) == 1.0


def test_1_9_times_is_not_slow():
    runs = timed([1.0, 1.0, 1.0, 1.9])
    assert Insight(runs).slow(last(runs)) is None


def test_a_small_doubling_is_noise():
    runs = timed([0.1, 0.1, 0.1, 0.3])
    assert Insight(runs).slow(last(runs)) is None
    runs = timed([0.4, 0.4, 0.4, 0.85])  # doubled, but only 0.45 s more
    assert Insight(runs).slow(last(runs)) is None


def test_fewer_than_three_earlier_passes_say_nothing():
    runs = timed([1.0, 1.0, 5.0])
    insight = Insight(runs)
    assert insight.usual_seconds(last(runs)) is None
    assert insight.slow(last(runs)) is None


def test_failed_earlier_runs_do_not_count_toward_the_median():
    runs = timed([1.0, 10.0, 1.0, 10.0, 1.0, 2.5], ["passed", "failed"] * 2 + ["passed"] * 2)
    insight = Insight(runs)
    assert insight.usual_seconds(last(runs)) == 1.0
    assert insight.slow(last(runs)) == 1.0


def test_failed_earlier_runs_do_not_make_up_the_basis():
    runs = timed([1.0, 1.0, 1.0, 1.0, 5.0], ["failed", "failed", "passed", "passed", "passed"])
    assert Insight(runs).usual_seconds(last(runs)) is None
    assert Insight(runs).slow(last(runs)) is None


def test_the_usual_time_is_the_median_not_the_mean():
    runs = timed([1.0, 1.0, 10.0, 2.0])  # mean 4.0, median 1.0
    assert Insight(runs).usual_seconds(last(runs)) == 1.0
    assert Insight(runs).slow(last(runs)) == 1.0


def test_this_runs_own_time_is_not_part_of_its_usual():
    runs = timed([1.0, 1.0, 2.0, 10.0])  # earlier median 1.0; with itself it would be 1.5
    assert Insight(runs).usual_seconds(last(runs)) == 1.0


def test_the_usual_time_is_from_the_last_window_of_passes():
    runs = timed([1.0] * 5 + [5.0] * FLAKY_WINDOW + [10.0])
    assert Insight(runs).usual_seconds(last(runs)) == 5.0
    assert Insight(runs).slow(last(runs)) == 5.0


def test_a_scenario_that_did_not_run_is_not_slow():
    for status in ("skipped", "untested", "undefined"):
        runs = timed([1.0, 1.0, 1.0, 5.0], ["passed"] * 3 + [status])
        assert Insight(runs).slow(last(runs)) is None, status


def test_a_failing_run_can_be_slow():
    runs = timed([1.0, 1.0, 1.0, 5.0], ["passed"] * 3 + ["failed"])
    assert Insight(runs).slow(last(runs)) == 1.0


# -- Insight: changes and trend ------------------------------------------------------


def test_the_first_run_has_no_previous():
    changes = Insight([run(0, sc("A", "failed"))]).changes()
    assert changes.previous is None
    assert not changes.any
    assert changes.new_failures == changes.fixed == changes.added == changes.removed == []


def test_changes_since_the_previous_run():
    before = run(0, sc("A"), sc("B"), sc("C", "failed"), sc("D"), sc("F", "failed"))
    now = run(1, sc("A", "failed"), sc("B"), sc("C"), sc("E"), sc("F", "failed"))
    changes = Insight([before, now]).changes()
    assert changes.previous == before
    assert changes.any
    assert [s.scenario for s in changes.new_failures] == ["A"]
    assert [s.scenario for s in changes.fixed] == ["C"]
    assert [s.scenario for s in changes.added] == ["E"]
    assert [s.scenario for s in changes.removed] == ["D"]
    # the entries are this run's scenarios (the removed one: the previous run's)
    assert changes.new_failures[0].status == "failed"
    assert changes.removed[0] in before.scenarios


def test_nothing_changed():
    before = run(0, sc("A"), sc("B", "failed"))
    now = run(1, sc("A"), sc("B", "failed"))
    changes = Insight([before, now]).changes()
    assert changes.previous == before
    assert not changes.any


@pytest.mark.parametrize(
    "other",
    [
        {"selection": "features/lists.feature"},
        {"engines": ("chromium", "webkit")},
        {"shard": "1/2"},
    ],
    ids=["selection", "engines", "shard"],
)
def test_a_run_that_is_not_comparable_is_skipped_over(other):
    first = run(0, sc("A"), sc("B"))
    between = run(1, sc("A", "failed"), **other)
    now = run(2, sc("A", "failed"), sc("B"))
    insight = Insight([first, between, now])
    changes = insight.changes()
    assert changes.previous == first
    assert [s.scenario for s in changes.new_failures] == ["A"]
    assert changes.removed == []  # B was in `first`, not compared with `between`
    assert insight.trend() == [first, now]


def test_no_comparable_run_means_no_previous():
    earlier = run(0, sc("A"), shard="1/2")
    now = run(1, sc("A", "failed"))
    insight = Insight([earlier, now])
    assert insight.changes().previous is None
    assert insight.trend() == [now]


def test_changes_are_per_engine():
    engines = ("chromium", "webkit")
    before = run(0, sc("A"), sc("A", "failed", engine="webkit"), engines=engines)
    now = run(1, sc("A", "failed"), sc("A", "failed", engine="webkit"), engines=engines)
    changes = Insight([before, now]).changes()
    assert [(s.scenario, s.engine) for s in changes.new_failures] == [("A", "chromium")]
    assert changes.added == changes.removed == changes.fixed == []


def test_the_trend_is_the_comparable_runs_this_one_last():
    runs = [
        run(0, sc("A")),
        run(1, sc("A"), selection="x"),
        run(2, sc("A")),
        run(3, sc("A"), engines=("webkit",)),
        run(4, sc("A")),
    ]
    trend = Insight(runs).trend()
    assert [r.started for r in trend] == [started_at(0), started_at(2), started_at(4)]
    assert trend[-1] is runs[-1]


def test_an_uncommitted_edit_between_two_runs_is_a_change_not_flakiness():
    # Red, then an edit (not committed), then green: one commit, two codes.
    runs = [
        run(0, sc("A", "failed"), commit="c0ffee", code="c0ffee+aaaa"),
        run(1, sc("A", "passed"), commit="c0ffee", code="c0ffee+bbbb"),
    ]
    assert Insight(runs).flaky(sc("A", "passed")) is None
    # The same uncommitted code, failing then passing: that is flaky.
    runs.append(run(2, sc("A", "failed"), commit="c0ffee", code="c0ffee+bbbb"))
    flaky = Insight(runs).flaky(sc("A", "failed"))
    assert flaky is not None and flaky.sentence() == "failed 2 of the last 3 runs"


def test_a_history_written_before_code_was_kept_still_reads(tmp_path):
    entry = run(0, sc("A")).to_json()
    del entry["code"]
    assert RunRecord.from_json(entry).same_code_as == "c0ffee"
