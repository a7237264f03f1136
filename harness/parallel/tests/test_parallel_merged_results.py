"""The runner run for real on sample suites: its merged JUnit and report
are a plain behave run's of the same suite (every test case, every word, its
retries, a run that selects nothing, a run in two engines)."""

import json
from pathlib import Path

import pytest

from harness.parallel.merge import html
from harness.parallel.tests.test_parallel_sample import behave, runner, sample_suite
from harness.testing.parallel_results import WORDS, feature, junit_of, page_counts

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


# -- 4: the merged report ----------------------------------------------------------


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
