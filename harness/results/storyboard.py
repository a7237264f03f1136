"""A storyboard (`-D screenshots=steps`): what each person saw after each step.

After every step, each person the step was about (its subjects: "Edith" in
"When Edith adds …", or whom "she" meant) gets a frame: their screen then.
The report shows a scenario's frames as a strip under it, each captioned with
its person and step; the full-size picture is saved in the run's artifacts.

What it costs is kept small, since a storyboard run is meant for every day:
- a picture is taken only when a command that can change the page (a load, a
  click, a key) reached that browser since the person's last frame; otherwise
  the frame says the screen is unchanged, with no picture;
- a browser not on the site (blank, or parked between scenarios) gives no frame;
- shrinking (to `THUMB_WIDTH` pixels, JPEG) and saving happen on a worker
  thread while the next step runs; the strip waits for them at the end.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from selenium.webdriver.remote.webdriver import WebDriver

from harness.browsers.engines import speaks_devtools
from harness.run.errors import first_line

#: The width of a picture in the report's strip, in pixels.
THUMB_WIDTH = 400
#: JPEG quality of the report's pictures: text stays legible at this size.
THUMB_QUALITY = 70
#: JPEG quality of the full-size pictures in the artifacts.
FULL_QUALITY = 90


@dataclass(frozen=True)
class Frame:
    """One person's screen after one step."""

    person: str
    #: The step as written, with its keyword ("When she adds …").
    step: str
    #: The shrunk picture, base64 JPEG; empty when there is none (see `note`).
    image: str = ""
    #: The full-size picture in the artifacts, if saved.
    full: Path | None = None
    url: str = ""
    #: Why there is no picture ("unchanged since the previous step"), or a problem.
    note: str = ""


@dataclass
class _Pending:
    person: str
    step: str
    url: str
    work: Future[tuple[str, Path | None, str]] | None = None
    note: str = ""


class Storyboard:
    """The frames of the scenario running now, for a run with `screenshots=steps`."""

    def __init__(self, folder: Path, site_url: str, parking_path: str) -> None:
        #: Where full-size pictures go (one folder per scenario below it).
        self.folder = folder
        self.site_url = site_url
        self.parking_path = parking_path
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyboard")
        self._frames: list[_Pending] = []
        self._seen: dict[int, int] = {}  # id(driver) -> its page_changes at its last look
        self._blank: set[int] = set()  # id(driver) of those not on the site at their last look
        self._scenario = Path("scenario")
        self._count = 0
        self._scenarios = 0

    def begin(self, scenario_folder: str) -> None:
        """A scenario begins: its frames go to `folder/NNN-scenario_folder/`,
        numbered in the run's order (two scenarios, or two attempts of one,
        never share a folder, whatever their names)."""
        self._frames, self._seen, self._blank, self._count = [], {}, set(), 0
        self._scenarios += 1
        self._scenario = self.folder / f"{self._scenarios:03d}-{scenario_folder}"

    def after_step(self, step: str, people: Iterable[tuple[str, WebDriver]]) -> None:
        """Take a frame of each of `people` (name, browser) after `step`."""
        for person, driver in people:
            changes = int(getattr(driver, "page_changes", 0))
            if self._seen.get(id(driver)) == changes:
                if id(driver) in self._blank:
                    continue
                note = f"{person}'s screen is as after the previous step about them"
                self._frames.append(_Pending(person, step, "", note=note))
                continue
            try:
                url = ""
                # Its first look this scenario, or it was off the site: is the
                # site on screen now? (Once on it, a person stays: the app
                # links nowhere else, and the address costs a round trip.)
                if id(driver) not in self._seen or id(driver) in self._blank:
                    url = driver.current_url
                if url and (not url.startswith(self.site_url) or self.parking_path in url):
                    # Nothing of the site on screen yet: no frame, and no new
                    # look until a command may have changed the page.
                    self._seen[id(driver)] = changes
                    self._blank.add(id(driver))
                    continue
                picture, suffix = _screenshot(driver)
            except Exception as error:  # noqa: BLE001 - a frame never fails a step
                self._frames.append(
                    _Pending(person, step, "", note=f"no picture: {first_line(error)}")
                )
                continue
            self._seen[id(driver)] = changes
            self._blank.discard(id(driver))
            self._count += 1
            path = self._scenario / f"{self._count:03d}-{_file_word(person)}{suffix}"
            self._frames.append(
                _Pending(person, step, url, work=self._pool.submit(_shrink_and_save, picture, path))
            )

    def frames(self) -> list[Frame]:
        """The scenario's frames, once their pictures are ready; the list starts again."""
        done = []
        for pending in self._frames:
            image, full, note = "", None, pending.note
            if pending.work is not None:
                try:
                    image, full, note = pending.work.result()
                except Exception as error:  # noqa: BLE001 - a bad picture is a note, not a failure
                    note = f"no picture: {first_line(error)}"
            done.append(Frame(pending.person, pending.step, image, full, pending.url, note))
        self._frames = []
        return done

    def close(self) -> None:
        """Finish what is queued and stop the worker thread."""
        self._pool.shutdown(wait=True)


def _file_word(person: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in person.lower()).strip("-") or "person"


def _screenshot(driver: WebDriver) -> tuple[bytes, str]:
    """The screen now, and its file suffix: a JPEG straight from Chromium's
    DevTools where the browser speaks them (it is then shrunk by decoding at
    a fraction of its size, several times faster than a PNG), else a PNG."""
    if speaks_devtools(driver):
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "jpeg", "quality": FULL_QUALITY, "optimizeForSpeed": True},
        )
        return base64.b64decode(shot["data"]), ".jpg"
    return driver.get_screenshot_as_png(), ".png"


def _shrink_and_save(data: bytes, path: Path) -> tuple[str, Path | None, str]:
    """(base64 JPEG of the picture `data` at `THUMB_WIDTH`, the saved full-size
    path, a problem or "")."""
    saved: Path | None = path
    problem = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        saved, problem = None, f"full-size picture not saved: {error.strerror or error}"
    opened = Image.open(io.BytesIO(data))
    opened.draft("RGB", (THUMB_WIDTH, THUMB_WIDTH))  # a JPEG decodes at 1/2, 1/4...: fast
    picture = opened.convert("RGB")
    if picture.width > THUMB_WIDTH:
        height = round(picture.height * THUMB_WIDTH / picture.width)
        picture = picture.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
    return base64.b64encode(out.getvalue()).decode(), saved, problem
