"""Unit tests for harness.results.front_page: the feature table, changes, the watch
list and the trend."""

from __future__ import annotations

import re

import pytest

from harness.testing.front_pages import (
    found,
    page,
    structure,
)
from harness.testing.history_runs import run, sc

# -- the feature table ---------------------------------------------------------------


def _rows(markup: str) -> dict[str, tuple[str, list[int]]]:
    """Each feature row of the table: name -> (row class, its numbers)."""
    body = found(r"<tbody>(.*?)</tbody>", markup).group(1)
    rows = {}
    for cls, name, cells in re.findall(
        r'<tr class="(\w+)"><th scope="row"><a [^>]*>(.*?)</a></th>(.*?)</tr>', body
    ):
        rows[name] = (cls, [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", cells)])
    return rows


def _foot(markup: str) -> list[int]:
    foot = found(r"<tfoot>(.*?)</tfoot>", markup).group(1)
    return [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", foot)]


def test_one_engine_has_one_set_of_columns():
    this = run(
        0,
        sc("A"),
        sc("B", "failed"),
        sc("C", "skipped"),
        sc("D", feature="Login"),
        sc("E", "undefined", feature="Login"),
    )
    markup = page([this])
    assert 'scope="colgroup"' not in markup
    rows = _rows(markup)
    # passed, failed, flaky, skipped
    assert rows["Lists"] == ("failed", [1, 1, 0, 1])
    assert rows["Login"] == ("failed", [1, 1, 0, 0])
    assert _foot(markup) == [2, 2, 0, 1]


def test_two_engines_get_a_column_group_each():
    engines = ("chromium", "webkit")
    this = run(
        0,
        sc("A"),
        sc("A", "failed", engine="webkit"),
        sc("B"),
        sc("B", "skipped", engine="webkit"),
        engines=engines,
    )
    markup = page([this])
    groups = re.findall(r'<th colspan="(\d+)" scope="colgroup">(.*?)</th>', markup)
    assert groups == [("4", "Chromium"), ("4", "WebKit")]
    head = found(r"<thead>(.*?)</thead>", markup).group(1)
    assert head.count('<th scope="col">Passed</th>') == 2
    assert head.count('<th scope="col">Failed</th>') == 2
    rows = _rows(markup)
    # chromium: 2 passed; webkit: 1 failed, 1 skipped
    assert rows["Lists"] == ("failed", [2, 0, 0, 0, 0, 1, 0, 1])
    assert _foot(markup) == [2, 0, 0, 0, 0, 1, 0, 1]


def test_a_feature_that_only_passed_is_a_passed_row():
    markup = page([run(0, sc("A"), sc("B"), sc("C", feature="Login", status="skipped"))])
    rows = _rows(markup)
    assert rows["Lists"][0] == "passed"
    assert rows["Login"][0] == "skipped"


def test_the_rows_link_to_their_features_in_order():
    markup = page([run(0, sc("A", feature="Zeta"), sc("B", feature="Alpha"))])
    links = re.findall(r'<th scope="row"><a href="#([^"]*)">', markup)
    assert links == ["feature-Zeta", "feature-Alpha"]


# -- changes, watch list, trend --------------------------------------------------------


def test_without_history_the_page_says_so_and_has_no_trend():
    markup = page([run(0, sc("A"))], history=False)
    assert "History is off" in markup
    assert "<svg" not in markup


def test_the_first_run_says_it_is_the_first():
    markup = page([run(0, sc("A"))])
    assert "first run" in markup
    assert "Compared with" not in markup


def test_changes_list_new_failures_and_fixes():
    runs = [run(0, sc("A"), sc("B", "failed")), run(1, sc("A", "failed"), sc("B"))]
    markup = page(runs)
    assert "Compared with the run of 2024-05-01 12:00:00 UTC, commit c0ffee" in markup
    new = re.search(r'<li class="failed">New failures \((\d+)\):<ul>(.*?)</ul>', markup)
    assert new is not None and new.group(1) == "1"
    assert "Lists: A" in new.group(2) and "Lists: B" not in new.group(2)
    fixed = re.search(r'<li class="passed">Fixed \((\d+)\):<ul>(.*?)</ul>', markup)
    assert fixed is not None and fixed.group(1) == "1"
    assert "Lists: B" in fixed.group(2)


def test_nothing_changed_says_so():
    markup = page([run(0, sc("A")), run(1, sc("A"))])
    assert "Nothing changed" in markup
    assert "New failures" not in markup


def test_the_compared_run_is_the_comparable_one():
    runs = [run(0, sc("A")), run(1, sc("A", "failed"), selection="x"), run(2, sc("A"))]
    markup = page(runs)
    assert "2024-05-01 12:00:00 UTC" in markup
    assert "Nothing changed" in markup


def test_no_watch_list_when_nothing_is_flaky_or_slow():
    assert "watch-list" not in page([run(0, sc("A")), run(1, sc("A"))])


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_the_trend_has_one_group_per_comparable_run(count):
    runs = [
        run(i, sc("A", "failed" if i % 3 == 0 else "passed"), sc("B", "skipped"))
        for i in range(count)
    ]
    runs.insert(0, run(-1, sc("A"), selection="not comparable"))
    markup = page(runs)
    svg = re.search(r"<svg[^>]*>(.*?)</svg>", markup, re.S)
    assert svg is not None
    assert svg.group(1).count("<g>") == count
    assert svg.group(1).count("</g>") == count
    assert svg.group(1).count("<polyline") == 1
    assert ("One run so far" if count == 1 else f"The last {count} runs") in markup


def test_nothing_on_the_page_is_loaded_from_outside():
    runs = [run(i, sc("A", seconds=1.0 + (i == 4) * 9), sc("B", "failed")) for i in range(5)]
    markup = page(runs)
    assert "<svg" in markup
    assert "http" not in markup
    assert "//" not in markup
    assert "url(" not in markup
    parsed = structure(markup)
    assert not {"img", "script", "link", "iframe", "image", "use"} & set(parsed.tags)
    assert "src" not in parsed.attributes


def test_the_trend_bars_stack_each_runs_counts():
    runs = [run(0, sc("A"), sc("B", "failed"), sc("C", "skipped"))]
    markup = page(runs)
    g = found(r"<g>(.*?)</g>", markup).group(1)
    assert [c for c in re.findall(r'<rect class="(\w+)"', g)] == ["passed", "failed", "skipped"]
    assert "1 passed, 1 failed, 1 skipped" in g
