"""The sample suite run as the check runs it, its report opened in headless
Chromium, and the one-line verdicts every check prints."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from deploy import PROJECT
from harness.browsers import engines, launch
from harness.config import load_config

#: Where the sample suite's @flaky step notes its first attempt.
FLAKY_MARKER = "REPORT_CHECK_FLAKY_MARKER"
BEHAVE = str(PROJECT / ".venv" / "bin" / "behave")
SAMPLE_SUITE = "checks/sample_suites/report"
FEATURE = "What the report shows"
SCENARIOS = (
    "Edith's list reads as she wrote it",
    "A list that does not read as expected fails",
    "A flaky scenario passes on its second attempt",
)
#: The names of the checks that failed, in order.
failures: list[str] = []


def check(name: str, ok: bool, detail: str) -> None:
    """Print one check's verdict and what it saw; remember a failure."""
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    if not ok:
        failures.append(name)


def run_sample_suite(
    folder: Path, *defines: str, fail_this_run: bool = False
) -> subprocess.CompletedProcess[str]:
    """The sample suite, with its report, JUnit and artifacts in `folder`;
    `fail_this_run` fails its @history scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            BEHAVE,
            SAMPLE_SUITE,
            "--junit",
            "--junit-directory",
            str(folder / "junit"),
            "-f",
            "plain",
            "-D",
            f"report={folder / 'report.html'}",
            "-D",
            f"artifacts_dir={folder / 'artifacts'}",
            "-D",
            "wait_timeout=1",  # the failure on purpose need not wait 5 s
            *defines,
        ],
        cwd=PROJECT,
        # The sample suite's own knob: not a harness setting, so not a -D.
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT),
            FLAKY_MARKER: str(folder / "first-attempt"),
            "REPORT_CHECK_FAIL_THIS_RUN": "1" if fail_this_run else "0",
        },
        capture_output=True,
        text=True,
        timeout=180,
    )


def look_at(report: Path, action: Callable[[engines.Browser], None]) -> None:
    """Open `report` in headless Chromium and hand the browser to `action`."""
    config = replace(load_config({}, {}), window_size=(1280, 1000))
    driver = launch.start_browser(config)
    try:
        driver.get(report.resolve().as_uri())
        action(driver)
    finally:
        launch.quit_browser(driver)


def loaded_images(driver: engines.Browser) -> list[str]:
    """Captions of the inline screenshots that really decoded (naturalWidth > 0)."""
    script = """
      const shots = [...document.querySelectorAll('.embed-capsule')].filter(
        c => c.querySelector('img'));
      return Promise.all(shots.map(async c => {
        const img = c.querySelector('img');
        try { await img.decode(); } catch (e) { return null; }
        return img.naturalWidth > 0 ? c.querySelector('.embed-button').innerText : null;
      }));
    """
    return [caption for caption in driver.execute_script(script) if caption]
