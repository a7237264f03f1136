"""The run's HTML report: one page, as a plain run renders it.

The page is rendered by the project's own report (`harness.results.report.Report`),
so its head, global summary, dark-mode and contrast buttons and run facts are
a plain run's. Its features are the plan's, in file order, each with every
scenario a plain run would show; the counts are the formatter's own, from the
scenarios' statuses. A scenario a worker ran is that worker's rendering of it,
moved in whole (read with an HTML parser; only its ids are renumbered, so
that folding works). A scenario the run does not run is rendered here, as a
plain run renders it; so is one whose worker left no rendering of it (it died
before writing its report, or never reached the scenario), from the plan and
what the worker reported live, marked as such.

A run in several engines (`-D browsers=chromium,webkit`) shows each scenario
once per engine, one after the other, each marked with its engine and version.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from behave.model_core import Status
from behave_html_pretty_formatter.html_pretty import Embed, Tag
from behave_html_pretty_formatter.html_pretty import Feature as PageFeature
from behave_html_pretty_formatter.html_pretty import Scenario as PageScenario
from dominate.tags import div, span
from dominate.util import raw

from harness.parallel.merge import html
from harness.parallel.merge.outcome import Lane, Outcome
from harness.parallel.plan import PlannedFeature, ReportedScenario, Suite
from harness.parallel.workers import Worker
from harness.results.history import ScenarioRun
from harness.results.report import Report
from harness.results.report_marks import status_word
from harness.results.retries import PASSED_ON_ATTEMPT
from harness.run import behave_internals as pretty


class Mark(Tag):  # type: ignore[misc]  # the formatter is untyped
    """Shown with a scenario's tags, without the "@": why it looks as it does."""

    def generate_tag(self) -> None:
        with div(cls=f"{pretty.PAGE_SCENARIO_TAGS} worker-mark"):
            span(self.behave_tag)


class Moved:
    """A scenario section a worker rendered, placed in the merged page."""

    def __init__(
        self,
        section: html.Element,
        worker: int,
        new_id: str,
        mark: str = "",
        links: tuple[Path, Path] | None = None,
    ) -> None:
        self.section = _marked(section, mark) if mark else section
        self.worker = worker
        self.new_id = new_id
        classes = section.classes  # PAGE_SCENARIO_SECTION, then the status
        self.status = _status(classes[1] if len(classes) > 1 else "untested")
        retry = section.find("div", "retry-mark")
        self.retried = retry is not None and PASSED_ON_ATTEMPT in retry.text()
        self._header_html = ""
        #: (the worker's report folder, the run's): links to files (a
        #: storyboard's full-size pictures) are made relative to the run's.
        self._links = links

    def add_header_html(self, markup: str) -> None:
        """Show `markup` (made and escaped by the report) first in the scenario's header."""
        self._header_html += markup

    def generate_scenario(self, formatter: Any) -> None:
        """Add the section, under its new ids, to the page being rendered."""
        text = html.serialize(self.section, self._renumbered())
        if self._header_html:
            header = text.find(f'class="{pretty.PAGE_SCENARIO_HEADER}')
            opened = text.find(">", header) + 1 if header >= 0 else 0
            if opened:
                text = text[:opened] + self._header_html + text[opened:]
        raw(text)

    def _renumbered(self) -> html.AttributeRewrite:
        # Ids the formatter numbered within the worker's page: the scenario's
        # ("f2-s3", its header "-h" and capsule "-c") and its tables'
        # ("table_7", toggled by an onclick naming it). Nothing else changes.
        old = self.section.get("id") or ""
        ids = {old: self.new_id}
        ids |= {old + end: self.new_id + end for end in pretty.PAGE_SCENARIO_ID_SUFFIXES}
        tables = pretty.PAGE_TABLE_ID_PREFIX
        for element in self.section.walk():
            table = element.get("id") or ""
            if table.startswith(tables):
                ids[table] = f"{tables}w{self.worker}_{table.removeprefix(tables)}"
        onclicks = {
            pretty.page_table_toggle(before): pretty.page_table_toggle(after)
            for before, after in ids.items()
            if before.startswith(tables)
        }

        def rewrite(tag: str, name: str, value: str) -> str:
            if name == "id":
                return ids.get(value, value)
            if name == "onclick":
                return onclicks.get(value, value)
            if name == "href" and self._links is not None and _relative_file(value):
                worker_folder, run_folder = self._links
                return Path(os.path.relpath(worker_folder / value, run_folder)).as_posix()
            return value

        return rewrite


def _relative_file(link: str) -> bool:
    """Whether `link` is a path relative to the page (not an anchor or a URL)."""
    return bool(link) and not link.startswith(("#", "/")) and ":" not in link.split("/", 1)[0]


def _marked(section: html.Element, mark: str) -> html.Element:
    """A copy of `section` with `mark` shown before its tags, as `Mark` shows it."""
    header = section.find("div", pretty.PAGE_SCENARIO_HEADER)
    if header is None:
        return section
    shown = html.Element(
        "div",
        [("class", f"{pretty.PAGE_SCENARIO_TAGS} worker-mark")],
        [html.Element("span", [], [mark])],
    )
    marked_header = html.Element(header.tag, header.attrs, [shown, *header.children])
    children = [marked_header if child is header else child for child in section.children]
    return html.Element(section.tag, section.attrs, children)


def _status(name: str) -> Status:
    try:
        status = Status.from_name(name)
    except (LookupError, ValueError):
        return Status.untested
    # The formatter shows every kind of failure as failed (undefined apart).
    if status.has_failed() and status is not Status.undefined:
        return Status.failed
    return status


