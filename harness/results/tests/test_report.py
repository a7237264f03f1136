import base64
import re
from types import SimpleNamespace

from harness.results.artifacts import Artifact
from harness.results.report import Report

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_an_empty_run_still_publishes_a_whole_self_contained_page(tmp_path):
    path = tmp_path / "reports" / "acceptance.html"
    report = Report(SimpleNamespace(userdata={}), path)
    report.describe_run("staging (http://10.200.0.2:8000)")
    report.close()
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "Server: staging (http://10.200.0.2:8000)" in html
    assert "Retried: 0" in html
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == ["http://10.200.0.2:8000"]
    assert [p.name for p in path.parent.iterdir()] == ["acceptance.html"]  # no partial left


def test_closing_twice_writes_once(tmp_path):
    path = tmp_path / "r.html"
    report = Report(SimpleNamespace(userdata={}), path)
    report.close()
    path.write_text("replaced by someone else")
    report.close()
    assert path.read_text() == "replaced by someone else"


def test_attached_files_wait_for_the_end_of_the_scenario(tmp_path, monkeypatch):
    shot = tmp_path / "edith-screenshot.png"
    shot.write_bytes(PNG)
    log = tmp_path / "edith-console.json"
    log.write_text("[]")
    report = Report(SimpleNamespace(userdata={}), tmp_path / "r.html")
    embedded = []
    monkeypatch.setattr(report, "embed", lambda *args, **kw: embedded.append(args))
    report.attach_files(
        [Artifact(shot, "Edith's browser at http://x/"), Artifact(log, "Edith's console log")]
    )
    assert embedded == []
    report.scenario_ended()
    assert embedded == [
        ("image/png", base64.b64encode(PNG).decode(), "Edith's browser at http://x/"),
        ("text/plain", "[]", "Edith's console log"),
    ]
    report.scenario_ended()
    assert len(embedded) == 2  # each attachment once


def test_an_unreadable_attachment_is_a_note_not_an_error(tmp_path, monkeypatch):
    report = Report(SimpleNamespace(userdata={}), tmp_path / "r.html")
    embedded = []
    monkeypatch.setattr(report, "embed", lambda *args, **kw: embedded.append(args))
    report.attach_files([Artifact(tmp_path / "gone.png", "Edith's browser at http://x/")])
    report.scenario_ended()
    assert embedded[0][0] == "text/plain" and "unreadable" in embedded[0][1]


# -- the living report, through a real behave run ---------------------------------

SAMPLE_FEATURE = """Feature: Keeping <b>lists</b>
  As someone with things to do
  I want to jot them down in a list that lives at
  its own address
  So that I can come back to it

  Background:
    Given a step that passes

  Scenario: Edith's <script>document.title='pwned'</script> list
    When a step that passes

  @wip
  Scenario: A scenario still being written
    When a step that passes

  Scenario: One that fails when told
    When a step that fails when told
"""
SAMPLE_STEPS = """import os
from behave import step

@step("a step that passes")
def passes(context):
    pass

@step("a step that fails when told")
def fails_when_told(context):
    assert os.environ.get("SAMPLE_FAIL") != "1", "told to fail"
"""
SAMPLE_HOOKS = """from pathlib import Path
from types import SimpleNamespace

from harness.results.report import Report


def before_all(context):
    report = Report.attach_to(context._runner, Path("report.html"))
    config = SimpleNamespace(
        history=Path("report-history.json"), browsers=("chromium",), shard=None,
        detail=context.config.userdata.get("detail", "owner"),
    )
    report.describe_run("local", config)
"""


def run_sample(folder, fail=False, *args):
    import os
    import subprocess
    import sys
    from pathlib import Path

    features = folder / "features"
    if not features.exists():
        (features / "steps").mkdir(parents=True)
        (features / "sample.feature").write_text(SAMPLE_FEATURE)
        (features / "steps" / "steps.py").write_text(SAMPLE_STEPS)
        (features / "environment.py").write_text(SAMPLE_HOOKS)
    behave = Path(sys.executable).with_name("behave")
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root), "SAMPLE_FAIL": "1" if fail else "0"}
    done = subprocess.run(
        [str(behave), "--no-junit", "-f", "null", "--tags=not @wip", *args, "features"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done, (folder / "report.html").read_text(encoding="utf-8")


def test_a_run_records_its_history_and_the_front_page_tells_the_changes(tmp_path):
    run_sample(tmp_path)
    done, page = run_sample(tmp_path, True)
    assert done.returncode == 1
    assert re.search(r"^report: report\.html \([\d,]+ KB, made in [\d.]+ s\)$", done.stderr, re.M)
    assert "Failed: 1 of 3 scenarios failed" in page
    assert "New failures (1):" in page and "One that fails when told" in page
    assert 'aria-label="last 2 runs, oldest first: passed, failed"' in page
    assert page.count("<title>") >= 2  # the page's, and a bar per run in the trend
    assert len(re.findall(r"<g><title>", page)) == 2


def test_names_are_escaped_and_no_script_of_a_reader_runs(tmp_path):
    _, page = run_sample(tmp_path)
    assert "<script>document.title" not in page
    assert "&lt;script&gt;document.title" in page
    assert "Keeping <b>lists</b>" not in page


def test_prose_labels_and_skip_reasons_for_a_reader(tmp_path):
    _, page = run_sample(tmp_path)
    # A user story keeps its lines; a wrapped line is joined.
    assert (
        "As someone with things to do\nI want to jot them down in a list that lives at its "
        "own address\nSo that I can come back to it"
    ) in page
    assert "Background (the same for every scenario of this feature)" in page
    assert "skipped: work in progress (@wip)" in page
    assert 'class="step-duration"' not in page and "Scenario duration:" not in page


def test_the_reports_totals_agree_with_the_console(tmp_path):
    done, page = run_sample(tmp_path, False, "-f", "progress")
    assert "2 scenarios passed, 0 failed, 1 skipped" in done.stdout
    labels = re.findall(r'<label class="global-summary-status \w+">.*?</label>', page)
    said = [re.sub(r"<[^>]+>", "", label) for label in labels[4:8]]  # the scenarios' row
    assert said == ["2 passed, ", "0 failed, ", "1 skipped, ", "0 undefined."], said
    assert "Skipped: 1" in page and "Untested" not in page


def test_a_developer_sees_timings_and_sources(tmp_path):
    _, page = run_sample(tmp_path, False, "-D", "detail=developer")
    assert 'class="step-duration"' in page and "steps.py:" in page


def test_a_storyboard_strip_escapes_its_words(tmp_path):
    from harness.results.report_embeds import storyboard_html
    from harness.results.storyboard import Frame

    full = tmp_path / "artifacts" / "001-edith.jpg"
    strip = storyboard_html(
        [
            Frame(
                "Edith", 'When she adds "<img src=x onerror=alert(1)>"', "AAAA", full, "http://x/"
            ),
            Frame("Edith", "Then her list reads:", note="Edith's screen is as after <b>"),
        ],
        tmp_path / "reports" / "report.html",
    )
    assert "<img src=x" not in strip and "&lt;img src=x" in strip
    assert 'href="../artifacts/001-edith.jpg"' in strip
    assert "as after &lt;b&gt;" in strip
    assert strip.count("<figure") == 2 and strip.count("<img ") == 1
