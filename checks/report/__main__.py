"""`python -m checks.report`: the checks in order, the report printed to PDF,
and (--picture) a screenshot of the report for the README."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import checks.report
from checks.report.first_run import check_first_run, check_strict_run
from checks.report.history import check_history
from checks.report.sample_suite import check, failures, look_at
from deploy import PROJECT
from harness.browsers import engines


def check_report_pdf(folder: Path) -> None:
    """`make report-pdf`'s command on the first run's report: a PDF, a feature a page."""
    pdf = folder / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "harness.results.report_pdf", str(folder / "report.html"), str(pdf)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    data = pdf.read_bytes() if pdf.is_file() else b""
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    check(
        "make report-pdf prints the report with Chromium's own print-to-PDF",
        done.returncode == 0 and data.startswith(b"%PDF") and pages >= 1,
        f"exit {done.returncode}, {len(data)} bytes, {pages} page(s) {done.stderr.strip()[-200:]}",
    )


def save_picture(folder: Path, picture: Path) -> None:
    """A screenshot of the first run's report, the failing scenario unfolded."""

    def photograph(driver: engines.Browser) -> None:
        driver.execute_script(
            "document.querySelectorAll('.scenario-capsule.collapse')"
            ".forEach(e => e.classList.remove('collapse'));"
        )
        time.sleep(0.3)  # let the unfolded images lay out before the picture
        driver.set_window_size(1280, 1500)
        picture.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(picture))

    look_at(folder / "report.html", photograph)
    print(f"saved a picture of the report: {picture}")


def main() -> None:
    """Every check on a scratch folder; exit 1 if any failed."""
    description = (checks.report.__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(prog="python -m checks.report", description=description)
    parser.add_argument("--picture", type=Path, help="save a screenshot of the report here")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="report-check-") as scratch:
        check_first_run(Path(scratch) / "first")
        check_strict_run(Path(scratch) / "strict")
        check_history(Path(scratch) / "history")
        check_report_pdf(Path(scratch) / "first")
        if args.picture:
            save_picture(Path(scratch) / "first", args.picture)
    took = time.monotonic() - started
    if failures:
        print(f"report-check: {len(failures)} check(s) failed in {took:.0f}s", file=sys.stderr)
        sys.exit(1)
    print(f"report-check: all checks passed in {took:.0f}s")


if __name__ == "__main__":
    main()
