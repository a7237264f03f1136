"""Unit tests for harness.results.storyboard: a frame of each person's screen after each step."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from PIL import Image
from selenium.common.exceptions import WebDriverException

from harness.results.storyboard import THUMB_WIDTH, Frame, Storyboard

SITE = "http://localhost:8123"
PARKING = "/__parking__/"


def png(width: int = 800, height: int = 600, colour: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


class FakeDriver:
    """What the storyboard uses of a browser: its URL, its page-change count and a picture."""

    def __init__(self, url: str = f"{SITE}/lists/1/", picture: bytes | None = None) -> None:
        self.current_url = url
        self.page_changes = 1
        self.picture = picture if picture is not None else png()
        self.shots = 0

    def get_screenshot_as_png(self) -> bytes:
        self.shots += 1
        return self.picture


class BrokenDriver(FakeDriver):
    def get_screenshot_as_png(self) -> bytes:
        raise WebDriverException("the browser went away\nStacktrace:\n#0 somewhere")


class NoURLDriver(FakeDriver):
    @property
    def current_url(self) -> str:
        raise ConnectionRefusedError("connection refused")

    @current_url.setter
    def current_url(self, value: str) -> None:
        pass


def edith(driver: FakeDriver) -> list[tuple[str, Any]]:
    """The people of a step: Edith, with `driver` standing in for her browser."""
    return [("Edith", driver)]


@pytest.fixture
def board(tmp_path):
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    storyboard.begin("01-lists-she-makes-a-list")
    yield storyboard
    storyboard.close()


def thumbnail(frame: Frame) -> Image.Image:
    picture = Image.open(io.BytesIO(base64.b64decode(frame.image)))
    picture.load()
    return picture


def test_a_frame_is_taken_after_a_step(board, tmp_path):
    driver = FakeDriver()
    board.after_step("When Edith adds an item", [("Edith", driver)])
    frames = board.frames()
    assert len(frames) == 1
    frame = frames[0]
    assert frame.person == "Edith"
    assert frame.step == "When Edith adds an item"
    assert frame.url == f"{SITE}/lists/1/"
    assert frame.note == ""
    assert frame.image != ""
    assert driver.shots == 1
    # the full-size picture, as taken, under the scenario's folder
    assert frame.full is not None
    assert frame.full.parent == tmp_path / "001-01-lists-she-makes-a-list"
    assert frame.full.suffix == ".png"
    assert frame.full.read_bytes() == driver.picture


def test_the_thumbnail_is_a_jpeg_no_wider_than_the_strip(board):
    board.after_step(
        "Given Edith is on the home page", [("Edith", FakeDriver(picture=png(1600, 900)))]
    )
    picture = thumbnail(board.frames()[0])
    assert picture.format == "JPEG"
    assert picture.width == THUMB_WIDTH
    assert picture.height == pytest.approx(900 * THUMB_WIDTH / 1600, abs=1)


def test_a_narrow_picture_is_not_widened(board):
    board.after_step(
        "Given Edith is on the home page", [("Edith", FakeDriver(picture=png(120, 90)))]
    )
    picture = thumbnail(board.frames()[0])
    assert picture.format == "JPEG"
    assert picture.width <= THUMB_WIDTH
    assert picture.width == 120


def test_a_picture_with_transparency_becomes_a_jpeg(board):
    out = io.BytesIO()
    Image.new("RGBA", (500, 300), (255, 0, 0, 128)).save(out, "PNG")
    board.after_step("Then she sees it", [("Edith", FakeDriver(picture=out.getvalue()))])
    frame = board.frames()[0]
    assert frame.note == ""
    assert thumbnail(frame).format == "JPEG"


def test_no_new_picture_when_the_page_did_not_change(board, tmp_path):
    driver = FakeDriver()
    board.after_step("When Edith adds an item", [("Edith", driver)])
    board.after_step("Then Edith sees it", [("Edith", driver)])
    first, second = board.frames()
    assert first.image != ""
    assert second.person == "Edith"
    assert second.step == "Then Edith sees it"
    assert second.image == ""
    assert second.full is None
    assert "Edith" in second.note
    assert "as after the previous step" in second.note
    assert driver.shots == 1
    assert len(list((tmp_path / "001-01-lists-she-makes-a-list").iterdir())) == 1


def test_a_new_picture_when_the_page_changed(board, tmp_path):
    driver = FakeDriver()
    board.after_step("When Edith adds an item", [("Edith", driver)])
    driver.page_changes += 1
    board.after_step("And Edith adds another", [("Edith", driver)])
    first, second = board.frames()
    assert second.image != "" and second.note == ""
    assert driver.shots == 2
    assert first.full != second.full
    assert first.full.exists() and second.full.exists()


def test_each_person_has_their_own_frame_and_file(board):
    edith, francis = FakeDriver(), FakeDriver(f"{SITE}/lists/2/", png(300, 200, "red"))
    board.after_step("Then both see the list", [("Edith", edith), ("Francis", francis)])
    frames = board.frames()
    assert [f.person for f in frames] == ["Edith", "Francis"]
    assert frames[0].full != frames[1].full
    assert frames[0].full.read_bytes() == edith.picture
    assert frames[1].full.read_bytes() == francis.picture
    assert "edith" in frames[0].full.name and "francis" in frames[1].full.name
    # one person's unchanged screen does not stop the other's
    francis.page_changes += 1
    board.after_step("When Francis adds an item", [("Edith", edith), ("Francis", francis)])
    later = board.frames()
    assert later[0].image == "" and "as after the previous step" in later[0].note
    assert later[1].image != ""


def test_odd_person_names_make_safe_file_names(board):
    board.after_step("Given they arrive", [("Dr. O'Brien / ../x", FakeDriver())])
    frame = board.frames()[0]
    assert frame.person == "Dr. O'Brien / ../x"
    assert re.fullmatch(r"\d{3}-[a-z0-9-]+\.png", frame.full.name)


@pytest.mark.parametrize(
    "url",
    ["about:blank", "data:,", "http://example.com/lists/", f"{SITE}{PARKING}", f"{SITE}{PARKING}x"],
)
def test_no_frame_for_a_browser_off_the_site(board, url, tmp_path):
    driver = FakeDriver(url)
    board.after_step("Given Edith opens her browser", [("Edith", driver)])
    assert board.frames() == []
    assert driver.shots == 0
    assert not (tmp_path / "001-01-lists-she-makes-a-list").exists()


def test_a_browser_coming_onto_the_site_gets_its_frame(board):
    driver = FakeDriver("about:blank")
    board.after_step("Given Edith opens her browser", [("Edith", driver)])
    driver.current_url = f"{SITE}/"
    driver.page_changes += 1
    board.after_step("When she goes to the home page", [("Edith", driver)])
    frames = board.frames()
    assert len(frames) == 1
    assert frames[0].step == "When she goes to the home page"
    assert frames[0].image != ""


def test_a_screenshot_that_fails_is_a_note(board):
    board.after_step("When Edith adds an item", [("Edith", BrokenDriver())])
    frames = board.frames()
    assert len(frames) == 1
    assert frames[0].image == ""
    assert frames[0].full is None
    assert "the browser went away" in frames[0].note
    assert "Stacktrace" not in frames[0].note


def test_a_url_that_cannot_be_read_is_a_note(board):
    board.after_step("When Edith adds an item", [("Edith", NoURLDriver())])
    frames = board.frames()
    assert len(frames) == 1
    assert "connection refused" in frames[0].note


def test_a_failed_screenshot_is_tried_again_next_step(board):
    driver = BrokenDriver()
    board.after_step("When Edith adds an item", [("Edith", driver)])
    good = FakeDriver()
    driver.get_screenshot_as_png = good.get_screenshot_as_png  # type: ignore[method-assign]
    board.after_step("Then she sees it", [("Edith", driver)])  # page_changes did not move
    first, second = board.frames()
    assert first.image == ""
    assert second.image != ""


def test_a_picture_that_is_not_an_image_is_a_note(board):
    board.after_step("When Edith adds an item", [("Edith", FakeDriver(picture=b"not a png"))])
    frames = board.frames()
    assert len(frames) == 1
    assert frames[0].image == ""
    assert frames[0].note.startswith("no picture")


def test_a_full_size_picture_that_cannot_be_saved_still_gives_a_thumbnail(tmp_path):
    (tmp_path / "001-blocked").write_text("a file where the folder would be")
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    try:
        storyboard.begin("blocked")
        storyboard.after_step("When Edith adds an item", edith(FakeDriver()))
        frame = storyboard.frames()[0]
    finally:
        storyboard.close()
    assert frame.full is None
    assert "not saved" in frame.note
    assert thumbnail(frame).format == "JPEG"


def test_frames_starts_the_list_again(board):
    driver = FakeDriver()
    board.after_step("When Edith adds an item", edith(driver))
    assert len(board.frames()) == 1
    assert board.frames() == []
    board.after_step("Then she sees it", edith(driver))
    frames = board.frames()
    assert len(frames) == 1
    assert frames[0].step == "Then she sees it"


def test_no_people_no_frames(board):
    board.after_step("Given nothing about anyone", [])
    assert board.frames() == []


def test_each_scenario_has_its_own_folder(tmp_path):
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    driver = FakeDriver()
    try:
        storyboard.begin("first")
        storyboard.after_step("When Edith adds an item", edith(driver))
        first = storyboard.frames()
        storyboard.begin("second")
        driver.page_changes += 1
        storyboard.after_step("When Edith adds an item", edith(driver))
        second = storyboard.frames()
    finally:
        storyboard.close()
    one, two = first[0].full, second[0].full
    assert one is not None and two is not None
    assert one.parent == tmp_path / "001-first"
    assert two.parent == tmp_path / "002-second"
    assert one.exists() and two.exists()


def test_frames_left_over_from_a_scenario_do_not_spill_into_the_next(tmp_path):
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    try:
        storyboard.begin("first")
        storyboard.after_step("When Edith adds an item", edith(FakeDriver()))
        storyboard.begin("second")
        assert storyboard.frames() == []
    finally:
        storyboard.close()


def test_close_finishes_queued_work(tmp_path):
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    storyboard.begin("s")
    for i in range(5):
        driver = FakeDriver()
        driver.page_changes = i
        storyboard.after_step(f"step {i}", edith(driver))
    storyboard.close()
    assert len(list((tmp_path / "001-s").glob("*.png"))) == 5


def test_two_scenarios_of_one_name_never_share_a_folder(tmp_path):
    # Two attempts of a @flaky scenario, or two names that lose every letter
    # when made plain ASCII ("牛乳を買う" and "купить молоко" both become "scenario").
    storyboard = Storyboard(tmp_path, SITE, PARKING)
    driver = FakeDriver()
    try:
        pictures = []
        for _ in range(2):
            storyboard.begin("scenario")
            driver.page_changes += 1
            storyboard.after_step("When Edith adds an item", edith(driver))
            pictures.append(storyboard.frames()[0].full)
    finally:
        storyboard.close()
    assert pictures[0] != pictures[1]
    assert all(p is not None and p.exists() for p in pictures)
