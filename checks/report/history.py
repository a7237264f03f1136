"""Ten runs of the sample suite's @history scenario on one commit: the
trend, the scenario's marks, its flaky mark, and a storyboard."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from checks.report.sample_suite import check, look_at, run_sample_suite
from harness.browsers import engines

#: Which of ten runs fail the @history scenario (1-based): the code never changes.
FAILING_RUNS = (2, 7)
HISTORY_SCENARIO = "A scenario whose result the check decides, run after run"


def check_history(folder: Path) -> None:
    """Ten runs of the @history scenario on one commit, failing in runs 2 and 7;
    the last with a storyboard. After three: the trend and the scenario's
    marks; after ten: it is flaky, with its count."""
    for number in range(1, 11):
        steps = ("-D", "screenshots=steps") if number == 10 else ()
        run_sample_suite(folder, "--tags=@history", *steps, fail_this_run=number in FAILING_RUNS)
        if number == 3:
            look_at(folder / "report.html", lambda driver: after_three_runs(driver))
    look_at(folder / "report.html", lambda driver: after_ten_runs(driver, folder))


class HistoryView(TypedDict):
    """What the report shows of the @history scenario and the run's history."""

    marks: str  # the scenario's marks, as their label reads
    header: str  # the scenario's header line
    bars: int  # runs in the front page's trend
    front: str  # the front page's text


def _history_row(driver: engines.Browser) -> HistoryView:
    seen: HistoryView = driver.execute_script(
        """
            const section = [...document.querySelectorAll('.scenario-filter-container')].find(
              s => s.querySelector('.scenario-name').innerText.endsWith(arguments[0]));
            const marks = section && section.querySelector('.history-marks');
            return {
              marks: marks ? marks.getAttribute('aria-label') : '',
              header: section ? section.querySelector('.scenario-header').innerText : '',
              bars: document.querySelectorAll('.trend svg g').length,
              front: document.querySelector('#front-page')?.innerText || '',
            };
            """,
        HISTORY_SCENARIO,
    )
    return seen


def after_three_runs(driver: engines.Browser) -> None:
    """The report after three runs: the trend, the marks, what was fixed."""
    seen = _history_row(driver)
    check(
        "after three runs the front page shows the trend of all three",
        seen["bars"] == 3 and "Trend" in seen["front"],
        f"{seen['bars']} runs in the trend",
    )
    expected = "last 3 runs, oldest first: passed, failed, passed"
    check(
        "the scenario that failed in the second run shows its three runs",
        seen["marks"] == expected,
        seen["marks"] or "no marks",
    )
    check(
        "the front page says what the run fixed since the previous one",
        "Fixed (1):" in seen["front"] and HISTORY_SCENARIO in seen["front"],
        "'Fixed (1)' names it" if "Fixed (1):" in seen["front"] else seen["front"][:300],
    )


def after_ten_runs(driver: engines.Browser, folder: Path) -> None:
    """The report after ten runs: the flaky mark, a skip's reason, the storyboard."""
    seen = _history_row(driver)
    flaky = "flaky: failed 2 of the last 10 runs"
    check(
        "after ten runs, two failing on the same code, the scenario is marked flaky",
        flaky in seen["header"] and "flaky, failed 2 of the last 10 runs" in seen["front"],
        flaky if flaky in seen["header"] else f"header: {seen['header'][:200]!r}",
    )
    skipped = driver.execute_script("return document.body.innerText")
    check(
        "a skipped scenario says why",
        "skipped: work in progress (@wip)" in skipped,
        "work in progress (@wip)" if "(@wip)" in skipped else "no reason shown",
    )
    frames = driver.execute_script(
        r"""
        return Promise.all([...document.querySelectorAll('.storyboard figure')].map(
          async f => {
            const img = f.querySelector('img');
            if (img) { try { await img.decode(); } catch (e) { return 'broken'; } }
            return (img ? 'picture: ' : 'note: ') + f.innerText.replace(/\s+/g, ' ');
          }));
        """
    )
    pictures = [f for f in frames if f.startswith("picture: ")]
    full = list((folder / "artifacts").glob("*/storyboard/*/*.[jp][pn]g"))
    # Given (about no one): no frame. When Edith starts a list: a picture.
    # Then her list reads (nothing new on her screen): a frame, no new picture.
    check(
        "-D screenshots=steps: a storyboard strip, each picture with its person and step",
        len(frames) == 2
        and len(pictures) == 1
        and "What Edith saw" in pictures[0]
        and 'When Edith starts a list with "Buy flour"' in pictures[0]
        and "as after the previous step" in frames[1]
        and "Then her list reads" in frames[1],
        f"{len(frames)} frames, {len(pictures)} picture(s): {frames}",
    )
    check(
        "the storyboard's full-size pictures are in the artifacts",
        len(full) == len(pictures),
        f"{len(full)} files for {len(pictures)} pictures",
    )
    history = folder / "report-history.json"
    check(
        "the history is kept beside the report",
        history.is_file() and history.stat().st_size > 0,
        f"{history.name}, {history.stat().st_size if history.is_file() else 0} bytes",
    )
