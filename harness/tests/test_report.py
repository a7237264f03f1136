import base64
import re
from types import SimpleNamespace

from harness.artifacts import Artifact
from harness.report import Report

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
