"""CI shards: `-D shard=I/N` runs the I-th of N deterministic slices of the suite.

The N slices together are exactly the scenarios the run would have run, with
no overlap, so N CI machines can split the suite between them. A scenario
outline stays whole (its examples share one Background and one slice).

Scenarios are dealt out in a fixed order (feature file, then line) like cards,
so slices differ in size by at most one scenario. Adding a scenario moves
others between slices; any one tree always slices the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harness.run.behave_internals import keep_run_items, start_unstarted_clocks
from harness.run.errors import HarnessError

_SHARD = re.compile(r"\s*(\d{1,4})\s*/\s*(\d{1,4})\s*")


@dataclass(frozen=True)
class Shard:
    """Slice `index` (1-based) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def takes(self, position: int) -> bool:
        """Whether the scenario at `position` (0-based, in suite order) is in this slice."""
        return position % self.count == self.index - 1


def parse_shard(value: str) -> Shard | None:
    """`I/N` as a Shard; empty means the whole suite. HarnessError for anything else."""
    if not value.strip():
        return None
    match = _SHARD.fullmatch(value)
    if match is None or not value.isascii():
        raise HarnessError(f"Config shard={value!r} is not I/N: use e.g. shard=2/4")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise HarnessError(
            f"Config shard={value!r} is out of range: "
            f"I must be from 1 to N, as in 1/{max(count, 1)}"
        )
    return Shard(index, count)


def keep_shard(features: list[Any], shard: Shard, reporters: Iterable[Any] = ()) -> int:
    """Cut behave's parsed `features` (in place) down to `shard`'s scenarios.

    The unit is what a feature runs: a scenario, a scenario outline or a
    rule, each whole. Features left with nothing are dropped. Returns how many
    units the shard keeps.

    `reporters` are the run's (behave's `config.reporters`): when the shard
    leaves no feature at all, their clocks are started here (see below).
    """
    position = 0
    kept_features = []
    kept = 0
    for feature in sorted(features, key=lambda f: str(f.filename)):
        mine = []
        for item in feature.run_items:
            if shard.takes(position):
                mine.append(item)
            position += 1
        keep_run_items(feature, mine)
        if mine:
            kept_features.append(feature)
            kept += len(mine)
    features[:] = kept_features
    if not kept_features:
        # behave's summary reporter starts its clock at the first feature it
        # is told of; told of none, it counts from 0, the epoch, and prints
        # "Took 29935210min 24.853s". An empty shard starts it now instead.
        start_unstarted_clocks(reporters)
    return kept
