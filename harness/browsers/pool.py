"""The run's browsers, kept between scenarios: each person's browser is
started once, cleared between scenarios, and quit when the run ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from harness.browsers.engines import Browser
from harness.browsers.grid import GRID_ENGINES, no_slots, slot_sessions
from harness.browsers.launch import quit_browser, start_browser
from harness.browsers.session import clear_browser
from harness.config import Config
from harness.run.errors import HarnessError, first_line
from harness.run.reaper import Reaper

log = logging.getLogger(__name__)


class BrowserPool:
    """The run's browsers: started when first needed, then cleared and reused.

    Starting Chromium costs about 0.4 s here and clearing one about 0.05 s, so
    each browser a scenario gives back serves the next scenario's people
    instead of being quit. Locally the first browser starts in the background
    while Django sets up; against a remote server it waits, so that a bad
    server setting fails before any browser opens.
    """

    def __init__(
        self,
        config: Config,
        run_id: str,
        home: Path | None = None,
        on_start: Callable[[Browser], None] | None = None,
        certificates: list[dict[str, str]] | None = None,
    ) -> None:
        self._config = config
        self._home = home
        self._certificates = certificates
        #: Told of each browser as it starts (the report names the first's engine).
        self._on_start = on_start
        self._reaper = Reaper(run_id) if not config.grid_url else None
        self._idle: list[Browser] = []  # cleared, ready for the next taker
        self._started: list[Browser] = []  # everything to quit at the end
        #: The sessions of browsers dropped as dead: on a Grid node that went
        #: down, their slots stay taken until the Grid forgets the node.
        self._lost: set[str | None] = set()
        #: Why no browser can be had any more (the Grid went away, or has no
        #: node of the run's engine left up); the run skips what is left.
        self.unavailable: str | None = None
        #: Whether a scenario has been failed for it already (the rest are skipped).
        self.unavailable_told = False
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-start")
        self._first: Future[Browser] | None = (
            self._thread.submit(self._start) if config.is_local else None
        )

    def _start(self) -> Browser:
        if self.unavailable is not None:
            raise HarnessError(self.unavailable)
        if self._config.grid_url:
            try:
                self._check_the_grid_has_room()
                driver = start_browser(self._config, self._reaper, self._home, self._certificates)
            except HarnessError as error:
                self._note_if_the_grid_is_gone(error)
                raise
        else:
            driver = start_browser(self._config, self._reaper, self._home, self._certificates)
        if self._on_start is not None:
            self._on_start(driver)
        return driver

    def _note_if_the_grid_is_gone(self, error: HarnessError) -> None:
        """After a failed start: if the Grid no longer answers, or has no node
        of the run's engine up, no later start can succeed either."""
        url, engine = self._config.grid_url, self._config.browser
        sessions = slot_sessions(url, engine)
        if sessions is None:
            self.unavailable = f"the Grid at {url} no longer answers ({error})"
        elif not sessions:
            self.unavailable = (
                f"the Grid at {url} has no {GRID_ENGINES[engine].name} node up any more"
            )

    def _check_the_grid_has_room(self) -> None:
        """A new Grid session waits in the Grid's queue for a slot of its engine
        to come free. When every slot the Grid has left is this run's, none
        will: fail at once, in one line, rather than wait for the queue to
        give up. A slot still holding a browser this run lost is not counted:
        its node is gone, though the Grid may not have noticed yet; with no
        slot left at all, the run can have no more browsers."""
        url, engine = self._config.grid_url, self._config.browser
        sessions = slot_sessions(url, engine)
        if sessions is None:
            return  # a Grid that does not answer: start_browser says so
        live = [session for session in sessions if session is None or session not in self._lost]
        ours = {driver.session_id for driver in self._started}
        if any(session is None or session not in ours for session in live):
            return  # a free slot, or one another run holds and will give back
        if not sessions:
            raise HarnessError(no_slots(url, engine))
        if not live:
            self.unavailable = (
                f"the Grid at {url} has no {GRID_ENGINES[engine].name} node up any more"
            )
            raise HarnessError(self.unavailable)
        raise HarnessError(
            f"the Grid at {url} has {len(live)} {GRID_ENGINES[engine].name} browser "
            "slot(s) left up, all held by this run: none will come free for one more "
            "(is a node down? `scripts/grid status`)"
        )

    def ready(self) -> None:
        """Wait for the background start, if any; HarnessError if it failed."""
        if self._first is not None:
            driver = self._first.result()
            self._first = None
            self._started.append(driver)
            self._idle.append(driver)

    def take(self, holder: str) -> Browser:
        """A clean browser for `holder`, the most recently used first (its
        renderer is warm). Raises HarnessError if a new one cannot start."""
        if self._idle:
            driver = self._idle.pop()
        else:
            if self._first is not None:
                first, self._first = self._first, None
                driver = first.result()
            else:
                driver = self._start()
            self._started.append(driver)
        driver.holder = holder
        driver.page_changed = False  # what it showed before is not this holder's doing
        # Its console log may still hold the last holder's messages: a failure
        # shows only those logged since (harness.results.artifacts).
        driver.taken_at = time.time()
        return driver

    def give_back(self, driver: Browser, base_url: str) -> None:
        """Clear a browser for reuse; one that cannot be cleared (it died) is dropped,
        and the next taker gets a fresh one."""
        try:
            clear_browser(driver, base_url)
        except Exception as error:  # noqa: BLE001 - a dead browser must not end the run
            log.info("dropping %s's browser: %s", driver.holder, first_line(error))
            self._started.remove(driver)
            self._lost.add(driver.session_id)
            quit_browser(driver)
            if self._config.grid_url:  # its node, or the whole Grid, may be gone
                self._note_if_the_grid_is_gone(HarnessError(first_line(error)))
            return
        driver.holder = "an idle"
        self._idle.append(driver)

    def quit_all(self) -> None:
        """Quit every browser this pool started, in use or idle."""
        if self._first is not None:
            first, self._first = self._first, None
            try:
                self._started.append(first.result())
            except HarnessError:
                pass  # it never started: nothing to quit
        for driver in self._started:
            quit_browser(driver)
        self._started.clear()
        self._idle.clear()

    def close(self) -> None:
        """Quit everything, stop the start-up thread, and let the reaper sweep."""
        self.quit_all()
        self._thread.shutdown()
        if self._reaper is not None:
            self._reaper.close()
