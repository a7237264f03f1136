"""What the plan hands the workers: one entry per scenario the run will run.

Its own module, below both the plan and the workers, so neither imports the
other for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Planned:
    """A scenario the run will run."""

    location: str
    key: str
    name: str = ""
