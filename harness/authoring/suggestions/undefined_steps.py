"""A run's undefined steps: "did you mean" for each, built the first time
one turns up, and what it said written into the run's JUnit files."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from harness.authoring.suggestions.choosing import Suggester
from harness.authoring.suggestions.wording import Suggestion
from harness.run.junit_notes import update_testcases


class UndefinedSteps:
    """A run's undefined steps and what it suggested for them. The suggester
    is built from the run's step registry the first time a step turns out
    undefined: a run with none never pays for it."""

    def __init__(self, registry: Any) -> None:
        self._registry = registry
        self._suggester: Suggester | None = None
        #: Suggestions by (feature name, scenario name), for JUnit at the end.
        self.offered: dict[tuple[str, str], list[Suggestion]] = {}

    def suggest(self, feature: str, scenario: str, step: Any) -> Suggestion:
        """Suggestions for behave's undefined `step`, remembered for JUnit."""
        if self._suggester is None:
            self._suggester = Suggester.from_catalogue(self._registry)
        suggestion = self._suggester.suggest(step.keyword, step.name, step.step_type)
        self.offered.setdefault((feature, scenario), []).append(suggestion)
        return suggestion


def annotate_junit(folder: Path, undefined: dict[tuple[str, str], list[Suggestion]]) -> None:
    """Tell, in the JUnit files in `folder`, which step of a scenario was
    undefined and what it might have been: behave writes only
    `<error type="NoneType" message="None">` there. `undefined` is keyed by
    (feature name, scenario name)."""

    def tell(where: tuple[str, str], case: ElementTree.Element) -> bool:
        offered = undefined.get(where)
        # (An Element without children is false: compare with None.)
        problem = case.find("error")
        problem = case.find("failure") if problem is None else problem
        if not offered or problem is None:
            return False
        problem.set("type", "undefined")
        problem.set(
            "message",
            "; ".join(
                f"Undefined Step: {s.step}: " + " | ".join(line.strip() for line in s.lines())
                for s in offered
            ),
        )
        return True

    if undefined:
        update_testcases(folder, tell, {feature for feature, _ in undefined})
