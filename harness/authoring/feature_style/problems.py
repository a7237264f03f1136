"""What the style check reports: one problem, at one line of a feature file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to put right, at a line of a feature file."""

    path: str
    line: int
    where: str  # 'Scenario "Edith shares"', 'Feature "Sharing"', 'Background', 'file'
    what: str  # what is wrong; what to do
    rule: str = ""  # which check found it: ours by name, behave-lint's by its id

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.what}"
