"""What an accessibility audit found, as the report, JUnit and a parallel
run's workers keep it: the page state, its problems, the audit; the run's
closing lines; the audits written to and read from JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness.run.failures import Mismatch
from harness.run.junit_notes import add_output, update_testcases


@dataclass(frozen=True)
class PageState:
    """What makes one page state differ from another, for auditing each once."""

    route: str
    heading: str
    messages: tuple[str, ...]
    controls: tuple[str, ...]

    def describe(self) -> str:
        """The state in a few words: route, heading and any message."""
        shows = f'heading "{self.heading}"' if self.heading else "no heading"
        said = "".join(f', message "{message}"' for message in self.messages)
        return f"{self.route} ({shows}{said})"


@dataclass(frozen=True)
class Problem:
    """One axe rule a page breaks, and where."""

    rule: str
    impact: str
    help: str
    url: str
    elements: tuple[str, ...]

    def describe(self) -> str:
        """`color-contrast (serious) on #id_logout: Elements must … (https://…)`."""
        impact = f" ({self.impact})" if self.impact else ""
        return f"{self.rule}{impact} on {', '.join(self.elements)}: {self.help} ({self.url})"


@dataclass(frozen=True)
class Audit:
    """One page state, audited: whose browser met it first, where, what broke."""

    state: PageState
    person: str
    url: str
    feature: str
    scenario: str
    problems: tuple[Problem, ...] = field(default=())
    #: The browser's engine and version ("WebKit 2.50.6"); empty if unknown.
    engine: str = ""

    @property
    def browser(self) -> str:
        """Whose browser, and which: "Edith's browser (WebKit 2.50.6)"."""
        return f"{self.person}'s browser" + (f" ({self.engine})" if self.engine else "")

    def failure(self) -> Mismatch:
        """The audit as a failed check: what is wrong in axe's own plain
        words, for everyone; the rules, elements and address for developers;
        the elements outlined in the screenshot."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        said = "; ".join(dict.fromkeys(problem.help.rstrip(".") for problem in self.problems))
        failure = Mismatch(
            f"The page {self.person} sees has {count} accessibility {noun}: {said}.",
            focus=", ".join(e for problem in self.problems for e in problem.elements) or None,
            details=(self.message(),),
        )
        failure.person = self.person
        return failure

    def message(self) -> str:
        """The house style: whose browser, at which URL, showing what; then the problems."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shows = f'heading "{self.state.heading}"' if self.state.heading else "no heading"
        found = "; ".join(problem.describe() for problem in self.problems)
        return f"in {self.browser} at {self.url} ({shows}): {count} accessibility {noun}: {found}"


def closing_lines(audits: Iterable[Audit], runs: int | None = None) -> list[str]:
    """The run's last word on accessibility: counts, then each state's problems.
    `runs`, the audits run, is told where it differs from the states."""
    audits = list(audits)
    states = len(audits)
    problems = sum(len(audit.problems) for audit in audits)
    noun = "state" if states == 1 else "states"
    found = "problem" if problems == 1 else "problems"
    extra = f" ({runs} audits)" if runs is not None and runs != states else ""
    return [
        f"accessibility: {states} page {noun} audited{extra}, {problems} {found}",
        *(
            f"  {audit.message()} (first met in {audit.scenario!r})"
            for audit in audits
            if audit.problems
        ),
    ]


def to_json(audits: dict[str, Audit]) -> dict[str, Any]:
    """A run's audits as JSON-ready data (a parallel worker hands its on)."""
    return {key: asdict(audit) for key, audit in audits.items()}


def from_json(data: dict[str, Any]) -> dict[str, Audit]:
    """Audits back from `to_json`'s data."""
    audits = {}
    for key, row in data.items():
        state = row["state"]
        audits[key] = Audit(
            PageState(
                state["route"], state["heading"], tuple(state["messages"]), tuple(state["controls"])
            ),
            row["person"],
            row["url"],
            row["feature"],
            row["scenario"],
            tuple(
                Problem(p["rule"], p["impact"], p["help"], p["url"], tuple(p["elements"]))
                for p in row["problems"]
            ),
            str(row.get("engine", "")),
        )
    return audits


def record(audits: dict[str, Audit], path: Path) -> None:
    """Write `audits` to `path` as JSON (for the parallel runner)."""
    path.write_text(json.dumps(to_json(audits), ensure_ascii=False), encoding="utf-8")


def read_record(path: Path) -> dict[str, Audit]:
    """The audits a run recorded at `path`; none if it wrote nothing readable."""
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def annotate_junit(folder: Path, audits: Iterable[Audit]) -> None:
    """Note each problem in the JUnit testcase of the scenario that met it
    (for a run that only reports them: a failed one says so already)."""
    found: dict[tuple[str, str], list[str]] = {}
    for audit in audits:
        if audit.problems:
            found.setdefault((audit.feature, audit.scenario), []).append(audit.message())

    def note(where: tuple[str, str], case: Any) -> bool:
        for message in found.get(where, []):
            add_output(case, f"accessibility: {message}")
        return where in found

    if found:
        update_testcases(folder, note, {feature for feature, _ in found})
