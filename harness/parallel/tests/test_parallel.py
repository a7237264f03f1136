import json
import subprocess
import sys

import pytest

from harness.parallel import (
    PROJECT,
    Planned,
    deal,
    in_file_order,
    instance_defines,
    load_durations,
    parse_args,
    plan,
    publish,
    save_durations,
    scenario_key,
    worker_options,
)
from harness.parallel.lines import MARK, read_event
from harness.parallel.merge import html, report_problem
from harness.parallel.merge.report import Moved
from harness.run.shards import Shard


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


def test_workers_never_shard_again():
    args = ["-D", "shard=1/2", "-Dshard=1/2", "--define=shard=1/2", "-D", "x=1"]
    assert worker_options(args, []) == ["-D", "x=1"]


@pytest.mark.parametrize("argv", [["-j", "0"], ["-j", "65"]])
def test_a_bad_worker_count_is_refused(argv, capsys):
    with pytest.raises(SystemExit):
        parse_args(argv)
    assert "use 1 to 64 workers" in capsys.readouterr().err


def test_other_arguments_go_to_behave():
    assert parse_args(["-j", "3", "--tags=@x", "features/"]) == (3, ["--tags=@x", "features/"])


def test_the_runner_is_a_package_that_runs_with_dash_m():
    done = subprocess.run(
        [sys.executable, "-m", "harness.parallel", "--help"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "usage: python -m harness.parallel" in done.stdout


def test_durations_survive_a_round_trip_and_a_broken_file_is_one_note(tmp_path, capsys):
    path = tmp_path / "reports" / "durations.json"
    save_durations(path, {"b::x": 1.5, "a::y": 0.25})
    assert load_durations(path) == {"a::y": 0.25, "b::x": 1.5}
    assert list(json.loads(path.read_text())) == ["a::y", "b::x"]
    assert capsys.readouterr().err == ""
    path.write_text("{not json")
    assert load_durations(path) == {}
    assert (
        capsys.readouterr().err == f"parallel: note: {path} is not JSON: ignored (an even split)\n"
    )
    assert load_durations(tmp_path / "missing.json") == {}  # the first run: nothing to say
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ([1, 2, 3], "a JSON list"),
        (None, "a JSON NoneType"),
        ("a string", "a JSON str"),
        (12, "a JSON int"),
    ],
)
def test_a_durations_file_of_the_wrong_type_is_ignored_with_one_note(
    tmp_path, capsys, content, what
):
    path = tmp_path / "durations.json"
    path.write_text(json.dumps(content))
    assert load_durations(path) == {}
    assert capsys.readouterr().err.splitlines() == [
        f"parallel: note: {path} is {what}, not a table of seconds: ignored (an even split)"
    ]
    assert len(deal(planned("a", "b", "c", "d"), 2, {})) == 2


def test_nested_junk_in_a_durations_file_is_ignored_with_one_note(tmp_path, capsys):
    path = tmp_path / "durations.json"
    path.write_text(
        json.dumps(
            {"a::x": {"nested": [1]}, "a::y": [2], "a::z": True, "a::w": -1, "a::ok": 2}
        ).replace('"a::w": -1', '"a::w": -1, "a::nan": NaN')
    )
    assert load_durations(path) == {"a::ok": 2.0}
    assert capsys.readouterr().err.splitlines() == [
        f"parallel: note: {path}: 5 entries are not a number of seconds: ignored"
    ]


def test_a_workers_scenarios_run_grouped_by_file_in_line_order():
    assert in_file_order(["b.feature:9", "a.feature:30", "b.feature:2", "a.feature:4"]) == [
        "a.feature:4", "a.feature:30", "b.feature:2", "b.feature:9",
    ]  # fmt: skip


def test_workers_after_the_first_go_to_their_own_staging_instance():
    from harness.server.ssh import SSHTarget

    target = SSHTarget(
        name="staging", kind="ssh", url="http://10.0.0.2:8000", disposable=True,
        site_dir="~/s", instances=2, address="d@h:22",
    )  # fmt: skip
    assert instance_defines(None, 2) == []
    assert instance_defines(target, 1) == []
    assert instance_defines(target, 2) == [
        "-D", "staging.url=http://10.0.0.2:8001", "-D", "staging.site=~/s/instances/2",
    ]  # fmt: skip


