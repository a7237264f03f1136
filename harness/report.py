"""The HTML report product owners read: `reports/acceptance.html`.

behave-html-pretty-formatter renders features, scenarios, steps, tables and
embedded attachments into one self-contained file. This module adds what the
project needs on top:

- it is registered by the run itself (`Report.attach_to`), so every run
  writes it, whatever `-f` formatters the command line asked for;
- the top of the page says which server, commit and date the run was, and
  which scenarios passed only after retrying;
- failures carry every person's screenshot inline, captioned with their name
  and URL, with page HTML, console log and server log as attachments;
- the file is written whole, through a temporary file, so two runs at once
  never leave a mix of both, and a reader never sees half a file.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from behave.formatter.base import StreamOpener
from behave_html_pretty_formatter.html_pretty import Embed, PrettyHTMLFormatter, Tag
from dominate.tags import a, div, h2, span, table, tbody, td, th, thead, tr
from selenium.webdriver.remote.webdriver import WebDriver

from harness.accessibility import Audit, axe_version, closing_lines
from harness.artifacts import Artifact
from harness.errors import HarnessError, first_line
from harness.failures import Comparison, Explanation, explain
from harness.paths import PROJECT

#: The caption of an accessibility problem noted under its step.
ACCESSIBILITY_CAPTION = "Accessibility problem"
#: Captions of what the report says under a step that did not pass: shown
#: open. (The developers' part stays folded.)
FAILURE_CAPTION = "What went wrong"
WORDING_CAPTION = "A problem with the wording"
UNDEFINED_CAPTION = "Not in the step catalogue"
DEVELOPER_CAPTION = "For developers"
#: What behave-html-pretty-formatter says under a failed or undefined step
#: itself: a Python error and traceback, or a Python snippet. Replaced.
_FORMATTERS_OWN = ("Error Message", "Error Traceback")
#: The formatter folds every attachment away; a reader should see a failure's
#: error line, screenshots and accessibility problems without a click (the
#: rest stays folded).
_HEAD = """<style>
pre.embed-content img { max-width: 720px; width: 100%; border: 1px solid #888; }
.retry-mark span { background: #f0ad4e; color: #000; }
.run-facts { padding: 0.3em 1em; }
.accessibility { padding: 0.3em 1em; }
.accessibility table { border-collapse: collapse; margin: 0.5em 0; }
.accessibility th, .accessibility td { border: 1px solid #888; padding: 0.2em 0.5em;
  text-align: left; vertical-align: top; }
.comparison { border-collapse: collapse; margin: 0.5em 0; white-space: normal; }
.comparison th, .comparison td { border: 1px solid #888; padding: 0.2em 0.6em; text-align: left; }
.comparison tr.differs td { background: #fde2e2; font-weight: bold; }
.comparison td.mark { color: #b00020; }
.headline { white-space: pre-wrap; font-size: 1.05em; }
</style>
<script>
const OPEN_CAPTIONS = {open captions};
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".embed-button")) {
    const content = document.getElementById(button.id.replace("embed_button_", "embed_"));
    const shown = OPEN_CAPTIONS.includes(button.textContent);
    if (content && (shown || content.querySelector("img"))) {
      button.classList.remove("collapse");
      content.classList.remove("collapse");
    }
  }
});
</script>""".replace(
    "{open captions}",
    json.dumps([ACCESSIBILITY_CAPTION, FAILURE_CAPTION, WORDING_CAPTION, UNDEFINED_CAPTION]),
)


class RetryMark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags, without the "@": how its retries went."""

    def generate_tag(self) -> None:
        with div(cls="scenario-tags retry-mark"):
            span(self.behave_tag)


class Report(PrettyHTMLFormatter):  # type: ignore[misc]  # the formatter is untyped
    """behave-html-pretty-formatter, writing `path` whole when the run ends."""

    name = "superlists-report"

    def __init__(self, config: Any, path: Path) -> None:
        # Rendered in memory; close() publishes the file in one step.
        super().__init__(StreamOpener(stream=io.StringIO(), encoding="UTF-8"), config)
        self.path = path
        self.title_string = "superlists acceptance"
        self.date_format = "%Y-%m-%d %H:%M:%S"
        # The minified theme: the readable one carries a URL in a comment, and
        # the report must not point anywhere outside the site under test.
        self.pretty_output = False
        self.show_summary = True  # feature descriptions and counts, unfolded
        self.global_summary = True
        self.show_retry_attempts = False  # a retried scenario shows its last attempt...
        #: ...and a mark; the run's retries (`Retries.passed_after_retry`) are listed at the top.
        self.retried: list[str] = []
        self.failed_all: list[str] = []
        self.facts: dict[str, str] = {}
        #: The run's accessibility audits by page state, once audits are on.
        self.accessibility: dict[str, Audit] | None = None
        self._pending: list[Artifact] = []
        #: Set by the run (as the console's is): suggestions for an undefined step.
        self.suggest: Callable[[Any, Any], list[str]] | None = None
        self._scenario: Any = None
        self.add_html_head_element(_HEAD)

    @classmethod
    def attach_to(cls, runner: Any, path: Path) -> Report:
        """Add a report to a running behave runner's formatters.

        HarnessError, before anything runs, if `path` cannot be written: a run
        should not find out at its very end that its report is lost.
        """
        problem = report_problem(path)
        if problem:
            raise HarnessError(
                f"cannot write the report to {path}: {problem} "
                "(set -D report=PATH.html, or report=off)"
            )
        report = cls(runner.config, path)
        runner.formatters.append(report)
        return report

    def describe_run(self, server: str) -> None:
        """The facts shown at the top: where, which code, when."""
        self.facts = {
            "Server": server,
            "Commit": _commit(),
            "Date": self.suite_start_time.strftime("%Y-%m-%d %H:%M:%S"),
        }

    # -- what a step that did not pass says --------------------------------------

    def match(self, match: Any) -> None:
        """A step is about to run: its Python's file and line are for
        developers, under a failure, not beside every step."""
        super().match(match)
        if match.location:
            self.current_scenario.current_step.location = ""

    def result(self, step: Any) -> None:
        """A step's outcome, with what a person needs under it instead of
        the formatter's Python error or snippet: the headline and the rows
        compared, open; the rest for developers, folded; or, for a step no
        one defined, the sentences it may have meant."""
        scenario = self.current_scenario
        before = {id(embed) for s in scenario.steps for embed in s.embeds}
        super().result(step)
        for shown in scenario.steps:
            shown.embeds = [
                embed
                for embed in shown.embeds
                if id(embed) in before or embed.caption not in _FORMATTERS_OWN
            ]
        if step.status.name in ("undefined", "untested_undefined"):
            self.embed("text/plain", self._suggested(step), UNDEFINED_CAPTION)
        elif step.status.has_failed():
            told: Explanation = getattr(step, "explanation", None) or explain(
                step.exception, step.error_message
            )
            if told.kind == "wording":
                self.embed("text/plain", told.headline, WORDING_CAPTION)
                return
            self.embed("text/html", _failure_html(told), FAILURE_CAPTION)
            below = [*told.details, *told.trace]
            if below:
                self.embed("text/plain", "\n".join(below), DEVELOPER_CAPTION)

    def show_undefined(self, steps: Iterable[Any]) -> None:
        """Suggestions under every step of the scenario that no one defined,
        those after the first included (behave tells formatters of the first
        only, and marks the rest undefined once the scenario is over)."""
        shown = iter(self.current_scenario.steps)
        for step in steps:
            place = next(
                (s for s in shown if (s.keyword, s.name) == (step.keyword, step.name)), None
            )
            if place is None:
                return
            if step.status.name != "undefined" or any(
                embed.caption == UNDEFINED_CAPTION for embed in place.embeds
            ):
                continue
            place.status = step.status
            place.embed(Embed("text/plain", self._suggested(step), UNDEFINED_CAPTION))

    def _suggested(self, step: Any) -> str:
        """What to say under a step no one defined: the run's suggestions."""
        lines = self.suggest(step, self._scenario) if self.suggest is not None else []
        return "\n".join(lines or ["no step says this yet"])

    def scenario(self, scenario: Any) -> None:
        """A scenario begins (remembered: suggestions are keyed by it)."""
        self._scenario = scenario
        super().scenario(scenario)

    # -- attachments -----------------------------------------------------------

    def attach_files(self, attachments: Iterable[Artifact]) -> None:
        """Attach saved artifacts to the failing step when the scenario ends
        (`scenario_ended`), below the error line: PNGs inline, text as a
        folded attachment."""
        self._pending.extend(attachments)

    def scenario_ended(self) -> bool:
        """Embed what `attach_files` collected during the scenario; returns
        whether there was anything (a failure's screenshots, say)."""
        attachments, self._pending = self._pending, []
        for attachment in attachments:
            try:
                data = attachment.path.read_bytes()
            except OSError as error:
                self.attach_note(f"{attachment.caption}: unreadable ({first_line(error)})")
                continue
            if attachment.path.suffix == ".png":
                self.embed("image/png", base64.b64encode(data).decode(), attachment.caption)
            else:
                self.embed("text/plain", data.decode("utf-8", "replace"), attachment.caption)
        return bool(attachments)

    def attach_screenshots(self, browsers: Iterable[tuple[str, WebDriver]]) -> None:
        """Attach what every browser shows now (`-D screenshots=all`)."""
        for who, driver in browsers:
            try:
                self.embed("image/png", driver.get_screenshot_as_base64(), f"What {who} saw")
            except Exception as error:  # noqa: BLE001 - a dead browser must not fail a pass
                self.attach_note(f"no screenshot of {who}'s browser: {first_line(error)}")

    def attach_note(self, text: str) -> None:
        """A short text attachment on the step running now."""
        self.embed("text/plain", text, "Note")

    def attach_accessibility_problem(self, message: str) -> None:
        """An accessibility problem met at the step running now, unfolded."""
        self.embed("text/plain", message, ACCESSIBILITY_CAPTION)

    def mark_retried(self, where: str, attempts: int, first_error: str) -> None:
        """Mark the scenario that just ran as passed on attempt `attempts`."""
        scenario = self.current_scenario
        if scenario is not None:
            scenario.tags.append(RetryMark(f"retried: passed on attempt {attempts}"))
        self.attach_note(f"{where}: attempt 1 failed: {first_error}")

    def mark_failed_all(self, where: str, attempts: int, errors: list[str]) -> None:
        """Mark the scenario that just ran as failed on every one of its attempts."""
        scenario = self.current_scenario
        if scenario is not None:
            scenario.tags.append(RetryMark(f"retried: failed all {attempts} attempts"))
        tried = "; ".join(f"attempt {n}: {error}" for n, error in enumerate(errors, start=1))
        self.attach_note(f"{where}: {tried}")

    # -- rendering -------------------------------------------------------------

    def _generate_global_summary(self) -> bool:
        shown = bool(super()._generate_global_summary())
        facts = dict(self.facts)
        facts["Retried"] = f"{len(self.retried)}" + "".join(
            f"; {what}: {'; '.join(which)}"
            for what, which in (
                ("passed only after retrying", self.retried),
                ("failed every attempt", self.failed_all),
            )
            if which
        )
        with div(cls="run-facts feature-summary-stats"):
            for key, value in facts.items():
                div(f"{key}: {value}", cls=f"feature-summary-row run-{key.lower()}")
        if self.accessibility is not None:
            self._accessibility_section(list(self.accessibility.values()))
        return shown

    def _accessibility_section(self, audits: list[Audit]) -> None:
        """The audits' counts, each problem and how many page states have it,
        then a row per problem and state: the page state, the rule, its
        impact, the elements, axe's help, and where it was met."""
        with div(cls="accessibility feature-summary-stats", id="accessibility"):
            h2("Accessibility")
            counts = closing_lines(audits)[0].removeprefix("accessibility: ")
            div(
                f"axe-core {axe_version()}, WCAG 2.0 and 2.1, A and AA: {counts}", cls="a11y-counts"
            )
            problems = [(audit, problem) for audit in audits for problem in audit.problems]
            states: dict[str, int] = {}
            for _, problem in problems:
                name = f"{problem.rule} ({problem.impact}) on {', '.join(problem.elements)}"
                states[name] = states.get(name, 0) + 1
            for name, count in states.items():
                div(f"{name}: {count} page state{'s' if count != 1 else ''}", cls="a11y-summary")
            if not problems:
                return
            with table():
                with thead(), tr():
                    for heading in ("Page state", "Rule", "Impact", "Elements", "Help", "Met in"):
                        th(heading)
                with tbody():
                    for audit, problem in problems:
                        with tr(cls="a11y-problem"):
                            offers = ", ".join(audit.state.controls)
                            td(f"{audit.state.describe()}; offers {offers}")
                            td(problem.rule)
                            td(problem.impact)
                            td(", ".join(problem.elements))
                            with td():
                                a(problem.help, href=problem.url)
                            td(f'{audit.person}\'s browser, scenario "{audit.scenario}"')

    def close(self) -> None:
        """Render the page and publish it (behave calls this once the run is over)."""
        if self._closed:
            return
        super().close()
        try:
            publish(self.stream.getvalue(), self.path)
        except OSError as error:  # the run's results stand; say what was lost
            print(
                f"behave: error: could not write the report to {self.path}: "
                f"{error.strerror or error}",
                file=sys.stderr,
            )


def report_problem(path: Path) -> str | None:
    """Why a report cannot be written to `path` (a few words), or None: asked
    before a run starts, so that no run finds out at its end that its report
    is lost."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(f".{path.name}.{os.getpid()}.probe")
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        return str(error.strerror or error)
    return None


def publish(text: str, path: Path) -> None:
    """Write `text` to `path` whole, or leave `path` as it was (OSError): a
    reader, or a full disk, never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # gone already, unless something failed


def _commit() -> str:
    """The checked-out commit, marked if the tree has changes; or why unknown."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"{head} (with uncommitted changes)" if dirty else head


def _failure_html(told: Explanation) -> str:
    """The headline, and the rows compared as a two-column table with the
    rows that differ marked, as HTML (every text escaped)."""
    parts = [f'<div class="headline">{html.escape(told.headline)}</div>']
    if told.comparison is not None:
        parts.append(_comparison_html(told.comparison))
    return "".join(parts)


def _comparison_html(comparison: Comparison) -> str:
    rows = "".join(
        f'<tr class="{"differs" if row.differs else "same"}">'
        f'<td class="mark">{"≠" if row.differs else ""}</td>'
        f"<td>{html.escape(row.expected)}</td><td>{html.escape(row.actual)}</td></tr>"
        for row in comparison.rows
    )
    return (
        '<table class="comparison"><thead><tr><th></th><th>expected</th><th>shown</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
