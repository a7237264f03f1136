"""The top of the report, above the front page's verdict and below the
formatter's counts: the run's facts (server, commit, date, browser, retries)
and, when audits are on, the accessibility section.

Each function adds its HTML to the page the formatter is rendering (dominate's
open element).
"""

from __future__ import annotations

from collections.abc import Iterable

from dominate.tags import a, div, h2, table, tbody, td, th, thead, tr

from harness.audits.accessibility import Audit, axe_version, closing_lines
from harness.results.retries import FAILED_EVERY_ATTEMPT, PASSED_ONLY_AFTER_RETRYING


def retried_fact(retried: list[str], failed_all: list[str]) -> str:
    """The "Retried" fact: how many passed only after retrying, then each list."""
    return f"{len(retried)}" + "".join(
        f"; {what}: {'; '.join(which)}"
        for what, which in (
            (PASSED_ONLY_AFTER_RETRYING, retried),
            (FAILED_EVERY_ATTEMPT, failed_all),
        )
        if which
    )


def run_facts(facts: dict[str, str]) -> None:
    """The run's facts, one row each ("Server: local")."""
    with div(cls="run-facts feature-summary-stats"):
        for key, value in facts.items():
            div(f"{key}: {value}", cls=f"feature-summary-row run-{key.lower()}")


def accessibility_section(audits: Iterable[Audit]) -> None:
    """The audits' counts, each problem and how many page states have it,
    then a row per problem and state: the page state, the rule, its
    impact, the elements, axe's help, and where it was met."""
    audits = list(audits)
    with div(cls="accessibility feature-summary-stats", id="accessibility"):
        h2("Accessibility")
        counts = closing_lines(audits)[0].removeprefix("accessibility: ")
        div(f"axe-core {axe_version()}, WCAG 2.0 and 2.1, A and AA: {counts}", cls="a11y-counts")
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
