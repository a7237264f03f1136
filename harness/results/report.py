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
import hashlib
import html
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from behave.formatter.base import StreamOpener
from behave.model_core import Status
from behave_html_pretty_formatter.html_pretty import Embed, PrettyHTMLFormatter, Step, Tag
from dominate.tags import a, div, h2, span, table, tbody, td, th, thead, tr
from dominate.util import raw
from selenium.webdriver.remote.webdriver import WebDriver

from harness.audits.accessibility import Audit, axe_version, closing_lines
from harness.results import history
from harness.results.artifacts import Artifact
from harness.results.front_page import front_page, history_marks, shown_scenarios
from harness.results.history import Insight, RunRecord, ScenarioRun
from harness.results.report_prose import (
    described,
    punctuated_counts,
    reflow,
    skip_reason,
    without_timings,
)
from harness.results.storyboard import Frame
from harness.run.errors import HarnessError, first_line
from harness.run.failures import Comparison, Explanation, explain
from harness.run.paths import PROJECT

if TYPE_CHECKING:
    from harness.config import Config

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
STORYBOARD_CAPTION = "Storyboard: what each person saw after each step"
#: Attachments for developers: hidden when the report is printed.
_FOR_DEVELOPERS = (DEVELOPER_CAPTION, "Note")
#: The formatter folds every attachment away; a reader should see a failure's
#: error line, screenshots and accessibility problems without a click (the
#: rest stays folded).
_HEAD = (
    "<style>"
    + (Path(__file__).with_name("report.css")).read_text(encoding="utf-8")
    + """</style>
<script>
const OPEN_CAPTIONS = {open captions};
const FOR_DEVELOPERS = {developer captions};
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".embed-button")) {
    const content = document.getElementById(button.id.replace("embed_button_", "embed_"));
    const shown = OPEN_CAPTIONS.includes(button.textContent);
    if (content && (shown || content.querySelector("img"))) {
      button.classList.remove("collapse");
      content.classList.remove("collapse");
    }
    if (content && shown) {  // for reading: no "Download HTML" buttons above it
      for (const bar of content.querySelectorAll(":scope > .display-flex")) bar.remove();
    }
    if (content && FOR_DEVELOPERS.includes(button.textContent)) {
      button.classList.add("for-developers");
      content.classList.add("for-developers");
    }
  }
});
</script>""".replace(
        "{open captions}",
        json.dumps(
            [
                ACCESSIBILITY_CAPTION,
                FAILURE_CAPTION,
                WORDING_CAPTION,
                UNDEFINED_CAPTION,
                STORYBOARD_CAPTION,
            ]
        ),
    ).replace("{developer captions}", json.dumps(list(_FOR_DEVELOPERS)))
)


class RetryMark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags, without the "@": how its retries went."""

    def generate_tag(self) -> None:
        with div(cls="scenario-tags retry-mark"):
            span(self.behave_tag)


class SkipMark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a skipped scenario's tags: why it did not run."""

    def generate_tag(self) -> None:
        with div(cls="scenario-tags skip-mark"):
            span(f"skipped: {self.behave_tag}")