def test_the_plan_cuts_a_shard_of_the_real_suite_as_a_plain_run_does(tmp_path):
    from behave.parser import parse_file

    from harness.parallel.plan import walk
    from harness.run.shards import keep_shard

    features = [parse_file(str(p)) for p in sorted((PROJECT / "features").glob("*.feature"))]
    keep_shard(features, Shard(2, 3))
    plain = {str(s.location) for feature in features for s in walk(feature)}
    planned = {scenario.location for scenario in plan([], tmp_path, Shard(2, 3))}
    assert planned == plain


def test_a_line_cut_short_or_not_an_event_is_ignored():
    assert read_event(MARK + '{"event": "started", "location": "a:1"}\n') == {
        "event": "started",
        "location": "a:1",
    }
    assert read_event(MARK + '{"event": "scen') is None  # a worker killed mid-write
    assert read_event(MARK + "[1]") is None
    assert read_event("Captured stdout\n") is None


# -- the HTML tree --------------------------------------------------------------


def test_html_read_and_written_back_keeps_every_character_of_text():
    page = (
        '<div class="scenario-name" id="f3-s1" onclick="expand_this_only(this)">'
        "Scenario: Edith f3 passes &amp; &lt;script&gt; &quot;q&quot; &#x27;</div>"
        '<img src="data:image/png;base64,AAA=" alt=\'a "b"\'><input type="checkbox" checked>'
        "<style>a > b { x: '&amp;' }</style>"
    )
    tree = html.parse(page)
    again = html.parse(html.serialize(tree))
    assert again.text() == tree.text()
    assert tree.find("div", "scenario-name").text() == 'Scenario: Edith f3 passes & <script> "q" \''
    assert [(e.tag, e.attrs) for e in again.walk()] == [(e.tag, e.attrs) for e in tree.walk()]
    assert "a > b { x: '&amp;' }" in html.serialize(tree)  # a style is not HTML text


SECTION = (
    '<section class="scenario-filter-container failed" id="f3-s12">'
    '<div class="scenario-header failed " id="f3-s12-h"><div class="scenario-info">'
    '<div class="scenario-name" id="f3-s12" onclick="expand_this_only(this)">'
    "Scenario: Edith f3 passes</div></div></div>"
    '<div class="scenario-capsule failed " id="f3-s12-c">'
    '<div class="step-decorator"><span>Edith adds </span><b>"Buy f12 milk"</b></div>'
    "<table><thead onclick=\"toggle_hash('table_4')\"><tr><th>f3-s12-h</th></tr></thead>"
    "<tbody id=\"table_4\"><tr><td>toggle_hash('table_4')</td></tr></tbody></table>"
    "</div></section>"
)


def test_a_moved_scenario_gets_new_ids_and_keeps_every_word():
    section = html.parse(SECTION).find("section", "scenario-filter-container")
    moved = Moved(section, worker=2, new_id="f1-s5")
    out = html.serialize(section, moved._renumbered())
    tree = html.parse(out)
    assert tree.text() == html.parse(SECTION).text()  # "Edith f3 passes", "Buy f12 milk", ...
    assert [e.get("id") for e in tree.walk() if e.get("id")] == [
        "f1-s5", "f1-s5-h", "f1-s5", "f1-s5-c", "table_w2_4",
    ]  # fmt: skip
    assert "toggle_hash('table_w2_4')" in [e.get("onclick") for e in tree.walk()]
    assert moved.status.name == "failed"


def test_a_report_path_that_is_a_folder_is_said_in_a_few_words(tmp_path):
    (tmp_path / "r.html").mkdir()
    assert report_problem(tmp_path / "r.html") == "it is a directory"
    assert report_problem(tmp_path / "new" / "r.html") is None
    assert [p.name for p in (tmp_path / "new").iterdir()] == []  # the probe is gone


def test_a_publish_that_fails_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    path = tmp_path / "acceptance.html"
    path.write_text("old")
    real = Path.write_text

    def full(self, *args, **kwargs):
        real(self, "half a pa", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OSError, match="No space left"):
        publish("new", path)
    monkeypatch.undo()
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["acceptance.html"]


