"""Unit tests for harness.results.front_page: the report's front page and history marks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from harness.results.front_page import (
    Shown,
    front_page,
    history_marks,
    shown_scenarios,
    verdict_sentence,
)
from harness.results.history import Insight, Mark, RunRecord, ScenarioRun

SCRIPT = "<script>alert(1)</script>"
QUOTE = '" onmouseover="x'
# The history's own builders: one run or scenario is built one way everywhere.
from harness.results.tests.test_history import _started, run, sc  # noqa: E402


def found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match


def anchor(s: ScenarioRun) -> str:
    return f"scenario-{s.feature}-{s.scenario}-{s.engine}"


def page(runs: list[RunRecord], features=None, history: bool = True) -> str:
    insight = Insight(runs) if history else None
    this = runs[-1]
    shown = shown_scenarios(this, anchor, insight)
    if features is None:
        names = list(dict.fromkeys(s.feature for s in this.scenarios))
        features = [(n, f"feature-{n}") for n in names]
    return front_page(this, shown, features, insight)


class _Structure(HTMLParser):
    """Every element and attribute name in a piece of HTML, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.attribute_values: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)
        self.attribute_values.extend(value or "" for _, value in attrs)

    def handle_data(self, data):
        self.text.append(data)


def structure(markup: str) -> _Structure:
    parser = _Structure()
    parser.feed(markup)
    parser.close()
    return parser


def assert_escaped(markup: str) -> None:
    assert "<script" not in markup
    assert "onmouseover=" not in markup.replace("onmouseover=&quot;", "")
    assert QUOTE not in markup
    parsed = structure(markup)
    assert "script" not in parsed.tags
    assert "onmouseover" not in parsed.attributes
    assert 'x"' not in parsed.attributes


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
        Mark("passed", _started(0), "<b>c</b>", 1.0),
        Mark(SCRIPT, _started(1), QUOTE, 2.0),
    ]
    markup = history_marks(marks, flaky=SCRIPT, slow=QUOTE)
    assert_escaped(markup)
    assert "<b>" not in markup
    text = "".join(structure(markup).text)
    assert SCRIPT in text and QUOTE in text


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


# -- history marks -------------------------------------------------------------------


def test_no_marks_no_markup():
    assert history_marks([], "", "") == ""


def test_one_mark_per_run_with_words_oldest_first():
    marks = [
        Mark("passed", _started(0), "aaaa", 1.0),
        Mark("failed", _started(1), "bbbb", 2.0),
        Mark("untested", _started(2), "", 0.0),
        Mark("undefined", _started(3), "", 0.0),
        Mark("passed", _started(4), "cccc", 1.5),
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
    marks = [Mark("passed", _started(0), "a", 1.0)]
    plain = history_marks(marks, "", "")
    assert "flaky-note" not in plain and "slow-note" not in plain
    noted = history_marks(marks, "failed 1 of the last 2 runs", "took 3.0 s, usually 1.0 s")
    assert '<span class="flaky-note">flaky: failed 1 of the last 2 runs</span>' in noted
    assert '<span class="slow-note">took 3.0 s, usually 1.0 s</span>' in noted


def test_shown_is_a_plain_record():
    s = Shown(sc("A"), "x")
    assert (s.flaky, s.slow) == ("", "")
