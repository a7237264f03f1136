import json
import xml.etree.ElementTree as ElementTree

import pytest

from harness.parallel import (
    Planned,
    Worker,
    deal,
    load_durations,
    merge_junit,
    merge_reports,
    parse_args,
    save_durations,
    scenario_key,
    worker_options,
)


def planned(*names):
    return [
        Planned(f"features/a.feature:{n}", scenario_key("features/a.feature", name))
        for n, name in enumerate(names, start=1)
    ]


def test_longest_first_each_to_the_least_loaded_worker():
    scenarios = planned("long", "mid", "short", "tiny")
    durations = {s.key: t for s, t in zip(scenarios, (4.0, 3.0, 2.0, 1.0), strict=True)}
    one, two = deal(scenarios, 2, durations)
    assert [s.key.split("::")[1] for s in one.scenarios] == ["long", "tiny"]
    assert [s.key.split("::")[1] for s in two.scenarios] == ["mid", "short"]
    assert one.expected == two.expected == 5.0


def test_without_durations_the_split_is_even_and_every_scenario_is_dealt_once():
    scenarios = planned(*(f"s{n}" for n in range(7)))
    workers = deal(scenarios, 3, {})
    assert sorted(len(w.scenarios) for w in workers) == [2, 2, 3]
    dealt = [s for w in workers for s in w.scenarios]
    assert sorted(dealt, key=lambda s: s.location) == sorted(scenarios, key=lambda s: s.location)


def test_unknown_scenarios_count_as_the_median_and_idle_workers_are_dropped():
    scenarios = planned("known", "new")
    workers = deal(scenarios, 4, {scenarios[0].key: 2.0})
    assert len(workers) == 2
    assert {w.expected for w in workers} == {2.0}


def test_workers_keep_options_but_not_paths_or_outputs():
    args = [
        "--tags", "@wip", "-D", "x=1", "features/a.feature", "-f", "progress",
        "--format=pretty", "-o", "out.txt", "-fplain", "--junit-directory", "r", "--stop",
    ]  # fmt: skip
    assert worker_options(args, ["features/a.feature"]) == ["--tags", "@wip", "-D", "x=1", "--stop"]


@pytest.mark.parametrize("argv", [["-j", "0"], ["-j", "65"]])
def test_a_bad_worker_count_is_refused(argv, capsys):
    with pytest.raises(SystemExit):
        parse_args(argv)
    assert "use 1 to 64 workers" in capsys.readouterr().err


def test_other_arguments_go_to_behave():
    assert parse_args(["-j", "3", "--tags=@x", "features/"]) == (3, ["--tags=@x", "features/"])


def junit(folder, cases):
    folder.mkdir(parents=True)
    suite = ElementTree.Element("testsuite", name="a", tests=str(len(cases)))
    for name, status, seconds in cases:
        ElementTree.SubElement(
            suite, "testcase", classname="a.A", name=name, status=status, time=str(seconds)
        )
    ElementTree.ElementTree(suite).write(folder / "TESTS-a.xml")


def test_merged_junit_keeps_what_ran_over_what_a_worker_skipped(tmp_path):
    one, two = Worker(1, folder=tmp_path / "w1"), Worker(2, folder=tmp_path / "w2")
    junit(one.folder / "junit", [("x", "passed", 1.5), ("y", "skipped", 0)])
    junit(two.folder / "junit", [("x", "skipped", 0), ("y", "failed", 2.0)])
    merge_junit([one, two], tmp_path / "out")
    root = ElementTree.parse(tmp_path / "out" / "TESTS-a.xml").getroot()
    assert sorted((c.get("name"), c.get("status")) for c in root) == [
        ("x", "passed"),
        ("y", "failed"),
    ]
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("2", "1", "0")
    assert float(root.get("time")) == 3.5


