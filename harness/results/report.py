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

This module is the formatter itself (`Report`, loaded by the run); what it
shows is made beside it: the page's head (`report_head`), the facts and
accessibility section at the top (`report_summary`), the marks beside a
scenario's tags (`report_marks`), what goes under a step (`report_embeds`),
the run's description (`run_description`) and the file (`report_file`).
"""

from __future__ import annotations

import base64
import io
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from behave.formatter.base import StreamOpener
from behave_html_pretty_formatter.html_pretty import Embed, PrettyHTMLFormatter
from dominate.util import raw
from selenium.webdriver.remote.webdriver import WebDriver

from harness.audits.accessibility import Audit
from harness.results import history
from harness.results.artifacts import Artifact
from harness.results.front_page import front_page, history_marks, shown_scenarios
from harness.results.history import Insight, RunRecord, ScenarioRun, started_stamp
from harness.results.report_embeds import failure_html, storyboard_html
from harness.results.report_file import made_line, not_written, publish, unwritable_report
from harness.results.report_head import (
    ACCESSIBILITY_CAPTION,
    DEVELOPER_CAPTION,
    FAILURE_CAPTION,
    FORMATTERS_OWN,
    PAGE_HEAD,
    STORYBOARD_CAPTION,
    UNDEFINED_CAPTION,
    WORDING_CAPTION,
)
from harness.results.report_marks import (
    failed_all_mark,
    label_scenario,
    passed_after_retry_mark,
    status_word,
)
from harness.results.report_prose import described, punctuated_counts, reflow, without_timings
from harness.results.report_summary import accessibility_section, retried_fact, run_facts
from harness.results.run_description import checkout, code, commit_fact, selection
from harness.results.storyboard import Frame
from harness.run.behave_internals import add_formatter, show_last_attempt_only
from harness.run.errors import HarnessError, first_line
from harness.run.failures import Explanation, explain

if TYPE_CHECKING:
    from harness.config import Config


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
        show_last_attempt_only(self)  # a retried scenario shows its last attempt...
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
        self.add_html_head_element(PAGE_HEAD)

    @classmethod
    def attach_to(cls, runner: Any, path: Path) -> Report:
        """Add a report to a running behave runner's formatters.

        HarnessError, before anything runs, if `path` cannot be written: a run
        should not find out at its very end that its report is lost.
        """
        problem = unwritable_report(path)
        if problem:
            raise HarnessError(problem)
        report = cls(runner.config, path)
        add_formatter(runner, report)
        return report

    def describe_run(self, server: str, config: Config | None = None) -> None:
        """The facts shown at the top: where, which code, when; and, from the
        run's `config`, its history file, engines, shard and detail."""
        self.facts = {
            "Server": server,
            "Commit": commit_fact(checkout()),
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
                if id(embed) in before or embed.caption not in FORMATTERS_OWN
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
            self.embed("text/html", failure_html(told), FAILURE_CAPTION)
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
            scenario.tags.append(passed_after_retry_mark(attempts))
            scenario.retried = True
        self.attach_note(f"{where}: attempt 1 failed: {first_error}")

    def mark_failed_all(self, where: str, attempts: int, errors: list[str]) -> None:
        """Mark the scenario that just ran as failed on every one of its attempts."""
        scenario = self.current_scenario
        if scenario is not None:
            scenario.tags.append(failed_all_mark(attempts))
        tried = "; ".join(f"attempt {n}: {error}" for n, error in enumerate(errors, start=1))
        self.attach_note(f"{where}: {tried}")

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
            label_scenario(page, run, marks, self.config)
        features = [(feature.name, f"f{feature.counter}") for feature in self.features]
        self._front = front_page(record, shown, features, insight)
        PrettyHTMLFormatter.close(self)
        page = punctuated_counts(str(self.stream.getvalue()))
        return page if self.developer else without_timings(page)

    def _record(self, scenarios: list[ScenarioRun]) -> RunRecord:
        found = code()
        engines = self.engines or tuple(dict.fromkeys(s.engine for s in scenarios))
        return RunRecord(
            started=started_stamp(self.suite_start_time),
            commit=found[0] if found else "",
            changed=found[1] if found else False,
            server=self.facts.get("Server", ""),
            engines=engines,
            shard=self.shard,
            seconds=(datetime.now() - self.suite_start_time).total_seconds(),
            scenarios=tuple(scenarios),
            selection=selection(self.config),
            code=found[2] if found else "",
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
        facts["Retried"] = retried_fact(self.retried, self.failed_all)
        run_facts(facts)
        raw(self._front)
        if self.accessibility is not None:
            accessibility_section(self.accessibility.values())
        return shown

    def close(self) -> None:
        """Render the page and publish it (behave calls this once the run is over)."""
        if self._closed:
            return
        began = time.perf_counter()
        try:
            page = self.render()
            publish(page, self.path)
        except OSError as error:  # the run's results stand; say what was lost
            print(f"behave: error: {not_written(self.path, error)}", file=sys.stderr)
            return
        print(
            made_line(self.path, len(page.encode()), time.perf_counter() - began), file=sys.stderr
        )
