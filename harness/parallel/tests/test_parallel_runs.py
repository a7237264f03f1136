"""The runner run for real on sample suites: what it writes and prints,
compared with what a plain behave run of the same suite writes."""

import json
import os
import signal
import time
from pathlib import Path

import pytest
from junitparser import JUnitXml

from harness.parallel.merge import html
from harness.parallel.tests.test_parallel_sample import behave, runner, sample_suite, start_runner


def junit_of(folder):
    """Each JUnit file's suite counts and its cases (name, status, result kinds)."""
    files = {}
    for path in sorted(Path(folder).glob("TESTS-*.xml")):
        suite = next(iter(JUnitXml.fromfile(str(path))))
        cases = [
            (case.name, case._elem.get("status"), tuple(type(r).__name__ for r in case.result))
            for case in suite
        ]
        counts = (suite.tests, suite.failures, suite.errors, suite.skipped)
        files[path.name] = (counts, cases, suite.name, [case.classname for case in suite])
    return files


def feature(junit, name):
    """The file of `junit_of` for feature `name`, whatever the file is called."""
    (found,) = [value for value in junit.values() if value[2].endswith(f".{name}")]
    return found


def page_counts(path):
    """The merged page's scenario sections by status, and the global summary's
    scenario counts (the formatter's "Scenarios: 1 passed, 2 failed, ...")."""
    page = html.parse(Path(path).read_text(encoding="utf-8"))
    sections = {}
    for section in page.find_all("section", "scenario-filter-container"):
        status = section.classes[1]
        sections[status] = sections.get(status, 0) + 1
    summary = page.find("div", "feature-summary-container")
    assert summary is not None and summary.get("id") == "summary-global"
    rows = [row for row in summary.find_all("div", "feature-summary-row")]
    scenarios = next(row for row in rows if row.text().startswith("Scenarios:"))
    said = {}
    for label in scenarios.find_all("label", "global-summary-status"):
        number, status = label.text().strip(" ,.").split(" ")
        said[status] = int(number)
    return sections, said


# -- 2: every test case survives the merge ------------------------------------

SAME_NAMES = {
    "a.feature": """\
        Feature: Same names
          Scenario: Edith checks her list
            Given it passes

          Scenario: Edith checks her list
            Given it fails

          Scenario: One
            Given it passes

          Scenario: Two
            Given it passes

          Scenario: Three
            Given it fails

          Scenario: Four
            Given it passes

          Scenario: Five
            Given it passes
        """,
    "b.feature": """\
        Feature: Another
          Scenario: Elsewhere
            Given it passes
        """,
}


def test_two_scenarios_with_one_name_both_survive_the_merge(tmp_path):
    root = sample_suite(tmp_path / "s", SAME_NAMES)
    plain = behave(root, "-f", "progress", "--junit-directory", "plain")
    assert plain.returncode == 1
    merged = runner(root, "-j", "2")
    assert merged.returncode == 1, merged.stdout + merged.stderr
    ours, theirs = junit_of(root / "reports"), junit_of(root / "plain")
    assert feature(ours, "Same names")[0] == (7, 2, 0, 0)  # as plain behave counts it
    assert ours == theirs  # file names, suite and class names, every case in order


