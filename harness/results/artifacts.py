"""Failure artifacts: what each browser showed, and the server's log, when a step fails.

This is the one place that captures them. Every capture is guarded: a browser
that has crashed must not turn a clear assertion failure into a confusing
artifact error, so problems here are reported as notes, never raised.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

from harness.browsers.engines import BrowserDied, engine_label
from harness.run.errors import first_line


@dataclass(frozen=True)
class Artifact:
    """A file saved after a failure, and what a person would call it."""

    path: Path
    caption: str
    #: Which browser, where: for developers, beside the path.
    detail: str = ""


def _slug(text: str) -> str:
    # Letters without their accents first: Zoë's files are zoe-…, not zo-….
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:80] or "scenario"


def folder_name(scenario_name: str) -> str:
    """The folder name a scenario's files are saved under: plain letters and dashes."""
    return _slug(scenario_name)


def _guarded(notes: list[str], what: str, capture: Callable[[], Path]) -> Path | None:
    try:
        return capture()
    except Exception as error:  # noqa: BLE001 - artifacts must never mask the failure
        notes.append(f"could not save {what}: {type(error).__name__}: {first_line(error)}")
        return None


def save_failure_artifacts(
    directory: Path,
    scenario_name: str,
    browsers: Iterable[tuple[str, WebDriver]],
    server_log: Callable[[], str | None],
    outlines: Mapping[str, str] | None = None,
) -> tuple[list[Artifact], list[str]]:
    """Save screenshot, HTML and console log per browser, plus the server log tail.

    `outlines` maps a person to a CSS selector: what the failed check read
    on their page, which their screenshot shows with a box drawn round it.
    Returns the files written and notes about anything that could not be saved.
    """
    folder = directory / _slug(scenario_name)
    saved: list[Artifact] = []
    notes: list[str] = []
    try:
        if folder.is_dir():  # an outline's earlier example would pass for this one
            for old in folder.iterdir():
                old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        notes.append(f"could not save artifacts in {folder}/: {error.strerror or error}")
        return saved, notes

    def write(name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    # The person whose check failed first: theirs is the screenshot that matters.
    ordered = sorted(browsers, key=lambda pair: pair[0] not in (outlines or {}))
    for who, driver in ordered:
        prefix = _slug(who)
        where = _guarded_url(driver)
        focus = (outlines or {}).get(who)
        engine = engine_label(driver)
        browser = f"{who}'s browser ({engine})" if engine else f"{who}'s browser"
        for what, capture in _browser_captures(driver, folder / prefix, write, focus):
            # The caption is for everyone; which browser and where, for developers.
            caption = f"What {who} saw" if what == "screenshot" else f"{who}'s {what}"
            detail = f"{browser} at {where}" if what == "screenshot" else ""
            try:
                saved.append(Artifact(capture(), caption, detail))
            except BrowserDied:
                notes.append(f"{who}'s browser had died: no screenshot, page HTML or console log")
                break
            except Exception as error:  # noqa: BLE001 - artifacts must never mask the failure
                reason = f"{type(error).__name__}: {first_line(error)}"
                notes.append(f"could not save {who}'s {what}: {reason}")

    server_text = _guarded(notes, "server log", lambda: write("server-log.txt", server_log() or ""))
    if server_text is not None:
        if server_text.stat().st_size:
            saved.append(Artifact(server_text, "the server's log (its last lines)"))
        else:
            server_text.unlink()  # local runs have no separate server log
    return saved, notes


def _guarded_url(driver: WebDriver) -> str:
    try:
        return str(driver.current_url)
    except Exception:  # noqa: BLE001 - a dead browser is reported by its captures
        return "an unknown address"


def _browser_captures(
    driver: WebDriver, stem: Path, write: Callable[[str, str], Path], focus: str | None = None
) -> list[tuple[str, Callable[[], Path]]]:
    """What to save from one browser: (description, capture) pairs."""

    def screenshot() -> Path:
        path = stem.with_name(stem.name + "-screenshot.png")
        png = driver.get_screenshot_as_png()
        if not png:
            raise OSError("the browser returned no screenshot")
        if focus:
            png = outlined(png, _boxes(driver, focus))
        path.write_bytes(png)
        return path

    def html() -> Path:
        return write(stem.name + "-page.html", driver.page_source)

    def console() -> Path:
        entries = driver.execute("getLog", {"type": "browser"})["value"]
        since = getattr(driver, "taken_at", None)
        if since is not None:  # only this scenario's: the log outlives a holder
            entries = [e for e in entries if e.get("timestamp", 0) >= since * 1000]
        return write(stem.name + "-console.json", json.dumps(entries, indent=2))

    captures = [("screenshot", screenshot), ("page HTML", html)]
    if getattr(driver, "keeps_console_log", False):  # WebKit's driver offers none
        captures.append(("console log", console))
    return captures


#: Where the elements matching a selector are on the screen, in the
#: screenshot's pixels: each visible one's box, scaled by the device's pixel
#: ratio (the screenshot is of the viewport, in device pixels).
_BOXES = """
const ratio = window.devicePixelRatio || 1;
return [...document.querySelectorAll(arguments[0])]
  .map(e => e.getBoundingClientRect())
  .filter(r => r.width > 0 && r.height > 0)
  .map(r => [r.left * ratio, r.top * ratio, r.right * ratio, r.bottom * ratio]);
"""

#: The outline: wide enough to see at a glance, in a colour pages seldom use.
OUTLINE_COLOUR = (230, 0, 126)
OUTLINE_WIDTH = 4
#: Space between the outline and what it surrounds, so it hides no text.
OUTLINE_GAP = 4


def _boxes(driver: WebDriver, selector: str) -> list[tuple[float, float, float, float]]:
    """The screen boxes of what `selector` finds; none if the page has gone."""
    try:
        found = driver.execute_script(_BOXES, selector)
    except Exception:  # noqa: BLE001 - no box is better than no screenshot
        return []
    return [(float(a), float(b), float(c), float(d)) for a, b, c, d in found or []]


def outlined(png: bytes, boxes: Iterable[tuple[float, float, float, float]]) -> bytes:
    """`png` with one rectangle drawn round all of `boxes` (those on screen):
    the part of the page a failed check read. Unchanged when none are."""
    from PIL import Image, ImageDraw  # only failures draw: a passing run never loads it

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    visible = [
        (left, top, right, bottom)
        for left, top, right, bottom in boxes
        if right > 0 and bottom > 0 and left < width and top < height
    ]
    if not visible:
        return png
    left = max(0.0, min(box[0] for box in visible) - OUTLINE_GAP)
    top = max(0.0, min(box[1] for box in visible) - OUTLINE_GAP)
    right = min(width - 1.0, max(box[2] for box in visible) + OUTLINE_GAP)
    bottom = min(height - 1.0, max(box[3] for box in visible) + OUTLINE_GAP)
    ImageDraw.Draw(image).rectangle(
        (left, top, right, bottom), outline=OUTLINE_COLOUR, width=OUTLINE_WIDTH
    )
    out = io.BytesIO()
    # Fast compression: a failure's screenshot is read once, and the default
    # level made the outline a quarter dearer (55 ms against 43 ms here).
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