class HistoryMarks(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags: its last runs, as a row of marks (HTML
    made, and escaped, by `front_page.history_marks`)."""

    def generate_tag(self) -> None:
        raw(self.behave_tag)


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
        #: Set by `describe_run` from the run's settings.
        self.history: Path | None = None
        self.engines: tuple[str, ...] = ()
        self.shard = ""
        self.developer = False
        #: The front page, made when the run is over (`render`).
        self._front = ""
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

    def describe_run(self, server: str, config: Config | None = None) -> None:
        """The facts shown at the top: where, which code, when; and, from the
        run's `config`, its history file, engines, shard and detail."""
        self.facts = {
            "Server": server,
            "Commit": _commit_fact(_checkout()),
            "Date": self.suite_start_time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        if config is not None:
            self.history = config.history
            self.engines = config.browsers
            self.shard = str(config.shard or "")
            self.developer = config.detail == "developer"

    # -- what a step that did not pass says --------------------------------------

    def match(self, match: Any) -> None:
        """A step is about to run: its Python's file and line are for
        developers, under a failure, not beside every step."""
        super().match(match)
        if match.location and not self.developer:
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

    def feature(self, feature: Any) -> None:
        """A feature begins: its description is set as prose."""
        super().feature(feature)
        self.current_feature.description = reflow(self.current_feature.description)

    def scenario(self, scenario: Any) -> None:
        """A scenario begins (remembered: suggestions are keyed by it); its
        description is set as prose, and its background steps counted, to be
        labelled."""
        self._scenario = scenario
        super().scenario(scenario)
        shown = self.current_feature.scenarios[-1]
        shown._scenario = described(scenario, reflow(list(scenario.description)))
        shown.background_steps = len(self.current_feature.background_steps)

    def attach_storyboard(self, frames: list[Frame]) -> None:
        """Show the scenario's storyboard as a strip under its last step."""
        scenario = self.current_scenario
        if scenario is None or not scenario.steps or not frames:
            return
        scenario.steps[-1].embed(
            Embed("text/html", storyboard_html(frames, self.path), STORYBOARD_CAPTION)
        )

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
            scenario.retried = True
        self.attach_note(f"{where}: attempt 1 failed: {first_error}")

    def mark_failed_all(self, where: str, attempts: int, errors: list[str]) -> None:
        """Mark the scenario that just ran as failed on every one of its attempts."""
        scenario = self.current_scenario
        if scenario is not None:
            scenario.tags.append(RetryMark(f"retried: failed all {attempts} attempts"))
        tried = "; ".join(f"attempt {n}: {error}" for n, error in enumerate(errors, start=1))
        self.attach_note(f"{where}: {tried}")

    # -- rendering -------------------------------------------------------------

    # -- the run's front page, history and marks ---------------------------------

    def _calculate_statuses(self, behave_object: Any, statuses: dict[str, int]) -> None:
        """The formatter's counts, as behave's console counts them: every kind
        of failure is failed, a scenario not run is skipped."""
        name = status_word(behave_object.status)
        statuses[name] = statuses.get(name, 0) + 1

    def scenario_runs(self) -> list[tuple[ScenarioRun, str, Any]]:
        """Each scenario of the page: (its run, its anchor, its page object)."""
        engine = self.engines[0] if self.engines else ""
        return [
            (
                ScenarioRun(
                    feature.name,
                    shown.name,
                    engine,
                    status_word(shown.status),
                    float(shown.duration or 0.0),
                    bool(getattr(shown, "retried", False)),
                ),
                f"f{feature.counter}-s{shown.counter}",
                shown,
            )
            for feature in self.features
            for shown in feature.scenarios
        ]

    def render(self, runs: list[tuple[ScenarioRun, str, Any]] | None = None) -> str:
        """The whole page (the run is over): the run goes into the history,
        the front page and each scenario's marks are made, and the formatter
        renders `features`. `runs` are `scenario_runs()` unless given (a
        merged run knows its own)."""
        runs = self.scenario_runs() if runs is None else runs
        record = self._record([run for run, _, _ in runs])
        insight = self._remember(record)
        anchors = {id(run): anchor for run, anchor, _ in runs}
        shown = shown_scenarios(record, lambda run: anchors[id(run)], insight)
        for (run, _, page), seen in zip(runs, shown, strict=True):
            marks = (
                "" if insight is None else history_marks(insight.marks(run), seen.flaky, seen.slow)
            )
            _label(page, run, marks, self.config)
        features = [(feature.name, f"f{feature.counter}") for feature in self.features]
        self._front = front_page(record, shown, features, insight)
        PrettyHTMLFormatter.close(self)
        page = punctuated_counts(str(self.stream.getvalue()))
        return page if self.developer else without_timings(page)

    def _record(self, scenarios: list[ScenarioRun]) -> RunRecord:
        checkout = _code()
        engines = self.engines or tuple(dict.fromkeys(s.engine for s in scenarios))
        return RunRecord(
            started=self.suite_start_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            commit=checkout[0] if checkout else "",
            changed=checkout[1] if checkout else False,
            server=self.facts.get("Server", ""),
            engines=engines,
            shard=self.shard,
            seconds=(datetime.now() - self.suite_start_time).total_seconds(),
            scenarios=tuple(scenarios),
            selection=_selection(self.config),
            code=checkout[2] if checkout else "",
        )

    def _remember(self, record: RunRecord) -> Insight | None:
        """Add the run to the history; what the history says, or None if there is none."""
        if self.history is None:
            return None
        try:
            return Insight(history.record(self.history, record))
        except OSError as error:
            print(
                f"behave: error: could not keep the report's history in {self.history}: "
                f"{error.strerror or error} (the report shows this run only)",
                file=sys.stderr,
            )
            return None

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
        raw(self._front)
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
                            td(f'{audit.browser}, scenario "{audit.scenario}"')

    def close(self) -> None:
        """Render the page and publish it (behave calls this once the run is over)."""
        if self._closed:
            return
        began = time.perf_counter()
        try:
            page = self.render()
            publish(page, self.path)
        except OSError as error:  # the run's results stand; say what was lost
            print(
                f"behave: error: could not write the report to {self.path}: "
                f"{error.strerror or error}",
                file=sys.stderr,
            )
            return
        print(
            made_line(self.path, len(page.encode()), time.perf_counter() - began), file=sys.stderr
        )


def made_line(path: Path, size: int, seconds: float) -> str:
    """The closing line that says where the report is, its size and what it took."""
    return f"report: {path} ({size / 1024:,.0f} KB, made in {seconds:.2f} s)"


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


def _checkout() -> tuple[str, bool] | None:
    """The checked-out commit (full hash) and whether the tree has changes;
    None when unknown (not a git checkout)."""
    found = _code()
    return None if found is None else (found[0], found[1])


def _code() -> tuple[str, bool, str] | None:
    """The commit, whether the tree has changes, and the code's identity: the
    commit, plus a digest of the changes and new files if there are any
    (`RunRecord.code`); None when unknown (not a git checkout)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, timeout=10, check=True
        ).stdout

    try:
        head = git("rev-parse", "HEAD").strip()
        status = git("status", "--porcelain")
        if not status.strip():
            return head, False, head
        digest = hashlib.sha256((git("diff", "HEAD") + status).encode()).hexdigest()[:12]
    except (OSError, subprocess.SubprocessError):
        return None
    return head, True, f"{head}+{digest}"


def _selection(config: Any) -> str:
    """What a run was asked to run, as the history compares runs: its paths and tags."""
    paths = " ".join(str(path) for path in (getattr(config, "paths", None) or ["features"]))
    tags = " and ".join(str(tag) for tag in (getattr(config, "tags", None) or []))
    return f"{paths} | tags: {tags or 'any'}"


def _commit_fact(checkout: tuple[str, bool] | None) -> str:
    """The commit as the run's facts show it."""
    if checkout is None:
        return "unknown (not a git checkout)"
    head, changed = checkout[0][:12], checkout[1]
    return f"{head} (with uncommitted changes)" if changed else head


def status_word(status: Any) -> str:
    """behave's status as the history keeps it: every kind of failure is
    "failed" (as the formatter shows it), undefined apart."""
    name = str(status.name)
    if status.has_failed() and name != "undefined":
        return "failed"
    # A scenario the run did not run is "skipped", as behave's totals say.
    return "skipped" if name == "untested" else name


def _label(page: Any, run: ScenarioRun, marks: str, config: Any) -> None:
    """A page scenario's history marks and, if skipped, why; its background
    steps labelled. A scenario a worker rendered takes the marks only."""
    if not hasattr(page, "tags"):
        page.add_header_html(marks)
        return
    if marks:
        page.tags.append(HistoryMarks(marks))
    behave_scenario = getattr(page, "_scenario", None)
    if run.status == "skipped" and behave_scenario is not None:
        page.status = Status.skipped  # counted, and shown, as the console counts it
        page.tags.append(SkipMark(skip_reason(behave_scenario, config)))
    count = getattr(page, "background_steps", 0)
    if count and page.steps and not page.steps[0].commentary_override:
        page.steps[count:count] = [_step_label(page, "Scenario")]
        page.steps[0:0] = [
            _step_label(page, "Background (the same for every scenario of this feature)")
        ]


def _step_label(page: Any, text: str) -> Any:
    label = Step("", "", text, None, page)
    label.set_commentary()
    label.status = Status.passed  # shown: the formatter hides untested steps' commentary otherwise
    return label


def storyboard_html(frames: list[Frame], report: Path) -> str:
    """A scenario's frames as a strip of captioned pictures (every text
    escaped); each picture links to its full-size file, relative to `report`."""
    figures = []
    for frame in frames:
        step = f'<span class="frame-step">{html.escape(frame.step)}</span>'
        where = f' title="{html.escape(frame.url, quote=True)}"' if frame.url else ""
        if frame.image:
            alt = html.escape(f"{frame.person}'s screen after: {frame.step}", quote=True)
            picture = f'<img alt="{alt}" src="data:image/jpeg;base64,{frame.image}">'
            if frame.full is not None:
                full = Path(os.path.relpath(frame.full.resolve(), report.resolve().parent))
                link = html.escape(full.as_posix(), quote=True)
                picture = f'<a href="{link}" title="the full-size picture">{picture}</a>'
            figures.append(
                f"<figure{where}>{picture}<figcaption>What {html.escape(frame.person)} saw"
                f"{step}{html.escape(frame.note)}</figcaption></figure>"
            )
        else:
            figures.append(
                f'<figure class="unchanged"><figcaption>{html.escape(frame.note)}{step}'
                "</figcaption></figure>"
            )
    return f'<div class="storyboard">{"".join(figures)}</div>'


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