@pytest.mark.parametrize(
    "args",
    [[], ["-D", "shard=1/2"], ["-D", "shard=2/3", "--no-skipped"], ["--tags=@wip"]],
    ids=["whole", "shard", "shard-no-skipped", "tags"],
)
def test_the_merged_junit_and_report_are_a_plain_runs(tmp_path, args):
    from harness.parallel.tests.test_parallel_plan import FEATURES

    root = sample_suite(tmp_path / "s", FEATURES)
    plain = behave(root, "--junit-directory", "plain", "-D", "report=plain.html", *args)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    done = runner(root, "-j", "3", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert junit_of(root / "reports") == junit_of(root / "plain")
    assert page_counts(root / "reports" / "acceptance.html") == page_counts(root / "plain.html")


# -- 3: a worker killed mid-run -------------------------------------------------

KILLED = {
    "a.feature": """\
        Feature: A
          Scenario: Long one
            Given it passes

          Scenario: Another fails
            Given it fails
        """,
    "b.feature": """\
        Feature: B
          Scenario: First fails
            Given it fails

          Scenario: Kills its worker
            Given its worker is killed

          Scenario: Never runs
            Given it passes
        """,
}
#: Long one to worker 1; everything else to worker 2, which runs a.feature's
#: "Another fails" (finishing the feature), then b.feature until it dies.
KILLED_DURATIONS = {
    "features/a.feature::Long one": 10,
    "features/a.feature::Another fails": 1,
    "features/b.feature::First fails": 1,
    "features/b.feature::Kills its worker": 1,
    "features/b.feature::Never runs": 1,
}


def test_a_killed_workers_failures_stay_failures_and_what_it_never_ran_is_named(tmp_path):
    root = sample_suite(tmp_path / "s", KILLED, durations=KILLED_DURATIONS)
    done = runner(root, "-j", "2")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    junit = junit_of(root / "reports")
    assert feature(junit, "A")[1] == [
        ("Long one", "passed", ()),
        ("Another fails", "failed", ("Failure",)),
    ]
    counts, cases, _, _ = feature(junit, "B")
    assert cases == [
        ("First fails", "failed", ("Failure",)),
        ("Kills its worker", "error", ("Error",)),
        ("Never runs", "error", ("Error",)),
    ]
    assert counts == (3, 1, 2, 0)
    b = next(iter(JUnitXml.fromfile(str(root / "reports" / "TESTS-b.xml"))))
    messages = [case.result[0].message for case in b]
    assert messages[0] == 'step "Given it fails": it failed on purpose'
    assert messages[2] == "not run: worker 2 ended early"
    # The report's failed sections are what its summary counts.
    sections, said = page_counts(root / "reports" / "acceptance.html")
    assert sections == {"passed": 1, "failed": 4}
    assert said == {"passed": 1, "failed": 4, "skipped": 0, "undefined": 0}
    page = (root / "reports" / "acceptance.html").read_text()
    assert "not run: worker 2 ended early" in page and "reported live by worker 2" in page
    # The console says which worker died, and names what it never ran.
    assert "parallel: error: worker(s) ended abnormally: w2 (killed by SIGKILL)" in out
    assert (
        "parallel: not finished: worker 2 ended during this scenario: "
        "features/b.feature:5 Kills its worker" in out
    )
    assert "parallel: not run: worker 2 ended early: features/b.feature:8 Never runs" in out
    assert "parallel run: 2 worker(s), 2 failed, 2 not run, 1 passed" in out


# -- 4: the merged report ----------------------------------------------------------

WORDS = {
    "a.feature": """\
        Feature: Words that look like ids
          Scenario: Edith f3 passes
            Given Edith adds "Buy f12 milk"
            And these items:
              | item         |
              | summary-f1   |
              | f1-s2-c      |

          Scenario: Edith f3 fails
            Given it fails
        """,
    "b.feature": """\
        Feature: Another with a table
          Scenario: Tables everywhere
            Given these items:
              | item  |
              | table_0 |

          Scenario: And again
            Given these items:
              | item  |
              | toggle_hash('table_0') |
        """,
}


def test_the_merged_report_keeps_every_word_and_is_a_plain_runs_page(tmp_path):
    root = sample_suite(tmp_path / "s", WORDS)
    assert behave(root, "-D", "report=plain.html", "--no-junit").returncode == 1
    done = runner(root, "-j", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    merged = html.parse((root / "reports" / "acceptance.html").read_text(encoding="utf-8"))
    plain = html.parse((root / "plain.html").read_text(encoding="utf-8"))
    text = merged.text()
    for words in (
        "Edith f3 passes",
        "Buy f12 milk",
        "summary-f1",
        "f1-s2-c",
        "toggle_hash('table_0')",
    ):
        assert words in text
    assert "w1f" not in text and "w2f" not in text

    def shape(page):
        return [
            (section.classes[1], section.find("div", "scenario-name").text())
            for section in page.find_all("section", "scenario-filter-container")
        ]

    assert shape(merged) == shape(plain)
    ids = [e.get("id") for e in merged.walk() if e.get("id") and e.tag != "input"]
    scenario_ids = [e.get("id") for e in merged.find_all("section", "scenario-filter-container")]
    assert scenario_ids == ["f1-s1", "f1-s2", "f2-s1", "f2-s2"]
    tables = [i for i in ids if i.startswith("table_")]
    assert len(tables) == len(set(tables)) == 3  # folding a table folds that table only
    for must in ("dark_mode_toggle", "high_contrast", "summary-global", "return_to_the_top_button"):
        assert ids.count(must) == 1


def test_the_merged_report_loads_without_a_script_error_and_switches_to_dark_mode(tmp_path):
    chromium = Path("/usr/lib/chromium/chromium-headless-shell")
    if not chromium.exists():
        pytest.skip("no headless Chromium here")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from harness.browsers.launch import CHROMIUM_FLAGS

    root = sample_suite(tmp_path / "s", WORDS)
    assert runner(root, "-j", "2").returncode == 1
    options = Options()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.binary_location = str(chromium)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.get((root / "reports" / "acceptance.html").as_uri())
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        before = driver.execute_script("return document.documentElement.dataset.theme")
        driver.find_element("id", "dark_mode_toggle").click()
        after = driver.execute_script("return document.documentElement.dataset.theme")
        assert {before, after} == {"light", "dark"}
        driver.find_element("css selector", ".scenario-name#f2-s2").click()  # folds it, only it
        folded = driver.execute_script(
            "return [...document.querySelectorAll('.scenario-header.collapse')].map(e => e.id)"
        )
        assert folded == ["f2-s2-h"]
    finally:
        driver.quit()


FLAKY = {
    "a.feature": """\
        Feature: Flaky
          @flaky
          Scenario: Flaky one
            Given it passes on attempt 2

          @flaky
          Scenario: Never passes
            Given it passes on attempt 9

          Scenario: Steady
            Given it passes
        """,
}


def test_retries_in_the_merged_report_are_a_plain_runs(tmp_path):
    def facts(page):
        row = html.parse(page.read_text(encoding="utf-8")).find("div", "run-retried")
        return row.text()

    plain_root = sample_suite(tmp_path / "plain", FLAKY)
    assert behave(plain_root).returncode == 1
    root = sample_suite(tmp_path / "s", FLAKY)
    done = runner(root, "-j", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    merged = root / "reports" / "acceptance.html"
    assert (
        facts(merged)
        == facts(plain_root / "reports" / "acceptance.html")
        == (
            "Retried: 1; passed only after retrying: features/a.feature:3 Flaky one (attempt 2); "
            "failed every attempt: features/a.feature:7 Never passes (3 attempts)"
        )
    )
    marks = [m.text() for m in html.parse(merged.read_text()).find_all("div", "retry-mark")]
    assert marks == ["retried: passed on attempt 2", "retried: failed all 3 attempts"]


# -- 5: a report that cannot be written --------------------------------------------


def test_a_report_path_that_is_a_folder_is_one_line_before_anything_runs(tmp_path):
    root = sample_suite(tmp_path / "s", WORDS)
    (root / "reports" / "here.html").mkdir(parents=True)
    done = runner(root, "-j", "2", "-D", "report=reports/here.html")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "parallel: error: cannot write the report to reports/here.html: it is a directory "
        "(set -D report=PATH.html, or report=off)"
    ]


FULL_DISK = (
    "import errno, sys; from pathlib import Path; import harness.parallel.run as run\n"
    "real = run.publish\n"
    "def full(text, path):\n"
    "    if path.suffix == '.html':\n"
    "        real('x' * 10**6, path.with_name('probe.txt'))\n"  # the real writer, to be sure
    "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
    "run.publish = full\n"
    "sys.exit(run.main(sys.argv[1:], root=Path.cwd()))\n"
)


def test_on_a_full_disk_the_last_report_stays_and_the_run_still_says_how_it_went(tmp_path):
    import subprocess
    import sys

    from harness.parallel.tests.test_parallel_sample import environment

    root = sample_suite(tmp_path / "s", WORDS)
    (root / "reports").mkdir()
    (root / "reports" / "acceptance.html").write_text("the last run's report")
    real = (root / "reports").resolve()

    def publish_fails_for(suffix):
        # Writing `suffix` files fails as on a full disk (the partial file is
        # really written and removed, as the real publish does).
        script = FULL_DISK.replace("'.html'", repr(suffix))
        return subprocess.run(
            [sys.executable, "-c", script, "-j", "2"],
            cwd=root, env=environment(), capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    done = publish_fails_for(".html")
    assert done.returncode == 1  # as the results say: one scenario failed
    assert (real / "acceptance.html").read_text() == "the last run's report"
    assert not [p for p in real.iterdir() if "partial" in p.name]
    assert "parallel run: 2 worker(s), 1 failed, 3 passed" in done.stdout
    assert "it failed on purpose" in done.stderr  # the failures, as ever
    about = [line for line in done.stderr.splitlines() if "report" in line]
    assert about == [
        "parallel: error: could not write the report to reports/acceptance.html: "
        "No space left on device (the last one is left as it was)"
    ]


def test_the_report_is_replaced_in_one_step(tmp_path, monkeypatch):
    from harness.parallel.merge import publish

    path = tmp_path / "reports" / "acceptance.html"
    path.parent.mkdir()
    path.write_text("old")
    replaced = []
    real_replace = os.replace

    def replace(source, target):
        replaced.append((Path(source).parent, Path(source).read_text(), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    publish("new page", path)
    assert replaced == [(path.parent, "new page", path)]  # written aside, in its folder, then moved
    assert path.read_text() == "new page"
    assert [p.name for p in path.parent.iterdir()] == ["acceptance.html"]


# -- 7: durations that are not durations -------------------------------------------


def test_a_durations_file_of_the_wrong_type_is_a_note_and_an_even_split(tmp_path):
    root = sample_suite(tmp_path / "s", WORDS, durations=[1, 2, 3])
    done = runner(root, "-j", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if "durations" in line] == [
        "parallel: note: reports/durations.json is a JSON list, not a table of seconds: "
        "ignored (an even split)"
    ]
    assert "parallel: 4 scenarios in 2 worker(s) (an even split: no durations yet)" in done.stdout


# -- 8: tags that select nothing ---------------------------------------------------


def test_a_run_that_selects_nothing_writes_a_fresh_report_and_junit(tmp_path):
    root = sample_suite(tmp_path / "s", WORDS)
    reports = root / "reports"
    reports.mkdir()
    (reports / "acceptance.html").write_text("the last run's report")
    (reports / "TESTS-gone.xml").write_text('<testsuite name="gone" failures="1"/>')
    plain = behave(root, "--tags=@nothing", "--junit-directory", "plain", "-D", "report=plain.html")
    assert plain.returncode == 0
    done = runner(root, "-j", "2", "--tags=@nothing")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "parallel: 0 scenarios in 0 worker(s)" in done.stdout
    assert "parallel run: 0 worker(s), none" in done.stdout
    assert junit_of(reports) == junit_of(root / "plain")  # every scenario skipped, as plain
    sections, said = page_counts(reports / "acceptance.html")
    assert sections == page_counts(root / "plain.html")[0] == {"skipped": 4}


def test_a_run_whose_workers_cannot_start_leaves_the_last_results_as_a_plain_run_does(tmp_path):
    root = sample_suite(tmp_path / "s", WORDS)
    reports = root / "reports"
    reports.mkdir()
    (reports / "acceptance.html").write_text("the last run's report")
    (reports / "TESTS-last.xml").write_text('<testsuite name="last"/>')
    why = "Chromium not found at /nowhere"
    done = runner(root, "-j", "2", SAMPLE_CANNOT_START=why)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"behave: error: {why}" in done.stderr  # each worker's one line, shown
    assert done.stdout.splitlines()[-1] == (
        "parallel: error: no worker started a scenario: the last run's JUnit and report "
        "are left as they were"
    )
    assert (reports / "acceptance.html").read_text() == "the last run's report"
    assert [p.name for p in reports.glob("TESTS-*.xml")] == ["TESTS-last.xml"]


# -- 1: stopping goes through harness.run.interrupts -----------------------------------

SLOW = {
    "a.feature": """\
        Feature: Slow
          Scenario: Slow one
            Given it takes 30 seconds

          Scenario: Slow two
            Given it takes 30 seconds
        """,
}


def _workers_of(root):
    """Processes still running in the sample's folder (its behave workers)."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and os.readlink(f"/proc/{pid}/cwd") == str(root):
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_stop_signal_stops_every_worker_and_exits_128_plus_n(tmp_path, sig, status):
    root = sample_suite(tmp_path / "s", SLOW)
    (root / "reports").mkdir()
    (root / "reports" / "TESTS-last.xml").write_text('<testsuite name="last"/>')
    run = start_runner(root, "-j", "2")
    assert run.stdout.readline().startswith("parallel: 2 scenarios in 2 worker(s)")
    deadline = time.monotonic() + 10
    while len(_workers_of(root)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the workers are in their slow step
    sent = time.monotonic()
    run.send_signal(sig)
    out, err = run.communicate(timeout=10)
    took = time.monotonic() - sent
    assert run.returncode == status, out + err
    assert took < 2.5
    name = signal.Signals(sig).name
    assert err.strip().splitlines() == [
        f"parallel: interrupted by {name}: stopping the run (exit {status})"
    ]
    assert _workers_of(root) == []
    # Nothing half-finished is published.
    assert [p.name for p in (root / "reports").glob("TESTS-*.xml")] == ["TESTS-last.xml"]
    assert not (root / "reports" / "acceptance.html").exists()


# -- the suite in two engines at once ---------------------------------------------

TWO_ENGINES = {
    "a.feature": """\
        Feature: Everywhere
          Scenario: Passes in both
            Given it passes

          Scenario: Fails in WebKit only
            Given it fails in webkit
        """,
}


def test_a_run_in_two_engines_shows_each_scenario_once_per_engine(tmp_path):
    root = sample_suite(tmp_path / "s", TWO_ENGINES)
    done = runner(root, "-j", "2", "-D", "browsers=chromium,webkit")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "scenarios in 2 worker(s), each scenario in chromium and webkit" in done.stdout
    assert "[w1 chromium] passed" in done.stdout
    assert "[w2 webkit] failed" in done.stdout
    assert "2 engines, 1 failed, 3 passed" in done.stdout
    # JUnit: a set per engine, each case named for its engine.
    junit = junit_of(root / "reports")
    assert sorted(junit) == ["TESTS-a.chromium.xml", "TESTS-a.webkit.xml"]
    chromium, webkit = junit["TESTS-a.chromium.xml"], junit["TESTS-a.webkit.xml"]
    assert (chromium[0], webkit[0]) == ((2, 0, 0, 0), (2, 1, 0, 0))
    assert webkit[2] == "a.Everywhere [webkit]" and set(webkit[3]) == {"a.Everywhere [webkit]"}
    # The report: each scenario twice, in turn, each marked with its engine.
    page = html.parse((root / "reports" / "acceptance.html").read_text(encoding="utf-8"))
    shown = [
        (
            section.find("div", "worker-mark").text(),
            section.find("div", "scenario-name").text(),
            section.classes[1],
        )
        for section in page.find_all("section", "scenario-filter-container")
    ]
    assert shown == [
        ("chromium", "Scenario: Passes in both", "passed"),
        ("webkit", "Scenario: Passes in both", "passed"),
        ("chromium", "Scenario: Fails in WebKit only", "passed"),
        ("webkit", "Scenario: Fails in WebKit only", "failed"),
    ]
    assert page_counts(root / "reports" / "acceptance.html")[1]["failed"] == 1
    # Each engine's durations apart, for the next run's deal.
    durations = json.loads((root / "reports" / "durations.json").read_text())
    assert set(durations) == {
        "features/a.feature::Passes in both",
        "features/a.feature::Passes in both [webkit]",
        "features/a.feature::Fails in WebKit only",
        "features/a.feature::Fails in WebKit only [webkit]",
    }


def test_a_missing_driver_for_one_engine_stops_the_run_before_any_worker(tmp_path):
    root = sample_suite(tmp_path / "s", TWO_ENGINES)
    done = runner(root, "-D", "browsers=chromium,webkit", "-D", "webkit_driver=/nowhere")
    assert done.returncode == 2
    assert done.stderr == (
        "parallel: error: WebKitWebDriver not found at /nowhere: install it with `sudo apt-get "
        "install -y webkit2gtk-driver xvfb` (`make acceptance-webkit` does this)\n"
    )
    assert not (root / "reports").exists()  # nothing ran, nothing was written
