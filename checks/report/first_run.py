"""The first run of the sample suite (a failure, a retried @flaky scenario),
read as a person reads its report and console; then a run with retries off
and every screenshot kept."""

from __future__ import annotations

import re
import time
from pathlib import Path

from checks.report.sample_suite import (
    FEATURE,
    SCENARIOS,
    check,
    loaded_images,
    look_at,
    run_sample_suite,
)
from harness.browsers import engines


def check_first_run(folder: Path) -> None:
    """The first run: its exit status, console lines, JUnit, and its report
    as a reader sees it in Chromium."""
    started = time.monotonic()
    result = run_sample_suite(folder)
    seconds = time.monotonic() - started
    report = folder / "report.html"
    check(
        "a run with one failure exits non-zero and writes the report",
        result.returncode == 1 and report.is_file(),
        f"exit {result.returncode} after {seconds:.1f}s, {report.name} "
        f"{report.stat().st_size if report.is_file() else 0} bytes",
    )
    retry_lines = [line.strip() for line in result.stderr.splitlines() if "@flaky" in line]
    check(
        "each retry is a console line",
        any(line.startswith("retrying @flaky scenario") for line in retry_lines),
        retry_lines[0] if retry_lines else f"no retry line in stderr: {result.stderr[-300:]!r}",
    )
    closing = [line for line in result.stderr.splitlines() if line.startswith("retried: ")]
    check(
        "a closing line lists what passed only after retrying",
        len(closing) == 1 and "1 scenario passed only after retrying" in closing[0],
        closing[0] if closing else "no closing 'retried:' line",
    )
    junit = "".join(p.read_text() for p in (folder / "junit").glob("TESTS-*.xml"))
    check(
        "JUnit records the retry on the testcase",
        "@flaky retries: passed on attempt 2" in junit and "attempt 1 failed: step" in junit,
        "system-out has '@flaky retries: passed on attempt 2'"
        if "@flaky retries: passed on attempt 2" in junit
        else "no retry record in JUnit",
    )
    if not report.is_file():
        return
    html = report.read_text(encoding="utf-8")
    site = re.search(r"browser(?: \([^)<]*\))? at (https?://[^/\s<]+)", html)
    site_origin = site.group(1) if site else "(no site)"
    outside = sorted(
        {
            url
            for url in re.findall(r"https?://[^\s\"'<>)]+", html)
            if not url.startswith(site_origin)
        }
    )
    check(
        "the file points nowhere outside the site under test",
        site is not None and not outside,
        f"only {site_origin}" if not outside else f"found {outside[:5]}",
    )

    def reader_sees(driver: engines.Browser) -> None:
        text = driver.execute_script("return document.body.innerText")
        missing = [name for name in (FEATURE, *SCENARIOS) if name not in text]
        check(
            "the feature and every scenario are named",
            not missing,
            f"missing {missing}" if missing else f"{len(SCENARIOS)} scenarios and the feature",
        )
        error = (
            'Edith\'s list is not as expected: row 1 should be "Buy a unicorn" but is "Buy milk".'
        )
        check(
            "the failing step's headline is shown, in the people's words",
            error in text,
            error if error in text else "no headline on the page",
        )
        python = [
            w for w in ("ASSERT FAILED", "Traceback", "steps/lists.py", "wait.py") if w in text
        ]
        check(
            "no Python in sight: step sources and tracebacks are folded for developers",
            not python and "For developers" in text,
            f"shown: {python}" if python else "a folded 'For developers' part, no Python shown",
        )
        captions = loaded_images(driver)
        people = sorted(caption.removeprefix("What ").removesuffix(" saw") for caption in captions)
        check(
            "every person's screenshot is inline and loaded, captioned in words",
            people == ["Edith", "Francis"]
            and all(re.fullmatch(r"What \w+ saw", c) for c in captions),
            "; ".join(captions) or "no loaded images",
        )
        check(
            "the retried scenario carries a mark",
            "retried: passed on attempt 2" in text,
            "'retried: passed on attempt 2' shown" if "retried: passed" in text else "no mark",
        )
        facts = [f for f in ("Server: local", "Commit: ", "Date: ", "Retried: 1") if f not in text]
        check(
            "the top says server, commit, date and retries",
            not facts,
            f"missing {facts}" if facts else "Server: local, Commit, Date, Retried: 1",
        )

    look_at(report, reader_sees)


def check_strict_run(folder: Path) -> None:
    """`-D retries=off -D screenshots=all`: no retry, and a passing scenario's
    last view in the report too."""
    result = run_sample_suite(folder, "-D", "retries=off", "-D", "screenshots=all")
    summary = re.search(r"(\d+) scenarios? passed, (\d+) failed", result.stdout)
    failed = int(summary.group(2)) if summary else -1
    check(
        "-D retries=off: the @flaky scenario fails like any other",
        result.returncode == 1 and failed == 2 and "retrying @flaky" not in result.stderr,
        f"exit {result.returncode}, {failed} failed, "
        f"{'no' if 'retrying @flaky' not in result.stderr else 'a'} retry line",
    )
    per_scenario: dict[str, int] = {}

    def count(driver: engines.Browser) -> None:
        per_scenario.update(
            driver.execute_script(
                """
                const counts = {};
                for (const section of document.querySelectorAll('.scenario-filter-container')) {
                  const name = section.querySelector('.scenario-name').innerText;
                  counts[name] = [...section.querySelectorAll('img')]
                    .filter(img => img.complete && img.naturalWidth > 0).length;
                }
                return counts;
                """
            )
        )

    look_at(folder / "report.html", count)
    passing = per_scenario.get(f"Scenario: {SCENARIOS[0]}", 0)
    failing = per_scenario.get(f"Scenario: {SCENARIOS[1]}", 0)
    check(
        "-D screenshots=all: a passing scenario's last view is in the report too",
        passing == 1 and failing == 2,
        f"{passing} screenshot in the passing scenario, {failing} in the failing one "
        "(its failure's, not twice)",
    )
