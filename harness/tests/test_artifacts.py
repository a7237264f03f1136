import json
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException

from harness.artifacts import save_failure_artifacts
from harness.browser import BrowserDied

CONSOLE = [{"level": "SEVERE", "message": "boom.js 1:1 Uncaught"}]


class FakeDriver:
    page_source = "<html><body>Your To-Do list</body></html>"
    current_url = "http://testserver/lists/1/"
    keeps_console_log = True

    def save_screenshot(self, filename):
        Path(filename).write_bytes(b"\x89PNG fake")
        return True

    def execute(self, command, params):
        assert (command, params) == ("getLog", {"type": "browser"})
        return {"value": CONSOLE}


class CrashedDriver:
    keeps_console_log = True

    def save_screenshot(self, filename):
        raise WebDriverException("chrome not reachable\nStacktrace: lots")

    @property
    def page_source(self):
        raise RuntimeError("session deleted")

    def execute(self, command, params):
        raise WebDriverException("invalid session id")


class NoScreenshotDriver(FakeDriver):
    def save_screenshot(self, filename):
        return False


class WebKitLikeDriver(FakeDriver):
    keeps_console_log = False

    def execute(self, command, params):
        raise AssertionError("WebKit's driver has no log to ask for")


def names(saved):
    return sorted(artifact.path.name for artifact in saved)


def test_saves_each_browser_in_a_scenario_folder(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path,
        "Edith shares her list!",
        [("Edith", FakeDriver()), ("Onesiphorus", FakeDriver())],
        lambda: "ERROR something broke",
    )
    folder = tmp_path / "edith-shares-her-list"
    assert notes == []
    assert all(artifact.path.parent == folder for artifact in saved)
    assert names(saved) == [
        "edith-console.json",
        "edith-page.html",
        "edith-screenshot.png",
        "onesiphorus-console.json",
        "onesiphorus-page.html",
        "onesiphorus-screenshot.png",
        "server-log.txt",
    ]
    assert (folder / "edith-page.html").read_text() == FakeDriver.page_source
    assert json.loads((folder / "edith-console.json").read_text()) == CONSOLE
    assert (folder / "edith-screenshot.png").read_bytes() == b"\x89PNG fake"
    assert (folder / "server-log.txt").read_text() == "ERROR something broke"


def test_crashed_browser_gives_notes_not_exceptions(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path, "crash", [("Edith", CrashedDriver()), ("Francis", FakeDriver())], lambda: None
    )
    assert names(saved) == ["francis-console.json", "francis-page.html", "francis-screenshot.png"]
    assert len(notes) == 3
    assert all(note.startswith("could not save Edith's ") for note in notes)
    assert all("\n" not in note for note in notes)
    assert any("WebDriverException" in note and "chrome not reachable" in note for note in notes)
    assert any("RuntimeError: session deleted" in note for note in notes)
    assert not (tmp_path / "crash" / "edith-page.html").exists()


def test_false_screenshot_is_a_note(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path, "s", [("Edith", NoScreenshotDriver())], lambda: None
    )
    assert names(saved) == ["edith-console.json", "edith-page.html"]
    assert len(notes) == 1
    assert "screenshot" in notes[0]


@pytest.mark.parametrize("log", [None, ""])
def test_no_server_log_writes_no_file(tmp_path, log):
    saved, notes = save_failure_artifacts(tmp_path, "s", [], lambda: log)
    assert (saved, notes) == ([], [])
    assert list((tmp_path / "s").iterdir()) == []


def test_failing_server_log_is_a_note(tmp_path):
    def server_log():
        raise OSError("ssh went away")

    saved, notes = save_failure_artifacts(tmp_path, "s", [("Edith", FakeDriver())], server_log)
    assert len(saved) == 3
    assert notes == ["could not save server log: OSError: ssh went away"]


def test_odd_scenario_names_get_a_safe_folder(tmp_path):
    save_failure_artifacts(tmp_path, "../../etc/passwd", [], lambda: "x")
    save_failure_artifacts(tmp_path, "!!!", [], lambda: "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["etc-passwd", "scenario"]


class DeadDriver:
    def save_screenshot(self, filename):
        raise BrowserDied("Edith's browser has died: invalid session id")

    page_source = property(save_screenshot)


def test_a_dead_browser_is_one_note_and_the_others_are_still_saved(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path, "s", [("Edith", DeadDriver()), ("Francis", FakeDriver())], lambda: None
    )
    assert names(saved) == ["francis-console.json", "francis-page.html", "francis-screenshot.png"]
    assert notes == ["Edith's browser had died: no screenshot, page HTML or console log"]


def test_an_unwritable_folder_is_a_note_not_an_error(tmp_path):
    blocker = tmp_path / "artifacts"
    blocker.write_text("a file where the folder should be")
    saved, notes = save_failure_artifacts(blocker, "s", [("Edith", FakeDriver())], lambda: "x")
    assert saved == []
    assert len(notes) == 1
    assert notes[0].startswith(f"could not save artifacts in {blocker}/s/: ")


def test_each_artifact_is_captioned_with_whose_and_where(tmp_path):
    saved, _ = save_failure_artifacts(tmp_path, "s", [("Zoë", FakeDriver())], lambda: "boom")
    assert sorted(artifact.caption for artifact in saved) == [
        "Zoë's browser at http://testserver/lists/1/",
        "Zoë's console log",
        "Zoë's page HTML",
        "the server's log (its last lines)",
    ]


def test_a_browser_without_a_console_log_gives_its_screenshot_and_html_and_no_note(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path, "Edith in WebKit", [("Edith", WebKitLikeDriver())], lambda: ""
    )
    assert names(saved) == ["edith-page.html", "edith-screenshot.png"]
    assert notes == []
