import io
import json

import pytest
from selenium.common.exceptions import WebDriverException

from harness.browsers.engines import BrowserDied
from harness.results.artifacts import save_failure_artifacts

CONSOLE = [{"level": "SEVERE", "message": "boom.js 1:1 Uncaught"}]


class FakeDriver:
    page_source = "<html><body>Your To-Do list</body></html>"
    current_url = "http://testserver/lists/1/"
    keeps_console_log = True

    def get_screenshot_as_png(self):
        return b"\x89PNG fake"

    def execute(self, command, params):
        assert (command, params) == ("getLog", {"type": "browser"})
        return {"value": CONSOLE}


class CrashedDriver:
    keeps_console_log = True

    def get_screenshot_as_png(self):
        raise WebDriverException("chrome not reachable\nStacktrace: lots")

    @property
    def page_source(self):
        raise RuntimeError("session deleted")

    def execute(self, command, params):
        raise WebDriverException("invalid session id")


class NoScreenshotDriver(FakeDriver):
    def get_screenshot_as_png(self):
        return b""


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
    def get_screenshot_as_png(self):
        raise BrowserDied("Edith's browser has died: invalid session id")

    page_source = property(get_screenshot_as_png)


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


def test_each_artifact_is_captioned_in_words_and_the_screenshot_says_where_for_developers(
    tmp_path,
):
    saved, _ = save_failure_artifacts(tmp_path, "s", [("Zoë", FakeDriver())], lambda: "boom")
    assert sorted(artifact.caption for artifact in saved) == [
        "What Zoë saw",
        "Zoë's console log",
        "Zoë's page HTML",
        "the server's log (its last lines)",
    ]
    (shot,) = [artifact for artifact in saved if artifact.path.suffix == ".png"]
    assert shot.detail == "Zoë's browser at http://testserver/lists/1/"
    assert shot.path.name == "zoe-screenshot.png"  # the letter, not dropped


def test_the_person_whose_check_failed_comes_first(tmp_path):
    saved, _ = save_failure_artifacts(
        tmp_path,
        "s",
        [("Zoë", PageWithRows([])), ("Bartholomew", PageWithRows([]))],
        lambda: "",
        outlines={"Bartholomew": "#id_list_table"},
    )
    assert saved[0].caption == "What Bartholomew saw"


def test_a_browser_without_a_console_log_gives_its_screenshot_and_html_and_no_note(tmp_path):
    saved, notes = save_failure_artifacts(
        tmp_path, "Edith in WebKit", [("Edith", WebKitLikeDriver())], lambda: ""
    )
    assert names(saved) == ["edith-page.html", "edith-screenshot.png"]
    assert notes == []


def png(width=200, height=100):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def pixels(data):
    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB")


class PageWithRows(FakeDriver):
    """A browser whose screenshot is plain white and whose rows sit at `boxes`."""

    def __init__(self, boxes):
        self.boxes = boxes
        self.asked = []

    def get_screenshot_as_png(self):
        return png()

    def execute_script(self, script, selector):
        self.asked.append(selector)
        return self.boxes


def test_the_screenshot_outlines_what_the_failed_check_read(tmp_path):
    from harness.results.artifacts import OUTLINE_COLOUR, OUTLINE_GAP

    driver = PageWithRows([[50, 40, 150, 60]])
    saved, _ = save_failure_artifacts(
        tmp_path, "Order", [("Edith", driver)], lambda: "", outlines={"Edith": "#id_list_table"}
    )
    assert driver.asked == ["#id_list_table"]
    image = pixels(next(a.path for a in saved if a.path.suffix == ".png").read_bytes())
    assert image.getpixel((50 - OUTLINE_GAP, 50)) == OUTLINE_COLOUR  # its left edge
    assert image.getpixel((100, 60 + OUTLINE_GAP)) == OUTLINE_COLOUR  # its bottom edge
    assert image.getpixel((100, 50)) == (255, 255, 255)  # what it surrounds is untouched
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_only_the_person_whose_check_failed_gets_an_outline(tmp_path):
    edith, francis = PageWithRows([[50, 40, 150, 60]]), PageWithRows([[50, 40, 150, 60]])
    saved, _ = save_failure_artifacts(
        tmp_path,
        "Sharing",
        [("Edith", edith), ("Francis", francis)],
        lambda: "",
        outlines={"Francis": ".list-sharee"},
    )
    assert (edith.asked, francis.asked) == ([], [".list-sharee"])
    edith_png = next(a.path for a in saved if a.path.name == "edith-screenshot.png")
    assert edith_png.read_bytes() == png()  # left exactly as the browser gave it


@pytest.mark.parametrize("boxes", [[], [[-90, -50, -10, -5]], [[500, 400, 600, 450]]])
def test_nothing_on_screen_to_outline_leaves_the_screenshot_as_it_is(tmp_path, boxes):
    saved, notes = save_failure_artifacts(
        tmp_path, "Gone", [("Edith", PageWithRows(boxes))], lambda: "", outlines={"Edith": "p"}
    )
    assert notes == []
    assert next(a.path for a in saved if a.path.suffix == ".png").read_bytes() == png()


def test_a_console_log_shows_only_what_was_logged_since_the_browser_was_handed_out(tmp_path):
    class Reused(FakeDriver):
        taken_at = 1000.0

        def execute(self, command, params):
            return {
                "value": [
                    {"level": "SEVERE", "message": "the last holder's 404", "timestamp": 999_000},
                    {"level": "SEVERE", "message": "this scenario's", "timestamp": 1_000_500},
                ]
            }

    saved, _ = save_failure_artifacts(tmp_path, "s", [("Zoë", Reused())], lambda: "")
    log = next(a.path for a in saved if a.path.suffix == ".json")
    assert [entry["message"] for entry in json.loads(log.read_text())] == ["this scenario's"]