PAGE = (
    '<html><head><style>x</style></head><body onload="body_onload();">'
    '<div class="global-summary">worker {n} counts</div>'
    '<div class="run-facts feature-summary-stats"><div>Server: local</div></div>'
    '<section class="feature-filter-container passed" id="f1"><div id="summary-f1" '
    'onclick="toggle_hash(\'summary-f1\')"></div><section id="f1-s2">S{n}</section></section>'
    '<div class="return-to-the-top-dummy-div"></div></body></html>'
)


def test_merged_report_has_every_workers_features_with_unique_ids(tmp_path):
    paths = []
    for n in (1, 2):
        path = tmp_path / f"r{n}.html"
        path.write_text(PAGE.format(n=n))
        paths.append(path)
    html = merge_reports(paths, "parallel run: 2 worker(s), 2 passed")
    assert "worker 1 counts" not in html  # one worker's counts are not the run's
    assert "parallel run: 2 worker(s), 2 passed" in html and "Server: local" in html
    assert "S1" in html and "S2" in html
    assert 'id="w1f1"' in html and 'id="w2f1"' in html and 'id="w2f1-s2"' in html
    assert "toggle_hash('summary-w2f1')" in html
    assert html.count("<style>") == 1 and html.endswith("</body></html>")


def test_durations_survive_a_round_trip_and_a_broken_file_is_ignored(tmp_path):
    path = tmp_path / "reports" / "durations.json"
    save_durations(path, {"b::x": 1.5, "a::y": 0.25})
    assert load_durations(path) == {"a::y": 0.25, "b::x": 1.5}
    assert list(json.loads(path.read_text())) == ["a::y", "b::x"]
    path.write_text("{not json")
    assert load_durations(path) == {}
    assert load_durations(tmp_path / "missing.json") == {}


def test_a_workers_scenarios_run_grouped_by_file_in_line_order():
    from harness.parallel import in_file_order

    assert in_file_order(["b.feature:9", "a.feature:30", "b.feature:2", "a.feature:4"]) == [
        "a.feature:4", "a.feature:30", "b.feature:2", "b.feature:9",
    ]  # fmt: skip


def test_workers_after_the_first_go_to_their_own_staging_instance():
    from harness.config import RemoteTarget
    from harness.parallel import instance_defines

    target = RemoteTarget("staging", "d@h:22", "http://10.0.0.2:8000", None, "~/s", True, 2)
    assert instance_defines(None, 2) == []
    assert instance_defines(target, 1) == []
    assert instance_defines(target, 2) == [
        "-D", "staging.url=http://10.0.0.2:8001", "-D", "staging.site=~/s/instances/2",
    ]  # fmt: skip


def test_the_plan_cuts_a_shard_as_a_plain_run_does(tmp_path):
    from behave.parser import parse_file

    from harness.parallel import PROJECT, plan
    from harness.shards import Shard, keep_shard

    features = [parse_file(str(p)) for p in sorted((PROJECT / "features").glob("*.feature"))]
    keep_shard(features, Shard(2, 3))
    plain = {str(item.location) for feature in features for item in feature.run_items}
    planned = {scenario.location for scenario in plan([], tmp_path, Shard(2, 3))}
    assert planned == plain


def test_workers_never_shard_again():
    args = ["-D", "shard=1/2", "-Dshard=1/2", "--define=shard=1/2", "-D", "x=1"]
    assert worker_options(args, []) == ["-D", "x=1"]


def test_the_merged_report_drops_scenarios_a_worker_only_listed_as_skipped(tmp_path):
    page = PAGE.replace(
        '<section id="f1-s2">S{n}</section>',
        '<section class="scenario-filter-container passed" id="f1-s1">ran{n}</section>'
        '<section class="scenario-filter-container skipped" id="f1-s2">not mine{n}</section>',
    )
    paths = []
    for n in (1, 2):
        path = tmp_path / f"r{n}.html"
        path.write_text(page.format(n=n))
        paths.append(path)
    html = merge_reports(paths, "summary")
    assert "ran1" in html and "ran2" in html and "not mine" not in html
