"""Unit tests for harness.results.history: the history file and what the report reads from it."""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from harness.config.loading import history_path
from harness.results import history
from harness.results.history import (
    FLAKY_WINDOW,
    RUNS_KEPT,
    Flaky,
    Insight,
    RunRecord,
    ScenarioRun,
    load,
    now_utc,
    record,
    save,
)

# -- building runs -----------------------------------------------------------------

_BASE = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def _started(i: int) -> str:
    return (_BASE + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sc(
    name: str,
    status: str = "passed",
    seconds: float = 1.0,
    feature: str = "Lists",
    engine: str = "chromium",
    retried: bool = False,
) -> ScenarioRun:
    return ScenarioRun(feature, name, engine, status, seconds, retried)


def run(
    i: int,
    *scenarios: ScenarioRun,
    commit: str = "c0ffee",
    engines: tuple[str, ...] = ("chromium",),
    shard: str = "",
    selection: str = "",
    seconds: float = 10.0,
    code: str = "",
) -> RunRecord:
    return RunRecord(
        started=_started(i),
        commit=commit,
        changed=False,
        server="local",
        engines=engines,
        shard=shard,
        seconds=seconds,
        scenarios=tuple(scenarios),
        selection=selection,
        code=code,
    )


def runs_of(statuses: list[str], commits: list[str] | str = "c0ffee", name: str = "A"):
    """One run per status, each with the scenario `name` in that status."""
    if isinstance(commits, str):
        commits = [commits] * len(statuses)
    return [
        run(i, sc(name, st), commit=c)
        for i, (st, c) in enumerate(zip(statuses, commits, strict=True))
    ]


def last(runs: list[RunRecord], name: str = "A", engine: str = "chromium") -> ScenarioRun:
    return next(s for s in runs[-1].scenarios if s.scenario == name and s.engine == engine)


# -- small parts ---------------------------------------------------------------------


def test_a_scenario_is_tracked_per_feature_name_and_engine():
    a = sc("A", engine="chromium")
    assert a.key == ("Lists", "A", "chromium")
    assert a.key != sc("A", engine="webkit").key
    assert a.key != sc("A", feature="Login").key
    assert a.key == sc("A", status="failed", seconds=9.0).key


def test_history_path_is_beside_the_report():
    assert history_path(Path("reports/acceptance.html")) == Path("reports/acceptance-history.json")


def test_now_utc_is_iso_to_the_second_in_utc():
    text = now_utc()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text)
    then = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - then).total_seconds()) < 5


def test_count_counts_only_the_statuses_asked_for():
    r = run(0, sc("a"), sc("b", "failed"), sc("c", "skipped"), sc("d", "failed"), sc("e"))
    assert r.count("failed") == 2
    assert r.count("passed", "failed") == 4
    assert r.count("undefined") == 0


def test_comparable_needs_same_engines_shard_and_selection_but_not_commit():
    base = run(0, commit="aaa")
    assert base.comparable(run(1, commit="bbb", seconds=99.0))
    assert not base.comparable(run(1, engines=("chromium", "webkit")))
    assert not base.comparable(run(1, engines=("webkit",)))
    assert not base.comparable(run(1, shard="1/2"))
    assert not base.comparable(run(1, selection="features/lists.feature"))


def test_an_entry_round_trips_through_json():
    original = run(
        3,
        sc("A", "passed", 1.25, retried=True),
        sc("B", "failed", 2.5, engine="webkit"),
        commit="abc123",
        engines=("chromium", "webkit"),
        shard="2/4",
        selection="features/lists.feature --tags=@smoke",
    )
    assert RunRecord.from_json(json.loads(json.dumps(original.to_json()))) == original


def test_an_entry_without_a_selection_reads_as_the_whole_suite():
    entry = run(0, sc("A")).to_json()
    del entry["selection"]
    assert RunRecord.from_json(entry).selection == ""


# -- the file ------------------------------------------------------------------------


def test_no_file_is_no_history(tmp_path, capsys):
    path = tmp_path / "acceptance-history.json"
    assert load(path) == []
    assert not path.exists()
    assert capsys.readouterr().err == ""


def test_record_then_load_round_trips(tmp_path, capsys):
    path = tmp_path / "reports" / "acceptance-history.json"  # the folder is made
    first = run(0, sc("A"), sc("B", "failed", 2.125))
    second = run(1, sc("A", retried=True), sc("B", "skipped", 0.0), commit="")
    assert record(path, first) == [first]
    assert record(path, second) == [first, second]
    assert load(path) == [first, second]
    assert capsys.readouterr().err == ""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == history.FORMAT
    assert data["version"] == history.VERSION


def test_non_ascii_names_survive(tmp_path):
    path = tmp_path / "h.json"
    r = run(0, sc("Édith’s list — ✓", feature="Listes 日本"))
    record(path, r)
    assert load(path) == [r]


def test_only_the_newest_runs_are_kept(tmp_path):
    path = tmp_path / "h.json"
    written = [run(i, sc("A")) for i in range(RUNS_KEPT + 5)]
    for r in written:
        returned = record(path, r)
    assert returned == written[-RUNS_KEPT:]
    kept = load(path)
    assert len(kept) == RUNS_KEPT == 100
    assert kept == written[5:]
    assert kept[-1].started == _started(RUNS_KEPT + 4)
    assert kept[0].started == _started(5)


def test_save_also_keeps_only_the_newest(tmp_path):
    path = tmp_path / "h.json"
    written = [run(i) for i in range(RUNS_KEPT + 1)]
    save(path, written)
    assert load(path) == written[1:]
    # no temporary file is left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.json"]


def _valid(runs: list[Any]) -> str:
    return json.dumps({"format": history.FORMAT, "version": history.VERSION, "runs": runs})


