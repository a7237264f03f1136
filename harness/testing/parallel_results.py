"""Helpers for the parallel runner's tests that run it for real: a merged
run's JUnit and report pages read back for comparison with a plain run's, and
a sample suite whose words look like the report's own ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from junitparser import JUnitXml

from harness.parallel.merge import html


def junit_of(folder: Path | str) -> dict[str, Any]:
    """Each JUnit file's suite counts and its cases (name, status, result kinds)."""
    files: dict[str, Any] = {}
    for path in sorted(Path(folder).glob("TESTS-*.xml")):
        suite = next(iter(JUnitXml.fromfile(str(path))))
        cases = [
            (case.name, case._elem.get("status"), tuple(type(r).__name__ for r in case.result))
            for case in suite
        ]
        counts = (suite.tests, suite.failures, suite.errors, suite.skipped)
        files[path.name] = (counts, cases, suite.name, [case.classname for case in suite])
    return files


def feature(junit: dict[str, Any], name: str) -> Any:
    """The file of `junit_of` for feature `name`, whatever the file is called."""
    (found,) = [value for value in junit.values() if value[2].endswith(f".{name}")]
    return found


def page_counts(path: Path | str) -> tuple[dict[str, int], dict[str, int]]:
    """The merged page's scenario sections by status, and the global summary's
    scenario counts (the formatter's "Scenarios: 1 passed, 2 failed, ...")."""
    page = html.parse(Path(path).read_text(encoding="utf-8"))
    sections: dict[str, int] = {}
    for section in page.find_all("section", "scenario-filter-container"):
        status = section.classes[1]
        sections[status] = sections.get(status, 0) + 1
    summary = page.find("div", "feature-summary-container")
    assert summary is not None and summary.get("id") == "summary-global"
    rows = [row for row in summary.find_all("div", "feature-summary-row")]
    scenarios = next(row for row in rows if row.text().startswith("Scenarios:"))
    said: dict[str, int] = {}
    for label in scenarios.find_all("label", "global-summary-status"):
        number, status = label.text().strip(" ,.").split(" ")
        said[status] = int(number)
    return sections, said


# A sample suite whose words look like the ids the merge renumbers.
WORDS = {
    "a.feature": """\
        Feature: Words that look like ids
          Scenario: Edith f3 passes
            Given Edith adds "Buy f12 milk"
            And these items:
              | item         |
              | summary-f1   |
              | f1-s2-c      |

          Scenario: Edith f3 fails
            Given it fails
        """,
    "b.feature": """\
        Feature: Another with a table
          Scenario: Tables everywhere
            Given these items:
              | item  |
              | table_0 |

          Scenario: And again
            Given these items:
              | item  |
              | toggle_hash('table_0') |
        """,
}
