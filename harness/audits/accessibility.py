"""Accessibility audits: axe-core, in the browser, on the pages scenarios visit.

axe-core (npm, pinned in package.json and its lock) checks a page against
WCAG 2.0 and 2.1, levels A and AA. The harness runs it after any step that
may have changed what a browser shows, but audits each distinct *page state*
only once per run: the route (the path, with ids and addresses as "…"), the
heading, the messages on show (alerts and live regions), and which controls
the page offers. So a run that opens forty lists audits the list page once,
and the audits cost about a tenth of a run's time (`make bench` measures it).

What a problem does depends on the run's `accessibility` setting: `fail`
fails the scenario that first met it, `report` only reports it, `off`
audits nothing. The step "Then the page Edith sees has no accessibility
problems" audits the page at once, whatever the setting.

axe is given to a page as a script of its own: fetched by the browser from
a small endpoint of the run's (`AxeScriptEndpoint`, on 127.0.0.1) and kept
in its cache, or, where the page may not load it (a content policy, a browser on
another machine), sent with the audit.

The audits live in modules of one concern each: `auditor` (the page state
and axe's run in the page), `axe_script` (axe-core's files and the endpoint
serving them), `records` (what an audit found, its JSON and JUnit notes),
`step_following` (a check run inside every step) and `during_run` (what a
run's hooks do). This module names what the rest of the harness imports.
"""

from __future__ import annotations

from harness.audits.auditor import WCAG_TAGS, Auditor, run_in_page
from harness.audits.axe_script import (
    AXE_PACKAGE,
    INSTALL_HINT,
    AxeScriptEndpoint,
    AxeUnavailable,
    axe_version,
    read_axe,
)
from harness.audits.records import (
    Audit,
    PageState,
    Problem,
    annotate_junit,
    closing_lines,
    from_json,
    read_record,
    record,
    to_json,
)
from harness.audits.step_following import follow_steps

__all__ = [
    "AXE_PACKAGE",
    "INSTALL_HINT",
    "WCAG_TAGS",
    "Audit",
    "Auditor",
    "AxeScriptEndpoint",
    "AxeUnavailable",
    "PageState",
    "Problem",
    "annotate_junit",
    "axe_version",
    "closing_lines",
    "follow_steps",
    "from_json",
    "read_axe",
    "read_record",
    "record",
    "run_in_page",
    "to_json",
]
