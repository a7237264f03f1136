"""What a Selenium Grid offers: its browser slots, engine by engine, as the
hub's /status says. `make grid` offers both engines (docs/grid.md)."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class GridEngine:
    """How an engine's slots look on a Grid."""

    #: The browserName in its slots' stereotype (grid/*.toml), and in requests.
    browser_name: str
    #: The engine as messages name it.
    name: str


#: Each engine (config.browser) as a Grid offers it.
GRID_ENGINES = {
    "chromium": GridEngine(browser_name="chrome", name="Chromium"),
    "webkit": GridEngine(browser_name="MiniBrowser", name="WebKit"),
}


def slot_sessions(grid_url: str, browser: str) -> list[str | None] | None:
    """The session in each slot the Grid has for `browser` (chromium or
    webkit) on its up nodes, None for a free slot; None if the Grid cannot be
    asked (the browser's start then says what is wrong)."""
    wanted = GRID_ENGINES[browser].browser_name
    try:
        with urllib.request.urlopen(grid_url.rstrip("/") + "/status", timeout=5) as answer:
            nodes = json.load(answer)["value"].get("nodes", [])
        return [
            (slot.get("session") or {}).get("sessionId")
            for node in nodes
            if node.get("availability") == "UP"
            for slot in node.get("slots", [])
            if slot.get("stereotype", {}).get("browserName") == wanted
        ]
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def webkit_certificates(grid_url: str) -> list[dict[str, str]] | None:
    """The certificates the Grid's up WebKit nodes allow (their stereotypes'
    `webkitgtk:browserOptions` → `certificates`), or None if it cannot be asked."""
    wanted = GRID_ENGINES["webkit"].browser_name
    try:
        with urllib.request.urlopen(grid_url.rstrip("/") + "/status", timeout=5) as answer:
            nodes = json.load(answer)["value"].get("nodes", [])
        return [
            {
                "host": str(entry.get("host", "")),
                "certificateFile": str(entry.get("certificateFile", "")),
            }
            for node in nodes
            if node.get("availability") == "UP"
            for slot in node.get("slots", [])
            if slot.get("stereotype", {}).get("browserName") == wanted
            for entry in slot["stereotype"]
            .get("webkitgtk:browserOptions", {})
            .get("certificates", [])
        ]
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def grid_slots(grid_url: str, browser: str) -> int | None:
    """How many `browser` browsers the Grid can run at once (None: see `slot_sessions`)."""
    sessions = slot_sessions(grid_url, browser)
    return None if sessions is None else len(sessions)


def no_slots(grid_url: str, browser: str) -> str:
    """The one line for a Grid that offers no browser of the run's engine."""
    return (
        f"the Grid at {grid_url} offers no {GRID_ENGINES[browser].name} browsers: "
        "`make grid` starts ones that do"
    )
