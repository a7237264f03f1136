"""The runner run for real on sample suites when things go wrong: a worker
killed mid-run, a report that cannot be written, durations that are not
durations, workers that cannot start, and a stop signal."""

import os
import signal
import time
from pathlib import Path

import pytest
from junitparser import JUnitXml

from harness.parallel.tests.test_parallel_sample import runner, sample_suite, start_runner
from harness.testing.parallel_results import WORDS, feature, junit_of, page_counts

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
    "import harness.parallel.merge.publishing as publishing\n"
    "real = publishing.publish\n"
    "def full(text, path):\n"
    "    if path.suffix == '.html':\n"
    "        real('x' * 10**6, path.with_name('probe.txt'))\n"  # the real writer, to be sure
    "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
    "publishing.publish = full\n"
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