_GOOD_ENTRY = run(0, sc("A")).to_json()

_UNUSABLE = {
    "not JSON": "{this is not json",
    "truncated JSON": _valid([_GOOD_ENTRY])[:-7],
    "empty file": "",
    "a JSON list": json.dumps([1, 2, 3]),
    "a stranger's object": json.dumps({"runs": []}),
    "a JSON string": json.dumps("superlists-report-history"),
    "wrong format name": json.dumps({"format": "other", "version": 1, "runs": []}),
    "wrong version": json.dumps({"format": history.FORMAT, "version": 2, "runs": []}),
    "no version": json.dumps({"format": history.FORMAT, "runs": []}),
    "no runs": json.dumps({"format": history.FORMAT, "version": history.VERSION}),
    "runs not a list": json.dumps({"format": history.FORMAT, "version": 1, "runs": 5}),
    "entry is a list": _valid([_GOOD_ENTRY, [1, 2]]),
    "entry is null": _valid([None]),
    "entry lacks a key": _valid([{k: v for k, v in _GOOD_ENTRY.items() if k != "commit"}]),
    "scenario row too short": _valid([{**_GOOD_ENTRY, "scenarios": [["F", "A", "c", "p", 1]]}]),
    "scenario row too long": _valid(
        [{**_GOOD_ENTRY, "scenarios": [["F", "A", "c", "passed", 1, 0, 9]]}]
    ),
    "seconds not a number": _valid([{**_GOOD_ENTRY, "seconds": "soon"}]),
    "seconds is null": _valid([{**_GOOD_ENTRY, "seconds": None}]),
    "scenarios not a list": _valid([{**_GOOD_ENTRY, "scenarios": 3}]),
}


@pytest.mark.parametrize("content", _UNUSABLE.values(), ids=_UNUSABLE.keys())
def test_an_unusable_file_is_set_aside_and_a_new_history_begins(tmp_path, capsys, content):
    path = tmp_path / "acceptance-history.json"
    path.write_text(content, encoding="utf-8")
    new = run(50, sc("Z"))

    runs = record(path, new)

    assert runs == [new]
    assert load(path) == [new]
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert str(path) in err
    asides = list(tmp_path.glob("acceptance-history.json.damaged-*"))
    assert len(asides) == 1
    assert asides[0].read_text(encoding="utf-8") == content


def test_a_file_that_is_not_utf8_is_set_aside(tmp_path, capsys):
    path = tmp_path / "h.json"
    path.write_bytes(b'{"format": "\xff\xfe\x00 broken"}')
    assert load(path) == []
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert not path.exists()
    assert len(list(tmp_path.glob("h.json.damaged-*"))) == 1


def test_a_deeply_nested_damaged_file_is_set_aside(tmp_path, capsys):
    path = tmp_path / "h.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert load(path) == []
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_a_path_that_is_a_folder_is_handled(tmp_path, capsys):
    path = tmp_path / "h.json"
    path.mkdir()
    new = run(1, sc("A"))
    assert record(path, new) == [new]
    assert load(path) == [new]
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_an_unreadable_file_is_handled(tmp_path, capsys, monkeypatch):
    path = tmp_path / "h.json"
    path.write_text(_valid([_GOOD_ENTRY]), encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    assert load(path) == []
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert str(path) in err


def test_a_file_that_cannot_be_moved_aside_still_gives_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "h.json"
    path.write_text("not json", encoding="utf-8")

    def refuse(self, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    assert load(path) == []
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == "not json"


def test_two_files_set_aside_in_one_second_are_both_kept(tmp_path, monkeypatch, capsys):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)

    monkeypatch.setattr(history, "datetime", Frozen)
    path = tmp_path / "h.json"
    path.write_text("first damaged", encoding="utf-8")
    load(path)
    path.write_text("second damaged", encoding="utf-8")
    load(path)
    kept = sorted(p.read_text() for p in tmp_path.glob("h.json.damaged-*"))
    assert kept == ["first damaged", "second damaged"]


def test_threads_recording_at_once_all_land(tmp_path):
    path = tmp_path / "h.json"
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            barrier.wait()
            for j in range(5):
                record(path, run(t * 10 + j, sc(f"thread {t}")))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    landed = load(path)
    assert len(landed) == 40
    assert sorted(r.started for r in landed) == sorted(
        _started(t * 10 + j) for t in range(8) for j in range(5)
    )


def _record_from_process(path: str, worker: int) -> None:
    for j in range(5):
        record(Path(path), run(worker * 10 + j, sc(f"process {worker}")))


def test_processes_recording_at_once_all_land(tmp_path):
    path = tmp_path / "h.json"
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_record_from_process, args=(str(path), w)) for w in range(4)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    landed = load(path)
    assert sorted(r.started for r in landed) == sorted(
        _started(w * 10 + j) for w in range(4) for j in range(5)
    )


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
    assert [m.started for m in marks] == [_started(0), _started(1), _started(2)]
    assert [m.commit for m in marks] == ["commit0", "commit1", "commit2"]
    assert [m.status for m in insight.marks(last(runs, "A"))] == ["passed"] * 3
    assert len(insight.trend()) == 3


def test_marks_are_the_last_window_oldest_first():
    runs = [run(i, sc("A", seconds=float(i))) for i in range(FLAKY_WINDOW + 2)]
    marks = Insight(runs).marks(last(runs))
    assert len(marks) == FLAKY_WINDOW
    assert [m.started for m in marks] == [_started(i) for i in range(2, FLAKY_WINDOW + 2)]
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
    assert [r.started for r in trend] == [_started(0), _started(2), _started(4)]
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
