"""`make accessibility-check`: deliberate regressions, caught.

Copies the project into a scratch folder (its .venv and node_modules linked,
not copied), breaks the app there as a careless change would, and runs real
features against it:

1. the logout button's contrast lowered: a run with `accessibility=fail`
   fails, with the house-style message on the console, in JUnit and in the
   report's accessibility section;
2. the login email box's label removed (and its placeholder, which axe
   would take for a name): the same run fails on `label`; with
   `accessibility=report` it passes, and the problem is still in the closing
   lines, the report and JUnit;
3. the app as it is: the same features pass with no problem.

    .venv/bin/python -m checks.accessibility

Prints one line per check, with the message a person sees, and exits 1 if any
check failed. Nothing in the project itself is changed.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy import PROJECT

FEATURES = ["features/login.feature", "features/my_lists.feature"]
failures: list[str] = []


def check(name: str, ok: bool, detail: str) -> None:
    """Print one check's verdict and what it saw; remember a failure."""
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    if not ok:
        failures.append(name)


def copy_project(into: Path) -> None:
    """The project's files as git sees them (tracked and new, not ignored),
    with the installed tools linked in."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for tool in (".venv", "node_modules"):
        (into / tool).symlink_to(PROJECT / tool)


def break_app(project: Path, file: str, old: str, new: str) -> None:
    """Replace `old` with `new` once in `file` of the scratch `project`."""
    path = project / file
    text = path.read_text()
    if old not in text:
        raise SystemExit(f"accessibility-check: {file} no longer has {old!r}: update this check")
    path.write_text(text.replace(old, new, 1))


def run(project: Path, out: Path, *defines: str) -> tuple[int, str, str, str]:
    """The features against `project`'s app: exit status, console, report, JUnit."""
    out.mkdir(parents=True)
    done = subprocess.run(
        [str(project / ".venv" / "bin" / "behave"), "-f", "plain", *FEATURES,
         "-D", f"report={out / 'report.html'}", "-D", f"artifacts_dir={out / 'artifacts'}",
         "--junit", "--junit-directory", str(out / "junit"), *defines],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    report = (out / "report.html").read_text() if (out / "report.html").is_file() else ""
    junit = "".join(p.read_text() for p in sorted((out / "junit").glob("*.xml")))
    return done.returncode, done.stdout + done.stderr, report, junit


def first(pattern: str, text: str) -> str:
    """The first match of `pattern` in `text`, or "(not found)"."""
    found = re.search(pattern, text)
    return found.group(0) if found else "(not found)"


def report_rows(report: str) -> list[str]:
    """The rows of the report's accessibility section, as text."""
    section = report.split('id="accessibility"', 1)[1] if 'id="accessibility"' in report else ""
    section = section.split("</table>", 1)[0]
    rows = section.split('class="a11y-problem"')[1:]
    return [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in rows]


def check_low_contrast(scratch: Path) -> None:
    """The logout button's contrast lowered: caught on the console, in the
    report and in JUnit."""
    project = scratch / "contrast"
    copy_project(project)
    break_app(
        project,
        "superlists/static/base.css",
        "",
        "#id_logout { color: #b0b0b0; border-color: #b0b0b0; }\n",
    )
    status, console, report, junit = run(project, scratch / "contrast-out")
    message = first(
        r"in \w+'s browser \([^)]*\) at \S+ \([^)]*\): \d+ accessibility problems?: [^\n]*", console
    )
    check(
        "a lower contrast fails the scenario that meets it",
        status != 0 and "color-contrast (serious) on #id_logout" in message,
        message,
    )
    rows = report_rows(report)
    check(
        "the report's accessibility section lists it",
        any("color-contrast" in row and "#id_logout" in row for row in rows),
        " | ".join(" ".join(row.split())[:160] for row in rows[:1]) or "no row",
    )
    check(
        "JUnit's failure carries the message",
        "color-contrast (serious) on #id_logout" in junit,
        "in a <failure> message" if "color-contrast" in junit else "not in JUnit",
    )


def check_missing_label(scratch: Path) -> None:
    """The email box's label removed: a failure, or with accessibility=report
    a pass that still tells of it."""
    project = scratch / "label"
    copy_project(project)
    break_app(
        project,
        "superlists/templates/base.html",
        '<label for="id_email_input" class="navbar-text text-nowrap">'
        "Enter your email to log in</label>",
        "",
    )
    break_app(project, "superlists/templates/base.html", 'placeholder="your@email.com" ', "")
    status, console, report, junit = run(project, scratch / "label-fail")
    message = first(
        r"in \w+'s browser \([^)]*\) at \S+ \([^)]*\): \d+ accessibility problems?: [^\n]*", console
    )
    check(
        "a missing label fails the scenario that meets it",
        status != 0 and "#id_email_input" in message and "label" in message,
        message,
    )
    status, console, report, junit = run(
        project, scratch / "label-report", "-D", "accessibility=report"
    )
    closing = first(r"accessibility: \d+ page states? audited[^\n]*\n[^\n]*", console)
    check(
        "with accessibility=report the run passes and still says so",
        status == 0 and "#id_email_input" in closing,
        " / ".join(closing.splitlines()),
    )
    check(
        "... in the report and in JUnit",
        any("#id_email_input" in row for row in report_rows(report))
        and "accessibility: in " in junit,
        "report row and JUnit system-out" if "accessibility: in " in junit else "missing",
    )


def check_the_app_as_it_is(scratch: Path) -> None:
    """The app unchanged: the same features pass with no problem."""
    status, console, report, _ = run(PROJECT, scratch / "as-is")
    closing = first(r"accessibility: \d+ page states? audited[^\n]*", console)
    check(
        "the app as it is has no problem",
        status == 0 and closing.endswith(", 0 problems") and 'id="accessibility"' in report,
        closing,
    )


def main() -> None:
    """Run the three checks in a scratch folder; exit 1 if any failed."""
    argparse.ArgumentParser(
        prog="python -m checks.accessibility", description=__doc__.splitlines()[0]
    ).parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="accessibility-check-") as scratch:
        check_low_contrast(Path(scratch))
        check_missing_label(Path(scratch))
        check_the_app_as_it_is(Path(scratch))
    took = time.monotonic() - started
    if failures:
        print(
            f"accessibility-check: {len(failures)} check(s) failed in {took:.0f}s", file=sys.stderr
        )
        sys.exit(1)
    print(f"accessibility-check: all checks passed in {took:.0f}s")


if __name__ == "__main__":
    main()
