"""What a behave run does with its accessibility audits: sets them up (axe's
endpoint, the report's section, every step followed by an audit of the pages
it may have changed), audits after each step, and ends with the counts, the
record a parallel worker hands on, and notes in JUnit.

The hooks (`harness.hooks`) call these with behave's context; the run's
report and cast are read from it, never imported (they live higher up).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.audits.auditor import Auditor
from harness.audits.axe_script import AxeScriptEndpoint, AxeUnavailable
from harness.audits.records import annotate_junit, record
from harness.audits.step_following import follow_steps
from harness.run import failures
from harness.run.behave_internals import runner_of


def audits_of_run(context: Any) -> Iterator[Auditor]:
    """The body of the run's `accessibility_audits` fixture: `context.auditor`
    for the run's `accessibility` setting; with audits on, each step is
    followed by `audit_changed_pages`, and the run ends with a line of counts
    (and the record, with `accessibility_record`)."""
    config = context.run_config
    context.auditor = Auditor(config.accessibility)
    if config.accessibility == "off":
        yield context.auditor
        return
    context.auditor.source  # noqa: B018 - axe missing stops the run here, in one line
    endpoint = AxeScriptEndpoint(context.auditor.source)
    context.auditor.use(endpoint)
    if context.report is not None:
        context.report.accessibility = context.auditor.audits
    unwrap = follow_steps(runner_of(context).step_registry, audit_changed_pages)
    try:
        yield context.auditor
    finally:
        unwrap()
        endpoint.close()
    print("\n".join(context.auditor.closing_lines()), file=sys.stderr)
    if config.accessibility_record is not None:
        try:
            record(context.auditor.audits, config.accessibility_record)
        except OSError as error:
            print(f"behave: error: could not record the audits: {error}", file=sys.stderr)


def audit_changed_pages(context: Any) -> None:
    """After a step: audit each browser whose page it may have changed, if the
    run has not seen that page state. A new problem fails the step (`fail`)
    or is noted under it (`report`)."""
    cast = getattr(context, "cast", None)
    if cast is None:
        return
    where = (context.scenario.feature.name, context.scenario.name)
    for person, driver in cast.browsers():
        if not driver.page_changed:
            continue
        driver.page_changed = False
        try:
            audit = context.auditor.audit_if_new(driver, person, where)
        except AxeUnavailable as error:
            raise failures.PermanentFailure(str(error)) from None  # a failed step, in one line
        if audit is None or not audit.problems:
            continue
        if context.report is not None:
            context.report.attach_accessibility_problem(audit.message())
        if context.auditor.mode == "fail":
            raise audit.failure()


def note_problems_in_junit(context: Any, folder: Path) -> None:
    """In a run that only reports problems, note each in the JUnit testcase
    of the scenario that met it (a failed one says so already)."""
    auditor = getattr(context, "auditor", None)
    if auditor is not None and auditor.mode == "report":
        annotate_junit(folder, auditor.audits.values())
