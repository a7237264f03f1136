"""Failure artifacts: what each browser showed, and the server's log, when a step fails.

This is the one place that captures them. Every capture is guarded: a browser
that has crashed must not turn a clear assertion failure into a confusing
artifact error, so problems here are reported as notes, never raised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

from harness.browser import BrowserDied, engine_label
from harness.errors import first_line


@dataclass(frozen=True)
class Artifact:
    """A file saved after a failure, and what a person would call it."""

    path: Path
    caption: str


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80] or "scenario"


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
) -> tuple[list[Artifact], list[str]]:
    """Save screenshot, HTML and console log per browser, plus the server log tail.

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

    for who, driver in browsers:
        prefix = _slug(who)
        where = _guarded_url(driver)
        for what, capture in _browser_captures(driver, folder / prefix, write):
            engine = engine_label(driver)
            browser = f"browser ({engine})" if engine else "browser"
            caption = f"{who}'s {browser} at {where}" if what == "screenshot" else f"{who}'s {what}"
            try:
                saved.append(Artifact(capture(), caption))
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
    driver: WebDriver, stem: Path, write: Callable[[str, str], Path]
) -> list[tuple[str, Callable[[], Path]]]:
    """What to save from one browser: (description, capture) pairs."""

    def screenshot() -> Path:
        path = stem.with_name(stem.name + "-screenshot.png")
        if not driver.save_screenshot(str(path)):
            raise OSError("the browser returned no screenshot")
        return path

    def html() -> Path:
        return write(stem.name + "-page.html", driver.page_source)

    def console() -> Path:
        return write(
            stem.name + "-console.json",
            json.dumps(driver.execute("getLog", {"type": "browser"})["value"], indent=2),
        )

    captures = [("screenshot", screenshot), ("page HTML", html)]
    if getattr(driver, "keeps_console_log", False):  # WebKit's driver offers none
        captures.append(("console log", console))
    return captures
