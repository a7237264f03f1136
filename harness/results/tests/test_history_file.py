"""Unit tests for harness.results.history: its parts, and the history file (loading,
saving, damaged files, runs recording at once)."""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from harness.config.loading import history_path
from harness.results import history
from harness.results.history import (
    RUNS_KEPT,
    RunRecord,
    load,
    record,
    save,
    started_stamp,
)
from harness.testing.history_runs import run, sc, started_at

# -- small parts ---------------------------------------------------------------------


def test_a_scenario_is_tracked_per_feature_name_and_engine():
    a = sc("A", engine="chromium")
    assert a.key == ("Lists", "A", "chromium")
    assert a.key != sc("A", engine="webkit").key
    assert a.key != sc("A", feature="Login").key
    assert a.key == sc("A", status="failed", seconds=9.0).key


def test_history_path_is_beside_the_report():
    assert history_path(Path("reports/acceptance.html")) == Path("reports/acceptance-history.json")


def test_a_runs_start_is_stamped_in_utc_to_the_second():
    moment = datetime.now().astimezone()  # local time, whatever the zone
    text = started_stamp(moment)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text)
    then = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((moment - then).total_seconds()) < 1


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
    assert kept[-1].started == started_at(RUNS_KEPT + 4)
    assert kept[0].started == started_at(5)


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
        started_at(t * 10 + j) for t in range(8) for j in range(5)
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
        started_at(w * 10 + j) for w in range(4) for j in range(5)
    )