def test_a_stop_signal_while_a_worker_starts_is_handled_once_it_is_known(monkeypatch):
    import os
    import signal

    from harness.parallel import Crew

    crew, known_when_handled = Crew(), []
    real_popen = subprocess.Popen

    def popen_then_signal(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGHUP)  # arrives before the crew has recorded it
        return process

    previous = signal.signal(
        signal.SIGHUP, lambda *_: known_when_handled.append(len(crew._processes))
    )
    monkeypatch.setattr(subprocess, "Popen", popen_then_signal)
    try:
        process = crew.popen(
            [
                sys.executable,
                "-c",
                "import signal; print(signal.pthread_sigmask(signal.SIG_BLOCK, []))",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert known_when_handled == [1]
    assert process.communicate()[0].strip() == "set()"  # the worker itself blocks nothing


def test_a_workers_steps_that_did_not_pass_are_shown_whole_with_what_was_said_under_them():
    from harness.parallel.workers import _worth_showing

    block = [
        "    Given Edith is logged-in  NOT IN THE CATALOGUE",
        "      did you mean:",
        "        Given Edith is a logged-in user",
        "      all the sentences: docs/steps.md#logging-in",
    ]
    second = [
        "    Then her list reads:  FAILED",
        "      Edith's list is empty; it should have 1 row.",
        "      for developers:",
        "        waited 5.00s, 100 attempts at assert_items",
    ]
    noise = [
        "  Scenario: Edith shares",
        "    Given Edith has started a list  passed",
        "      | item |",
        "    When she shares the list with Francis  skipped",
    ]
    shown = _worth_showing([*noise, *block, *second, "1 scenario undefined"])
    # Each block is one piece: "did you mean:" is in both, and neither loses it.
    assert shown == ["\n".join(block), "\n".join(second)]


def _remote_config(instances, engines):
    from types import SimpleNamespace

    remote = SimpleNamespace(
        name="staging", instances=instances, more_instances_hint=lambda: "set staging.instances"
    )
    return SimpleNamespace(remote=remote, browsers=engines, grid_url="")


def test_a_server_with_fewer_instances_than_engines_is_refused_in_one_line():
    from harness.parallel.run import _fit_jobs

    with pytest.raises(SystemExit) as raised:
        _fit_jobs(1, _remote_config(1, ("chromium", "webkit")))
    assert str(raised.value) == (
        "parallel: error: staging has 1 instance(s), and a run in 2 engines needs one for "
        "each: set staging.instances"
    )
    with pytest.raises(SystemExit, match="has one instance, and parallel workers would flush"):
        _fit_jobs(2, _remote_config(1, ("chromium",)))
    assert _fit_jobs(4, _remote_config(2, ("chromium", "webkit"))) == 2


def test_the_merged_audits_keep_each_engines_audit_of_a_state(tmp_path):
    from harness.audits import accessibility
    from harness.parallel.merge import merged_audits
    from harness.parallel.workers import ACCESSIBILITY_RECORD, Worker

    state = accessibility.PageState("/", "Start a new To-Do list", (), ("email",))
    problem = accessibility.Problem("label", "critical", "Form elements must have labels", "u", ())
    audits = {
        "chromium": accessibility.Audit(state, "Edith", "http://x/", "f", "s"),
        "webkit": accessibility.Audit(state, "Edith", "http://x/", "f", "s", (problem,)),
    }
    workers = []
    for number, engine in enumerate(["chromium", "webkit", "webkit"], start=1):
        worker = Worker(number, engine=engine, one_of_several_engines=True)
        worker.folder = tmp_path / f"w{number}"
        worker.folder.mkdir()
        record = accessibility.to_json({"the same state": audits[engine]})
        (worker.folder / ACCESSIBILITY_RECORD).write_text(json.dumps(record))
        workers.append(worker)
    merged = merged_audits(workers)
    assert len(merged) == 2  # once per engine: WebKit's problem is not hidden by Chromium
    assert [audit.problems for audit in merged.values()] == [(), (problem,)]


def test_a_moved_scenarios_links_to_files_point_from_the_runs_report():
    from pathlib import Path

    from harness.parallel.merge import html
    from harness.parallel.merge.report import Moved

    page = (
        '<section class="scenario-filter-container passed" id="f1-s2">'
        '<div class="scenario-header passed" id="f1-s2-h"></div>'
        '<a href="../../../artifacts/run-w1/storyboard/001-a/001-edith.jpg">picture</a>'
        '<a href="#f1">feature</a><a href="https://example.test/x">elsewhere</a></section>'
    )
    section = next(html.parse(page).find_all("section", "scenario-filter-container"))
    moved = Moved(section, 1, "f3-s4", links=(Path("/p/.scratch/run/w1"), Path("/p/reports")))
    text = html.serialize(moved.section, moved._renumbered())
    assert 'href="../artifacts/run-w1/storyboard/001-a/001-edith.jpg"' in text
    assert 'href="#f1"' in text and 'href="https://example.test/x"' in text
    assert 'id="f3-s4"' in text