def merge_report(suite: Suite, lanes: list[Lane], report: Report) -> str:
    """The merged page, rendered by `report` (which has its facts already)."""
    workers = [worker for lane in lanes for worker in lane.workers]
    rendered = {worker.number: sections_of(worker, suite) for worker in workers}
    features = []
    runs: list[tuple[ScenarioRun, str, Any]] = []
    for counter, feature in enumerate(suite.features, start=1):
        page_feature = PageFeature(feature.model, counter)
        page_feature.add_background(feature.model.background)
        page_feature.start_time, page_feature.finish_time = _times(feature, workers, report)
        shown = [(lane, entry) for entry in feature.scenarios for lane in lanes]
        for index, (lane, entry) in enumerate(shown, start=1):
            outcome = lane.outcomes.get(entry.location)
            # A scenario the run does not run is rendered here, as a plain run
            # renders it; a worker's rendering of it would say why that worker
            # skipped it (not its to run), not why the run does.
            section = None if outcome is None else rendered[outcome.worker].get(entry.location)
            if outcome is None or section is None:
                scenario = _render_here(entry, page_feature, index, outcome, report)
                if lane.label:
                    scenario.tags.insert(0, Mark(lane.label))
            else:
                folder = next(w.folder for w in workers if w.number == outcome.worker)
                scenario = Moved(
                    section,
                    outcome.worker,
                    f"f{counter}-s{index}",
                    lane.label,
                    links=(folder.resolve(), report.path.resolve().parent),
                )
            page_feature.scenarios.append(scenario)
            seconds = outcome.finished.duration if outcome and outcome.finished else 0.0
            run = ScenarioRun(
                feature.model.name,
                entry.model.name,
                lane.engine,
                status_word(scenario.status),
                float(seconds or 0.0),
                bool(getattr(scenario, "retried", False)),
            )
            runs.append((run, f"f{counter}-s{index}", scenario))
        page_feature.status = _feature_status([s.status for s in page_feature.scenarios])
        features.append(page_feature)
    report.features = features
    # Rendered only: Report.close() would also publish it, and the runner
    # publishes the page itself (whole, or not at all).
    return report.render(runs)


def sections_of(worker: Worker, suite: Suite) -> dict[str, html.Element]:
    """The scenario sections of `worker`'s report, by location.

    The report lists the features in the order the worker reported them, each
    with every scenario of the file (the others as skipped), in the order it
    reported them; a feature whose title or scenario count does not agree is
    left out, and so is a scenario whose name does not agree.
    """
    try:
        page = (worker.folder / "report.html").read_text(encoding="utf-8")
    except OSError:
        return {}  # it never wrote one: it ended early
    names = {feature.filename: feature.model.name for feature in suite.features}
    found: dict[str, html.Element] = {}
    sections = html.parse(page).find_all("section", pretty.PAGE_FEATURE_SECTION)
    for seen, section in zip(worker.said.features.values(), sections, strict=False):
        title = section.find("div", pretty.PAGE_FEATURE_TITLE)
        heading = next((e.text() for e in title.elements() if e.tag == "span"), "") if title else ""
        container = section.find("div", pretty.PAGE_FEATURE_BODY)
        if seen.filename not in names or heading != f"Feature: {names[seen.filename]}":
            continue
        if container is None or seen.locations is None:
            continue
        scenarios = list(container.find_all("section", pretty.PAGE_SCENARIO_SECTION))
        if len(scenarios) != len(seen.locations):
            continue
        for location, scenario in zip(seen.locations, scenarios, strict=True):
            name = scenario.find("div", pretty.PAGE_SCENARIO_NAME)
            expected = f"Scenario: {worker.said.finished[location].name}"
            if name is not None and name.text() == expected:
                found[location] = scenario
    return found


def _render_here(
    entry: ReportedScenario, feature: Any, index: int, outcome: Outcome | None, report: Report
) -> Any:
    """The formatter's rendering of a scenario no worker rendered: its steps as
    planned, with its status as reported live, or why it never ran."""
    scenario = PageScenario(entry.model, feature, index, report.pseudo_steps)
    if outcome is None:
        # Not the run's to run: as a plain run shows a scenario it skips
        # (the formatter never hears of a result for it).
        scenario.status = Status.untested
        return scenario
    finished = outcome.finished
    if finished is None:
        why = outcome.not_run
        scenario.status = Status.failed  # counted with the failures, as in JUnit's errors
        scenario.tags.append(Mark(why))
        scenario.embed(Embed("text", why, "Error Message"))
        return scenario
    scenario.status = _status(finished.status)
    scenario.duration = finished.duration
    scenario.tags.append(Mark(f"reported live by worker {outcome.worker}"))
    if finished.error:
        scenario.embed(Embed("text", finished.error, "Error Message"))
    scenario.embed(
        Embed(
            "text",
            f"Worker {outcome.worker} ended before it wrote its report: the status and "
            "error line are the ones it reported as the scenario ended; the steps are as planned.",
            "Note",
        )
    )
    return scenario


def _feature_status(statuses: list[Status]) -> Status:
    """A feature's status from its scenarios', as the formatter tells them."""
    if any(s.has_failed() and s is not Status.undefined for s in statuses):
        return Status.failed
    if Status.undefined in statuses:
        return Status.undefined
    if Status.passed in statuses:
        return Status.passed
    return Status.skipped


def _times(
    feature: PlannedFeature, workers: list[Worker], report: Report
) -> tuple[datetime, datetime]:
    """When the feature began (its first worker) and ended (its last)."""
    seen = [
        w.said.features[feature.filename] for w in workers if feature.filename in w.said.features
    ]
    begun = min((s.started for s in seen), default=None)
    ended = max((s.finished for s in seen if s.finished is not None), default=begun)
    start: datetime = report.suite_start_time
    if begun is None:
        return start, start
    return datetime.fromtimestamp(begun), datetime.fromtimestamp(ended or begun)
