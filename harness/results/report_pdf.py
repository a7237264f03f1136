"""`make report-pdf`: the HTML report printed to PDF, for a meeting or an audit.

    python -m harness.results.report_pdf [REPORT.html [OUT.pdf]]

Chromium's own print-to-PDF (`--print-to-pdf`) prints the report with its
print style sheet: everything unfolded, no buttons, a page break before each
feature, failures with their screenshots, developers' parts left out. The
browser is the run's (`chromium` in behave.ini); the PDF is written whole or
not at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from behave.configuration import Configuration

from harness.config import load_config
from harness.run.errors import HarnessError

DEFAULT_REPORT = Path("reports/acceptance.html")
#: Seconds Chromium may take to print (a report of thousands of scenarios takes a few).
PRINT_TIMEOUT = 120


def print_to_pdf(report: Path, pdf: Path, chromium: Path) -> int:
    """Print `report` to `pdf` with `chromium`; returns the PDF's size in bytes.

    HarnessError, in one line, if the report is missing or Chromium fails.
    """
    if not report.is_file():
        raise HarnessError(
            f"no report at {report}: run the suite first (make report), or name one: "
            "make report-pdf REPORT=path/to/report.html"
        )
    pdf.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf.with_name(f".{pdf.name}.{os.getpid()}.partial")
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as scratch:
        command = [
            str(chromium),
            "--headless",
            # Chromium's sandbox cannot run as root; for anyone else it stays on.
            *(["--no-sandbox"] if os.geteuid() == 0 else []),
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={scratch}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={partial}",
            report.resolve().as_uri(),
        ]
        try:
            # A session of its own: on a timeout, its renderers go with it.
            chrome = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        except FileNotFoundError:
            raise HarnessError(
                f"no Chromium at {chromium}: set chromium in behave.ini (make installs it)"
            ) from None
        try:
            _, stderr = chrome.communicate(timeout=PRINT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(chrome.pid, signal.SIGKILL)
            chrome.wait()
            partial.unlink(missing_ok=True)
            raise HarnessError(f"Chromium did not print {report} in {PRINT_TIMEOUT} s") from None
        finally:
            if chrome.poll() is None:  # interrupted (Ctrl-C): nothing left behind
                os.killpg(chrome.pid, signal.SIGKILL)
                chrome.wait()
    if chrome.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        said = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        raise HarnessError(f"Chromium could not print {report}: {said or 'no PDF written'}")
    os.replace(partial, pdf)
    return pdf.stat().st_size


def main(argv: list[str]) -> int:
    """The command line: one line on success or failure; exit 0, 1 or 2."""
    if len(argv) > 2 or any(arg.startswith("-") for arg in argv):
        print(
            "usage: python -m harness.results.report_pdf [REPORT.html [OUT.pdf]]", file=sys.stderr
        )
        return 2
    report = Path(argv[0]) if argv else DEFAULT_REPORT
    pdf = Path(argv[1]) if len(argv) > 1 else report.with_suffix(".pdf")
    if pdf.suffix.lower() != ".pdf":
        print(f"report-pdf: error: {pdf} is not a .pdf file name", file=sys.stderr)
        return 2
    try:
        config = load_config(Configuration(command_args=[], load_config=True).userdata, {})
        size = print_to_pdf(report, pdf, config.chromium)
    except HarnessError as error:
        print(f"report-pdf: error: {error}", file=sys.stderr)
        return 1
    print(f"report-pdf: {pdf} ({size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
